"""The safety net inside a conversation: it interrupts, responds, records, and loses nothing."""

from __future__ import annotations

import json

import pytest

from engine.conversation.machine import Conversation, Interlude, Outcome, State
from engine.conversation.session import EntryKind, Status
from engine.render.summary import render_summary
from engine.safety.resources import load_resources

DIALOGUE = """
id: main
title: Check-in
audience: {audience}
{safety}
start: hello
nodes:
  hello:
    say: Hello!
  week:
    ask: How was your week?
  mood:
    ask: Your mood from 0 to 10?
    type: scale
    min: 0
    max: 10
  cheer:
    say: Great, thanks for sharing!
  plan:
    ask: What will you do next week?
  bye:
    end: Bye
"""

ACUTE = "I want to kill myself"
POSSIBLE = "honestly everything feels hopeless"


@pytest.fixture
def chat(load, messages):
    def _chat(audience="client", safety="", region="ca-us"):
        library = load(DIALOGUE.format(audience=audience, safety=safety))
        return Conversation(library, messages, "main", resources=load_resources(region))
    return _chat


def test_acute_answer_stops_the_dialogue_and_shows_resources_first(chat):
    conversation = chat()
    turn = conversation.reply(ACUTE)
    assert conversation.state.interlude is Interlude.ACUTE
    [message] = turn.messages
    assert message.startswith("Thank you for telling me.")
    assert "Call or text 988" in message and "call 911" in message
    assert message.index("call 911") < message.index("988")  # emergency services come first
    assert turn.question.options == ("Carry on with this conversation", "Stop here for now (your answers are saved)")
    assert conversation.variables()["week"] == ACUTE  # the words are kept as the answer


def test_region_changes_the_resources(chat):
    message = chat(region="uk-ie").reply(ACUTE).messages[0]
    assert "116 123" in message and "call 999 or 112" in message and "988" not in message


def test_carry_on_starts_gently_with_a_check_in_of_the_engines_own(chat):
    conversation = chat()
    conversation.reply(ACUTE)
    turn = conversation.reply("1")
    assert conversation.state.interlude is Interlude.SETTLE
    assert turn.question.text.startswith("How are you feeling right now?") and turn.question.optional
    assert "let's take a moment" in turn.messages[0]
    turn = conversation.reply("a bit shaky")
    assert turn.messages[0].startswith("Thank you. We'll go gently")
    assert turn.question.text == "Your mood from 0 to 10?"
    assert "Great, thanks for sharing!" not in turn.messages  # no canned praise after a crisis answer
    for text in ("5", "rest"):
        turn = conversation.reply(text)
    assert turn.outcome is Outcome.FINISHED
    [event] = conversation.safety_events()
    assert event["feeling"] == "a bit shaky" and event["responses"] == ["Carry on with this conversation"]


@pytest.mark.parametrize("how", ["", "/skip"])
def test_the_check_in_may_be_left_unanswered(chat, how):
    conversation = chat()
    conversation.reply(ACUTE)
    conversation.reply("1")
    turn = conversation.reply(how)
    assert conversation.state.interlude is None and turn.question.text == "Your mood from 0 to 10?"


def test_danger_in_the_check_in_answer_brings_the_resources_back(chat):
    conversation = chat()
    conversation.reply(ACUTE)
    conversation.reply("1")
    turn = conversation.reply("honestly I still want to die")
    assert conversation.state.interlude is Interlude.ACUTE and "988" in turn.messages[0]
    assert len(conversation.safety_events()) == 2


def test_resume_during_the_check_in_asks_it_again(chat, messages):
    conversation = chat()
    conversation.reply(ACUTE)
    conversation.reply("1")
    again = Conversation(conversation.library, messages, "main", conversation.log,
                         resources=conversation.resources)
    assert again.state.interlude is Interlude.SETTLE
    assert again.current_turn().question.text.startswith("How are you feeling right now?")


def test_someone_else_in_danger_gets_help_to_support_them_without_a_pause(chat):
    conversation = chat()
    turn = conversation.reply("my friend says she wants to kill herself")
    assert conversation.state.interlude is None
    assert turn.messages[0].startswith("It sounds like you are worried about someone else.")
    assert "also for people worried about someone" in turn.messages[0] and "call 911" in turn.messages[0]
    assert turn.question.text == "Your mood from 0 to 10?"  # the conversation goes on
    [event] = conversation.safety_events()
    assert (event["level"], event["about"]) == ("none", "other")


def test_someone_else_in_danger_at_a_number_question_is_kept_and_answered(chat):
    conversation = chat()
    conversation.reply("fine")
    turn = conversation.reply("my brother keeps saying he wants to die")
    assert conversation.log[-1].kind is EntryKind.NOTE
    assert turn.messages[0].startswith("It sounds like you are worried about someone else.")
    assert turn.question.text == "Your mood from 0 to 10?"  # asked again, the words kept


def test_cheerful_messages_are_not_said_after_a_crisis_answer(chat):
    conversation = chat()
    conversation.reply("ok")
    turn = conversation.reply("I took all my pills an hour ago")  # a number question: not an answer
    assert "Great, thanks for sharing!" not in turn.messages
    conversation.reply("carry on")
    turn = conversation.reply("")
    assert turn.question.text == "Your mood from 0 to 10?"  # still to be answered


def test_crisis_words_at_a_typed_question_are_kept_and_answered(chat):
    conversation = chat()
    conversation.reply("fine")
    turn = conversation.reply("I want to hurt myself")  # not a number, but never ignored
    assert conversation.state.interlude is Interlude.ACUTE
    note = conversation.log[-1]
    assert note.kind is EntryKind.NOTE and note.text == "I want to hurt myself"
    assert turn.messages[0].startswith("Thank you for telling me.")


