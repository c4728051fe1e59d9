"""Checks that need every dialogue of a library at once (one file's own mistakes are found while
reading it, in ``engine.dialogue.builder``).

Each check is a pure function ``(Library) -> list[Problem]`` in a module of its own, and every
problem it reports carries the check's rule id, like a yamllint rule. ``check_library`` runs
them all; the loader decides what to do with what they find.
"""

from __future__ import annotations

from collections.abc import Callable

from engine.dialogue.checks import calls, endings, loops, strategies
from engine.dialogue.model import Library
from engine.ground.errors import Problem

Check = Callable[[Library], list[Problem]]

# In the order an author should read their findings: what is called, then how it runs.
STRUCTURE_CHECKS: tuple[Check, ...] = (
    calls.unknown_dialogues,
    calls.unknown_arguments,
    calls.call_cycles,
    loops.silent_loops,
    endings.no_way_to_end,
)
STRATEGY_CHECKS: tuple[Check, ...] = (strategies.unknown_strategies,)


def check_library(library: Library, checks: tuple[Check, ...] = STRUCTURE_CHECKS) -> list[Problem]:
    """Every problem the given checks find in ``library`` (whose progress estimates are set)."""
    return [problem for check in checks for problem in check(library)]
