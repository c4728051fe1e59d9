"""What a live session keeps in memory (issue 15): a server holds one per person talking, so the
objects a session is made of are slotted, what is usually empty costs nothing until something is
in it, and what every session shares (the safety net, the words of a question) is held once. The
benchmark suite measures the bytes (benchmarks/run.py, memory); these tests keep the design."""

from __future__ import annotations

import gc
import json
import tracemalloc

from engine.conversation.machine import Conversation
from engine.conversation.session import Entry

DIALOGUE = """
id: main
title: Steps
audience: client
variables:
  n: 1
  steps: []
start: step
nodes:
  step:
    ask: What is step {{ n }}?
  collect:
    set:
      steps: 'steps + [step]'
      n: n + 1
    next:
      - if: n <= 3
        then: step
      - else: done
  done:
    end: Thank you.
"""


def test_the_objects_of_a_session_have_no_instance_dict(load, messages):
    conversation = Conversation(load(DIALOGUE), messages, "main")
    conversation.reply("walk to the shop", now="2026-12-03T10:00:00+00:00")
    parts = [conversation, conversation.walk, conversation.safety_net, conversation.state,
             *conversation.state.frames, *conversation.log]
    assert [type(part).__name__ for part in parts if hasattr(part, "__dict__")] == []


def test_sessions_without_a_plan_share_one_safety_net_and_a_plan_gets_its_own(load, messages):
    library = load(DIALOGUE)
    first, second = (Conversation(library, messages, "main") for _ in range(2))
    assert first.safety_net is second.safety_net
    plan = {"person": {"safety_plan": {"people": ["Anne"]}}}
    own = Conversation(library, messages, "main", given=plan)
    assert own.safety_net is not first.safety_net and own.safety_net.plan == {"people": ["Anne"]}
    assert first.safety_net.plan is None


def test_the_same_words_asked_are_one_string_across_sessions(load, messages):
    library = load(DIALOGUE)
    first, second = (Conversation(library, messages, "main") for _ in range(2))
    for conversation in (first, second):
        conversation.reply("walk", now="2026-12-03T10:00:00+00:00")
    assert first.log[0].question == "What is step 1?"
    assert first.log[0].question is second.log[0].question


def test_what_is_usually_empty_costs_a_session_nothing_until_it_is_used(load, messages):
    conversation = Conversation(load(DIALOGUE), messages, "main")
    walk = conversation.walk
    assert walk.explained is None and walk.dropped == () and walk.reasked == () and not walk.offered
    assert conversation.state.pending == () and conversation.state.facts == ()
    assert conversation.dropped == [] and conversation.reasked == []  # still lists to callers


def test_a_slimmer_session_keeps_the_same_log_and_state(load, messages):
    conversation = Conversation(load(DIALOGUE), messages, "main")
    for words in ("walk", "call Sam", "rest"):
        turn = conversation.reply(words, now="2026-12-03T10:00:00+00:00")
    assert turn.messages == ("Thank you.",)
    assert [e.to_dict()["question"] for e in conversation.log] == [f"What is step {n}?" for n in (1, 2, 3)]
    state = json.loads(json.dumps(conversation.state.to_dict()))
    assert state["pending"] == ["Thank you."] and state["facts"] == []
    assert state["frames"][0]["variables"]["steps"] == ["walk", "call Sam", "rest"]
    again = Conversation(conversation.library, messages, "main",
                         [Entry.from_dict(e.to_dict()) for e in conversation.log])
    assert again.state.to_dict() == conversation.state.to_dict()


def test_a_live_session_holds_a_few_kilobytes(load, messages):
    """A generous bound (one answer in, a session holds about 1.3 KiB here; 2.3 KiB before it was
    slimmed): a guard against a session starting to hold a copy of something shared, not a measurement."""
    library = load(DIALOGUE)
    Conversation(library, messages, "main").reply("warm up")  # what is built on first use is not per session
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        alive = []
        for _ in range(200):
            conversation = Conversation(library, messages, "main")
            conversation.reply("walk", now="2026-12-03T10:00:00+00:00")
            alive.append(conversation)
        gc.collect()
        per_session = (tracemalloc.get_traced_memory()[0] - before) / len(alive)
    finally:
        tracemalloc.stop()
    assert per_session < 1_800, per_session
