"""Matches as word spans in a clause, and the overlap rules the listening rules share."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Found:
    """A phrase list's match: which clause, which words (``start`` up to ``end``), and its label."""

    label: str
    clause: int
    start: int
    end: int
    words: str

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Found) -> bool:
        return self.clause == other.clause and self.start < other.end and other.start < self.end

    def within(self, other: Found) -> bool:
        return self.clause == other.clause and other.start <= self.start and self.end <= other.end


def longest_first(found: list[Found]) -> list[Found]:
    """Of overlapping matches, the longest (then the earliest) keeps its words: "not good" over "good"."""
    kept: list[Found] = []
    for match in sorted(found, key=lambda f: (-f.length, f.clause, f.start)):
        if not any(match.overlaps(other) for other in kept):
            kept.append(match)
    return sorted(kept, key=lambda f: (f.clause, f.start))
