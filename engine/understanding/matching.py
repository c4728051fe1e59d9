"""Finding a vocabulary's phrases in a clause, trying only those that can match.

A vocabulary holds thousands of phrases; a clause holds a dozen words. ``PhraseIndex`` files each
phrase under its anchor words (one of which must be in a clause for the phrase to match at all)
and keeps, for each, the words it cannot do without (sets of phrases and words are bit
masks). A clause is then tried only against the phrases whose anchor it holds and whose every
required word it has, so most phrases are never tried and the cost of a clause does not grow
with the vocabulary.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from engine.understanding.phrases import Compiled
from engine.understanding.reading import Clause

Owner = TypeVar("Owner")


@dataclass(frozen=True)
class Hit(Generic[Owner]):
    """One phrase found in one clause, from word ``start`` up to (not including) word ``end``."""

    owner: Owner
    phrase: Compiled
    start: int
    end: int


class PhraseIndex(Generic[Owner]):
    """Phrases filed by their anchors, each with the thing it belongs to (a construct, a topic)."""

    def __init__(self, entries: Iterable[tuple[Owner, Compiled]]):
        self._entries: list[tuple[Owner, Compiled]] = []
        by_word: dict[str, int] = {}
        by_prefix: dict[str, int] = {}
        always = 0
        for owner, phrase in entries:
            bit = 1 << len(self._entries)
            self._entries.append((owner, phrase))
            if not phrase.anchors:
                always |= bit
            for anchor in phrase.anchors:
                if anchor.endswith("*"):
                    by_prefix[anchor[:-1]] = by_prefix.get(anchor[:-1], 0) | bit
                else:
                    by_word[anchor] = by_word.get(anchor, 0) | bit
        # Sets of phrases are bit masks (bit i: the i-th phrase): a clause's candidates are the OR
        # of its words' masks, found in a few integer operations rather than a set per word.
        self._by_word, self._by_prefix, self._always = by_word, by_prefix, always
        self._prefix_lengths = sorted({len(p) for p in self._by_prefix})
        # Each word the phrases require, as a group (a word and its forms) with a bit of its own;
        # a phrase needs the bits of all its groups, and a word gives the bits of the groups it is in.
        groups: dict[frozenset[str], int] = {}
        self._needs: list[int] = []
        for _, phrase in self._entries:
            needs = 0
            for group in phrase.requires:
                needs |= 1 << groups.setdefault(group, len(groups))
            self._needs.append(needs)
        gives: dict[str, int] = {}
        for group, number in groups.items():
            for word in group:
                gives[word] = gives.get(word, 0) | 1 << number
        self._gives = gives

    def __len__(self) -> int:
        return len(self._entries)

    def _anchored(self, token: str) -> int:
        """The phrases one word of a clause anchors (by the word itself, or by its prefixes)."""
        found = self._by_word.get(token, 0)
        for length in self._prefix_lengths:
            if len(token) < length:
                break
            found |= self._by_prefix.get(token[:length], 0)
        return found

    def candidates(self, clause: Clause) -> list[tuple[Owner, Compiled]]:
        """The phrases that can match: one of their anchors is here, and every word they need."""
        # Each word's phrases and groups, as worked out before: texts reuse most words, and a clause
        # is read by every index of a vocabulary. Bounded in count and length, so hostile input
        # cannot grow it.
        seen: dict[str, tuple[int, int]] | None = self.__dict__.get("_seen")
        if seen is None:
            seen = self.__dict__["_seen"] = {}
        found, given = self._always, 0
        for token in clause.token_set:
            hit = seen.get(token)
            if hit is None:
                hit = (self._anchored(token), self._gives.get(token, 0))
                if len(seen) < _SEEN_LIMIT and len(token) <= _SEEN_LONGEST:
                    seen[token] = hit
            found |= hit[0]
            given |= hit[1]
        candidates = []
        needs, entries = self._needs, self._entries
        # Lowest bit first: in the vocabulary's order, so results never depend on hashing. The bits
        # are read from the mask's binary digits, reversed (bit i at place i): a few C calls rather
        # than three operations on a number of thousands of bits for each phrase.
        for place in _ONE.finditer(bin(found)[:1:-1]):
            index = place.start()
            if needs[index] & given == needs[index]:
                candidates.append(entries[index])
        return candidates

    def find(self, clause: Clause) -> Iterator[Hit[Owner]]:
        """Every match of every phrase in the clause, as word positions."""
        candidates = self.candidates(clause)
        if not candidates:
            return
        padded, starts = clause.padded, clause.starts
        for owner, phrase in candidates:
            for match in phrase.regex.finditer(padded):
                yield Hit(owner, phrase, bisect_left(starts, match.start() + 1), bisect_left(starts, match.end() + 1))

    def __getstate__(self) -> dict[str, object]:
        """Kept without the words seen (engine.ground.cache): those are this process's own."""
        state = dict(self.__dict__)
        state.pop("_seen", None)
        return state


# Words remembered per index: a vocabulary has a score of indexes, so each keeps fewer than the
# reader does, and only words of a real length (hostile input cannot make them hold much).
_SEEN_LIMIT = 10_000
_ONE = re.compile("1")
_SEEN_LONGEST = 40
