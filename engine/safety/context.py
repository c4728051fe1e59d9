"""What the words around a match say about it: denied, long past, someone else's, or a story.

Each question is answered from the vocabulary's ``context`` lists, for one clause at a time:

- *negation*: "not", "never", "no longer" a few words before the match, in the same part of the
  clause ("I never thought I'd be someone who wants to die" is not a denial: "who" starts a new
  part). Phrases such as "not sure" or "can't stop" hold a negative word but deny nothing.
- *time*: the distant past ("years ago", "used to", "as a teenager") sets a match aside unless
  something brings it back ("again", "last night"); days or weeks ago is *recent*.
- *subject*: for a phrase with no person in it ("suicidal", "overdosed"), the nearest subject
  before it says whose it is: "I" or "me", or someone else ("my sister", "she").
- *story*: a film, a book, a game or the news: what happens in it is nobody's danger here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import cached_property

from engine.ground.regexes import compiled
from engine.safety.vocabulary import Context
from engine.understanding.phrases import Compiled
from engine.understanding.reading import Clause

NEGATION_REACH = 5  # words before a match that a negation can reach
TIME_BEFORE, TIME_AFTER = 14, 10  # words around a match where a time word applies to it
FIRST_PERSON = frozenset({"i", "me", "my", "myself", "mine"})
_COPULA = frozenset({"be", "am", "was", "being", "become", "became"})
# A new subject ends a negation's reach: "never giving, everyone must be sick of me".
SUBJECTS = frozenset({"i", "he", "she", "they", "we", "you", "everyone", "everybody", "people", "someone",
                      "somebody"})
# Before a person, these make them an object ("goodbye to my mum"), not the one doing it.
_PREPOSITIONS = frozenset(["to", "for", "with", "from", "at", "about", "of", "by", "than", "like", "onto", "into",
                           "toward", "towards", "without"])
# Words after which a person is the object, not the subject: "got all my grandad's pills", "told my mum".
_OBJECT_AFTER = frozenset(["all", "got", "have", "had", "took", "take", "taking", "bought", "stole", "found",
                           "grabbed", "nicked", "used", "told", "tell", "called", "call", "rang", "texted", "asked",
                           "love", "miss", "hate", "left", "leave"])

# Just before a match with no person in it, someone else's act: "hear her purging", "saw him cutting".
_THEIR_OWN = frozenset(["her", "him", "them", "his", "their"])
_DETERMINERS = frozenset(["a", "an", "the", "some", "this", "that", "his", "her", "their", "its"])


class When(str, Enum):
    NOW = "now"  # or no time given
    RECENT = "recent"  # days or weeks ago
    PAST = "past"  # the distant past, or over


Span = tuple[int, int]  # word indices [start, end) in a clause


def dates_the_past(clause: Clause, context: Context) -> bool:
    """Whether a clause only places what came before it in the past: "that was years ago"."""
    return (clause.tokens[:1] in (("that",), ("it",), ("this",), ("all",))
            and bool(spans(clause, context.past)) and len(clause.tokens) <= 12)


def spans(clause: Clause, matchers: tuple[Compiled, ...]) -> list[Span]:
    """Where any of the phrases matches in the clause (one combined search)."""
    found = []
    for match in _combined(matchers).finditer(clause.padded):
        found.append((clause.token_at(match.start() + 1), clause.token_at(match.end() + 1)))
    return found


_COMBINED: dict[int, tuple[tuple[Compiled, ...], re.Pattern[str]]] = {}


def _combined(matchers: tuple[Compiled, ...]) -> re.Pattern[str]:
    """One regex for a list of phrases (each keeps its own lookahead for the word's end),
    kept by the list's identity: the lists are the vocabulary's own, made once."""
    kept = _COMBINED.get(id(matchers))
    if kept is None or kept[0] is not matchers:
        kept = (matchers, compiled("|".join(f"(?:{m.pattern})" for m in matchers) or "(?!x)x"))
        _COMBINED[id(matchers)] = kept
    return kept[1]


@dataclass
class ClauseContext:
    """The context words of one clause, found once and asked about for each match in it."""

    clause: Clause
    context: Context
    dated_past: bool = False  # the next clause says this one is long past ("...but that was years ago")

    @cached_property
    def _negations(self) -> list[Span]:
        masked = {i for start, end in spans(self.clause, self.context.not_negation) for i in range(start, end)}
        return [(s, e) for s, e in spans(self.clause, self.context.negation) if not masked & set(range(s, e))]

    @cached_property
    def _times(self) -> dict[str, list[Span]]:
        found = {name: spans(self.clause, getattr(self.context, name)) for name in ("past", "recent", "now", "again")}
        tokens = self.clause.tokens  # "never again" closes the past; it does not bring it back
        found["again"] = [(s, e) for s, e in found["again"] if not (s >= 1 and tokens[s - 1] == "never")]
        return found

    @cached_property
    def _someone(self) -> list[Span]:
        return spans(self.clause, self.context.someone)

    def denies_within(self, start: int, end: int) -> bool:
        """A negation inside a match (in a phrase's gap: "I am not going to kill myself")."""
        return any(start < s and e <= end for s, e in self._negations)

    @cached_property
    def _speaker(self) -> list[int]:
        """Where the speaker is named (i, me, my...), outside anyone else's name ("my sister")."""
        covered = {i for s, e in self._someone for i in range(s, e)}
        return [i for i, token in enumerate(self.clause.tokens) if token in FIRST_PERSON and i not in covered]

    @cached_property
    def _stories(self) -> list[Span]:
        return spans(self.clause, self.context.story)

    def speaker_in(self, start: int, end: int) -> bool:
        return any(start <= i < end for i in self._speaker)

    def in_story(self, start: int, end: int, whole: bool = False) -> bool:
        """Whether the words at ``start`` are told of a story: a story word in the clause with no
        mention of the speaker between it and them ("a film where he...", "died in fortnite"),
        while "the film made me want to die" is the speaker's own. With ``whole`` (a phrase with no
        gaps), a story word that is one of the match's own words ("my funeral songs") is not one."""
        for s, e in self._stories:
            if whole and start <= s and e <= end:
                continue
            low, high = (e, start) if e <= start else (end, s)
            if not any(low <= i < high for i in self._speaker):
                return True
        return False

    def negated(self, start: int) -> bool:
        reach = max(0, start - NEGATION_REACH)
        tokens = self.clause.tokens
        if tokens[start] in self.context.boundary and tokens[start] != "that":
            return False  # a match that starts a new part of the clause: "she's not left alone when they find me"
        for index in range(start - 1, reach - 1, -1):  # a new part of the clause ends the reach
            if tokens[index] in self.context.boundary and not (tokens[index] == "that" and index > 0
                                                                and tokens[index - 1] in ("not", "no")):
                reach = index + 1  # ...but "not that I feel unsafe" denies what follows "that"
                break
        for s, e in self._negations:
            if reach <= s and e <= start:
                between = self.clause.tokens[e:start]
                if not any(token in SUBJECTS for token in between):  # "no, i want to die"; "won't accept me, i can't"
                    return True
                if between[:1] == ("that",) and tokens[e - 1] in ("not", "no"):  # "not that i want to die"
                    return True
        return False

    def when(self, start: int, end: int) -> When:
        """The time of a match: anything that brings it back wins, else the nearest time word."""
        low, high = start - TIME_BEFORE, end + TIME_AFTER

        def distance(name: str) -> int | None:
            near = [max(s - end, start - e, 0) for s, e in self._times[name] if s < high and e > low]
            return min(near) if near else None

        if distance("again") is not None:
            return When.NOW
        if any(start < s and e < end for s, e in self._times["past"]):
            return When.PAST  # the match tells its own time: "my stepdad used to beat me every night"
        found = {when: d for when, d in ((When.NOW, distance("now")), (When.RECENT, distance("recent")),
                                         (When.PAST, distance("past"))) if d is not None}
        if not found:
            return When.PAST if self.dated_past else When.NOW
        return min(found, key=lambda when: (found[when], list(When).index(when)))

    def someone_else(self, start: int) -> bool:
        """Whether the nearest subject at or before ``start`` is someone other than the speaker."""
        tokens = self.clause.tokens
        others = [(s, e) for s, e in self._someone if s <= start
                  and not (s >= 1 and tokens[s - 1] in _COPULA)  # "i would be someone who..."
                  and not (s >= 1 and tokens[s - 1] in _PREPOSITIONS)  # "goodbye to my mum": an object
                  and not (s >= 1 and tokens[s - 1] in _OBJECT_AFTER)  # "took my dad's pills"
                  # "me and my girlfriend", "my girlfriend and i": the speaker is in the subject too
                  and not (s >= 2 and tokens[s - 1] == "and" and tokens[s - 2] in FIRST_PERSON)
                  and not (e + 1 < len(tokens) and tokens[e] == "and" and tokens[e + 1] in FIRST_PERSON)]
        if start >= 1 and tokens[start - 1] in _THEIR_OWN:  # "i can hear her purging": her act, not mine
            return True
        nearest_other = max((s for s, _ in others), default=-1)
        # "me" is no subject before what it is given ("left me a goodbye letter"), as it is in "makes me want to"
        nearest_self = max((i for i in self._speaker if i < start and not (
            tokens[i] == "me" and i + 1 < len(tokens) and tokens[i + 1] in _DETERMINERS)), default=-1)
        return nearest_other > nearest_self