def test_stop_pauses_and_resume_carries_on(chat, messages):
    conversation = chat()
    conversation.reply(ACUTE)
    turn = conversation.reply("2")
    assert turn.outcome is Outcome.PAUSE and "Your answers are saved" in turn.messages[0]
    again = Conversation(conversation.library, messages, "main", conversation.log,
                         resources=conversation.resources)
    assert again.state.interlude is None
    assert again.current_turn().question.text == "Your mood from 0 to 10?"


def test_killed_during_the_safety_response_shows_it_again_on_resume(chat, messages):
    conversation = chat()
    conversation.reply(ACUTE)
    again = Conversation(conversation.library, messages, "main", conversation.log,
                         resources=conversation.resources)
    turn = again.current_turn()
    assert again.state.interlude is Interlude.ACUTE and "988" in turn.messages[0]


@pytest.mark.parametrize("answer, goes_to", [("no", "mood"), ("yes", "acute"), ("not sure", "acute"),
                                             ("i dunno", "acute")])
def test_possible_asks_a_gentle_check(chat, answer, goes_to):
    conversation = chat()
    turn = conversation.reply(POSSIBLE)
    assert conversation.state.interlude is Interlude.CHECK
    assert turn.question.text.startswith("I want to check in with you")
    assert "yes, no or not sure" in turn.notice
    turn = conversation.reply(answer)
    response = conversation.safety_events()[0]["responses"][0]
    assert response == {"no": "no", "yes": "yes"}.get(answer, "not sure")
    if goes_to == "acute":
        assert conversation.state.interlude is Interlude.ACUTE and "988" in turn.messages[0]
    else:
        assert conversation.state.interlude is None
        assert turn.messages[0].startswith("Thank you for letting me know.")
        assert turn.question.text == "Your mood from 0 to 10?"


def test_unclear_safety_answers_are_asked_again(chat):
    conversation = chat()
    conversation.reply(POSSIBLE)
    assert conversation.reply("purple").notice == "Please answer yes, no, or not sure."
    conversation.reply("yes")
    assert "Please choose" in conversation.reply("whatever").notice
    assert conversation.state.interlude is Interlude.ACUTE


def test_safety_questions_cannot_be_skipped_but_help_and_pause_work(chat):
    conversation = chat()
    conversation.reply(ACUTE)
    assert "needs an answer" in conversation.reply("/skip").notice
    assert "mentioned something that can be dangerous" in conversation.reply("/help").notice
    assert conversation.reply("/pause").outcome is Outcome.PAUSE


def test_the_event_is_recorded_and_survives_back(chat):
    conversation = chat()
    conversation.reply(ACUTE)
    conversation.reply("1")
    conversation.reply("")
    conversation.reply("/back")
    assert conversation.state.interlude is None
    assert conversation.current_turn().question.text == "How was your week?"
    [event] = conversation.safety_events()
    assert event["level"] == "acute" and event["rule"] == "suicide.thoughts" and event["words"] == ACUTE
    assert event["node"] == "main:week" and event["responses"] == ["Carry on with this conversation"]


def test_summary_speaks_plainly_first_with_who_to_call(chat):
    conversation = chat()
    conversation.reply("fine", now="2026-12-01T22:40:00+00:00")
    conversation.reply("I want to end my life", now="2026-12-01T22:41:00+00:00")
    conversation.reply("1")
    conversation.reply("tired")
    markdown = render_summary(conversation, "markdown", status=Status.FINISHED)
    assert markdown.startswith("> **To read first.**")
    assert "You told us you were thinking of ending your life (1 December 2026 at 22:41)" in markdown
    assert "Afterwards you said you were feeling: \"tired\"" in markdown
    assert markdown.index("Emergency services: 911") < markdown.index("988")
    assert "suicide.thoughts" not in markdown and "acute" not in markdown  # no rule ids for the person
    html = render_summary(conversation, "html", status=Status.FINISHED)
    assert html.index('class="safety"') < html.index("Your answers")
    assert "You told us you were thinking of ending your life" in html and "suicide.thoughts" not in html


def test_summary_says_how_to_help_someone_else(chat):
    conversation = chat()
    conversation.reply("my sister's boyfriend hits her")
    markdown = render_summary(conversation, "markdown", status=Status.ACTIVE)
    assert "**Someone else.** You told us someone else might be in danger" in markdown
    assert "National Domestic Violence Hotline, also for friends and family (US)" in markdown


def test_state_with_an_open_safety_question_round_trips(chat, messages):
    conversation = chat()
    conversation.reply(POSSIBLE)
    data = json.loads(json.dumps(conversation.state.to_dict()))
    assert State.from_dict(data).interlude is Interlude.CHECK
    again = Conversation(conversation.library, messages, "main", conversation.log)
    assert again.state.to_dict() == conversation.state.to_dict()


def test_safe_answers_pass_straight_through(chat):
    conversation = chat()
    turn = conversation.reply("work has been killing me this week, so many late shifts")
    assert conversation.state.interlude is None and turn.question.text == "Your mood from 0 to 10?"


def test_trainee_dialogue_may_turn_the_check_off(chat):
    conversation = chat(audience="trainee", safety="safety: false")
    conversation.reply(ACUTE)  # a trainee rehearsing a hard conversation
    assert conversation.state.interlude is None


def test_client_dialogue_cannot_turn_the_check_off(problems):
    [problem] = problems(DIALOGUE.format(audience="client", safety="safety: false"))
    assert problem.message == "a client dialogue cannot turn the safety check off"
    assert (problem.span.line, problem.span.column) == (4, 9)
