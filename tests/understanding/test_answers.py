"""Typed answers that understand plain words: yes/no/unsure, time frames, goals, talk type."""

from __future__ import annotations

import json

import pytest

from engine.conversation.machine import Conversation, Outcome
from engine.understanding.answers import UNSURE, read_yes_no

NOW = "2026-11-23T10:00:00+00:00"  # a Monday; the front end hands in the moment, the core reads no clock

DIALOGUE = """
id: main
title: Goals
audience: client
start: ready
nodes:
  ready:
    ask: Would you like to set a goal today?
    type: yesno
  sure:
    ask: Do you know what it will be?
    type: yesno_unsure
  goal:
    ask: What is your goal?
    type: goal
    next:
      - if: goal.missing
        then: fix
      - else: why
  fix:
    say: Let's make it easier to track.
    next:
      - if: not goal.measurable
        then: measure
      - else: deadline
  measure:
    ask: How will you know you have done it?
    next:
      - if: not goal.time_bound
        then: deadline
      - else: show
  deadline:
    ask: By when?
    type: when
  show:
    say: "Your goal: {{ goal.text | improved(measure, deadline.text) }}"
  why:
    ask: Why does this matter to you?
    next:
      - if: why is sustain_talk
        then: mindset
      - else: bye
  mindset:
    say: "It sounds like part of you is unsure ({{ (why | talk).kind }})."
  bye:
    end: Thanks.
"""


@pytest.fixture
def chat(load, messages):
    return lambda: Conversation(load(DIALOGUE), messages, "main")


@pytest.mark.parametrize("said, value", [
    ("yes", True), ("Yeah I guess", True), ("yep!", True), ("I think so", True), ("sure, why not", True),
    ("I do", True), ("I will try", True), ("probably", True), ("Absolutely.", True), ("ok", True),
    ("no", False), ("nope", False), ("Not really", False), ("nah", False), ("I don't think so", False),
    ("probably not", False), ("definitely not", False), ("I'm not", False), ("I can't", False),
    ("no thanks", False), ("never", False), ("I guess not", False), ("Of course not!", False),
    ("I don't know", UNSURE), ("not sure", UNSURE), ("I'm not sure", UNSURE), ("maybe", UNSURE),
    ("no idea", UNSURE), ("dunno", UNSURE), ("yes and no", UNSURE), ("it depends", UNSURE),
    ("hard to say", UNSURE), ("kind of", UNSURE),
    ("purple", None), ("I am scared", None), ("", None), ("the weather", None), ("knot", None),
])
def test_yes_no_unsure_with_hedges_and_negation(said, value):
    assert read_yes_no(said) == value


def test_yesno_asks_again_gently_when_unsure_and_yesno_unsure_accepts_it(chat):
    conversation = chat()
    assert "closer to yes or to no" in conversation.reply("not sure").notice
    assert conversation.reply("yeah I guess").question.text == "Do you know what it will be?"
    turn = conversation.reply("I don't know yet")
    assert turn.question.text == "What is your goal?" and conversation.variables()["sure"] == UNSURE
    assert conversation.answers[-1].display == "not sure"


def test_a_vague_goal_gets_follow_ups_then_the_improved_goal(chat):
    conversation = chat()
    for said in ("yes", "yes"):
        conversation.reply(said, now=NOW)
    goal = conversation.reply("walk more", now=NOW)
    assert goal.messages == ("Let's make it easier to track.",)
    assert goal.question.text == "How will you know you have done it?"
    assert conversation.variables()["goal"]["missing"] == ["measurable", "time_bound"]
    assert conversation.reply("20 minutes 3 times a week", now=NOW).question.text == "By when?"
    assert "I couldn't find a time" in conversation.reply("soon-ish", now=NOW).notice
    turn = conversation.reply("by Friday", now=NOW)
    assert turn.messages[0] == "Your goal: Walk more, 20 minutes 3 times a week, by Friday"
    deadline = conversation.variables()["deadline"]
    assert deadline["due"] == "2026-11-27" and conversation.answers[-1].display == \
        "by Friday (by Friday 27 November 2026)"


def test_a_smart_goal_goes_straight_on_and_keeps_its_dates(chat):
    conversation = chat()
    for said in ("yes", "yes"):
        conversation.reply(said, now=NOW)
    turn = conversation.reply("Apply for 3 jobs by next Friday", now=NOW)
    assert turn.question.text == "Why does this matter to you?"
    goal = conversation.variables()["goal"]
    assert goal["missing"] == [] and goal["when"]["due"] == "2026-12-04"
    json.dumps(conversation.state.to_dict())  # still serialises


