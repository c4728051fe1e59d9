"""A plan as a calendar file (issue 19, item 5): each dated step of an open goal and each next
check-in as an all-day event, valid RFC 5545 (escaped text, CRLF, folded lines, stable UIDs), and
`peercoach sessions calendar NAME` writes it, owner-only with --out."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "conversation"))
from test_progress import GOAL  # noqa: E402
from test_safety_plan import session  # noqa: E402

from engine.cli import main  # noqa: E402
from engine.render.calendar import escape, fold, ics, plan_events  # noqa: E402
from engine.store.sqlite import SqliteStore  # noqa: E402

GOALS = [
    {"id": "s1/1", "text": "Walk for 20 minutes, three times a week; by January", "status": "open",
     "review": "2026-11-08", "steps": [{"text": "buy walking shoes", "due": "2026-11-07"},
                                       {"text": "ask Jo", "due": None}, {"text": "rest", "due": "not a day"}]},
    {"id": "s0/1", "text": "an old goal", "status": "replaced", "review": "2026-10-01",
     "steps": [{"text": "x", "due": "2026-10-02"}]},
    {"id": "s2/1", "text": "pay the bill", "status": "open", "review": "2026-02-30", "steps": []},  # no such day
]


def unfolded(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_each_dated_step_and_check_in_of_an_open_goal_is_an_event(messages):
    events = plan_events("Robin", GOALS, messages)
    assert [(e.uid, str(e.day)) for e in events] == [("step-s1-1-1@peercoach", "2026-11-07"),
                                                    ("checkin-s1-1@peercoach", "2026-11-08")]
    assert events[0].summary == "Step: buy walking shoes"
    assert events[1].summary == "Check in on your goal: Walk for 20 minutes, three times a week; by January"


def test_the_file_is_valid_icalendar(messages):
    text = ics(plan_events("Robin", GOALS, messages), "20261202T090000Z")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every line ends in CRLF
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    lines = unfolded(text)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 2
    assert "DTSTART;VALUE=DATE:20261107" in lines and "DTEND;VALUE=DATE:20261108" in lines
    assert "SUMMARY:Check in on your goal: Walk for 20 minutes\\, three times a week\\; by January" in lines


def test_the_same_plan_gives_the_same_events(messages):
    one = ics(plan_events("Robin", GOALS, messages), "20261202T090000Z")
    two = ics(plan_events("Robin", GOALS, messages), "20261202T090000Z")
    assert one == two


@pytest.mark.parametrize("text, written", [
    ("a;b,c\\d", "a\\;b\\,c\\\\d"), ("line\nbreak\r\nand\rmore", "line\\nbreak\\nand\\nmore"),
    ("bell\x07 and nul\x00", "bell  and nul "), ("END:VCALENDAR\nBEGIN:VEVENT", "END:VCALENDAR\\nBEGIN:VEVENT"),
])
def test_text_cannot_break_out_of_its_line(text, written):
    assert escape(text) == written


def test_folding_never_splits_a_character():
    line = "SUMMARY:" + "é" * 100
    folded = fold(line)
    assert folded.replace("\r\n ", "") == line
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))


def test_a_very_long_step_is_cut(messages):
    goals = [{"id": "g", "text": "x" * 5000, "status": "open", "review": "2026-11-08", "steps": []}]
    [event] = plan_events("Robin", goals, messages)
    assert len(event.summary) < 600 and event.summary.endswith("...")


def test_the_command_writes_the_plan_owner_only(tmp_path, bundled, messages, monkeypatch, capsys):
    monkeypatch.setenv("PEERCOACH_STORE", str(tmp_path))
    store = SqliteStore(tmp_path)
    session(store, bundled, messages, "goals", GOAL, "2026-11-01")
    store.close()
    assert main(["sessions", "calendar", "Robin"]) == 0
    lines = unfolded(capsys.readouterr().out)
    assert "SUMMARY:Step: buy walking shoes" in lines and "DTSTART;VALUE=DATE:20261107" in lines
    assert "DTSTART;VALUE=DATE:20261108" in lines  # the check-in "in a week"
    target = tmp_path / "plan.ics"
    assert main(["sessions", "calendar", "Robin", "--out", str(target)]) == 0
    assert "Wrote 2 dates of Robin's plan" in capsys.readouterr().err
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_nobody_by_that_name_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PEERCOACH_STORE", str(tmp_path))
    code = main(["sessions", "calendar", "Nobody"])
    err = capsys.readouterr().err
    assert code != 0 and "there is nobody called `Nobody`" in err and "Traceback" not in err
