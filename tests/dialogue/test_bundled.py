"""The dialogues we ship: clean, every node kind used, every node reachable by a real path."""

from __future__ import annotations

import pytest

from engine.conversation.machine import Conversation
from engine.dialogue.model import Ask, Call, End, Record, Say, SetVars

# Paths through strengths (and the resource map it calls) that together visit every node.
PATHS = {
    "proud, own strength, low confidence": [
        "Sam", "lost my job", "my sister", "yes", "kept going", "kind", "cooking", "7", "patience",
        "Jo", "park", "AA", "food bank", "2", "find work", "by being patient", "call Jo", "yes"],
    "not proud, empty map, confident": [
        "", "a breakup", "walking", "no", "funny", "", "1", "", "", "", "", "", "8",
        "sleep better", "kindness to myself", "", "no"],
}


def walk(bundled, messages, answers) -> Conversation:
    conversation = Conversation(bundled, messages, "strengths")
    for text in answers:
        conversation.reply(text)
    return conversation


def test_bundle_has_no_warnings(bundled):
    assert bundled.warnings == ()


def test_strengths_uses_every_node_kind(bundled):
    kinds = {type(node) for node in bundled["strengths"].nodes.values()}
    assert kinds == {Say, Ask, SetVars, Call, Record, End}
    types = {node.answer.type for node in bundled["strengths"].nodes.values() if isinstance(node, Ask)}
    types |= {node.answer.type for node in bundled["resource-map"].nodes.values() if isinstance(node, Ask)}
    assert types == {"text", "yesno", "scale", "list", "choice"}


@pytest.mark.parametrize("name", sorted(PATHS))
def test_each_path_finishes(bundled, messages, name):
    conversation = walk(bundled, messages, PATHS[name])
    assert conversation.finished, conversation.current_turn()


def test_paths_visit_every_node(bundled, messages, monkeypatch):
    # Say, set and call nodes are passed within a turn, so trace every transition the machine takes.
    visited = set()
    choose = Conversation._choose

    def tracing(branches, variables, node):
        target = choose(branches, variables, node)
        visited.add((node.span.file, target))
        return target

    monkeypatch.setattr(Conversation, "_choose", staticmethod(tracing))
    for answers in PATHS.values():
        walk(bundled, messages, answers)
    for dialogue_id in ("strengths", "resource-map"):
        dialogue = bundled[dialogue_id]
        file = dialogue.nodes[dialogue.start].span.file
        missing = {n for n in dialogue.nodes if n != dialogue.start and (file, n) not in visited}
        assert not missing, f"{dialogue_id}: never visited {sorted(missing)}"
