"""Choosing among lines a dialogue wrote, so two rehearsals do not read alike, yet each one is
the same every time it is replayed: ``{{ lines | pick(turn) }}``.

The choice is worked out from the session's seed (``session_seed``, given when the session starts and kept with
it, never read from a clock or a global random generator), the lines themselves and the ``key``
(a turn counter, say), so a resume or ``/back`` shows the same line again. For a whole-number key
the lines come in an order of their own, shuffled by the seed: ``pick(turn)`` says every line of a
list once before it says one again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any, TypeVar

from jinja2.utils import pass_context

T = TypeVar("T")


def _digest(*parts: object) -> int:
    return int.from_bytes(hashlib.sha256("\x00".join(str(p) for p in parts).encode()).digest()[:8], "big")


def choose(items: Any, seed: object, key: Any = None) -> Any:
    """One of ``items`` by ``seed`` and ``key`` (see the module's text); "" for no items."""
    choices = list(items) if isinstance(items, (list, tuple)) else [items]
    if not choices:
        return ""
    order = sorted(range(len(choices)), key=lambda i: _digest(seed, i, repr(choices[i])))
    if key is None:
        return choices[order[0]]
    if isinstance(key, int) and not isinstance(key, bool):
        return choices[order[key % len(choices)]]
    return choices[order[_digest(seed, "key", repr(key)) % len(choices)]]


def shuffled(items: Sequence[T], seed: object, key: object) -> tuple[T, ...]:
    """``items`` in an order of their own for this ``seed`` and ``key`` (a question's id): the same
    order on every replay, resume and ``/back``, another order in another session."""
    return tuple(items[i] for i in sorted(range(len(items)), key=lambda i: _digest(seed, key, i, repr(items[i]))))


@pass_context
def pick(context: Any, items: Any, key: Any = None) -> Any:
    """``{{ lines | pick(turn) }}``: one of ``lines``, by the session's ``seed`` and ``turn``."""
    return choose(items, context.get("session_seed") or "", key)
