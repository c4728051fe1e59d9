"""One phrase list of the listening vocabulary, filed for fast matching and found as spans."""

from __future__ import annotations

from bisect import bisect_left

from engine.understanding.listening.spans import Found
from engine.understanding.matching import PhraseIndex
from engine.understanding.phrases import Compiled
from engine.understanding.reading import Clause


class PhraseList:
    """Labelled phrases (a topic's, the positive words...) found in clauses as ``Found`` spans."""

    def __init__(self, labelled: list[tuple[str, tuple[Compiled, ...]]]):
        self.index: PhraseIndex[str] = PhraseIndex((label, phrase) for label, phrases in labelled for phrase in phrases)

    def find(self, clauses: list[Clause]) -> list[Found]:
        # What PhraseIndex.find gives, made straight into spans: a list is asked about every
        # clause of every answer, and most clauses hold none of its phrases.
        found: list[Found] = []
        candidates = self.index.candidates
        for clause in clauses:
            tried = candidates(clause)
            if not tried:
                continue
            padded, starts, index = clause.padded, clause.starts, clause.index
            for label, phrase in tried:
                for match in phrase.regex.finditer(padded):
                    start, end = bisect_left(starts, match.start() + 1), bisect_left(starts, match.end() + 1)
                    if end > start:
                        found.append(Found(label, index, start, end, clause.words(start, end)))
        return found
