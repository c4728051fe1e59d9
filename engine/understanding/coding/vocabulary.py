"""Reading the reply-coding vocabulary (``replies.yaml``): strictly, with every mistake located."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import yaml

from engine.ground.errors import DialogueLoadError, did_you_mean
from engine.understanding.phrasebook import PhrasebookReader
from engine.understanding.phrases import Compiled, Compiler, Group, Optional_, Sequence, Word
from engine.understanding.reading import Lexicon
from engine.understanding.textnorm import normalise, words

VOCABULARY_FILE = Path(__file__).with_name("replies.yaml")
TOP_KEYS = ("words", "spellings", "fuzzy", "openers", "acknowledgements", "checks", "kin", "questions", "codes",
            "cues", "reflections", "rules")
REQUIRED_KEYS = ("questions", "codes", "cues", "reflections")
QUESTION_KEYS = ("starts", "not_starts", "tags", "closed", "open", "curious")
REFLECTION_KEYS = ("starts", "adds", "feelings", "keeps", "requests", "strengths")
# What the coder looks for beside the codes' own phrases (see replies.yaml for each).
CUE_KEYS = ("permission", "opt_out", "question_advice", "question_collaboration", "question_confront", "accusing",
            "sarcasm", "offer",
            "story", "general", "topic", "about_others", "self_reflection", "reflection_frame", "rising_frame", "scale",
            "client_asks", "client_view", "later")
# The words and numbers of the coder's own rules (the grammar that uses them stays in Python).
RULE_KEYS = ("hedges", "hedge_names_after", "hedge_names_before", "softeners", "exclaim_subjects",
             "consent_leads", "consent", "tail_share", "tail_share_after_input", "told_after")
# What each key of `rules` looks like, for the fix when one is missing.
RULE_EXAMPLES = {"hedges": "[kind of, sort of]", "hedge_names_after": "[the, what]", "hedge_names_before": "[thing]",
                 "softeners": "[maybe, perhaps]", "exclaim_subjects": "[you, i, we]", "consent_leads": "[so, and]",
                 "consent": '["is (that|it) ok", "do you mind"]', "tail_share": "0.15",
                 "tail_share_after_input": "0.2", "told_after": "15"}
_PLAIN = re.compile(r"[a-z']+(?: [a-z']+)*")  # lower-case words, one space between them
_MOST_CONSENT = 2000  # what the `consent` phrases may spell out to, all together


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
class RuleWords:
    """The words and numbers the coder's rules in Python use (``rules:`` in replies.yaml)."""

    hedges: tuple[str, ...]  # "kind of", "sort of" said to soften (cutting.py)
    hedge_names_after: tuple[str, ...]  # after these a hedge word names a type ("the sort of ...")
    hedge_names_before: tuple[str, ...]  # before these too ("kind of person")
    softeners: frozenset[str]  # an `adds` match of only these adds nothing (reflections.py)
    exclaim_subjects: frozenset[str]  # "what a week you have had": a subject after "what a" (questions.py)
    consent_leads: tuple[str, ...]  # words that may come before a consent question (coded.py)
    consent: tuple[str, ...]  # the consent questions, each spelled out ("is that ok", "do you mind")
    tail_share: float  # in speech, a question under this share of a turn is a tail
    tail_share_after_input: float  # the same after mostly information or advice
    told_after: int  # a question followed by a telling of at least this many words leads into it


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
    rules: RuleWords


