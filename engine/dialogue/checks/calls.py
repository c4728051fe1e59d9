"""Calls between dialogues: each names a dialogue that exists, passes only variables it declares,
and no dialogue ends up calling itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from engine.dialogue.model import Call, Dialogue, Library
from engine.ground.errors import Problem, did_you_mean
from engine.ground.files import display_path


def _calls(library: Library) -> Iterator[tuple[Dialogue, Call]]:
    """Each call node, with the dialogue it is in; calls to a dialogue whose own file has errors
    are left out (those errors say what is wrong with it)."""
    for dialogue in library.dialogues.values():
        for node in dialogue.nodes.values():
            if isinstance(node, Call) and not set(node.targets) & library.broken:
                yield dialogue, node


def unknown_dialogues(library: Library) -> list[Problem]:
    return [Problem(node.dialogue_span or node.span, f"there is no dialogue with id `{node.dialogue}`",
                    did_you_mean(node.dialogue, library.dialogues)
                    or "check the `id:` at the top of the dialogue you mean", rule="unknown-dialogue")
            for _, node in _calls(library) if node.chosen is None and node.dialogue not in library]


def unknown_arguments(library: Library) -> list[Problem]:
    problems: list[Problem] = []
    for _, node in _calls(library):
        for callee in (library[t] for t in node.targets if t in library):
            problems += _unknown_arguments(node, callee)
    return problems


def _unknown_arguments(node: Call, callee: Dialogue) -> list[Problem]:
    return [Problem(expression.span, f"dialogue `{callee.id}` has no variable `{name}`",
                    did_you_mean(name, callee.variables)
                    or f"declare `{name}` under `variables:` in {display_path(Path(callee.path))}",
                    rule="unknown-argument")
            for name, expression in node.arguments if name not in callee.variables]


def call_cycles(library: Library) -> list[Problem]:
    """A dialogue that calls itself, directly or through others, would never finish."""
    calls: dict[str, set[str]] = {d: set() for d in library.dialogues}
    for dialogue, node in _calls(library):
        calls[dialogue.id].update(t for t in node.targets if t in library)
    problems = []
    for start in calls:
        stack, seen = [(start, [start])], set()
        while stack:
            current, path = stack.pop()
            for callee in calls.get(current, ()):
                if callee == start:
                    cycle = " -> ".join([*path, start])
                    problems.append(Problem(library[start].span, f"dialogue `{start}` calls itself ({cycle})",
                                            "use `next` to repeat steps instead of calling a dialogue again",
                                            rule="call-cycle"))
                    stack.clear()
                    break
                if callee not in seen:
                    seen.add(callee)
                    stack.append((callee, [*path, callee]))
    return problems
