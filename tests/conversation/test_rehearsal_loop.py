"""What rehearsals need of the engine, on a small dialogue of the tests' own: an `ask` that loops
back to itself on conditions about the coded reply (`type: reply`), lines chosen by `pick` from the
session's seed (the same after /back and on resume, different for another seed), the coded value
kept with the answer, and the safety net reading only what the trainee says of themselves."""

from __future__ import annotations

from engine.conversation.machine import Conversation, Outcome
from engine.dialogue.choosing import choose

LOOP = """
id: main
title: Loop
audience: trainee
start: begin
variables:
  turn: 0
  warmth: 3
  said: ""
  lines: ["Line one.", "Line two.", "Line three.", "Line four.", "Line five."]
nodes:
  begin:
    set:
      said: lines | pick(turn)
  reply:
    ask: "Sam: {{ said }} I'm so tired of all of it."
    type: reply
  weigh:
    set:
      warmth: warmth + reply.opens - reply.closes
      turn: turn + 1
    next:
      - if: turn >= 4 or warmth <= 0
        then: done
      - else: again
  again:
    set:
      said: lines | pick(turn)
    next: reply
  done:
    end: "warmth {{ warmth }} after {{ turn }}"
"""


def _talk(load, messages, seed: str, log=()) -> Conversation:
    return Conversation(load(LOOP), messages, "main", log, given={"session_seed": seed})


def test_an_ask_loops_on_the_coded_reply_until_a_condition_ends_it(load, messages):
    conversation = _talk(load, messages, "s1")
    for reply in ("it sounds like you're worn out", "you're tired of it", "what would help?", "so you're tired"):
        turn = conversation.reply(reply, now="2026-12-02T10:00:00")
    assert turn.outcome is Outcome.FINISHED and turn.messages[-1] == "warmth 6 after 4"


def test_a_dictate_ends_it_early(load, messages):
    conversation = _talk(load, messages, "s1")
    turn = conversation.reply("you should just stop complaining", now=None)
    assert turn.outcome is Outcome.FINISHED and turn.messages[-1] == "warmth 0 after 1"


def test_the_reply_is_kept_coded_against_the_line_it_answered(load, messages):
    conversation = _talk(load, messages, "s1")
    line = conversation.current_turn().question.text
    conversation.reply("it sounds like you're worn out", now=None)
    [entry] = conversation.answers
    assert entry.type == "reply" and entry.display == "it sounds like you're worn out"
    assert entry.value["line"] == line and entry.value["codes"] == ["simple_reflection"]
    assert [cue["kind"] for cue in entry.value["cues"]] == ["feeling"]


def test_pick_says_every_line_once_before_it_says_one_again():
    lines = ["a", "b", "c", "d"]
    assert sorted(choose(lines, "seed", turn) for turn in range(4)) == lines
    assert [choose(lines, "seed", t) for t in range(8)][:4] == [choose(lines, "seed", t) for t in range(8)][4:]


def test_lines_follow_the_seed_and_come_back_the_same_after_back_and_resume(load, messages):
    first = _talk(load, messages, "one")
    shown = [first.current_turn().question.text]
    for reply in ("you're tired of it", "what would help?"):
        shown.append(first.reply(reply, now=None).question.text)
    first.reply("/back", now=None)
    assert first.current_turn().question.text == shown[1]
    resumed = _talk(load, messages, "one", first.log)
    assert resumed.current_turn().question.text == shown[1]
    others = {_talk(load, messages, seed).current_turn().question.text for seed in ("two", "three", "four", "five")}
    assert len(others | {shown[0]}) > 1, "another seed gives another rehearsal"


def test_a_session_without_a_seed_still_picks_the_same_lines(load, messages):
    one = Conversation(load(LOOP), messages, "main")
    two = Conversation(load(LOOP), messages, "main")
    assert one.current_turn().question.text == two.current_turn().question.text


def test_a_safety_response_to_the_client_does_not_stop_the_rehearsal(load, messages):
    conversation = _talk(load, messages, "s1")
    turn = conversation.reply("it sounds like you want to die. are you having thoughts of suicide?", now=None)
    assert turn.outcome is Outcome.ASK and conversation.state.interlude is None
    assert all(entry.safety is None for entry in conversation.log)


def test_the_trainees_own_crisis_is_answered_as_always(load, messages):
    conversation = _talk(load, messages, "s1")
    conversation.reply("honestly i want to die myself", now=None)
    assert conversation.state.interlude is not None
    assert conversation.log[-1].safety["level"] == "acute"
