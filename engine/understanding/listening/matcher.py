"""One phrase list of the listening vocabulary, filed for fast matching and found as spans."""

from __future__ import annotations

from engine.understanding.listening.spans import Found
from engine.understanding.matching import PhraseIndex
from engine.understanding.phrases import Compiled
from engine.understanding.reading import Clause


class PhraseList:
    """Labelled phrases (a topic's, the positive words...) found in clauses as ``Found`` spans."""

    def __init__(self, labelled: list[tuple[str, tuple[Compiled, ...]]]):
        self.index: PhraseIndex[str] = PhraseIndex((label, phrase) for label, phrases in labelled for phrase in phrases)

    def find(self, clauses: list[Clause]) -> list[Found]:
        return [Found(hit.owner, clause.index, hit.start, hit.end, clause.words(hit.start, hit.end))
                for clause in clauses for hit in self.index.find(clause) if hit.end > hit.start]
