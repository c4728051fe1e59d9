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
        counted = []
        for match in kept:
            yields = self.rules[Topic(match.label)].yields_to
            if any(match.overlaps(other) for topic in yields for other in by_topic.get(topic.value, [])):
                continue
            counted.append(match)
        return counted

    @staticmethod
    def topics(found: list[Found]) -> tuple[Topic, ...]:
        """The topics raised, in the fixed order of ``Topic``."""
        raised = {match.label for match in found}
        return tuple(topic for topic in Topic if topic.value in raised)
