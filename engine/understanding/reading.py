"""Reading a text clause by clause, with what people type mapped to plain words.

Beyond the shared normalising (lower case, contractions spelled out, clauses split at sentence
ends and "but"), a *lexicon*'s own knowledge is applied here, once per text (the safety
vocabulary and the listening vocabulary each bring one):

- *spellings*: slang, abbreviations and common misspellings ("kms", "unalive", "sucide", "rn");
- *fuzzy* key words: a long key word misspelt by one letter (added, dropped, changed or two
  swapped: "suicdie", "overdoes") is read as the key word; a *far* fuzzy word ("suicidal") also
  when misspelt by two ("sucidial"), if the first letter is right; real words that lie that close
  to a key word ("homeless" to "hopeless", "subside" to "suicide") are listed as *not misspelt*;
- dropped g's ("thinkin", "doin") where the full word is one the vocabulary knows;
- *fillers* ("ngl", "tbh") are dropped;
- an *implied "I"*: chat often leaves out the subject ("Want to die.", "Bought the rope."),
  so a clause that starts with a verb reads as the speaker's own.

Long texts are cut into clauses, and every step is linear in the length of the text.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from engine.understanding.textnorm import clauses

# A clause longer than this is read in overlapping windows of this many words, so that a
# run-on paragraph with no full stops still keeps its words near each other.
MAX_CLAUSE_WORDS = 60
WINDOW_OVERLAP = 20  # longer than any phrase's reach, so a phrase across two windows is still whole in one
_SEEN_LIMIT = 50_000  # words remembered as read (a bounded cache: hostile input cannot grow it)
# Verb forms that start a clause without a subject ("Relapsed on it", "Thinking of it") are read
# with "i" when followed by one of these (a noun phrase such as "Morning walk" is not).
_VERB_FOLLOWERS = frozenset(["my", "myself", "to", "the", "a", "an", "of", "about", "up", "on", "out", "off", "in",
                             "into", "over", "it", "again", "all", "some", "like", "too", "way", "him", "her", "them",
                             "every", "this", "that", "down", "back", "with", "at", "for"])
_NOT_VERBS = frozenset(["nothing", "something", "everything", "anything", "morning", "evening", "wedding", "building",
                        "meeting", "ceiling", "sibling", "king", "ring", "spring", "thing", "string", "darling",
                        "bed", "red", "need", "seed", "feed", "speed", "weed"])


@dataclass(frozen=True)
class Clause:
    """One clause as the rules see it: its words, and the text they are matched against."""

    index: int
    tokens: tuple[str, ...]
    padded: str  # " " + words joined by single spaces + " "
    starts: tuple[int, ...]  # where each word starts in ``padded``

    def token_at(self, offset: int) -> int:
        """The index of the word that starts at (or just after) ``offset`` in ``padded``."""
        return bisect.bisect_left(self.starts, offset)

    def words(self, start: int, end: int) -> str:
        return " ".join(self.tokens[max(start, 0):end])

    @functools.cached_property
    def token_set(self) -> frozenset[str]:
        """Its words as a set, made once: every phrase index of a vocabulary looks them up."""
        return frozenset(self.tokens)


_CUT: dict[bool, tuple[str, tuple[str, ...]]] = {}  # the last text cut, and its clauses, for each way of cutting


def _clauses(text: str, keep_contrast: bool) -> tuple[str, ...]:
    """``clauses(text, keep_contrast)``, cut once for the readers that read one text one after another."""
    last = _CUT.get(keep_contrast)
    if last is not None and last[0] == text:
        return last[1]
    cut = tuple(clauses(text, keep_contrast))
    _CUT[keep_contrast] = (text, cut)
    return cut


def make_clause(index: int, tokens: list[str] | tuple[str, ...]) -> Clause:
    starts = []
    position = 1
    for token in tokens:
        starts.append(position)
        position += len(token) + 1
    return Clause(index, tuple(tokens), " " + " ".join(tokens) + " ", tuple(starts))


@dataclass(frozen=True)
class Lexicon:
    """What a reader knows about how people type, beyond the shared normalising."""

    spellings: Mapping[tuple[str, ...], tuple[str, ...]]  # typed words -> what they stand for
    fuzzy: tuple[str, ...] = ()  # long key words also found when misspelt by one letter
    fillers: tuple[tuple[str, ...], ...] = ()  # dropped wherever they stand ("ngl", "tbh")
    implied_i: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)  # "want" -> "i want"
    known_words: frozenset[str] = frozenset()  # every literal word of the rules (for dropped g's: "thinkin")
    keep_contrast: bool = False  # "but" starts the clause after it, rather than being dropped
    fuzzy_far: tuple[str, ...] = ()  # key words also found when misspelt by two letters
    not_misspelt: frozenset[str] = frozenset()  # real words close to a key word, read as they are


class Reader:
    """Reads texts with one lexicon's spellings, fuzzy words and fillers."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.known = lexicon.known_words
        self.implied = lexicon.implied_i
        # Spellings and fillers keyed by their first word: a sequence is only tried where it can start.
        self._replace: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        for typed, meant in lexicon.spellings.items():
            self._replace.setdefault(typed[0], []).append((typed, meant))
        for filler in lexicon.fillers:
            if filler:
                self._replace.setdefault(filler[0], []).append((filler, ()))
        for options in self._replace.values():
            options.sort(key=lambda pair: -len(pair[0]))  # longest first: "sewer slide" before "sewer"
        # A deletion index for the fuzzy words: each word and its one-letter deletions point at it.
        self._fuzzy: dict[str, str] = {}
        for word in lexicon.fuzzy:
            for variant in _deletions(word) | {word}:
                self._fuzzy.setdefault(variant, word)
        # A word longer than this is no fuzzy word misspelt: none of its deletions is in the index
        # (and making them all would take a moment for each letter of a 100,000-letter "word").
        self._fuzzy_longest = max((len(word) for word in lexicon.fuzzy), default=0) + 1
        # The far words by their deletions of one and two letters (a few dozen each): a typed word's
        # own deletions meet them when the two are at most two edits apart, checked exactly after.
        self._far: dict[str, str] = {}
        for word in lexicon.fuzzy_far:
            for variant in _deletions_two(word):
                self._far.setdefault(variant, word)
        self._far_longest = max((len(word) for word in lexicon.fuzzy_far), default=0) + 2
        self._seen: dict[str, str] = {}  # each word as read before: most texts reuse most words
        self._last: tuple[str, tuple[Clause, ...]] | None = None  # the last text read, and its clauses

    def read(self, text: str) -> list[Clause]:
        """The text's clauses as this reader reads them. An answer is read by several readers (the
        safety rules', the listening rules', the cards'), some of them twice: the last text each
        reader read is kept with what it made, and the lexicon-free cutting into clauses is shared
        by readers that cut alike (issue 15: an answer was cut about four times a turn)."""
        last = getattr(self, "_last", None)  # (a reader kept by an older cache has none)
        if last is not None and last[0] == text:
            return list(last[1])  # clauses are frozen; the list is the caller's own
        found = self._read(text)
        self._last = (text, tuple(found))
        return found

    def __getstate__(self) -> dict[str, object]:
        """Kept (engine.ground.cache) without the last text read: that is this process's own."""
        state = dict(self.__dict__)
        state.pop("_last", None)
        return state

    def _read(self, text: str) -> list[Clause]:
        found: list[Clause] = []
        for clause in _clauses(text, self.lexicon.keep_contrast):
            tokens = self._tokens(clause.split())
            if not tokens:
                continue
            tokens = self._implied_subject(tokens)
            for window in _windows(tokens):
                found.append(make_clause(len(found), window))
        return found

    def _tokens(self, raw: list[str]) -> list[str]:
        out: list[str] = []
        raw = self._split(raw)
        replace, seen, word = self._replace, self._seen, self._word
        index, end = 0, len(raw)
        while index < end:
            token = raw[index]
            options = replace.get(token)
            if options is not None:
                for typed, meant in options:
                    if tuple(raw[index:index + len(typed)]) == typed:
                        out.extend(meant)
                        index += len(typed)
                        break
                else:
                    options = None
                if options is not None:
                    continue
            known = seen.get(token)
            if known is None:
                known = word(token)
                if len(seen) < _SEEN_LIMIT:
                    seen[token] = known
            out.append(known)
            index += 1
        return out

    def _split(self, raw: list[str]) -> list[str]:
        """Words that are two: "mate's been" (mate has been), "three-day", "40kg"."""
        out: list[str] = []
        for index, token in enumerate(raw):
            following = raw[index + 1] if index + 1 < len(raw) else ""
            if token.endswith("'s") and following in _AFTER_IS:  # never a possessive before these
                out += [token[:-2], "has" if following in ("been", "got", "gone") else "is"]
            elif "-" in token and token not in self.known and (token, ) not in self.lexicon.spellings:
                out += [part for part in token.split("-") if part]
            elif token[:1].isdigit() and (unit := _NUMBER_UNIT.fullmatch(token)) is not None:
                out += unit.groups()
            else:
                out.append(token)
        return out

    def _word(self, token: str) -> str:
        """One word as the vocabulary knows it: a dropped g restored, a misspelt key word mended."""
        if token in self.known:
            return token
        if token.endswith("in") and token + "g" in self.known:
            return token + "g"
        for shorter in _unstretched(token):  # "diee", "soooo", "pleaseee"
            if shorter in self.known:
                return shorter
        if token in self.lexicon.not_misspelt:
            return token
        if len(token) >= 6:
            meant = self._fuzzy.get(token)
            if meant is None and len(token) <= self._fuzzy_longest:
                for variant in _deletions(token):
                    meant = self._fuzzy.get(variant)
                    if meant is not None and abs(len(meant) - len(token)) <= 1:
                        break
                    meant = None
            if meant is not None:
                return meant
        if self._far and 6 <= len(token) <= self._far_longest:
            return self._far_word(token) or token
        return token

    def _far_word(self, token: str) -> str | None:
        """The far key word ``token`` is at most two edits from, with the same first letter."""
        for variant in _deletions_two(token):
            meant = self._far.get(variant)
            if meant is not None and meant[0] == token[0] and _edits(token, meant) <= 2:
                return meant
        return None

    def _implied_subject(self, tokens: list[str]) -> list[str]:
        first = tokens[0]
        if first in self.implied:
            return [*self.implied[first], *tokens]
        follower = tokens[1] if len(tokens) > 1 else ""
        if len(first) >= 5 and first not in _NOT_VERBS and follower in _VERB_FOLLOWERS:
            if first.endswith("ing"):
                return ["i", "am", *tokens]
            if first.endswith("ed"):
                return ["i", *tokens]
        return tokens


