"""The typed contracts the layers pass each other: node paths, facts, the safety net's policy."""

from __future__ import annotations

import json

import pytest

from engine.conversation.messages import Messages
from engine.conversation.safetynet import Interlude, SafetyNet
from engine.conversation.session import Entry, EntryKind, Fact, NodePath
from engine.ground.files import resource_dir


@pytest.mark.parametrize("text, steps, safety", [
    ("goals:what", (("goals", "what"),), None),
    ("welcome:start > goals:what", (("welcome", "start"), ("goals", "what")), None),
    ("welcome:start > goals:what > safety:acute", (("welcome", "start"), ("goals", "what")), "acute"),
    ("review:node-with-dash > resource-map:people", (("review", "node-with-dash"), ("resource-map", "people")), None),
])
def test_a_node_path_reads_and_writes_the_stored_form(text, steps, safety):
    path = NodePath.parse(text)
    assert path.steps == steps and path.safety == safety
    assert str(path) == text  # the stored form is unchanged
    assert path.last == steps[-1] and path.callers == steps[:-1]


def test_a_path_inside_the_safety_pause_keeps_where_it_was():
    path = NodePath((("goals", "what"),)).in_safety(Interlude.CHECK.value)
    assert str(path) == "goals:what > safety:check"
    assert NodePath.parse(str(path)).in_safety(None) == NodePath((("goals", "what"),))


def test_a_fact_survives_a_json_round_trip_without_sharing_its_fields():
    fact = Fact("checkin", {"goal": "Walk", "progress": 6, "steps": ["shoes"]}, "2026-11-08T10:00:00", "review:rate")
    again = Fact.from_dict(json.loads(json.dumps(fact.to_dict())))
    assert again == fact and again.day == "2026-11-08"
    again.fields["steps"].append("more")
    assert fact.fields["steps"] == ["shoes"]
    assert Fact("goal", {"text": "x"}).day is None


@pytest.fixture(scope="module")
def net() -> SafetyNet:
    return SafetyNet(Messages.load(resource_dir("prompts") / "messages.yaml"), None)


def test_words_outside_a_dialogue_go_through_the_same_policy(net):
    assert net.outside("Sam") is None
    acute = net.outside("I want to kill myself tonight")
    assert acute is not None and acute == net.crisis_text()
    other = net.outside("my friend said she is going to kill herself")
    assert other is not None and other == net.helping_text()  # how to help them, not a crisis for the speaker


def test_an_answer_to_the_pause_moves_it_on(net):
    yes = net.answer(Interlude.CHECK, "yes", path="p > safety:check", question="q", now=None)
    assert isinstance(yes, Entry) and yes.kind is EntryKind.SAFETY
    assert net.after(Interlude.CHECK, yes) is Interlude.ACUTE
    carry_on = net.answer(Interlude.ACUTE, net.labels[0], path="p > safety:acute", question="q", now=None)
    assert isinstance(carry_on, Entry) and net.after(Interlude.ACUTE, carry_on) is Interlude.SETTLE
    unclear = net.answer(Interlude.CHECK, "purple", path="p > safety:check", question="q", now=None)
    assert isinstance(unclear, str) and unclear  # asked again, with words for the person
