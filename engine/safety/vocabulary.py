"""Reading the safety vocabulary (``crisis.yaml``): strictly, with every mistake located.

The file is data a clinician or facilitator can extend without Python: word classes, spellings,
the words that set a match aside (negation, the distant past, someone else, a story), and the
constructs themselves, each with its level, its reasons and its phrases. It is read like a
dialogue: unknown keys are refused, each problem names file:line:col, and every phrase is
compiled once, here, into a matcher.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

import yaml

from engine.errors import DialogueLoadError, did_you_mean
from engine.safety.findings import Level
from engine.understanding.reading import Lexicon
from engine.understanding.phrases import COMMON_WORDS, Compiled, Compiler, PhraseError, Sequence, class_refs, literal_words, parse
from engine.source import Span
from engine.textnorm import normalise, words
from engine.yamlreader import Reader

VOCABULARY_FILE = Path(__file__).with_name("crisis.yaml")
TOP_KEYS = ("words", "spellings", "fuzzy", "context", "constructs")
CONTEXT_KEYS = ("negation", "not_negation", "boundary", "past", "recent", "now", "again", "someone",
                "someone_object", "story", "implied_i", "fillers", "purpose")
CONSTRUCT_KEYS = ("level", "says", "told", "phrases", "unless", "all", "within", "recent", "past", "about_others",
                  "subject")
LEVELS = {"acute": Level.ACUTE, "possible": Level.POSSIBLE, "cue": None}
# How someone else is written where a phrase says MY or MYSELF.
_OTHER_POSSESSIVE = " (?:his|her|their)"
_OTHER_REFLEXIVE = " (?:himself|herself|themselves|themself)"


# "I'm", "I've", "I'll", "I'd" in a phrase: the speaker, then the verb spelled out.
_SPEAKER_CONTRACTION = re.compile(r"\bI'(m|ve|ll|d)\b")
_SPELLED = {"m": "am", "ve": "have", "ll": "will", "d": "would"}


def _spell_out(match: re.Match[str]) -> str:
    return "I " + _SPELLED[match.group(1)]


@dataclass(frozen=True)
class Construct:
    """One thing the safety net looks for: a clinical construct, or a cue that counts in combination."""

    id: str
    level: Level | None  # None: a cue, found only to take part in combinations
    says: str  # for facilitators: what it means, in a few words
    told: str  # for the person's own summary: "you were thinking of ending your life"
    phrases: tuple[Compiled, ...]
    unless: tuple[Compiled, ...] = ()  # words in the same clause that make a match something else
    all_of: tuple[frozenset[str], ...] = ()  # a combination: one construct or cue from each group
    within: int = 3  # a combination's parts may lie this many clauses apart
    recent: Level | None = None  # its level when it happened days or weeks ago rather than now
    past: bool = True  # the distant past sets it aside
    about_others: bool = True  # someone else in this danger is worth an offer of help
    anyone: bool = False  # `subject: any`: the speaker's concern whoever the sentence names ("they'd be better off")
    span: Span = field(default=Span("<safety>", 1, 1), compare=False)


@dataclass(frozen=True)
class Context:
    """Compiled lists of the words around a match that change what it means."""

    negation: tuple[Compiled, ...]
    not_negation: tuple[Compiled, ...]
    boundary: frozenset[str]
    past: tuple[Compiled, ...]
    recent: tuple[Compiled, ...]
    now: tuple[Compiled, ...]
    again: tuple[Compiled, ...]
    someone: tuple[Compiled, ...]
    story: tuple[Compiled, ...]
    purpose: tuple[Compiled, ...]
    implied_i: dict[str, tuple[str, ...]]  # a clause starting with this word means "i ..." (or "i am ...")
    fillers: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Vocabulary:
    constructs: dict[str, Construct]
    spellings: dict[tuple[str, ...], tuple[str, ...]]  # typed words -> what they stand for
    fuzzy: tuple[str, ...]  # long key words also found when misspelt by one letter
    context: Context
    known_words: frozenset[str]  # every literal word of every phrase (for dropped g's: "thinkin")

    @property
    def lexicon(self) -> Lexicon:
        """What the reader needs from this vocabulary to read a text as the rules expect."""
        return Lexicon(self.spellings, self.fuzzy, self.context.fillers, self.context.implied_i, self.known_words)


def split_word(word: str) -> list[str]:
    """A phrase's word as text is normalised: ``can't`` -> cannot, ``don't`` -> do not."""
    return words(normalise(word)) or [word]


