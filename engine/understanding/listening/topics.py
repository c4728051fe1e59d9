"""The life topics an answer raises: each topic's phrases, less what its context sets aside.

A match is set aside when one of its topic's ``unless`` phrases overlaps it ("money's not the
problem", "lost my keys"), and when it lies inside a match of a topic it yields to (a mum who
has died is loss, not relationships).
"""

from __future__ import annotations

from engine.understanding.listening.matcher import PhraseList
from engine.understanding.listening.spans import Found
from engine.understanding.listening.vocabulary import Topic, TopicRules
from engine.understanding.reading import Clause


class TopicRulesFinder:
    def __init__(self, rules: tuple[TopicRules, ...]):
        self.rules = {rule.topic: rule for rule in rules}
        self.phrases = PhraseList([(rule.topic.value, rule.phrases) for rule in rules])
        self.unless = PhraseList([(rule.topic.value, rule.unless) for rule in rules])

    def find(self, clauses: list[Clause]) -> list[Found]:
        """The matches that count, one or more per topic raised, in clause order."""
        found = self.phrases.find(clauses)
        aside = self.unless.find(clauses)
        kept = [match for match in found
                if not any(other.label == match.label and other.overlaps(match) for other in aside)]
        by_topic: dict[str, list[Found]] = {}
        for match in kept:
            by_topic.setdefault(match.label, []).append(match)
        # Each clause's first word on one line through the answer, so nearness crosses commas.
        offsets, total = {}, 0
        for clause in clauses:
            offsets[clause.index] = total
            total += len(clause.tokens)
        counted = []
        for match in kept:
            rule = self.rules[Topic(match.label)]
            others = [other for topic in rule.yields_to for other in by_topic.get(topic.value, [])]
            if any(match.overlaps(other) or _near(match, other, offsets, rule.yields_within) for other in others):
                continue
            counted.append(match)
        return counted

    @staticmethod
    def topics(found: list[Found]) -> tuple[Topic, ...]:
        """The topics raised, in the fixed order of ``Topic``."""
        if not found:
            return ()
        raised = {match.label for match in found}
        return tuple(topic for topic, value in _IN_ORDER if value in raised)


_IN_ORDER = tuple((topic, topic.value) for topic in Topic)  # asking an Enum member its value is a call


def _near(one: Found, other: Found, offsets: dict[int, int], within: int) -> bool:
    if within <= 0:
        return False
    start, end = offsets[one.clause] + one.start, offsets[one.clause] + one.end
    other_start, other_end = offsets[other.clause] + other.start, offsets[other.clause] + other.end
    return other_start - within <= end and start <= other_end + within - 1
