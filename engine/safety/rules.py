"""The crisis rules: a text in, the most serious construct it states out, with the words that showed it.

``CrisisRules`` holds one vocabulary, compiled. Reading a text goes:

1. the reader cuts it into clauses of plain words (``reading``);
2. each clause is tried only against the phrases whose anchor words it contains;
3. each match is weighed in its clause (``context``): denied, long past, someone else's, a
   story, or one of the construct's own ``unless`` words sets it aside; days ago rather than now
   may lower it (an overdose last week is a near miss, asked about gently);
4. combinations join what was found nearby: lethal means and readiness, a euphemism and a date
   (one with ``recent`` is lowered when a part of it was days ago: a near miss, not now); a
   combination with ``near`` joins concepts of one clause a few words apart in any order (an
   ending, a wish or a readiness, a time: "tonight, after everyone is asleep, it ends");
5. the speaker's most serious construct wins. When there is none but someone else is in danger
   now, the finding is level NONE ``about: other``, so the conversation can offer help for them.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass
from pathlib import Path

from engine.ground.cache import cached
from engine.safety.context import SUBJECTS, ClauseContext, When, dates_the_past
from engine.safety.findings import About, Finding, Level
from engine.safety.vocabulary import VOCABULARY_FILE, Construct, Vocabulary, bundled_vocabulary, read_vocabulary
from engine.understanding.matching import PhraseIndex
from engine.understanding.phrases import Compiled
from engine.understanding.reading import Clause, Reader

MAX_TEXT = 20_000  # characters read of one text (a long post is about 10,000)
_DENIED_CLAUSE = (("not", "that"), ("no", "that"))  # before a clause with its own subject, still a denial


@dataclass(frozen=True)
class Match:
    """One construct found in one clause, and what its context made of it."""

    construct: Construct
    clause: int
    cue: str
    about: About
    level: Level | None  # after time: an overdose days ago is POSSIBLE; None for a cue
    aside: str | None = None  # why it does not count: negated, past, someone else, story, something else
    words: tuple[int, int] = (0, 0)  # where in the clause: combined parts must be different words
    recent: bool = False  # told as days or weeks ago: a combination with `recent:` is lowered by it

    @property
    def counts(self) -> bool:
        return self.aside is None and self.about is About.SELF


class CrisisRules:
    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        self.reader = Reader(vocabulary.lexicon)
        # Every phrase of every construct, filed by the words that can anchor it.
        self.index = PhraseIndex((construct, phrase) for construct in vocabulary.constructs.values()
                                 for phrase in construct.phrases)
        self._combinations = [c for c in vocabulary.constructs.values() if c.all_of]
        self._cue_ids = frozenset(c.id for c in vocabulary.constructs.values() if c.level is None)
        # `near` combinations whose parts are all found by phrases (none is itself a combination):
        # possible only where one clause holds a part of each group
        made = {c.id for c in self._combinations}
        self._near_of_phrases = frozenset(c.id for c in self._combinations if c.near is not None
                                          and not any(group & made for group in c.all_of))
        # Each construct or cue, with the combinations that name it among their parts: what a
        # text's findings can make is worked out from them alone, not by sweeping every combination.
        self._combination_of = {c.id: c for c in self._combinations}
        self._part_of: dict[str, tuple[Construct, ...]] = {}
        for construct in self._combinations:
            for name in frozenset().union(*construct.all_of):
                self._part_of[name] = (*self._part_of.get(name, ()), construct)

    @classmethod
    def from_file(cls, path: Path) -> CrisisRules:
        return cls(read_vocabulary(path))

    # -- the public reading ---------------------------------------------------------------
    def check(self, text: str) -> Finding:
        """The most serious thing ``text`` says about the speaker (or, failing that, someone else)."""
        return self.decide(self.matches(text))

    def matches(self, text: str) -> list[Match]:
        """Everything found, set-aside matches and cues included (for explaining a decision); a
        cue none of whose combinations can be whole in this text is left out unweighed."""
        found: list[Match] = []
        clauses = self.reader.read(text[:MAX_TEXT])
        hits = [list(self.index.find(clause)) for clause in clauses]
        needed = self._cues_needed([{hit.owner.id for hit in found_here} for found_here in hits])
        for index, clause in enumerate(clauses):
            here = [hit for hit in hits[index] if hit.owner.level is not None or hit.owner.id in needed]
            if not here:
                continue  # most clauses: nothing to weigh, so their context is never worked out
            following = clauses[index + 1] if index + 1 < len(clauses) else None
            dated = following is not None and dates_the_past(following, self.vocabulary.context)
            context = ClauseContext(clause, self.vocabulary.context, dated)
            found.extend(self._weigh(hit.owner, hit.phrase, clause, context, hit.start, hit.end) for hit in here)
        found.extend(self._combine(found))
        return found

    def _cues_needed(self, per_clause: list[set[str]]) -> set[str]:
        """The cues found that can take part in a combination: one whose every part (cue, construct
        or another combination that can itself be made) was found somewhere in the text, or, for a
        `near` combination of found phrases, in one clause. A cue counts only in combinations, so
        weighing the others (their clause's negation, time, subject) is waste: the concept cues
        ("want", "tonight") are in most texts, their combinations in few."""
        present = set().union(*per_clause) if per_clause else set()
        if present.isdisjoint(self._cue_ids):
            return set()
        # What can be made grows from what was found: a combination can become possible only when
        # one of its parts has, so only the combinations of what was just added are looked at again
        # (a worklist; the same fixed point as sweeping all of them until nothing changes, at a
        # fraction of the cost: most texts hold a cue or two, few of their combinations).
        possible = set(present)
        waiting = [construct for name in present for construct in self._part_of.get(name, ())]
        while waiting:
            construct = waiting.pop()
            if construct.id in possible or any(group.isdisjoint(possible) for group in construct.all_of):
                continue
            if construct.id in self._near_of_phrases and not any(
                    all(not group.isdisjoint(ids) for group in construct.all_of) for ids in per_clause):
                continue  # its parts are in the text, but never all in one clause
            possible.add(construct.id)
            waiting.extend(self._part_of.get(construct.id, ()))
        needed: set[str] = set()
        for name in possible:
            made = self._combination_of.get(name)
            if made is not None:
                for group in made.all_of:
                    needed |= group & possible
        return needed

    @staticmethod
    def decide(matches: list[Match]) -> Finding:
        best: Match | None = None
        for match in matches:
            if match.counts and match.level is not None and (best is None or best.level is None
                                                             or match.level > best.level):
                best = match
        if best is not None and best.level is not None:
            return Finding(best.level, best.construct.id, best.cue)
        for match in matches:
            if (match.about is About.OTHER and match.aside is None and match.construct.level is not None
                    and match.construct.about_others):
                return Finding(Level.NONE, match.construct.id, match.cue, About.OTHER)
        for match in matches:
            if match.aside is not None and match.construct.level is not None:
                return Finding(Level.NONE, f"{match.construct.id}({match.aside})", match.cue)
        return Finding(Level.NONE)

    # -- one clause -------------------------------------------------------------------------
    def _weigh(self, construct: Construct, phrase: Compiled, clause: Clause, context: ClauseContext,
               start: int, end: int) -> Match:
        cue = clause.words(start, end)
        if phrase.other:
            about = About.OTHER
        elif construct.anyone or context.speaker_in(start, end):
            about = About.SELF
        else:
            about = About.OTHER if context.someone_else(start) else About.SELF
        level = construct.level

        def aside(reason: str) -> Match:
            return Match(construct, clause.index, cue, about, level, reason, (start, end))

        denied_clause = clause.tokens[max(start - 2, 0):start] in _DENIED_CLAUSE  # "not that i feel unsafe"
        if (context.negated(start) and (clause.tokens[start] not in SUBJECTS or denied_clause)) or (
                not phrase.denies and context.denies_within(start, end)):  # "if I don't, he hits me"
            return aside("negated")
        when = context.when(start, end)
        if when is When.PAST and construct.past:
            return aside("past")
        if context.in_story(start, end, whole=".." not in phrase.source):
            return aside("story")
        if construct.unless and any(u.regex.search(clause.padded) for u in construct.unless):
            return aside("something else")
        if when is When.RECENT and construct.recent is not None and level is not None:
            level = min(level, construct.recent)
        return Match(construct, clause.index, cue, about, level, words=(start, end), recent=when is When.RECENT)

    # -- combinations -------------------------------------------------------------------------
    def _combine(self, found: list[Match]) -> list[Match]:
        """Each combination whose parts are all found within ``within`` clauses of the first."""
        combined: list[Match] = []
        by_construct: dict[str, list[Match]] = {}  # what counts, per construct, in clause order
        for match in found:
            if match.counts:
                by_construct.setdefault(match.construct.id, []).append(match)
        if not by_construct:
            return combined  # the common case: nothing that counts, so no combination can be made
        for construct in self._combinations:
            if any(group.isdisjoint(by_construct) for group in construct.all_of):
                continue  # some part is not there at all
            made = self._combination(construct, by_construct)
            if made is not None:
                combined.append(made)
                by_construct.setdefault(construct.id, []).append(made)  # a later combination may use it
        return combined

    @staticmethod
    def _combination(construct: Construct, by_construct: dict[str, list[Match]]) -> Match | None:
        """The first way ``construct``'s parts join (``_combine`` has checked each part is there)."""
        # Names in a stable order, so the cue shown does not depend on the set's hash order.
        groups = [sorted((m for name in sorted(group) for m in by_construct.get(name, ())),
                         key=lambda m: m.clause)
                  for group in construct.all_of]
        clauses = [[m.clause for m in group] for group in groups]
        near = construct.near
        for anchor in groups[0]:
            parts = [anchor]
            for group, where in zip(groups[1:], clauses[1:], strict=True):
                low = bisect.bisect_left(where, anchor.clause - construct.within)
                part = next((m for m in group[low:] if m.clause <= anchor.clause + construct.within
                             and not any(_overlap(m, p) for p in parts)
                             and (near is None or any(_gap(m, p) <= near for p in parts))), None)
                if part is None:
                    break
                parts.append(part)
            else:
                cue = " + ".join(dict.fromkeys(p.cue for p in parts))
                recent = any(p.recent for p in parts)  # "took too many last month, was sick all night"
                level = construct.level
                if recent and construct.recent is not None and level is not None:
                    level = min(level, construct.recent)
                words = anchor.words
                if near is not None:  # one clause: the words of all its parts, for a later combination
                    words = (min(p.words[0] for p in parts), max(p.words[1] for p in parts))
                return Match(construct, anchor.clause, cue, About.SELF, level, words=words, recent=recent)
        return None

def _gap(one: Match, other: Match) -> int:
    """How many words lie between two matches of one clause, in either order (0 when they touch)."""
    if one.clause != other.clause:
        return MAX_TEXT
    (a, b), (c, d) = one.words, other.words
    return max(c - b, a - d, 0)


def _overlap(one: Match, other: Match) -> bool:
    """Whether two parts of a combination are one thing: more than half the words of one lie within the
    other's ("wrote my will" found by two cue lists; "wish I could go to sleep and not wake" and "go to
    sleep and not wake up"), not merely touching ("better off if I was" + "gone for good")."""
    if one.clause != other.clause:
        return False
    (a, b), (c, d) = one.words, other.words
    shared = min(b, d) - max(a, c)
    return shared > 0 and 2 * shared > min(b - a, d - c)


@functools.lru_cache(maxsize=1)
def default_rules() -> CrisisRules:
    """The bundled rules, compiled (about 1.5 s) or, when crisis.yaml and this code are unchanged,
    as compiled last time (engine.ground.cache)."""
    return cached("safety-rules", [VOCABULARY_FILE], [Path(__file__).resolve().parent,
                                                       Path(__file__).resolve().parents[1] / "understanding"],
                  CrisisRules, lambda: CrisisRules(bundled_vocabulary()))


def check(text: str) -> Finding:
    """What the bundled rules make of ``text``."""
    return default_rules().check(text)


def told(rule: str | None) -> str:
    """How the person's own summary says what a finding was ("you were thinking of ending your
    life"); empty for a rule the bundled vocabulary no longer has (the template says it plainly)."""
    construct = default_rules().vocabulary.constructs.get((rule or "").split("(", 1)[0])
    return construct.told if construct is not None else ""


def says(rule: str | None) -> str:
    """What a rule means, for facilitators ("thoughts of how they would do it")."""
    construct = default_rules().vocabulary.constructs.get((rule or "").split("(", 1)[0])
    return construct.says if construct is not None else ""
