"""Labelled phrases, matched against a clause: which labels it holds, and where."""

from __future__ import annotations

from engine.understanding.matching import PhraseIndex
from engine.understanding.phrases import Compiled
from engine.understanding.reading import Clause


class LabelledPhrases:
    """Labelled phrases; ``find`` gives each label found, at its first (then longest) match."""

    def __init__(self, labelled: dict[str, tuple[Compiled, ...]]):
        self.index: PhraseIndex[str] = PhraseIndex((label, p) for label, phrases in labelled.items() for p in phrases)

    def find(self, clause: Clause) -> dict[str, tuple[int, int]]:
        found: dict[str, tuple[int, int]] = {}
        for hit in self.index.find(clause):
            if hit.end <= hit.start:
                continue
            best = found.get(hit.owner)
            if best is None or (hit.start, -hit.end) < (best[0], -best[1]):
                found[hit.owner] = (hit.start, hit.end)
        return dict(sorted(found.items(), key=lambda item: item[1]))

    def all(self, clause: Clause, label: str) -> list[tuple[int, int]]:
        return [(hit.start, hit.end) for hit in self.index.find(clause) if hit.owner == label and hit.end > hit.start]


def at_start(found: dict[str, tuple[int, int]], label: str) -> bool:
    """Whether what ``find`` gave has ``label`` at the clause's first word."""
    where = found.get(label)
    return where is not None and where[0] == 0