class _VocabularyReader(Reader):
    def __init__(self, path: Path):
        super().__init__(path)
        self.compiler: Compiler | None = None
        self.known_words: set[str] = set()

    def phrase(self, node: yaml.Node, text: str, what: str) -> Sequence | None:
        try:
            return parse(_SPEAKER_CONTRACTION.sub(_spell_out, text), split_word)
        except PhraseError as exc:
            self.error(self.inner_span(node, 1, exc.column), f"{what}: {exc.message}", exc.hint)
            return None

    def phrases(self, node: yaml.Node, what: str, strict: bool = False) -> list[tuple[str, Sequence, yaml.Node]]:
        """The phrases of a list; ``strict`` ones (a construct's) must not match almost any sentence."""
        found = []
        for text, item in self.strings(node, what):
            parsed = self.phrase(item, text, f"in {what}, `{text}`")
            if parsed is None:
                continue
            required = Compiler.required_words(parsed)
            if required is not None and (not required or (strict and set(required) <= COMMON_WORDS)):
                shown = ", ".join(f"`{w}`" for w in required) or "nothing"
                self.error(item, f"in {what}, `{text}` would match almost any sentence: it only requires {shown}",
                           "a `?` makes the word before it optional; write a plural as (urge|urges)")
                continue
            found.append((text, parsed, item))
        return found

    # -- the file -------------------------------------------------------------------------
    def read(self) -> Vocabulary:
        root = self.root("the vocabulary needs `words`, `context` and `constructs`")
        top = self.mapping(root, "the vocabulary") if root is not None else None
        if top is None or root is None:
            raise DialogueLoadError(self.problems)
        self.check_keys(top, TOP_KEYS, "the vocabulary")
        self.require(top, ("context", "constructs"), root, "the vocabulary")
        classes = self.word_classes(top["words"][1]) if "words" in top else {}
        context_node = top.get("context", (None, None))[1]
        raw_context = self.context_lists(context_node) if context_node is not None else {}
        others = {
            "I": self.alternation(raw_context.get("someone", []), classes),
            "ME": self.alternation(raw_context.get("someone_object", []), classes),
            "MY": _OTHER_POSSESSIVE,
            "MYSELF": _OTHER_REFLEXIVE,
        }
        self.compiler = Compiler(classes, others)
        context = self.build_context(raw_context)
        constructs = self.constructs(top["constructs"][1]) if "constructs" in top else {}
        spellings = self.spellings(top["spellings"][1]) if "spellings" in top else {}
        fuzzy = tuple(self.fuzzy_words(top["fuzzy"][1])) if "fuzzy" in top else ()
        if self.problems:
            raise DialogueLoadError(self.problems)
        return Vocabulary(constructs, spellings, fuzzy, context, frozenset(self.known_words))

    def word_classes(self, node: yaml.Node) -> dict[str, tuple[Sequence, ...]]:
        entries = self.mapping(node, "`words`") or {}
        classes: dict[str, tuple[Sequence, ...]] = {}
        where: dict[str, list[tuple[Sequence, yaml.Node]]] = {}
        for name, (key, value) in entries.items():
            parsed = self.phrases(value, f"word class `{name}`")
            classes[name] = tuple(sequence for _, sequence, _ in parsed)
            where[name] = [(sequence, item) for _, sequence, item in parsed]
        for name, items in where.items():  # every {name} used inside a class must exist, with no cycle
            for sequence, item in items:
                for ref in class_refs(sequence):
                    self.known_class(ref.name, item, classes)
        for name in classes:
            if self.cycle(name, classes, ()):
                self.error(entries[name][0], f"word class `{name}` contains itself",
                           "a class may use other classes, but not in a circle")
                classes[name] = ()
        return classes

    def cycle(self, name: str, classes: dict[str, tuple[Sequence, ...]], path: tuple[str, ...]) -> bool:
        if name in path:
            return True
        return any(self.cycle(ref.name, classes, (*path, name))
                   for sequence in classes.get(name, ()) for ref in class_refs(sequence) if ref.name in classes)

    def known_class(self, name: str, node: yaml.Node, classes: dict[str, tuple[Sequence, ...]]) -> bool:
        if name in classes:
            return True
        hint = did_you_mean(name, classes) or "define it under `words:`"
        self.error(node, f"there is no word class `{{{name}}}`", hint)
        return False

    def alternation(self, parsed: list[tuple[str, Sequence, yaml.Node]],
                    classes: dict[str, tuple[Sequence, ...]]) -> str:
        compiler = Compiler(classes, {})
        bodies = [compiler.body(sequence) for _, sequence, _ in parsed]
        return "(?:" + "|".join(bodies) + ")" if bodies else "(?!x)x"

    def context_lists(self, node: yaml.Node) -> dict[str, list[tuple[str, Sequence, yaml.Node]]]:
        entries = self.mapping(node, "`context`") or {}
        self.check_keys(entries, CONTEXT_KEYS, "`context`")
        lists: dict[str, list[tuple[str, Sequence, yaml.Node]]] = {}
        for name, (_, value) in entries.items():
            if name == "implied_i":  # `word = i am` lines, not phrases
                lists[name] = [(text, (), item) for text, item in self.strings(value, "context `implied_i`")]
            elif name in CONTEXT_KEYS:
                lists[name] = self.phrases(value, f"context `{name}`")
        return lists

    def build_context(self, raw: dict[str, list[tuple[str, Sequence, yaml.Node]]]) -> Context:
        def compiled(name: str) -> tuple[Compiled, ...]:
            return tuple(self.compile(text, sequence, item) for text, sequence, item in raw.get(name, []))

        def plain(name: str) -> list[tuple[str, ...]]:
            return [tuple(split_word(text.replace("*", ""))) if " " not in text else tuple(words(normalise(text)))
                    for text, _, _ in raw.get(name, [])]

        implied: dict[str, tuple[str, ...]] = {}
        for text, _, item in raw.get("implied_i", []):
            first, _, rest = text.partition(" = ")
            if not rest:
                self.error(item, f"`{text}` in context `implied_i` should read `word = i ...`",
                           "for example `thinking = i am` or `want = i`")
                continue
            implied[first.strip()] = tuple(words(rest))
        return Context(
            negation=compiled("negation"), not_negation=compiled("not_negation"),
            boundary=frozenset(w for phrase in plain("boundary") for w in phrase),
            past=compiled("past"), recent=compiled("recent"), now=compiled("now"), again=compiled("again"),
            someone=compiled("someone"), story=compiled("story"), purpose=compiled("purpose"),
            implied_i=implied, fillers=tuple(plain("fillers")))

    def compile(self, text: str, sequence: Sequence, node: yaml.Node, other: bool = False) -> Compiled:
        assert self.compiler is not None
        for ref in class_refs(sequence):
            if not self.known_class(ref.name, node, dict(self.compiler.classes)):
                return self.compiler.compile(text, (), other)
        self.known_words.update(literal_words(sequence))
        try:
            return self.compiler.compile(text, sequence, other)
        except re.error as exc:  # a phrase the parser let through but the regex engine refuses
            self.error(node, f"the phrase `{text}` cannot be used: {exc.msg}", "simplify it, or split it in two")
            return self.compiler.compile(text, (), other)

    def constructs(self, node: yaml.Node) -> dict[str, Construct]:
        entries = self.mapping(node, "`constructs`") or {}
        found: dict[str, Construct] = {}
        combinations: dict[str, list[tuple[list[str], yaml.Node]]] = {}
        for construct_id, (key, body) in entries.items():
            construct = self.construct(construct_id, key, body)
            if construct is None:
                continue
            found[construct_id] = construct
            fields = self.mapping(body, "") or {}
            if "all" in fields:
                combinations[construct_id] = [([part.strip() for part in text.split("|")], item)
                                              for text, item in self.strings(fields["all"][1], f"`all` of `{construct_id}`")]
        for construct_id, groups in combinations.items():
            resolved = self.combination(construct_id, groups, found)
            if len(resolved) < 2:
                self.error(entries[construct_id][0], f"construct `{construct_id}` combines fewer than two things",
                           "`all` lists two or more constructs or cues that must each be found")
            found[construct_id] = replace(found[construct_id], all_of=tuple(resolved))
        return found

    def construct(self, construct_id: str, key: yaml.Node, body: yaml.Node) -> Construct | None:
        """One construct's fields (its combination, if any, is resolved once all are read)."""
        what = f"construct `{construct_id}`"
        fields = self.mapping(body, what)
        if fields is None:
            return None
        self.check_keys(fields, CONSTRUCT_KEYS, what)
        self.require(fields, ("level",), body, what)
        level_name = self.one_of(fields["level"][1], f"the level of {what}", LEVELS) if "level" in fields else None
        if level_name is None:
            return None
        level = LEVELS[level_name]
        if level is not None:
            self.require(fields, ("says", "told"), body, what)
        if ("phrases" in fields) == ("all" in fields):
            self.error(body, f"{what} needs either `phrases` or `all`",
                       "`phrases` lists what to look for; `all` combines other constructs and cues")

        def text(name: str) -> str:
            return (self.string(fields[name][1], f"`{name}` of {what}") or "") if name in fields else ""

        def flag(name: str) -> bool:
            return self.boolean(fields[name][1], f"`{name}` of {what}") is not False if name in fields else True

        recent = self.one_of(fields["recent"][1], f"`recent` of {what}", ("acute", "possible")) if "recent" in fields else None
        subject = self.one_of(fields["subject"][1], f"`subject` of {what}", ("speaker", "any")) if "subject" in fields else None
        within = self.number(fields["within"][1], f"`within` of {what}") if "within" in fields else 3
        return Construct(
            id=construct_id, level=level, says=text("says"), told=text("told"),
            phrases=tuple(self.construct_phrases(fields, what)), unless=tuple(self.unless(fields, what)),
            recent=LEVELS[recent] if recent else None, past=flag("past"), about_others=flag("about_others"),
            within=int(within or 0), anyone=subject == "any", span=self.span(key))

    def construct_phrases(self, fields: dict[str, tuple[yaml.Node, yaml.Node]], what: str) -> list[Compiled]:
        """A construct's phrases; one that names the speaker is also compiled for someone else."""
        compiled: list[Compiled] = []
        if "phrases" not in fields:
            return compiled
        for text, sequence, item in self.phrases(fields["phrases"][1], f"{what}, `phrases`", strict=True):
            compiled.append(self.compile(text, sequence, item))
            if self.compiler is not None and self.compiler.uses_person(sequence):
                compiled.append(self.compile(text, sequence, item, other=True))
        return compiled

    def unless(self, fields: dict[str, tuple[yaml.Node, yaml.Node]], what: str) -> list[Compiled]:
        if "unless" not in fields:
            return []
        return [self.compile(text, sequence, item)
                for text, sequence, item in self.phrases(fields["unless"][1], f"{what}, `unless`")]

    def combination(self, construct_id: str, groups: list[tuple[list[str], yaml.Node]],
                    found: dict[str, Construct]) -> list[frozenset[str]]:
        """The groups of an `all:`, each a set of construct ids that must all exist."""
        resolved = []
        for names, item in groups:
            for name in names:
                if name not in found:
                    self.error(item, f"`all` of construct `{construct_id}` names `{name}`, which is not defined",
                               did_you_mean(name, found) or "define it under `constructs:` (level `cue` for a cue)")
                elif name == construct_id:
                    self.error(item, f"construct `{construct_id}` cannot combine itself")
            resolved.append(frozenset(names))
        return resolved

    def spellings(self, node: yaml.Node) -> dict[tuple[str, ...], tuple[str, ...]]:
        entries = self.mapping(node, "`spellings`") or {}
        found: dict[tuple[str, ...], tuple[str, ...]] = {}
        for typed, (key, value) in entries.items():
            meant = self.string(value, f"what `{typed}` stands for", allow_empty=True)
            typed_words = tuple(typed.lower().replace("\u2019", "'").split())
            if meant is not None and typed_words:
                found[typed_words] = tuple(words(normalise(meant)))
        return found

    def fuzzy_words(self, node: yaml.Node) -> Iterable[str]:
        for text, item in self.strings(node, "`fuzzy`"):
            if len(text) < 6 or " " in text:
                self.error(item, f"`{text}` in `fuzzy` should be one word of six letters or more",
                           "shorter words are too easily confused with others; add misspellings under `spellings`")
                continue
            yield text


def read_vocabulary(path: Path) -> Vocabulary:
    """The vocabulary in ``path``; a ``DialogueLoadError`` lists every problem in it."""
    return _VocabularyReader(path).read()


@functools.lru_cache(maxsize=1)
def bundled_vocabulary() -> Vocabulary:
    return read_vocabulary(VOCABULARY_FILE)

