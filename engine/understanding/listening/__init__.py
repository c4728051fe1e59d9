"""Listening: what a client's answer gives, raises and feels, by explainable rules.

``listen(answer, question)`` reads the answer once into clauses and returns a ``Heard``:

- ``nonanswer``: it gives nothing usable for *this* question ("I don't know", "nobody really",
  a joke that dodges it), so a dialogue offers examples or records "none yet", never a strength;
- ``topics``: the parts of life it raises (loss, money, housing, work, health, relationships,
  loneliness, anxiety, low mood, substance, sleep, children), for a short acknowledgement;
- ``feeling``: positive, negative, mixed or neutral, so praise fits what was said.

Every decision carries its ``evidence``: the words that produced it. The rules are data in
``listening.yaml`` (see ``vocabulary``).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from engine.ground.cache import Packed, cached, unpacked
from engine.understanding.listening.feeling import FeelingReader
from engine.understanding.listening.heard import Evidence, Feeling, Heard
from engine.understanding.listening.matcher import PhraseList
from engine.understanding.listening.nonanswers import NonanswerRules
from engine.understanding.listening.spans import Found
from engine.understanding.listening.topics import TopicRulesFinder
from engine.understanding.listening.vocabulary import (
    VOCABULARY_FILE,
    ListeningVocabulary,
    Needs,
    QuestionKind,
    Topic,
    bundled_listening,
    read_listening,
)
from engine.understanding.reading import Reader

__all__ = ["Evidence", "Feeling", "Heard", "Listener", "Needs", "Topic", "listen", "nonanswer"]

MAX_TEXT = 20_000  # characters listened to (an answer is at most 10,000)
# "NA" in capitals, or "na" after a word that names a place or a group, is Narcotics Anonymous; a
# lower-case "na" elsewhere is "no" or "nothing" (a spelling in listening.yaml).
_NARCOTICS_ANONYMOUS = re.compile(r"\bNA\b|\b((?i:the|at|from|to|my|an|of|and|in)\s+)(?i:na)\b")
_KINDS_KEPT = 4096  # question texts whose kind is remembered...
_KIND_LONGEST = 1000  # ...when no longer than this (a question may quote a long answer)
_PROBLEM_WORDS = 3  # "the drinking, obviously" names a problem; a bare "work" only a topic


class Listener:
    """One listening vocabulary, compiled: answers in, ``Heard`` out."""

    # Kept packed in the cache (engine.ground.cache.Packed), unpickled when first used: deciding
    # whether an answer gives nothing, which every answer needs, reads neither the topics nor the
    # feelings unless the verdict does, and the vocabulary itself is never read once compiled (the
    # three are four fifths of the entry: a conversation's start read 2.4 MB for 0.5 MB it used).
    _PACKED = ("_vocabulary", "_topic_finder", "_feelings")

    def __init__(self, vocabulary: ListeningVocabulary):
        self._vocabulary: ListeningVocabulary | Packed[ListeningVocabulary] = vocabulary
        self.reader = Reader(vocabulary.lexicon)
        self.kinds = {kind.name: kind for kind in vocabulary.questions}
        self.questions = PhraseList([(kind.name, kind.phrases) for kind in vocabulary.questions])
        self.nonanswers = NonanswerRules(vocabulary.nonanswers).with_answers(vocabulary.questions)
        self._topic_finder: TopicRulesFinder | Packed[TopicRulesFinder] = TopicRulesFinder(vocabulary.topics)
        self._feelings: FeelingReader | Packed[FeelingReader] = FeelingReader(vocabulary.feelings)
        self._bad = {rule.topic.value for rule in vocabulary.topics if rule.negative}
        self.nonanswers.bad_topics = self._bad
        self.done = {kind.name: PhraseList([("done", kind.done)]) for kind in vocabulary.questions if kind.done}

    @classmethod
    def from_file(cls, path: Path) -> Listener:
        return cls(read_listening(path))

    def kind_of(self, question: str | None) -> QuestionKind | None:
        """What a question asks for, from its words: the kind whose phrases match first."""
        if not question:
            return None
        # A dialogue asks the same few questions of everyone: each is read once (bounded in count
        # and length, so question texts made from answers cannot grow it much).
        known = self.__dict__.setdefault("_kind_of", {})
        if question in known:
            kind: QuestionKind | None = known[question]
            return kind
        found = self.questions.find(self.reader.read(question[:MAX_TEXT]))
        kind = self.kinds[min(found, key=lambda f: (f.clause, f.start, -f.length)).label] if found else None
        if len(known) < _KINDS_KEPT and len(question) <= _KIND_LONGEST:
            known[question] = kind
        return kind

    @property
    def vocabulary(self) -> ListeningVocabulary:
        found = self._vocabulary = unpacked(self._vocabulary)
        return found

    @property
    def topic_finder(self) -> TopicRulesFinder:
        found = self._topic_finder = unpacked(self._topic_finder)
        return found

    @property
    def feelings(self) -> FeelingReader:
        found = self._feelings = unpacked(self._feelings)
        return found

    def __getstate__(self) -> dict[str, object]:
        """Kept without the questions read (engine.ground.cache): those are this process's own;
        the parts most answers do not need are packed apart (``_PACKED``)."""
        state = dict(self.__dict__)
        state.pop("_kind_of", None)
        for name in self._PACKED:
            if not isinstance(state[name], Packed):
                state[name] = Packed(state[name])
        return state

    def listen(self, answer: str, question: str | None = None, asks: str | None = None) -> Heard:
        """``asks`` names the kind of question directly (a dialogue's ``listen:``); otherwise
        it is read from the ``question``'s words."""
        reading = _Reading(self, answer, question, asks)
        kind, topic_matches = reading.kind, reading.topics
        nonanswer, evidence = reading.judge()
        elements = reading.elements
        if nonanswer and kind is not None and kind.occasions:  # nothing helped, so a hardship is no occasion
            elements = reading.feeling_elements(occasions=False)
        elements += [Found("negative", m.clause, m.start, m.end, m.words) for m in reading.dodging.sore]
        if reading.problems_named and any(e.label in ("nothing", "little") for e in evidence):
            # after "nothing", a topic told with good news is no problem ("nothing, the kids are sound")
            good = {e.clause for e in elements if e.label == "positive"}
            named = {(m.clause, m.start, m.end) for m in topic_matches if m.label not in self._bad}
            elements = [e for e in elements
                        if not (e.label == "negative" and (e.clause, e.start, e.end) in named and e.clause in good)]
        evidence += [Evidence("topic", m.label, m.words) for m in topic_matches]
        topics = TopicRulesFinder.topics(topic_matches)
        if nonanswer and kind is not None and kind.nothing_raises and any(e.label == "nothing" for e in evidence):
            topics = tuple(t for t in Topic if t in topics or t in kind.nothing_raises)  # "nothing" to "good at?"
            if any(t.value in self._bad for t in kind.nothing_raises):
                elements.append(Found("negative", 0, 0, 0, "nothing"))
        evidence += [Evidence("feeling", m.label, m.words) for m in elements]
        return Heard(nonanswer, topics, self.feelings.decide(elements),
                     kind.name if kind else None, tuple(evidence))

    def nonanswer(self, answer: str, question: str | None = None, asks: str | None = None) -> bool:
        """``listen(...).nonanswer`` alone: the topics and feelings are worked out only when the
        verdict needs them (content after an empty start), which most answers do not."""
        return _Reading(self, answer, question, asks).judge()[0]


class _Reading:
    """One answer as the listening rules read it: its clauses, empty phrases and dodges at once;
    its topics and feeling elements when first asked for (``Content``)."""

    def __init__(self, listener: Listener, answer: str, question: str | None, asks: str | None):
        self.listener = listener
        self.kind = listener.kinds.get(asks) if asks else listener.kind_of(question)
        self.text = answer[:MAX_TEXT]
        self.clauses = listener.reader.read(_NARCOTICS_ANONYMOUS.sub(_spell_narcotics_anonymous, self.text))
        self.cover = listener.nonanswers.cover(self.clauses)
        self.dodging = listener.nonanswers.dodging(self.clauses, self.kind)
        self.dodges = self.dodging.dodges

    def judge(self) -> tuple[bool, list[Evidence]]:
        return self.listener.nonanswers.judge(self.text, self.clauses, self.kind, self)

    @functools.cached_property
    def topics(self) -> list[Found]:
        matches = self.listener.topic_finder.find(self.clauses)
        return matches + [Found("low_mood", m.clause, m.start, m.end, m.words) for m in self.dodging.put_downs  # T14
                          if not any(t.label == "low_mood" and t.overlaps(m) for t in matches)]

    @functools.cached_property
    def problems_named(self) -> bool:
        kind = self.kind
        return kind is not None and kind.topics_feel_bad and len(self.text.split()) >= _PROBLEM_WORDS

    @functools.cached_property
    def elements(self) -> list[Found]:
        return self.feeling_elements(occasions=self.kind is not None and self.kind.occasions)

    def feeling_elements(self, occasions: bool) -> list[Found]:
        """The feeling elements that count; ``occasions``: a hardship may be the occasion asked about."""
        listener, kind = self.listener, self.kind
        blank = [m for m in self.cover if m.label != "filler"]  # "not sure", "no one": no feeling of their own
        bad = [m for m in self.topics if m.label in listener._bad or self.problems_named]
        done = listener.done[kind.name].find(self.clauses) if kind is not None and kind.name in listener.done else []
        return listener.feelings.elements_of(self.clauses, bad, blank, occasions, done, self.dodges)


def _spell_narcotics_anonymous(match: re.Match[str]) -> str:
    return (match.group(1) or "") + "narcotics anonymous"


@functools.lru_cache(maxsize=1)
def default_listener() -> Listener:
    """The bundled listening rules, compiled, or as compiled last time when listening.yaml and the
    understanding code are unchanged (engine.ground.cache)."""
    return cached("listening", [VOCABULARY_FILE], [Path(__file__).resolve().parents[1]], Listener,
                  lambda: Listener(bundled_listening()))


def listen(answer: str, question: str | None = None, asks: str | None = None) -> Heard:
    """What the bundled listening rules hear in ``answer`` (see ``Listener.listen``)."""
    return default_listener().listen(answer, question, asks)


def nonanswer(answer: str, question: str | None = None, asks: str | None = None) -> bool:
    """Whether ``answer`` gives nothing usable for the question (``Listener.nonanswer``)."""
    return default_listener().nonanswer(answer, question, asks)