_AFTER_IS = frozenset(["not", "no", "never", "so", "too", "been", "got", "gone", "getting", "gonna", "going",
                       "always", "just", "really", "very", "all", "over", "done", "finished", "pointless", "hopeless",
                       "broken", "bad", "worse", "better", "fine", "ok", "okay", "alright", "terrible", "awful",
                       "rubbish", "killing", "playing", "doing", "still", "in", "on", "off", "up", "down", "low", "due",
                       "mashed", "battered", "fried", "wrecked"])
_NUMBER_UNIT = re.compile(r"(\d+(?:\.\d+)?)(kg|kgs|kilos|lbs|lb|st|mg|ml|g|cal|cals|kcal|k|km|mins|hrs|am|pm)")


_STRETCH = re.compile(r"([a-z])\1+")


def _unstretched(token: str) -> list[str]:
    """A stretched word with its letter runs shortened: to two letters, then to one."""
    if not _STRETCH.search(token):
        return []
    return [_STRETCH.sub(r"\1\1", token), _STRETCH.sub(r"\1", token)]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _deletions_two(word: str) -> set[str]:
    """The word with one or two letters left out, and the word itself."""
    once = _deletions(word)
    return {word} | once | {twice for shorter in once for twice in _deletions(shorter)}


def _edits(one: str, other: str) -> int:
    """Letters added, dropped, changed or two swapped to make one word the other (optimal string alignment)."""
    before: list[int] = []
    row = list(range(len(other) + 1))
    for i, a in enumerate(one, start=1):
        current = [i] + [0] * len(other)
        for j, b in enumerate(other, start=1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (a != b))
            if i > 1 and j > 1 and a == other[j - 2] and one[i - 2] == b:
                current[j] = min(current[j], before[j - 2] + 1)
        before, row = row, current
    return row[-1]


def _windows(tokens: list[str]) -> list[list[str]]:
    if len(tokens) <= MAX_CLAUSE_WORDS:
        return [tokens]
    step = MAX_CLAUSE_WORDS - WINDOW_OVERLAP
    return [tokens[start:start + MAX_CLAUSE_WORDS] for start in range(0, len(tokens) - WINDOW_OVERLAP, step)]
