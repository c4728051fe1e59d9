"""Outcomes that show change (issue 19, item 3): five ratings kept with their dates, offered from
the Welcome and at every fourth check-in, and shown against the first ones in words and a chart."""

from __future__ import annotations

from test_progress import GOAL, checkin
from test_safety_plan import session

from engine.conversation.session import Status
from engine.render.summary import render_summary
from engine.store.sqlite import SqliteStore


def test_ratings_are_kept_with_their_days_and_the_next_ones_are_compared(tmp_path, bundled, messages):
    store = SqliteStore(tmp_path)
    session(store, bundled, messages, "outcomes", ["4", "3", "5", "6", "4"], "2026-10-04")
    assert store.context_for("Robin")["person"]["outcomes"] == [
        {"day": "2026-10-04", "in_charge": 4, "confidence": 3, "hope": 5, "where_to_turn": 6, "supported": 4}]
    console, run = session(store, bundled, messages, "outcomes", ["6", "6", "5", "8", "4"], "2026-11-29")
    assert any("Your confidence has gone from 3 to 6 since Sunday 4 October." in said for said in console.shown)
    html = render_summary(run.conversation, "html", status=Status.FINISHED)
    assert html.count("<svg") == 5 and "From 3 to 6 since Sunday 4 October." in html
    assert len(store.context_for("Robin")["person"]["outcomes"]) == 2


def test_the_fourth_check_in_asks_them(tmp_path, bundled, messages):
    store = SqliteStore(tmp_path)
    session(store, bundled, messages, "goals", GOAL, "2026-11-01")
    for number, day in enumerate(("2026-11-08", "2026-11-15", "2026-11-22")):
        console, _ = session(store, bundled, messages, "review", checkin(str(5 + number), "walk on Monday", ""), day)
        assert not any("in charge of your own recovery" in asked for asked in console.asked)
    fourth, _ = session(store, bundled, messages, "review",
                        checkin("7", "9", "7", "walk on Monday", "") + ["6", "6", "7", "7", "6"], "2026-11-29")
    assert any("in charge of your own recovery" in asked for asked in fourth.asked)
    # the goal's own 4th check-in asks its rulers again, against those given when it was set (9 and 8)
    assert any("Your confidence was 8 on Sunday 1 November and is 7 now." in said for said in fourth.shown)
    assert store.context_for("Robin")["person"]["outcomes"][0]["day"] == "2026-11-29"


def test_the_welcome_offers_them(bundled):
    values = [option.value for option in bundled["welcome"].nodes["choose"].answer.options]
    assert "outcomes" in values and values[-1] == "unsure"  # "I'm not sure yet" stays last
