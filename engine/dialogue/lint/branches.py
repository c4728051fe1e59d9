"""`impossible-branch` and `shadowed-branch`: branches that can never be taken."""

from __future__ import annotations

from collections.abc import Iterator

from jinja2 import nodes
from jinja2.parser import Parser

from engine.dialogue.expressions import TEXT_ENV
from engine.dialogue.lint.settings import LintSettings
from engine.dialogue.model import Ask, Branch, Dialogue, Library
from engine.ground.errors import Problem


def _choices(dialogue: Dialogue) -> dict[str, set[object]]:
    """Each choice question's variable, and the values its options give."""
    return {node.save: {option.value for option in node.answer.options}
            for node in dialogue.nodes.values() if isinstance(node, Ask) and node.answer.type == "choice"}


def _branches(dialogue: Dialogue) -> Iterator[tuple[str, tuple[Branch, ...]]]:
    for node_id, node in dialogue.nodes.items():
        yield node_id, node.next
        if isinstance(node, Ask):
            for option in node.answer.options:
                if option.next:
                    yield node_id, option.next


def _compared(source: str) -> Iterator[tuple[str, object]]:
    """(variable, constant) for each `name == 'value'` or `name != 'value'` in a condition."""
    try:
        tree = Parser(TEXT_ENV, source, state="variable").parse_expression()
    except Exception:  # noqa: BLE001 - the loader reports a condition that does not parse
        return
    for compare in [tree, *tree.find_all(nodes.Compare)]:  # find_all leaves out the root itself
        if not (isinstance(compare, nodes.Compare) and isinstance(compare.expr, nodes.Name) and len(compare.ops) == 1):
            continue
        if compare.ops[0].op in ("eq", "ne"):
            operand = compare.ops[0].expr
            if isinstance(operand, nodes.Const):
                yield compare.expr.name, operand.value


def impossible(library: Library, settings: LintSettings) -> Iterator[Problem]:
    for dialogue in library.dialogues.values():
        choices = _choices(dialogue)
        for _, branches in _branches(dialogue):
            for branch in branches:
                if branch.condition is None:
                    continue
                for name, value in _compared(branch.condition.source):
                    if name in choices and value not in choices[name]:
                        known = ", ".join(f"`{v}`" for v in sorted(map(str, choices[name])))
                        yield Problem(branch.span, f"`{name}` is never `{value}`: its options are {known}",
                                      "compare with one of the option values")


def shadowed(library: Library, settings: LintSettings) -> Iterator[Problem]:
    for dialogue in library.dialogues.values():
        for node_id, branches in _branches(dialogue):
            seen: set[str] = set()
            for branch in branches:
                if branch.condition is None:
                    continue
                source = " ".join(branch.condition.source.split())
                if source in seen:
                    yield Problem(branch.span, f"in `{node_id}`, the condition `{source}` is tested twice, "
                                               "so this branch is never taken", "remove it or change its condition")
                seen.add(source)
