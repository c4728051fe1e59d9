"""Reading a phrasebook: the shared part of every vocabulary file written in the phrase language.

A phrasebook (the safety net's ``crisis.yaml``, the listening rules' ``listening.yaml``) is strict
YAML with word classes (``words:``), spellings of what people type (``spellings:``), key words
found even when misspelt (``fuzzy:``) and lists of phrases. This reader checks and compiles
those parts, with every mistake located at file:line:col; each vocabulary's own reader adds the
sections only it has.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from engine.ground.errors import did_you_mean
from engine.ground.yamlreader import Reader
from engine.understanding.phrases import (
    COMMON_WORDS,
    Compiled,
    Compiler,
    PhraseError,
    Sequence,
    class_refs,
    literal_words,
    parse,
)
from engine.understanding.phrases.alternation import alternation
from engine.understanding.reading import Lexicon
from engine.understanding.textnorm import normalise, words

# "I'm", "I've", "I'll", "I'd" in a phrase: the speaker, then the verb spelled out.
_SPEAKER_CONTRACTION = re.compile(r"\bI'(m|ve|ll|d)\b")
_SPELLED = {"m": "am", "ve": "have", "ll": "will", "d": "would"}


def _spell_out(match: re.Match[str]) -> str:
    return "I " + _SPELLED[match.group(1)]


def split_word(word: str) -> list[str]:
    """A phrase's word as text is normalised: ``can't`` -> cannot, ``don't`` -> do not."""
    return words(normalise(word)) or [word]


class PhrasebookReader(Reader):
    """Word classes, spellings, fuzzy words and phrase lists, read strictly and compiled once."""

    def __init__(self, path: Path):
        super().__init__(path)
        self.compiler: Compiler | None = None
        self.known_words: set[str] = set()
        self.class_members: dict[str, list[tuple[str, Sequence]]] = {}  # each class's members, as written

    def lexicon(self, spellings: dict[tuple[str, ...], tuple[str, ...]], fuzzy: tuple[str, ...] = (),
                fillers: tuple[tuple[str, ...], ...] = (),
                implied_i: dict[str, tuple[str, ...]] | None = None) -> Lexicon:
        return Lexicon(spellings, fuzzy, fillers, implied_i or {}, frozenset(self.known_words))

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

    def word_classes(self, node: yaml.Node) -> dict[str, tuple[Sequence, ...]]:
        entries = self.mapping(node, "`words`") or {}
        classes: dict[str, tuple[Sequence, ...]] = {}
        where: dict[str, list[tuple[Sequence, yaml.Node]]] = {}
        for name, (_, value) in entries.items():
            parsed = self.phrases(value, f"word class `{name}`")
            classes[name] = tuple(sequence for _, sequence, _ in parsed)
            self.class_members[name] = [(text, sequence) for text, sequence, _ in parsed]
            where[name] = [(sequence, item) for _, sequence, item in parsed]
            for sequence in classes[name]:  # a class's words are the rules' words too ("multi-storey" kept whole)
                self.known_words.update(literal_words(sequence))
        for items in where.values():  # every {name} used inside a class must exist, with no cycle
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
        return alternation(bodies) if bodies else "(?!x)x"

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

    def spellings(self, node: yaml.Node) -> dict[tuple[str, ...], tuple[str, ...]]:
        entries = self.mapping(node, "`spellings`") or {}
        found: dict[tuple[str, ...], tuple[str, ...]] = {}
        for typed, (_, value) in entries.items():
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
