"""The feeling an answer carries: its good and bad elements, weighed word by word.

Positive and negative phrases are found in every clause; where matches overlap, the longest
decides ("not good" is bad, "not bad" is neither), and ``neutral`` phrases take the words they
cover out of the count ("good question", "on a good day"). A ``negation`` just before a good
element makes it bad ("not happy", "never got round to it") and just before a bad one sets it
aside ("not stressed"). Approval inside a wish ("being a good dad") does not count; a ``mixed``
phrase is both at once ("the only time I relax"). Raising a topic that is itself a bad element
(worry, low mood, a death) adds one. Then: both kinds make ``mixed``, one kind makes it
``positive`` or ``negative``, none ``neutral``.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.understanding.listening.heard import Feeling
from engine.understanding.listening.matcher import PhraseList
from engine.understanding.listening.spans import Found, longest_first
from engine.understanding.listening.vocabulary import Feelings
from engine.understanding.reading import Clause

_OCCASION_REACH = 6  # words after "when I ..." that tell the occasion
_REACH = 2  # words between a negation and the element it turns: "not really happy", "never got round to it"


class FeelingReader:
    def __init__(self, feelings: Feelings):
        self.elements = PhraseList([("positive", feelings.positive), ("negative", feelings.negative),
                                    ("neutral", feelings.neutral), ("mixed", feelings.mixed)])
        self.wishes = PhraseList([("wish", feelings.wish)])
        self.negations = PhraseList([("not", feelings.negation)])
        self.occasions = PhraseList([("occasion", feelings.occasion)])

    def elements_of(self, clauses: list[Clause], bad_topics: list[Found], aside: Sequence[Found] = (),
                    occasions_aside: bool = False, done: Sequence[Found] = (),
                    dodges: Sequence[Found] = ()) -> list[Found]:
        """The elements that count: after overlaps, negations and wishes, the neutral ones dropped.
        Matches within ``aside`` (the words of a non-answer: "not sure", "no one") or a dodge never
        count, though a bad topic in a dodge does (sarcasm is read for its meaning); with
        ``occasions_aside``, bad words told as the occasion of what helped do not count either."""
        found = self.elements.find(clauses) + [Found("positive", d.clause, d.start, d.end, d.words) for d in done]
        kept = [m for m in longest_first(found) if not any(m.within(a) for a in (*aside, *dodges))]
        if occasions_aside:
            # a past event only ("when I lost my flat"), not something still going on ("when my partner kicks off")
            tokens = {clause.index: clause.tokens for clause in clauses}
            occasions = [o for o in self.occasions.find(clauses)
                         if _past(tokens[o.clause][o.end:o.end + _OCCASION_REACH])]
            if occasions:
                kept = [m for m in kept if not (m.label == "negative" and any(
                    o.clause == m.clause and o.start <= m.start <= o.end + _OCCASION_REACH for o in occasions))]
                bad_topics = [t for t in bad_topics if not any(
                    o.clause == t.clause and o.start <= t.start <= o.end + _OCCASION_REACH for o in occasions)]
        wishes = self.wishes.find(clauses)
        negations = self.negations.find(clauses)
        counted = []
        for match in kept:
            if match.label == "neutral":
                continue
            if match.label in ("positive", "negative") and any(
                    n.clause == match.clause and match.start - _REACH <= n.end <= match.start for n in negations):
                if match.label == "negative":
                    continue  # "not stressed"
                match = Found("negative", match.clause, match.start, match.end, match.words)
            elif match.label == "positive" and any(match.within(wish) for wish in wishes):
                continue
            counted.append(match)
        for topic in bad_topics:  # worry, low mood, a death: bad wherever the feeling words are not
            if any(topic.within(wish) for wish in wishes):
                continue
            if not any(topic.overlaps(match) for match in kept if match.label in ("positive", "neutral")):
                counted.append(Found("negative", topic.clause, topic.start, topic.end, topic.words))
        return counted

    @staticmethod
    def decide(elements: list[Found]) -> Feeling:
        labels = {match.label for match in elements}
        if "mixed" in labels or {"positive", "negative"} <= labels:
            return Feeling.MIXED
        if "positive" in labels:
            return Feeling.POSITIVE
        if "negative" in labels:
            return Feeling.NEGATIVE
        return Feeling.NEUTRAL


_PAST = frozenset(["lost", "left", "went", "was", "were", "had", "got", "fell", "broke", "split", "came", "took",
                   "died", "passed", "moved", "ran", "quit", "hit", "spent", "did", "made", "gave", "found", "kicked",
                   "threw", "became", "began", "sat", "slept", "drank", "stole", "wrote", "woke", "felt", "lay"])


def _past(words: Sequence[str]) -> bool:
    """Whether the words tell a past event: a past tense ("died", "lost", "got evicted")."""
    return any(word in _PAST or (len(word) > 4 and word.endswith("ed")) for word in words)
