"""Every text and expression of a dialogue, with where it is: what several rules read."""

from __future__ import annotations

from collections.abc import Iterator

from engine.dialogue.expressions import Expression, Text
from engine.dialogue.model import Ask, Call, Dialogue, End, Record, Say, SetVars


def texts(dialogue: Dialogue) -> Iterator[tuple[str, Text]]:
    """(node id, text) for every text a person can be shown: questions, help, options, says, ends."""
    if dialogue.help is not None:
        yield "", dialogue.help
    for node_id, node in dialogue.nodes.items():
        if isinstance(node, (Say, Ask)):
            yield node_id, node.text
        if isinstance(node, Ask):
            if node.help is not None:
                yield node_id, node.help
            for option in node.answer.options:
                yield node_id, option.label
                if option.explain is not None:
                    yield node_id, option.explain
        if isinstance(node, End) and node.text is not None:
            yield node_id, node.text


def expressions(dialogue: Dialogue) -> Iterator[tuple[str, Expression]]:
    """(node id, expression) for every condition and computed value."""
    for node_id, node in dialogue.nodes.items():
        branches = list(node.next)
        if isinstance(node, Ask):
            branches += [b for option in node.answer.options for b in option.next]
        for branch in branches:
            if branch.condition is not None:
                yield node_id, branch.condition
        if isinstance(node, (SetVars, Call, Record)):
            pairs = node.assignments if isinstance(node, SetVars) else node.arguments if isinstance(node, Call) \
                else node.fields
            for _, expression in pairs:
                yield node_id, expression
