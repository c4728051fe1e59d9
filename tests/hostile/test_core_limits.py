"""The core under hostile answers and broken dialogues (issue 13, items 4 and 12)."""

from __future__ import annotations

import functools

import pytest

from engine.conversation.machine import MAX_ANSWER, Conversation
from engine.conversation.session import Entry, EntryKind
from engine.dialogue.model import AnswerSpec
from engine.safety import check
from engine.understanding import goals, reflect, talk, textnorm, timeframes
from engine.understanding.answers import PARSERS, Asking

BROKEN = """
id: main
title: Broken
audience: client
start: q1
nodes:
  q1:
    ask: How many?
    type: number
    save: n
    next:
      - if: 10 / n > 1
        then: q2
      - else: q2
  q2:
    ask: And then?
  done:
    end: Bye.
"""

MEDDLING = """
id: main
title: Meddling
audience: client
start: q
nodes:
  q:
    ask: "Hello {{ person.update({'name': 'Mallory'}) }}?"
  done:
    end: Bye.
"""


def test_a_dialogue_that_breaks_on_an_answer_keeps_it_and_lets_the_person_go_on(load, messages):
    conversation = Conversation(load(BROKEN), messages, "main")
    turn = conversation.reply("0")
    assert "not in your answer" in turn.notice and "ZeroDivisionError" in turn.notice
    assert [e.text for e in conversation.log if e.text] == ["0"]  # kept, and undone
    assert turn.question.text == "How many?"
    assert conversation.reply("5").question.text == "And then?"


def test_a_session_saved_before_the_dialogue_broke_resumes(load, messages):
    """Saved by an older peercoach: the failing answer is in force. Resuming stops just before it."""
    log = [Entry(node="main:q1", value=0, text="0", display="0", type="number")]
    conversation = Conversation(load(BROKEN), messages, "main", log)
    assert conversation.problem is not None and "ZeroDivisionError" in str(conversation.problem)
    assert conversation.current_turn().question.text == "How many?"
    assert [e.text for e in conversation.reasked] == ["0"]


def test_templates_read_what_they_are_given_but_cannot_change_it(load, messages):
    person = {"name": "Sam", "goals": []}
    conversation = Conversation(load(MEDDLING), messages, "main", given={"person": person})
    with pytest.raises(Exception, match="unsafe|not allowed|SecurityError"):
        conversation.current_turn()
    assert person == {"name": "Sam", "goals": []} and conversation.given["person"]["name"] == "Sam"


def test_a_very_long_answer_is_cut_and_said_so(load, messages):
    conversation = Conversation(load(MEDDLING.replace("{{ person.update({'name': 'Mallory'}) }}", "there")),
                                messages, "main")
    turn = conversation.reply("x" * (MAX_ANSWER + 500))
    assert f"{MAX_ANSWER:,} characters" in turn.notice
    assert len(conversation.log[-1].text) == MAX_ANSWER


def _parse_as(kind, text):
    return PARSERS[kind](Asking(AnswerSpec(kind), ()), text)


PATHOLOGICAL = {
    "spaces then a letter": " " * MAX_ANSWER + "x", "repeated keyword": "hurt myself " * 800,
    "long word": "a" * MAX_ANSWER, "dots": "." * MAX_ANSWER, "commas": ", " * 5000, "digits": "1" * MAX_ANSWER,
    "repeated deadline": "by Friday and " * 700, "repeated frequency": "every day " * 1000,
    "numbers": "1 2 " * 2500, "negations": "not " * 2500, "dashes": "-" * MAX_ANSWER, "mixed": "I can't, " * 1100,
}
RULES = {
    "safety": check, "talk": talk.classify, "smart": goals.check, "clauses": textnorm.clauses,
    "reflect": reflect.reflect, "time frames": lambda t: timeframes.mentions(textnorm.normalise(t)),
    **{f"answer {kind}": functools.partial(_parse_as, kind) for kind in PARSERS if kind != "choice"},
}


@pytest.mark.slow
@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_rule_reads_pathological_answers_without_failing(rule):
    """The time budget is asserted by benchmarks/bench_pathological.py; here: never an error."""
    for text in PATHOLOGICAL.values():
        RULES[rule](text)


def test_a_huge_number_at_a_choice_is_no_traceback(load, messages):
    conversation = Conversation(load(BROKEN.replace("    type: number\n", "    type: choice\n    options: [a, b]\n")
                                     .replace("if: 10 / n > 1", "if: true")), messages, "main")
    turn = conversation.reply("9" * 5000)
    assert "number from 1 to 2" in turn.notice


def test_a_note_kind_is_kept_for_words_about_someone_else(load, messages):
    conversation = Conversation(load(BROKEN), messages, "main")
    conversation.reply("my brother says he wants to die")
    assert conversation.log[-1].kind is EntryKind.NOTE
