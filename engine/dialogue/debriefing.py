"""``{% set debrief = vars.turns | debrief(vars.practise) %}``: the debrief of a rehearsal
(``engine.understanding.coding.debrief``), with each strategy it names given its name and kind
from the bundled strategy catalogue, so a template shows "Asking open questions", not an id."""

from __future__ import annotations

import functools
from typing import Any

from engine.dialogue.catalogue import read_catalogue
from engine.dialogue.model import CATALOGUE_FILE, Strategy
from engine.ground.files import resource_dir


@functools.lru_cache(maxsize=1)
def _catalogue() -> dict[str, Strategy]:
    found, _ = read_catalogue(resource_dir("dialogues") / CATALOGUE_FILE)
    return found


def _named(strategy_id: str) -> dict[str, Any]:
    strategy = _catalogue().get(strategy_id)
    return {"id": strategy_id, "name": strategy.name if strategy else strategy_id,
            "description": strategy.description if strategy else "", "kind": strategy.kind if strategy else ""}


def debrief_filter(turns: Any, practise: Any = None) -> dict[str, Any]:
    from engine.understanding.coding.debrief import debrief  # the coder's rules, compiled on first use

    practised = [str(p) for p in practise] if isinstance(practise, (list, tuple)) else None
    found = debrief(turns if isinstance(turns, (list, tuple)) else [], practised)
    found["shown"] = [{**_named(s["id"]), **s} for s in found["shown"]]
    found["missed"] = [_named(s) for s in found["missed"]]
    for pitfall in found["pitfalls"]:
        strategy = _catalogue().get(pitfall["id"])
        pitfall["name"] = strategy.name if strategy else ""
    return found