def test_time_frames_need_the_day_handed_in_and_replay_to_the_same_dates(chat, load, messages):
    conversation = chat()
    for said in ("yes", "yes", "walk more", "3 times a week"):
        conversation.reply(said, now=NOW)
    conversation.reply("in two weeks", now=NOW)
    assert conversation.variables()["deadline"]["due"] == "2026-12-07"
    replayed = Conversation(load(DIALOGUE), messages, "main", conversation.log)
    assert replayed.variables()["deadline"]["due"] == "2026-12-07"  # stored, not re-read on a later day
    undated = chat()
    for said in ("yes", "yes", "walk more", "3 times a week", "in two weeks"):
        undated.reply(said)  # no `now`: the words are kept, no date is made up
    assert undated.variables()["deadline"]["due"] is None
    assert undated.variables()["deadline"]["text"] == "in two weeks"


@pytest.mark.parametrize("why, lands", [
    ("I want to be there for my kids", "end"),
    ("Honestly I can't do it, nothing works for me", "mindset"),
])
def test_dialogues_branch_on_change_and_sustain_talk(chat, why, lands):
    conversation = chat()
    for said in ("yes", "yes", "Apply for 3 jobs by Friday"):
        conversation.reply(said, now=NOW)
    turn = conversation.reply(why, now=NOW)
    if lands == "mindset":
        assert turn.messages[0].startswith("It sounds like part of you is unsure (sustain.ability")
        assert turn.outcome is Outcome.FINISHED
    else:
        assert turn.messages == ("Thanks.",) and turn.outcome is Outcome.FINISHED


def test_hints_name_what_each_new_type_accepts(messages):
    from engine.conversation.machine import Question
    from engine.frontends.console import question_hints
    common = dict(path="p", text="t", options=(), section=None, title="T", step=1, total=1, minimum=None,
                  maximum=None, optional=False)
    assert "by Friday" in question_hints(Question(type="when", **common), messages)[0]
    assert "not sure" in question_hints(Question(type="yesno_unsure", **common), messages)[0]


@pytest.mark.parametrize("said", ["²", "2²", "١٢", "by ²", "March ²"])
def test_digits_from_other_scripts_are_re_asked_not_crashed_on(chat, said):
    """Python counts "²" as a digit; int() does not. Found by the hypothesis test."""
    conversation = chat()
    conversation.reply("yes", now=NOW)
    conversation.reply("yes", now=NOW)
    conversation.reply(said, now=NOW)  # a goal: any text is accepted, never an error
    assert conversation.reply(said, now=NOW).outcome is Outcome.ASK


def test_choice_numbers_from_other_scripts_are_re_asked(load, messages):
    library = load("id: main\ntitle: T\naudience: client\nstart: q\nnodes:\n  q:\n    ask: Pick\n"
                   "    options: [a, b]\n  e:\n    end:\n")
    turn = Conversation(library, messages, "main").reply("²")
    assert turn.outcome is Outcome.ASK and "Please choose" in turn.notice


# -- natural answers (issue 16) ------------------------------------------------------------------
from engine.dialogue.model import AnswerSpec, Option  # noqa: E402
from engine.ground.source import Span  # noqa: E402
from engine.understanding.answers import Accepted, Asking, Rejected, parse_choice, parse_number, parse_yesno  # noqa: E402

_OPTIONS = tuple(Option(label=None, value=v, span=Span("t", 1, 1)) for v in ("work", "family", "health"))
_LABELS = ("Work or study", "Family and friends", "My health")
_CHOICE = Asking(AnswerSpec(type="choice", options=_OPTIONS), _LABELS)


@pytest.mark.parametrize("text, value", [("work I guess", "work"), ("my family", "family"),
                                          ("health probably", "health"), ("the studying one", "work"),
                                          ("friends", "family")])
def test_a_choice_by_the_words_of_its_label(text, value):
    result = parse_choice(_CHOICE, text)
    assert isinstance(result, Accepted) and result.value == value
    assert result.understood in _LABELS  # said back: "I took that as ..."


def test_words_of_two_labels_ask_which_one():
    result = parse_choice(_CHOICE, "family and work")
    assert isinstance(result, Rejected) and result.message == "reask.choice_ambiguous"
    assert set(result.params["matches"]) == {"Work or study", "Family and friends"}


def test_a_number_answer_keeps_the_rest_as_a_note():
    result = parse_number(Asking(AnswerSpec(type="scale", minimum=0, maximum=10)), "3 maybe. I know what helps")
    assert isinstance(result, Accepted) and result.value == 3 and result.note == "I know what helps"
    out_of_range = parse_number(Asking(AnswerSpec(type="scale", minimum=0, maximum=10)), "about 12 hours")
    assert isinstance(out_of_range, Rejected) and out_of_range.params["read"] == 12  # what was understood


@pytest.mark.parametrize("text, value, told", [("I already see Anne", True, True), ("i go to a group", True, True),
                                                ("yes", True, False), ("I don't", False, False)])
def test_a_yes_can_be_told(text, value, told):
    result = parse_yesno(Asking(AnswerSpec(type="yesno")), text)
    assert isinstance(result, Accepted) and result.value is value
    assert bool(result.understood) is told
