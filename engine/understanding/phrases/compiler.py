"""Compiling parsed phrases to bounded regular expressions, each with the anchors it needs."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from engine.ground.regexes import compiled
from engine.understanding.phrases.alternation import alternation
from engine.understanding.phrases.syntax import (
    ClassRef,
    Edge,
    Gap,
    Group,
    Item,
    NotFollowedBy,
    Number,
    Optional_,
    Person,
    Sequence,
    Word,
    class_refs,
    literal_words,
)
from engine.understanding.phrases.words import MANY, NEGATIVE_WORDS, NUMBER, OTHER_VERBS, group_cost


# -- compiling ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Compiled:
    """One phrase as a matcher: a regex over ``" " + clause + " "`` and its anchor words.

    The regex is compiled the first time a clause holds one of the anchors, so starting up
    costs little however large the vocabulary grows.
    """

    source: str
    pattern: str
    anchors: frozenset[str]  # words (or "prefix*") one of which a clause must contain; empty: always try
    other: bool  # compiled with another person in the speaker's place
    requires: tuple[frozenset[str], ...] = ()  # for each required word of the phrase, the forms it can take
    personal: bool = False  # names the speaker (I, ME, MY, MYSELF), so its subject is known
    denies: bool = False  # holds a negative word itself ("do not want to live"), so one inside it is its own

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        return compiled(self.pattern)  # from code kept by an earlier run when there is some

    def __getstate__(self) -> dict[str, object]:
        """Kept without its compiled regex: a pickled pattern is compiled again, slowly, as it is
        read back, while ``regex`` makes it from kept code when it is first needed."""
        state = dict(self.__dict__)
        state.pop("regex", None)
        return state


class Compiler:
    """Turns parsed phrases into regular expressions, resolving word classes."""

    def __init__(self, classes: Mapping[str, tuple[Sequence, ...]], others: Mapping[str, str]):
        self.classes = classes  # name -> its phrases, parsed
        self.others = others  # person role -> regex for someone else in that role
        self._class_regex: dict[tuple[str, bool], str] = {}

    def body(self, sequence: Sequence, other: bool = False) -> str:
        """The regex of a phrase's words, each with its leading space."""
        return self._sequence(sequence, other)

    @staticmethod
    def required_words(sequence: Sequence) -> list[str] | None:
        """The literal words a match must contain, or None when a class or person is required too."""
        words: list[str] = []
        for item in sequence:
            if isinstance(item, Word) and not item.prefix:
                words.append(item.text)
            elif not isinstance(item, (Optional_, Gap, NotFollowedBy, Edge)):
                return None
        return words

    def compile(self, source: str, sequence: Sequence, other: bool = False) -> Compiled:
        body = self._sequence(sequence, other) if sequence else "(?!x)x"
        anchors = _shared(self._anchors(sequence, other))
        requires = tuple(_shared(group) for group in self._required_groups(sequence, other)
                         if not any(word.endswith("*") for word in group))
        personal = other or self.uses_person(sequence)
        denies = not NEGATIVE_WORDS.isdisjoint(self._words_with_classes(sequence))
        return Compiled(source, body + "(?= )", anchors, other, requires, personal, denies)

    def _words_with_classes(self, sequence: Sequence, seen: tuple[str, ...] = ()) -> set[str]:
        """Every literal word a match of ``sequence`` may hold, its word classes' included: a negative
        word of a class ("go to sleep and not wake up" in `{fade}`) is the phrase's own, as it is
        when written out in the phrase."""
        found = set(literal_words(sequence))
        for ref in class_refs(sequence):
            if ref.name not in seen:
                for alternative in self.classes.get(ref.name, ()):
                    found |= self._words_with_classes(alternative, (*seen, ref.name))
        return found

    def uses_person(self, sequence: Sequence, seen: tuple[str, ...] = ()) -> bool:
        """Whether a match of ``sequence`` names the speaker (word classes included)."""
        for item in sequence:
            inner = item.item if isinstance(item, Optional_) else item
            if isinstance(inner, Person):
                return True
            if isinstance(inner, Group) and any(self.uses_person(alt, seen) for alt in inner.alternatives):
                return True
            if isinstance(inner, ClassRef) and inner.name not in seen and any(
                    self.uses_person(alt, (*seen, inner.name)) for alt in self.classes.get(inner.name, ())):
                return True
        return False

    # The regex of each item matches its words with a leading space: " want to die".
    def _sequence(self, sequence: Sequence, other: bool) -> str:
        parts: list[str] = []
        after_subject = False
        for item in sequence:
            parts.append(self._item(item, other, after_subject))
            after_subject = other and isinstance(item, Person) and item.role == "I"
        return "".join(parts)

    def _item(self, item: Item, other: bool, after_subject: bool = False) -> str:
        if isinstance(item, Word):
            if item.prefix:
                return " " + re.escape(item.text) + r"\S*"
            if other and item.text in OTHER_VERBS:
                return " " + OTHER_VERBS[item.text]
            forms = item.forms
            if after_subject and len(forms) == 1:  # "she wants", "he tries"
                return " " + re.escape(item.text) + "(?:s|es)?"
            return " " + _forms_regex(forms)
        if isinstance(item, Person):
            return self.others[item.role] if other else " " + item.role.lower()
        if isinstance(item, Gap):
            return rf"(?: \S+){{0,{item.size}}}"
        if isinstance(item, Number):
            return " " + (MANY if item.many else NUMBER)
        if isinstance(item, Edge):
            return "(?= $)" if item.end else "^"
        if isinstance(item, ClassRef):
            key = (item.name, other)
            if key not in self._class_regex:
                alternatives = [self._sequence(seq, other) for seq in _longest_first(self.classes[item.name])]
                self._class_regex[key] = alternation(alternatives)
            return self._class_regex[key]
        if isinstance(item, Group):
            return alternation([self._sequence(seq, other) for seq in _longest_first(item.alternatives)])
        if isinstance(item, Optional_):
            return "(?:" + self._item(item.item, other) + ")?"
        if isinstance(item, NotFollowedBy):
            return "(?!" + self._item(item.item, other) + "(?= ))"
        raise TypeError(item)  # pragma: no cover

    # -- anchors: a cheap test that rules a phrase out for most clauses --------------------
    def _required_groups(self, sequence: Sequence, other: bool) -> list[frozenset[str]]:
        """For each required item that starts with a short list of words, those words."""
        groups = []
        for item in sequence:
            if isinstance(item, (Optional_, Gap, NotFollowedBy, Edge)):
                continue
            words = self._first_words(item, other, depth=0)
            if words is not None:
                groups.append(words)
        return groups

    def _anchors(self, sequence: Sequence, other: bool) -> frozenset[str]:
        groups = self._required_groups(sequence, other)
        if not groups:
            return frozenset()
        return min(groups, key=group_cost)

    def _first_words(self, item: Item, other: bool, depth: int) -> frozenset[str] | None:
        """The words a match of ``item`` can start with, or None when that is not a short list."""
        if depth > 6:
            return None
        if isinstance(item, Word):
            return frozenset({item.text + "*"}) if item.prefix else frozenset(item.forms)
        if isinstance(item, Person):
            return None if other else frozenset({item.role.lower()})
        if isinstance(item, (ClassRef, Group)):
            sequences = self.classes[item.name] if isinstance(item, ClassRef) else item.alternatives
            words: set[str] = set()
            for sequence in sequences:
                first = self._first_required(sequence, other, depth + 1)
                if first is None:
                    return None
                words |= first
            return frozenset(words)
        return None

    def _first_required(self, sequence: Sequence, other: bool, depth: int) -> frozenset[str] | None:
        """Words the sequence's first word can be (optional items ahead of it add theirs)."""
        words: set[str] = set()
        for item in sequence:
            if isinstance(item, (NotFollowedBy, Edge)):
                continue
            if isinstance(item, Gap):
                return None
            inner = item.item if isinstance(item, Optional_) else item
            first = self._first_words(inner, other, depth)
            if first is None:
                return None
            words |= first
            if not isinstance(item, Optional_):
                return frozenset(words)
        return None


_SHARED: dict[frozenset[str], frozenset[str]] = {}


def _shared(words: frozenset[str]) -> frozenset[str]:
    """One object for each set of words: a vocabulary's phrases need the same few sets ({"i"},
    {"my"}, a word and its inflections) again and again, and a vocabulary kept between runs
    (engine.ground.cache) stores, and makes again, each object once."""
    return _SHARED.setdefault(words, words)


@functools.cache


def _longest_first(alternatives: Iterable[Sequence]) -> list[Sequence]:
    """Alternatives with more words first, so a match takes the longest ("same old same old", not "same")."""
    return sorted(alternatives, key=lambda sequence: -len(sequence))


def _forms_regex(forms: tuple[str, ...]) -> str:
    """A short regex for a word's forms: the stem they share, then their endings."""
    if len(forms) == 1:
        return re.escape(forms[0])
    stem = forms[0]
    for form in forms[1:]:
        while not form.startswith(stem):
            stem = stem[:-1]
    endings = sorted({form[len(stem):] for form in forms}, key=len, reverse=True)
    optional = "" in endings
    alternatives = "|".join(re.escape(e) for e in endings if e)
    return re.escape(stem) + "(?:" + alternatives + ")" + ("?" if optional else "")
