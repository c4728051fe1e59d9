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


def test_an_entry_is_its_words_its_moment_and_a_shape_shared_by_entries_read_the_same_way():
    first = Entry(node="main:q", value="walk", text="walk", display="walk", question="What?", at="t1", type="text")
    second = Entry(node="main:q", value="run", text="run", display="run", question="What?", at="t2", type="text")
    assert first._shape is second._shape  # a free answer's value and display are its words
    assert (second.value, second.display, second.text, second.at) == ("run", "run", "run", "t2")
    yes, one = (Entry(node="main:q", value=value, text="yes", display="yes") for value in (True, 1))
    assert yes.value is True and one.value == 1 and type(one.value) is int  # equal in Python, kept apart
    listed = [Entry(node="main:q", value=["a"], text="a") for _ in range(2)]
    assert listed[0]._shape is not listed[1]._shape  # a list may change: each entry keeps its own
    assert listed[0].value == ["a"] and listed[0].value is not listed[1].value


def test_an_entry_behaves_as_the_frozen_record_it_was():
    import copy
    import dataclasses
    import pickle

    import pytest

    from engine.conversation.session import EntryKind

    entry = Entry(node="main:q", value=2, text="two", display="Two", question="How many?", kind=EntryKind.ANSWER,
                  at="2026-12-03T10:00:00+00:00", safety={"level": "none"}, type="number",
                  offer={"card": "rent", "topic": "rent"})
    same = Entry("main:q", 2, "two", "Two", "How many?", EntryKind.ANSWER, "2026-12-03T10:00:00+00:00",
                 {"level": "none"}, "number", {"card": "rent", "topic": "rent"})
    assert entry == same and entry != entry.replaced(at=None) and entry.replaced() == entry
    assert entry.replaced(display="2").display == "2" and entry.display == "Two"
    assert pickle.loads(pickle.dumps(entry)) == entry and copy.deepcopy(entry) == entry
    assert copy.deepcopy(entry).safety is not entry.safety
    assert Entry.from_dict(json.loads(json.dumps(entry.to_dict()))) == entry
    assert repr(entry).startswith("Entry(node='main:q', value=2, text='two', display='Two'")
    plain = Entry(node="main:q", kind=EntryKind.BACK)
    assert plain.to_dict() == {"node": "main:q", "text": "", "display": "", "question": "", "kind": "back"}
    assert hash(plain) == hash(Entry(node="main:q", kind=EntryKind.BACK)) and plain.value is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.text = "three"  # type: ignore[misc]


def test_a_session_keeps_one_list_of_its_entries_until_something_is_undone(load, messages):
    library = load(DIALOGUE)
    conversation = Conversation(library, messages, "main")
    conversation.reply("walk", now="2026-12-03T10:00:00+00:00")
    conversation.reply("call Sam", now="2026-12-03T10:01:00+00:00")
    assert conversation._history is None and conversation.log == conversation.answers  # one list, both ways
    resumed = Conversation(library, messages, "main", conversation.log)
    assert resumed._history is None and resumed.log == conversation.log
    conversation.reply("/back", now="2026-12-03T10:02:00+00:00")
    conversation.reply("rest", now="2026-12-03T10:03:00+00:00")
    assert [e.kind.value for e in conversation.log] == ["answer", "answer", "back", "answer"]
    assert [e.text for e in conversation.answers] == ["walk", "rest"]
    assert [e.text for e in conversation.log_since(2)] == ["", "rest"]


def test_a_frame_of_many_names_shares_its_keys_and_reads_as_the_same_dict():
    import sys

    from engine.conversation.walk import key_shared

    names = [f"answer_{n}" for n in range(18)]
    own = {**dict.fromkeys(names), "steps": [1, 2], "person": {"name": "Sam"}}
    shared = key_shared(dict(own))
    assert shared == own and list(shared) == list(own) and type(shared) is dict
    assert sys.getsizeof(shared) < sys.getsizeof(own)  # 18 names: about 300 bytes, not 464 (CPython)
    assert key_shared(dict(own)) is not shared  # each frame its own values
    shared["new"] = 1
    shared["answer_3"] = "x"
    assert shared == {**own, "answer_3": "x", "new": 1}
    few = {"n": 1, "steps": []}
    assert key_shared(few) is few  # a few names: an ordinary dict is smaller
    odd = {"__class__": 1, **own}
    assert key_shared(odd) is odd  # a name that cannot be an attribute: left as it is


def test_what_a_walk_seldom_has_is_shared_until_one_walk_has_it(load, messages):
    from engine.conversation.walk import _USUAL

    library = load(DIALOGUE)
    first, second = (Conversation(library, messages, "main") for _ in range(2))
    first.reply("walk", now="2026-12-03T10:00:00+00:00")
    assert first.walk._seldom is _USUAL and second.walk._seldom is _USUAL
    first.step_limit = 50
    assert first.step_limit == 50 and second.step_limit == 10_000 and _USUAL.step_limit == 10_000
    assert first.walk._seldom is not _USUAL and first.reply("call Sam").question.text == "What is step 3?"
    traced = Conversation(library, messages, "main", trace=[])
    assert traced.walk.trace is not None and traced.walk.trace[0].node == "step"
    assert second.walk.trace is None and _USUAL.trace is None
