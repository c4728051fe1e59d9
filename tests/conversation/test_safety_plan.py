"""A personal safety plan (issue 19, item 1): made in its own client dialogue, kept per person,
shown first in every later crisis response, offered after a crisis response while there is none,
editable later (Enter keeps a step), and printable on one page."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from test_progress import Script  # a console that answers from a list and remembers what it showed

from engine.cli.setup import session_context
from engine.conversation.machine import Conversation
from engine.conversation.session import SessionRecord, Status
from engine.frontends.loop import Run
from engine.render.summary import render_summary
from engine.safety.resources import load_resources
from engine.store.sqlite import SqliteStore


def session(store, library, messages, dialogue, answers, day, person="Robin"):
    """One conversation through the real run loop on a chosen day, with the region's crisis lines."""
    when = datetime.fromisoformat(f"{day}T10:00:00").replace(tzinfo=UTC)
    record = SessionRecord(id=f"{dialogue}-{day}", dialogue=dialogue, person=person,
                           created=when.isoformat(timespec="seconds"),
                           context=session_context(store, person, when, "ca-us"))
    conversation = Conversation(library, messages, dialogue, resources=load_resources("ca-us"), given=record.context)
    console = Script(answers)
    run = Run(conversation, record, store, console, messages, clock=lambda: when)
    assert run.hold() == 0
    return console, run

PLAN = ["I stop answering my phone, I can't sleep", "a hot shower, music", "the library",
        "my sister Jo 07700 900123, my sponsor Ray", "my GP", "ask Jo to keep my tablets", "my kids"]


@pytest.fixture
def store(tmp_path):
    opened = SqliteStore(tmp_path)
    yield opened
    opened.close()


def test_a_plan_is_made_kept_and_printed_on_one_page(store, bundled, messages):
    console, run = session(store, bundled, messages, "safety-plan", PLAN, "2026-11-01")
    assert run.record.status is Status.FINISHED
    plan = store.context_for("Robin")["person"]["safety_plan"]
    assert plan["people"] == ["my sister Jo 07700 900123", "my sponsor Ray"] and plan["reasons"] == ["my kids"]
    page = render_summary(run.conversation, "html", status=Status.FINISHED)
    assert "My reasons for living" in page and "my sister Jo 07700 900123" in page
    assert "In an emergency: <strong>911</strong>" in page and "988" in page  # the region's crisis lines, in step 5
    markdown = render_summary(run.conversation, "markdown", status=Status.FINISHED)
    assert "## 4. People I can ask for help" in markdown and "- my sponsor Ray" in markdown


def test_a_later_crisis_response_shows_the_plan_first(store, bundled, messages):
    session(store, bundled, messages, "safety-plan", PLAN, "2026-11-01")
    console, _ = session(store, bundled, messages, "strengths", ["I just want to die"], "2026-11-08")
    crisis = next(said for said in console.shown if "Your safety plan says" in said)
    assert crisis.index("Your safety plan says") < crisis.index("call 911")
    assert '"my sister Jo 07700 900123" and "my sponsor Ray"' in crisis and '"my kids"' in crisis
    check, _ = session(store, bundled, messages, "strengths", ["some days I wish I could disappear"], "2026-11-09")
    assert any("Your safety plan says you can" in said for said in check.shown)  # the gentle check too


def test_without_a_plan_one_is_offered_after_a_crisis_response(store, bundled, messages):
    console, _ = session(store, bundled, messages, "strengths", ["I just want to die", "2"], "2026-11-08")
    assert any('Choose "My safety plan" from the Welcome or the menu' in said for said in console.shown)
    assert not any("Your safety plan says" in said for said in console.shown)
    session(store, bundled, messages, "safety-plan", PLAN, "2026-11-09")
    again, _ = session(store, bundled, messages, "strengths", ["I just want to die", "2"], "2026-11-10")
    assert not any("My safety plan\" from the Welcome" in said for said in again.shown)  # not offered once made


def test_the_plan_can_be_edited_and_enter_keeps_a_step(store, bundled, messages):
    session(store, bundled, messages, "safety-plan", PLAN, "2026-11-01")
    edits = ["", "", "", "my sister Jo 07700 900123, my neighbour Ann", "", "", ""]
    console, _ = session(store, bundled, messages, "safety-plan", edits, "2026-11-20")
    assert any('Your plan says: "a hot shower" and "music"' in asked for asked in console.asked)
    plan = store.context_for("Robin")["person"]["safety_plan"]
    assert plan["on_my_own"] == ["a hot shower", "music"]  # kept as it was
    assert plan["people"] == ["my sister Jo 07700 900123", "my neighbour Ann"]  # changed


def test_the_welcome_offers_it(bundled):
    choose = bundled["welcome"].nodes["choose"]
    assert "safety_plan" in [option.value for option in choose.answer.options]


# -- the safety net around what people type (found by the dialogue tests) ----------------------
def test_words_of_danger_in_a_list_are_answered_never_kept_as_a_support(store, bundled, messages):
    console, run = session(store, bundled, messages, "resource-map",
                           ["my sister, I want to kill myself", "1", "", "", "", ""], "2026-11-08")
    assert any("call 911" in said for said in console.shown)
    assert run.conversation.variables()["people"] == ["my sister"]
    assert store.context_for("Robin")["person"]["supports"] == ["my sister"]


def test_words_of_danger_at_the_gentle_check_count_as_a_yes(bundled, messages):
    conversation = Conversation(bundled, messages, "strengths", resources=load_resources("ca-us"))
    turn = conversation.reply("some days I wish I could disappear")
    assert "Are you thinking about hurting yourself" in turn.question.text
    turn = conversation.reply("I want to die")  # not a yes or a no, but words of danger
    assert any("call 911" in said for said in turn.messages)
    events = conversation.safety_events()
    assert [event["level"] for event in events] == ["possible", "acute"]