class _RepliesReader(PhrasebookReader):
    def read(self) -> ReplyVocabulary:
        root = self.root("the reply vocabulary needs `questions`, `codes`, `cues`, `reflections` and `rules`")
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
        rules = self.rules(top["rules"][1]) if "rules" in top else None
        if "rules" not in top:
            self.error(root, "the reply vocabulary is missing `rules`",
                       "add a `rules:` block with " + ", ".join(f"`{key}`" for key in RULE_KEYS)
                       + " (the bundled replies.yaml shows each)")
        if self.problems or rules is None:
            raise DialogueLoadError(self.problems)
        # "but" is kept as the first word of the clause after it: "part of you ..., but part of you ...".
        lexicon = dataclasses.replace(self.lexicon(spellings, fuzzy), keep_contrast=True)
        return ReplyVocabulary(questions, codes, cues, reflections, openers, acknowledgements + checks, checks, kin,
                               lexicon, rules)

    # -- `rules`: the words of the rules written in Python -----------------------------------------
    def rules(self, node: yaml.Node) -> RuleWords | None:
        entries = self.mapping(node, "`rules`")
        if entries is None:
            return None
        self.check_keys(entries, RULE_KEYS, "`rules`")
        missing = [key for key in RULE_KEYS if key not in entries]
        for key in missing:
            self.error(node, f"`rules` is missing `{key}`",
                       f"add `{key}: {RULE_EXAMPLES[key]}` (a list may be empty: [])")
        if missing:
            return None
        words_of = {key: self.plain_words(entries[key][1], key, one_word=key == "exclaim_subjects")
                    for key in ("hedges", "hedge_names_after", "hedge_names_before", "softeners",
                                "exclaim_subjects", "consent_leads")}
        consent = self.consent(entries["consent"][1])
        tail = self.share(entries["tail_share"][1], "tail_share")
        tail_on_input = self.share(entries["tail_share_after_input"][1], "tail_share_after_input")
        told_after = self.count(entries["told_after"][1], "told_after")
        if tail is None or tail_on_input is None or told_after is None:
            return None
        return RuleWords(words_of["hedges"], words_of["hedge_names_after"], words_of["hedge_names_before"],
                         frozenset(words_of["softeners"]), frozenset(words_of["exclaim_subjects"]),
                         words_of["consent_leads"], consent, tail, tail_on_input, told_after)

    def plain_words(self, node: yaml.Node, key: str, one_word: bool = False) -> tuple[str, ...]:
        """A list of plain lower-case words (or, unless ``one_word``, runs of words), as written."""
        found: list[str] = []
        for text, item in self.strings(node, f"`rules: {key}`"):
            if not _PLAIN.fullmatch(text) or one_word and " " in text:
                fix = ("one word in lower case, e.g. `you`" if one_word
                       else "plain words in lower case with one space between them, e.g. `kind of`")
                self.error(item, f"`{text}` in `rules: {key}` is not {'a plain word' if one_word else 'plain words'}",
                           f"write {fix}; no phrase language here")
                continue
            found.append(text)
        return tuple(dict.fromkeys(found))

    def consent(self, node: yaml.Node) -> tuple[str, ...]:
        """The consent questions, each a phrase of plain words with `(a|b)` and `word?`, spelled out."""
        found: list[str] = []
        for text, item in self.strings(node, "`rules: consent`"):
            parsed = self.phrase(item, text, f"in `rules: consent`, `{text}`")
            if parsed is None:
                continue
            spelled = _spelled_out(parsed)
            if spelled is None:
                self.error(item, f"`{text}` in `rules: consent` uses more than plain words, `(a|b)` and `word?`",
                           "write the question's words out, e.g. `(do|would) you mind`; no {classes}, gaps, "
                           "^, $, ! or *")
                continue
            found += [" ".join(run) for run in spelled if run]
            if len(found) > _MOST_CONSENT:
                self.error(item, f"`rules: consent` spells out to more than {_MOST_CONSENT} questions",
                           "split a phrase with many `(a|b)` groups into shorter ones")
                return ()
        return tuple(dict.fromkeys(found))

    def share(self, node: yaml.Node, key: str) -> float | None:
        value = self.number(node, f"`rules: {key}`")
        if value is not None and not 0 < value < 1:
            self.error(node, f"`rules: {key}` should be a share of a turn's words between 0 and 1, not {value}",
                       "for example 0.15 (15% of the turn's words)")
            return None
        return None if value is None else float(value)

    def count(self, node: yaml.Node, key: str) -> int | None:
        value = self.number(node, f"`rules: {key}`")
        if value is not None and (not isinstance(value, int) or value < 1):
            self.error(node, f"`rules: {key}` should be a whole number of words, 1 or more, not {value}",
                       "for example 15")
            return None
        return value if isinstance(value, int) else None

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


def _spelled_out(sequence: Sequence) -> list[tuple[str, ...]] | None:
    """Every run of words a phrase of plain words, `(a|b)` groups and `word?` stands for; None when
    it uses anything else (a class, a gap, an edge, a prefix, a "!not")."""
    runs: list[tuple[str, ...]] = [()]
    for item in sequence:
        choices = _choices(item)
        if choices is None:
            return None
        runs = [run + choice for run, choice in itertools.product(runs, choices)]
        if len(runs) > _MOST_CONSENT:
            return runs
    return runs


def _choices(item: object) -> list[tuple[str, ...]] | None:
    if isinstance(item, Word):
        return None if item.prefix else [(item.text,)]
    if isinstance(item, Optional_):
        inner = _choices(item.item)
        return None if inner is None else [(), *inner]
    if isinstance(item, Group):
        found: list[tuple[str, ...]] = []
        for alternative in item.alternatives:
            spelled = _spelled_out(alternative)
            if spelled is None:
                return None
            found += spelled
        return found
    return None


def read_replies(path: Path) -> ReplyVocabulary:
    """The vocabulary in ``path``; a ``DialogueLoadError`` lists every problem in it."""
    return _RepliesReader(path).read()


@functools.lru_cache(maxsize=1)
def bundled_replies() -> ReplyVocabulary:
    return read_replies(VOCABULARY_FILE)
