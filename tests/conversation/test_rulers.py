"""Importance and confidence rulers per goal over time (issue 19, item 3): asked when a goal is set
and again when a review reworks it, kept with their day (store schema v7, table `rulers`), carried
along the goals that rework one another, and shown as change in the goals summary and the hand-off."""

from __future__ import annotations

import sqlite3

import pytest
from test_progress import GOAL, checkin
from test_safety_plan import session

from engine.conversation.session import Status
from engine.render.summary import render_summary
from engine.store.facts import _ruler
from engine.store.schema import SCHEMA_VERSION, migrate
from engine.store.sqlite import SqliteStore

REWORK = ["yes", "yes", "", "rework", "Walk for 10 minutes twice a week by the end of December",
          "I still want to keep up", "8", "6", "walk to the shop", "tomorrow", "no", "", "", "in a week",
          "no", "no", "start small", ""]


@pytest.fixture
def store(tmp_path, bundled, messages):
    opened = SqliteStore(tmp_path)
    session(opened, bundled, messages, "goals", GOAL, "2026-11-01")  # importance 9, confidence 8
    yield opened
    opened.close()


def test_the_rulers_are_kept_with_the_goal_and_their_day(store):
    [goal] = store.goals("Robin")
    assert goal["rulers"] == [{"day": "2026-11-01", "importance": 9, "confidence": 8}]
    assert goal["ruler_history"] == goal["rulers"]


def test_a_reworked_goal_carries_the_rulers_before_it_and_its_summary_says_how_they_moved(
        store, bundled, messages):
    _, run = session(store, bundled, messages, "review", checkin("1", *REWORK), "2026-11-08")
    old, new = store.goals("Robin")
    assert new["replaces"] == old["id"]
    assert new["rulers"] == [{"day": "2026-11-08", "importance": 8, "confidence": 6}]
    assert new["ruler_history"] == [{"day": "2026-11-01", "importance": 9, "confidence": 8},
                                    {"day": "2026-11-08", "importance": 8, "confidence": 6}]
    markdown = render_summary(run.conversation, "markdown", status=Status.FINISHED)
    assert "**How important it is now:** 8 out of 10 (down from 9 on Sunday 1 November)" in markdown
    assert "**How confident I am now:** 6 out of 10 (down from 8 on Sunday 1 November)" in markdown
    html = render_summary(run.conversation, "html", status=Status.FINISHED)
    assert "6 out of 10 (down from 8 on Sunday 1 November)" in html


def test_a_review_that_keeps_the_goal_says_nothing_of_rulers(store, bundled, messages):
    _, run = session(store, bundled, messages, "review", checkin("6", "walk on Monday", ""), "2026-11-08")
    markdown = render_summary(run.conversation, "markdown", status=Status.FINISHED)
    assert "How important it is now" not in markdown and "How confident I am now" not in markdown
    [goal] = store.goals("Robin")
    assert goal["rulers"] == [{"day": "2026-11-01", "importance": 9, "confidence": 8}]  # a review asks none


def test_rulers_going_up_and_staying_the_same_are_said_so(bundled, messages, tmp_path):
    store = SqliteStore(tmp_path)
    low = list(GOAL)
    low[4], low[5] = "5", "7"  # importance 5, confidence 7
    session(store, bundled, messages, "goals", low, "2026-11-01")
    rework = list(REWORK)
    rework[6], rework[7] = "9", "7"
    _, run = session(store, bundled, messages, "review", checkin("1", *rework), "2026-11-08")
    markdown = render_summary(run.conversation, "markdown", status=Status.FINISHED)
    assert "(up from 5 on Sunday 1 November)" in markdown and "(the same as on Sunday 1 November)" in markdown
    store.close()


def test_the_hand_off_shows_the_rulers_over_time(store, bundled, messages):
    session(store, bundled, messages, "review", checkin("1", *REWORK), "2026-11-08")
    [goal] = [g for g in store.handoff("Robin", "2026-12-02")["goals"] if g["status"] == "open"]
    assert [(r["importance"], r["confidence"]) for r in goal["rulers"]] == [(9, 8), (8, 6)]


@pytest.mark.parametrize("value, kept", [(7, 7.0), (0, 0.0), (10, 10.0), (7.5, 7.5), (11, None), (-1, None),
                                         (True, None), ("7", None), (None, None)])
def test_only_a_number_on_the_scale_is_kept_as_a_ruler(value, kept):
    assert _ruler(value) == kept


def test_a_store_from_before_the_rulers_is_brought_up_to_date_keeping_its_goals(tmp_path, bundled, messages):
    old = SqliteStore(tmp_path)
    session(old, bundled, messages, "goals", GOAL, "2026-11-01")
    old.db.execute("DELETE FROM rulers")
    old.db.execute("DROP TABLE rulers")
    old.db.execute("DROP TABLE sign_in_tries")  # and what came after them (8)
    old.db.execute("PRAGMA user_version = 6")  # the version before the rulers (7)
    old.db.commit()
    old.close()
    db = sqlite3.connect(tmp_path / "peercoach.db")
    migrate(db)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()
    reopened = SqliteStore(tmp_path)
    [goal] = reopened.goals("Robin")
    assert goal["rulers"] == [] and goal["text"].startswith("Walk for 20 minutes")
    reopened.close()
