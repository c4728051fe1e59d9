"""`shuffle: true` on a choice: the options in an order of the session's own (by its seed and the
question's id), the same on resume, /back and replay; a number answers the option as shown."""

from __future__ import annotations

from engine.conversation.machine import Conversation
from engine.dialogue.choosing import shuffled

QUIZ = """
id: main
title: Main
audience: trainee
start: pick
nodes:
  pick:
    ask: Which one?
    shuffle: true
    options:
      - {label: Alpha, value: a}
      - {label: Bravo, value: b}
      - {label: Charlie, value: c}
      - {label: Delta, value: d}
  again:
    ask: And now?
    shuffle: true
    options:
      - {label: Echo, value: e}
      - {label: Foxtrot, value: f}
      - {label: Golf, value: g}
  bye:
    end: Bye
"""

LABELS = ("Alpha", "Bravo", "Charlie", "Delta")


def start(load, messages, seed: str, log=()) -> Conversation:
    return Conversation(load(QUIZ), messages, "main", log, given={"session_seed": seed})


def test_the_same_seed_gives_the_same_order():
    assert shuffled(LABELS, "seed-1", "pick") == shuffled(LABELS, "seed-1", "pick")
    assert sorted(shuffled(LABELS, "seed-1", "pick")) == sorted(LABELS)


def test_other_seeds_and_other_questions_give_other_orders():
    orders = {shuffled(LABELS, f"seed-{n}", "pick") for n in range(60)}
    assert len(orders) >= 12  # of 24 possible
    firsts = {order[0] for order in orders}
    assert firsts == set(LABELS)  # each option comes first in some session
    assert len({shuffled(LABELS, "seed-1", f"q{n}") for n in range(30)}) > 1


def test_without_shuffle_the_options_stay_as_written(load, messages):
    text = QUIZ.replace("    shuffle: true\n", "")
    for n in range(10):
        question = Conversation(load(text), messages, "main", given={"session_seed": f"s{n}"}).question()
        assert question.options == LABELS


def test_the_options_are_shown_in_the_session_order(load, messages):
    shown = {start(load, messages, f"s{n}").question().options for n in range(20)}
    assert len(shown) > 1 and all(sorted(order) == sorted(LABELS) for order in shown)


def test_a_number_answers_the_option_as_shown(load, messages):
    for n in range(8):
        conversation = start(load, messages, f"s{n}")
        shown = conversation.question().options
        conversation.reply("2")
        assert conversation.answers[-1].value == shown[1].lower()[0]
        assert conversation.answers[-1].display == shown[1]


def test_resume_and_back_show_the_same_order(load, messages):
    conversation = start(load, messages, "resume-me")
    first = conversation.question().options
    conversation.reply("3")
    second = conversation.question().options
    chosen = conversation.answers[-1].value
    resumed = start(load, messages, "resume-me", conversation.log)
    assert resumed.question().options == second
    assert resumed.answers[-1].value == chosen
    conversation.back()
    assert conversation.question().options == first


def test_a_shuffle_that_is_not_true_or_false_is_located(problems):
    found = [p for p in problems(QUIZ.replace("shuffle: true", "shuffle: often", 1)) if p.severity == "error"]
    assert len(found) == 1 and found[0].span.file.endswith("main.yaml")
    assert (found[0].span.line, found[0].span.column) == (8, 14)
    assert "`shuffle` should be `true` or `false`, not `often`" in found[0].message


def test_shuffle_on_a_question_without_options_is_located(problems):
    text = QUIZ.replace("  bye:\n", "  name:\n    ask: Your name?\n    shuffle: true\n  bye:\n")
    found = [p for p in problems(text) if p.severity == "error"]
    assert len(found) == 1 and found[0].span.line == 23
    assert "`shuffle` only applies to `choice` questions" in found[0].message
