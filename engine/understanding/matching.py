"""Finding a vocabulary's phrases in a clause, trying only those that can match.

A vocabulary holds thousands of phrases; a clause holds a dozen words. ``PhraseIndex`` files each
phrase under its anchor words (one of which must be in a clause for the phrase to match at all)
and keeps, for each, the words it cannot do without, rarest first. A clause is then tried only
against the phrases whose anchor it holds and whose every required word it has, so most phrases
are never tried and the cost of a clause does not grow with the vocabulary.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from engine.understanding.phrases import Compiled, word_cost
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
        by_word: dict[str, list[int]] = {}
        by_prefix: dict[str, list[int]] = {}
        always: list[int] = []
        for owner, phrase in entries:
            index = len(self._entries)
            self._entries.append((owner, phrase))
            if not phrase.anchors:
                always.append(index)
            for anchor in phrase.anchors:
                if anchor.endswith("*"):
                    by_prefix.setdefault(anchor[:-1], []).append(index)
                else:
                    by_word.setdefault(anchor, []).append(index)
        self._by_word = {word: frozenset(indices) for word, indices in by_word.items()}
        self._by_prefix = {prefix: frozenset(indices) for prefix, indices in by_prefix.items()}
        self._always = frozenset(always)
        self._prefix_lengths = sorted({len(p) for p in self._by_prefix})
        # For each phrase, the forms of each word it requires, the rarest first: most fail at once.
        self._requires = [tuple(sorted(phrase.requires, key=lambda group: sum(map(word_cost, group))))
                          for _, phrase in self._entries]

    def __len__(self) -> int:
        return len(self._entries)

    def _anchored(self, token: str) -> frozenset[int]:
        """The phrases one word of a clause anchors (by the word itself, or by its prefixes)."""
        found = self._by_word.get(token, _NONE)
        for length in self._prefix_lengths:
            if len(token) < length:
                break
            hit = self._by_prefix.get(token[:length])
            if hit is not None:
                found = found | hit
        return found

    def candidates(self, clause: Clause) -> list[tuple[Owner, Compiled]]:
        """The phrases that can match: one of their anchors is here, and every word they need."""
        tokens = clause.token_set
        # Each word's phrases, as worked out before: texts reuse most words, and a clause is read
        # by every index of a vocabulary. Bounded in count and length, so hostile input cannot grow it.
        seen = self.__dict__.get("_seen")
        if seen is None:
            seen = self.__dict__["_seen"] = {}
        found: frozenset[int] | set[int] = self._always
        for token in tokens:
            hit = seen.get(token)
            if hit is None:
                hit = self._anchored(token)
                if len(seen) < _SEEN_LIMIT and len(token) <= _SEEN_LONGEST:
                    seen[token] = hit
            if hit:
                found = found | hit
        if not found:
            return []
        candidates = []
        requires, entries = self._requires, self._entries
        for index in sorted(found):  # in the vocabulary's order, so results never depend on hashing
            for group in requires[index]:
                if tokens.isdisjoint(group):
                    break
            else:
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


_NONE: frozenset[int] = frozenset()
# Words remembered per index: a vocabulary has a score of indexes, so each keeps fewer than the
# reader does, and only words of a real length (hostile input cannot make them hold much).
_SEEN_LIMIT = 10_000
_SEEN_LONGEST = 40
