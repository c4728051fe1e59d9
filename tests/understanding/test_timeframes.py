"""Time frames read against a day the caller hands in (the core never reads the clock)."""

from __future__ import annotations

from datetime import date

import pytest

from engine.understanding.timeframes import Every, describe, read

MONDAY = date(2026, 11, 23)
FRIDAY = date(2026, 11, 27)


@pytest.mark.parametrize("said, due, start", [
    ("by Friday", "2026-11-27", None),
    ("Friday", "2026-11-27", None),
    ("next Friday", "2026-12-04", None),
    ("on Saturday", "2026-11-28", None),
    ("tomorrow", "2026-11-24", None),
    ("today", "2026-11-23", None),
    ("the day after tomorrow", "2026-11-25", None),
    ("in two weeks", "2026-12-07", None),
    ("in 3 days", "2026-11-26", None),
    ("within a week", "2026-11-30", None),
    ("in a month", "2026-12-23", None),
    ("this week", "2026-11-29", None),
    ("this weekend", "2026-11-29", "2026-11-28"),
    ("next week", "2026-12-06", "2026-11-30"),
    ("next month", "2026-12-31", "2026-12-01"),
    ("by the end of the month", "2026-11-30", None),
    ("by the end of next month", "2026-12-31", None),
    ("before the end of the month", "2026-11-29", None),
    ("by the end of the year", "2026-12-31", None),
    ("for the next 3 months", "2027-02-22", "2026-11-23"),
    ("for two weeks", "2026-12-06", "2026-11-23"),
    ("starting Monday", None, "2026-11-30"),
    ("from March 3", None, "2027-03-03"),
    ("March 3rd", "2027-03-03", None),
    ("3 March", "2027-03-03", None),
    ("the 3rd of May", "2027-05-03", None),
    ("by May", "2027-05-31", None),
    ("before September", "2027-08-31", None),
    ("in December", "2026-12-31", "2026-12-01"),
    ("2026-12-01", "2026-12-01", None),
    ("by Christmas", "2026-12-25", None),
    ("I'll do it by Thursday", "2026-11-26", None),
])
def test_dates_relative_to_the_day_handed_in(said, due, start):
    frame = read(said, MONDAY)
    assert frame is not None
    assert (frame.to_dict()["due"], frame.to_dict()["start"]) == (due, start)


def test_a_weekday_means_the_next_one_after_today():
    assert read("by Friday", FRIDAY).due == date(2026, 12, 4)
    assert read("by Saturday", FRIDAY).due == date(2026, 11, 28)


def test_dates_cross_month_and_year_ends_and_leap_days():
    assert read("in two weeks", date(2026, 12, 25)).due == date(2027, 1, 8)
    assert read("in a month", date(2027, 1, 31)).due == date(2027, 2, 28)
    assert read("in a month", date(2028, 1, 31)).due == date(2028, 2, 29)
    assert read("next month", date(2026, 12, 5)).to_dict()["start"] == "2027-01-01"
    assert read("February 29", date(2027, 3, 1)).due == date(2028, 2, 29)


@pytest.mark.parametrize("said, every", [
    ("every morning", Every(1, "day")),
    ("every day", Every(1, "day")),
    ("daily", Every(1, "day")),
    ("each night", Every(1, "day")),
    ("3 times a week", Every(3, "week")),
    ("three times a week", Every(3, "week")),
    ("twice a week", Every(2, "week")),
    ("once a month", Every(1, "month")),
    ("4 nights a week", Every(4, "week")),
    ("every weekday", Every(5, "week")),
    ("every Monday", Every(1, "monday")),
    ("on Sundays", Every(1, "sunday")),
    ("every other day", Every(0.5, "day")),
])
def test_how_often(said, every):
    frame = read(said, MONDAY)
    assert frame.every == every and not frame.bounded


def test_several_parts_combine_in_reading_order():
    frame = read("once a week starting next Tuesday", MONDAY)
    assert frame.every == Every(1, "week") and frame.start == date(2026, 12, 1)
    assert frame.kinds == ("every", "start")
    frame = read("every night this week", MONDAY)
    assert frame.every == Every(1, "day") and frame.due == date(2026, 11, 29)
    assert frame.text == "every night this week"


@pytest.mark.parametrize("said", [
    "", "soon", "I don't know", "when I'm ready", "someday", "I may do it", "a day ago", "walk for 20 minutes",
    "at some point", "2026-13-45", "February 30",
])
def test_no_time_frame(said):
    assert read(said, MONDAY) is None


def test_described_in_words_for_summaries():
    assert describe(read("by Friday", MONDAY).to_dict()) == "by Friday 27 November 2026"
    assert describe(read("3 times a week for two weeks", MONDAY).to_dict()) == \
        "from Monday 23 November 2026, until Sunday 6 December 2026, 3 times a week"
    assert describe(read("every other Monday", MONDAY).to_dict()) == "every other Monday"
    assert describe(None) == ""
