"""Whether an answer asks a question of its own, and which topic it asks about.

A person may answer "What would you like to work on?" with "is there a group that isn't AA?".
``QuestionFinder.asked(text)`` finds the sentences of a text that ask (they end with "?" or start
like a question: ``openers`` in ``asking.yaml``) and, in those only, the first of the labelled
phrases given to it (an information card's ``asked_by``) that matches. An answer that asks
nothing ("I went to an AA group last week") is never matched, whatever its words.

The rules are data (``asking.yaml``), read strictly like every vocabulary; every decision keeps
the words that made it (``Asked.words``).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.ground.errors import DialogueLoadError
from engine.understanding.listening.matcher import PhraseList
from engine.understanding.phrasebook import PhrasebookReader
from engine.understanding.phrases import Compiled, Compiler
from engine.understanding.phrases.syntax import Sequence as Parsed
from engine.understanding.reading import Lexicon, Reader

ASKING_FILE = Path(__file__).with_name("asking.yaml")
TOP_KEYS = ("words", "spellings", "openers")
MAX_TEXT = 2_000  # characters read for questions: a question worth a card is said early and short
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


@dataclass(frozen=True)
class AskingRules:
    openers: tuple[Compiled, ...]  # a sentence starting like this asks, with or without "?"
    classes: dict[str, tuple[Parsed, ...]]  # word classes the topics' phrases may use
    lexicon: Lexicon


@dataclass(frozen=True)
class Asked:
    """A question the text asks about a topic: the topic's label, the sentence, the words that matched."""

    label: str
    question: str
    words: str


class _AskingReader(PhrasebookReader):
    def read(self) -> AskingRules:
        root = self.root("the asking rules need `openers`")
        top = self.mapping(root, "the asking rules") if root is not None else None
        if top is None or root is None:
            raise DialogueLoadError(self.problems)
        self.check_keys(top, TOP_KEYS, "the asking rules")
        self.require(top, ("openers",), root, "the asking rules")
        classes = self.word_classes(top["words"][1]) if "words" in top else {}
        self.compiler = Compiler(classes, {})
        openers = tuple(self.compile(text, parsed, item)
                        for text, parsed, item in self.phrases(top["openers"][1], "`openers`")) \
            if "openers" in top else ()
        spellings = self.spellings(top["spellings"][1]) if "spellings" in top else {}
        if self.problems:
            raise DialogueLoadError(self.problems)
        return AskingRules(openers, classes, self.lexicon(spellings))


def read_asking(path: Path) -> AskingRules:
    """The asking rules in ``path``; a ``DialogueLoadError`` lists every problem in it."""
    return _AskingReader(path).read()


@functools.lru_cache(maxsize=1)
def bundled_asking() -> AskingRules:
    return read_asking(ASKING_FILE)


class QuestionFinder:
    """The asking rules with a set of labelled topics (each card's phrases), compiled once."""

    def __init__(self, rules: AskingRules, topics: Sequence[tuple[str, tuple[Compiled, ...]]],
                 known: frozenset[str] = frozenset()):
        # ``known``: the topics' own words, so the reader never takes one for a typo ("off").
        self.reader = Reader(dataclasses.replace(rules.lexicon, known_words=rules.lexicon.known_words | known))
        self.openers = PhraseList([("opener", rules.openers)])
        self.topics = PhraseList(list(topics))
        self.order = {label: place for place, (label, _) in enumerate(topics)}

    def questions(self, text: str) -> list[str]:
        """The sentences of ``text`` that ask something, as typed."""
        found = []
        for match in _SENTENCE.finditer(text[:MAX_TEXT]):
            sentence = match.group(0).strip()
            if not sentence:
                continue
            if sentence.endswith("?") or self._opens_a_question(sentence):
                found.append(sentence)
        return found

    def asked(self, text: str) -> Asked | None:
        """The first question in ``text`` that one of the topics' phrases matches (by where it is
        said, then by the topics' order), or None when the text asks nothing they answer."""
        for sentence in self.questions(text):
            found = self.topics.find(self.reader.read(sentence))
            if found:
                best = min(found, key=lambda f: (f.clause, f.start, self.order[f.label]))
                return Asked(best.label, sentence, best.words)
        return None

    def only_questions(self, text: str) -> bool:
        """Whether every sentence of ``text`` asks (so it gives no answer besides its questions)."""
        sentences = [m.group(0).strip() for m in _SENTENCE.finditer(text[:MAX_TEXT]) if m.group(0).strip()]
        return bool(sentences) and len(text) <= MAX_TEXT and len(self.questions(text)) == len(sentences)

    def _opens_a_question(self, sentence: str) -> bool:
        clauses = self.reader.read(sentence)
        return bool(clauses) and bool(self.openers.find(clauses[:1]))


def topic_compiler(rules: AskingRules) -> Compiler:
    """A compiler for topic phrases (a card's ``asked_by``) that knows the asking rules' word classes."""
    return Compiler(rules.classes, {})
