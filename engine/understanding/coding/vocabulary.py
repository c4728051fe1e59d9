"""Reading the reply-coding vocabulary (``replies.yaml``): strictly, with every mistake located."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import yaml

from engine.ground.errors import DialogueLoadError, did_you_mean
from engine.understanding.phrasebook import PhrasebookReader
from engine.understanding.phrases import Compiled, Compiler
from engine.understanding.reading import Lexicon
from engine.understanding.textnorm import normalise, words

VOCABULARY_FILE = Path(__file__).with_name("replies.yaml")
TOP_KEYS = ("words", "spellings", "fuzzy", "openers", "acknowledgements", "checks", "kin", "questions", "codes",
            "cues", "reflections")
REQUIRED_KEYS = ("questions", "codes", "cues", "reflections")
QUESTION_KEYS = ("starts", "not_starts", "tags", "closed", "open", "curious")
REFLECTION_KEYS = ("starts", "adds", "feelings", "keeps", "requests", "strengths")
# What the coder looks for beside the codes' own phrases (see replies.yaml for each).
CUE_KEYS = ("permission", "opt_out", "question_advice", "question_collaboration", "question_confront", "accusing",
            "sarcasm", "offer",
            "story", "general", "topic", "about_others", "self_reflection", "reflection_frame", "rising_frame", "scale",
            "client_asks", "client_view", "later")


class Code(StrEnum):
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


class Move(StrEnum):
    """Peer-support moves the source documents name, found beside the codes."""

    HOPE = "hope"
    DISCLOSURE = "disclosure"  # brief, purposeful self-disclosure
    STORY = "story"  # a long story about oneself


PHRASED = {code.value for code in Code if code not in (Code.OPEN_QUESTION, Code.CLOSED_QUESTION,
                                                      Code.SIMPLE_REFLECTION, Code.COMPLEX_REFLECTION)}
MOVE_PHRASES = ("hope", "disclosure")


@dataclass(frozen=True)
class Questions:
    starts: tuple[Compiled, ...]  # interrogative wording at the start of an act
    not_starts: tuple[Compiled, ...]  # wording that starts like a question but is a statement
    tags: tuple[Compiled, ...]  # "..., right?", "isn't it"
    closed: tuple[Compiled, ...]
    open: tuple[Compiled, ...]
    curious: tuple[Compiled, ...] = ()  # "i am curious what ...": asks, open unless "if"/"whether"; cut off in speech


@dataclass(frozen=True)
class Reflections:
    starts: tuple[Compiled, ...]  # "sounds like", "so you", "that must be"
    adds: tuple[Compiled, ...]  # what makes a reflection complex
    feelings: tuple[Compiled, ...]  # words that name a feeling or an experience
    keeps: tuple[Compiled, ...]  # what keeps it simple: the client's words said back
    requests: tuple[Compiled, ...]  # "you want me to ...": what the client asks of the trainee, said back
    strengths: tuple[Compiled, ...] = ()  # "good at", "a knack for": a strength named


@dataclass(frozen=True)
class ReplyVocabulary:
    questions: Questions
    codes: dict[str, tuple[str, tuple[Compiled, ...]]]  # code or move -> (what it means, phrases)
    cues: dict[str, tuple[Compiled, ...]]
    reflections: Reflections
    openers: tuple[tuple[str, ...], ...]  # words that open an act and are not coded ("so", "ok", "yeah")
    acknowledgements: tuple[tuple[str, ...], ...]  # an act of only these is `other` ("i hear you", "mm")
    checks: tuple[tuple[str, ...], ...]  # acknowledgements that stay so with a "?" ("yeah?", "you know?")
    kin: dict[str, frozenset[str]]  # a word -> the words that say the same ("low": "down", "flat")
    lexicon: Lexicon


class _RepliesReader(PhrasebookReader):
    def read(self) -> ReplyVocabulary:
        root = self.root("the reply vocabulary needs `questions`, `codes`, `cues` and `reflections`")
        top = self.mapping(root, "the reply vocabulary") if root is not None else None
        if top is None or root is None:
            raise DialogueLoadError(self.problems)
        self.check_keys(top, TOP_KEYS, "the reply vocabulary")
        self.require(top, REQUIRED_KEYS, root, "the reply vocabulary")
        self.compiler = Compiler(self.word_classes(top["words"][1]) if "words" in top else {}, {})
        questions = Questions(**self.lists(top, "questions", QUESTION_KEYS, optional=("curious",)))
        reflections = Reflections(**self.lists(top, "reflections", REFLECTION_KEYS, optional=("requests", "strengths")))
        cues = self.lists(top, "cues", CUE_KEYS, optional=("client_asks", "client_view", "later"))
        codes = self.codes(top["codes"][1]) if "codes" in top else {}
        openers = self.word_lists(top, "openers")
        acknowledgements = self.word_lists(top, "acknowledgements")
        checks = self.word_lists(top, "checks")
        kin = self.kin(top["kin"][1]) if "kin" in top else {}
        spellings = self.spellings(top["spellings"][1]) if "spellings" in top else {}
        fuzzy = tuple(self.fuzzy_words(top["fuzzy"][1])) if "fuzzy" in top else ()
        if self.problems:
            raise DialogueLoadError(self.problems)
        # "but" is kept as the first word of the clause after it: "part of you ..., but part of you ...".
        lexicon = dataclasses.replace(self.lexicon(spellings, fuzzy), keep_contrast=True)
        return ReplyVocabulary(questions, codes, cues, reflections, openers, acknowledgements + checks, checks, kin,
                               lexicon)

    def lists(self, top: dict[str, tuple[yaml.Node, yaml.Node]], name: str,
              keys: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, tuple[Compiled, ...]]:
        node = top[name][1] if name in top else None
        entries = (self.mapping(node, f"`{name}`") or {}) if node is not None else {}
        self.check_keys(entries, keys, f"`{name}`")
        if node is not None:
            self.require(entries, tuple(key for key in keys if key not in optional), node, f"`{name}`")
        return {key: self.compiled(entries[key][1], f"`{name}` `{key}`") if key in entries else () for key in keys}

    def word_lists(self, top: dict[str, tuple[yaml.Node, yaml.Node]], name: str) -> tuple[tuple[str, ...], ...]:
        """Plain words or runs of words (no phrase language), longest first."""
        if name not in top:
            return ()
        found = []
        for text, item in self.strings(top[name][1], f"`{name}`"):
            typed = tuple(words(normalise(text)))
            if not typed:
                self.error(item, f"`{text}` in `{name}` has no words")
                continue
            self.known_words.update(typed)
            found.append(typed)
        return tuple(sorted(set(found), key=lambda run: (-len(run), run)))

    def kin(self, node: yaml.Node) -> dict[str, frozenset[str]]:
        """Families of words that say the same thing, each a list; a word may be in several."""
        found: dict[str, set[str]] = {}
        for item in self.sequence(node, "`kin`") or []:
            family = {" ".join(words(normalise(text))) for text, _ in self.strings(item, "each family in `kin`")}
            family.discard("")
            if len(family) < 2:
                self.error(item, "a family in `kin` needs two words or more", "for example [low, down, flat]")
                continue
            for word in family:
                found.setdefault(word, set()).update(family)
        return {word: frozenset(family) for word, family in found.items()}

    def compiled(self, node: yaml.Node, what: str) -> tuple[Compiled, ...]:
        return tuple(self.compile(text, sequence, item) for text, sequence, item in self.phrases(node, what))

    def codes(self, node: yaml.Node) -> dict[str, tuple[str, tuple[Compiled, ...]]]:
        allowed = sorted(PHRASED | set(MOVE_PHRASES))
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
