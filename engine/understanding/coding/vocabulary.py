"""Reading the reply-coding vocabulary (``replies.yaml``): strictly, with every mistake located."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import yaml

from engine.ground.errors import DialogueLoadError, did_you_mean
from engine.understanding.phrasebook import PhrasebookReader
from engine.understanding.phrases import Compiled, Compiler
from engine.understanding.reading import Lexicon

VOCABULARY_FILE = Path(__file__).with_name("replies.yaml")
TOP_KEYS = ("words", "spellings", "questions", "codes", "reflections")
QUESTION_KEYS = ("starts", "tags", "closed", "open")
REFLECTION_KEYS = ("starts", "adds")


class Code(str, Enum):
    """The twelve codes of a trainee's reply (MITI 4.2.1 and OARS, adapted to typed chat)."""

    OPEN_QUESTION = "open_question"
    CLOSED_QUESTION = "closed_question"
    SIMPLE_REFLECTION = "simple_reflection"
    COMPLEX_REFLECTION = "complex_reflection"
    AFFIRMATION = "affirmation"
    AUTONOMY = "autonomy"
    COLLABORATION = "collaboration"
    INFORMATION = "information"
    ADVICE_WITH_PERMISSION = "advice_with_permission"
    ADVICE_WITHOUT_PERMISSION = "advice_without_permission"
    CONFRONT_OR_BLAME = "confront_or_blame"
    OTHER = "other"


class Move(str, Enum):
    """Peer-support moves the source documents name, found beside the codes."""

    HOPE = "hope"
    DISCLOSURE = "disclosure"  # brief, purposeful self-disclosure
    STORY = "story"  # a long story about oneself


PHRASED = {code.value for code in Code if code not in (Code.OPEN_QUESTION, Code.CLOSED_QUESTION,
                                                      Code.SIMPLE_REFLECTION, Code.COMPLEX_REFLECTION)}


@dataclass(frozen=True)
class Questions:
    starts: tuple[Compiled, ...]
    tags: tuple[Compiled, ...]
    closed: tuple[Compiled, ...]
    open: tuple[Compiled, ...]


@dataclass(frozen=True)
class Reflections:
    starts: tuple[Compiled, ...]
    adds: tuple[Compiled, ...]


@dataclass(frozen=True)
class ReplyVocabulary:
    questions: Questions
    codes: dict[str, tuple[str, tuple[Compiled, ...]]]  # code or move -> (what it means, phrases)
    reflections: Reflections
    lexicon: Lexicon


class _RepliesReader(PhrasebookReader):
    def read(self) -> ReplyVocabulary:
        root = self.root("the reply vocabulary needs `questions`, `codes` and `reflections`")
        top = self.mapping(root, "the reply vocabulary") if root is not None else None
        if top is None or root is None:
            raise DialogueLoadError(self.problems)
        self.check_keys(top, TOP_KEYS, "the reply vocabulary")
        self.require(top, ("questions", "codes", "reflections"), root, "the reply vocabulary")
        self.compiler = Compiler(self.word_classes(top["words"][1]) if "words" in top else {}, {})
        questions = Questions(**self.lists(top, "questions", QUESTION_KEYS))
        reflections = Reflections(**self.lists(top, "reflections", REFLECTION_KEYS))
        codes = self.codes(top["codes"][1]) if "codes" in top else {}
        spellings = self.spellings(top["spellings"][1]) if "spellings" in top else {}
        if self.problems:
            raise DialogueLoadError(self.problems)
        return ReplyVocabulary(questions, codes, reflections, self.lexicon(spellings))

    def lists(self, top: dict[str, tuple[yaml.Node, yaml.Node]], name: str,
              keys: tuple[str, ...]) -> dict[str, tuple[Compiled, ...]]:
        node = top[name][1] if name in top else None
        entries = (self.mapping(node, f"`{name}`") or {}) if node is not None else {}
        self.check_keys(entries, keys, f"`{name}`")
        if node is not None:
            self.require(entries, keys, node, f"`{name}`")
        return {key: self.compiled(entries[key][1], f"`{name}` `{key}`") if key in entries else () for key in keys}

    def compiled(self, node: yaml.Node, what: str) -> tuple[Compiled, ...]:
        return tuple(self.compile(text, sequence, item) for text, sequence, item in self.phrases(node, what))

    def codes(self, node: yaml.Node) -> dict[str, tuple[str, tuple[Compiled, ...]]]:
        allowed = sorted(PHRASED | {move.value for move in Move})
        found: dict[str, tuple[str, tuple[Compiled, ...]]] = {}
        for name, (key, body) in (self.mapping(node, "`codes`") or {}).items():
            if name not in allowed:
                self.error(key, f"there is no code `{name}` that is found by its phrases",
                           did_you_mean(name, allowed) or "the codes with phrases are " + ", ".join(allowed))
                continue
            fields = self.mapping(body, f"code `{name}`") or {}
            self.check_keys(fields, ("says", "phrases"), f"code `{name}`")
            self.require(fields, ("says", "phrases"), body, f"code `{name}`")
            says = self.string(fields["says"][1], f"`says` of `{name}`") if "says" in fields else None
            phrases = self.compiled(fields["phrases"][1], f"the phrases of `{name}`") if "phrases" in fields else ()
            found[name] = (says or name, phrases)
        return found


def read_replies(path: Path) -> ReplyVocabulary:
    """The vocabulary in ``path``; a ``DialogueLoadError`` lists every problem in it."""
    return _RepliesReader(path).read()


@functools.lru_cache(maxsize=1)
def bundled_replies() -> ReplyVocabulary:
    return read_replies(VOCABULARY_FILE)
