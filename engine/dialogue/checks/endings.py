"""Every dialogue can reach an `end` from its start."""

from __future__ import annotations

from engine.dialogue.model import Library
from engine.dialogue.progress import UNREACHABLE
from engine.ground.errors import Problem


def no_way_to_end(library: Library) -> list[Problem]:
    problems = []
    for dialogue in library.dialogues.values():
        if library.remaining.get((dialogue.id, dialogue.start), UNREACHABLE) >= UNREACHABLE:
            problems.append(Problem(dialogue.nodes[dialogue.start].span,
                                    f"dialogue `{dialogue.id}` can never reach an `end`",
                                    "give every loop a way out to an `end` node", rule="no-way-to-end"))
    return problems
