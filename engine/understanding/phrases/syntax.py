"""The written form of a phrase: its tokens, the items they parse to, and walks over parsed phrases."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from engine.understanding.phrases.words import inflections

GAPS = {"..": 3, "...": 8}
PERSONS = ("I", "ME", "MY", "MYSELF")


class PhraseError(ValueError):
    """A phrase that cannot be compiled; ``column`` is 1-based within the phrase."""

    def __init__(self, message: str, column: int, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.column = column
        self.hint = hint


# -- the parsed form ------------------------------------------------------------------------
@dataclass(frozen=True)
class Word:
    text: str
    prefix: bool = False  # ``suicid*``
    exact: bool = False  # ``=word``: no inflections

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.text,) if self.exact or self.prefix else inflections(self.text)


@dataclass(frozen=True)
class ClassRef:
    name: str
    column: int


@dataclass(frozen=True)
class Person:
    role: str  # one of PERSONS


@dataclass(frozen=True)
class Gap:
    size: int


@dataclass(frozen=True)
class Number:
    many: bool = False  # ``##``: ten or more


@dataclass(frozen=True)
class Edge:
    end: bool  # ``$`` (the clause ends here) or ``^`` (it starts here)


@dataclass(frozen=True)
class Group:
    alternatives: tuple[Sequence, ...]


@dataclass(frozen=True)
class Optional_:
    item: Item


@dataclass(frozen=True)
class NotFollowedBy:
    item: Item


Item = Word | ClassRef | Person | Gap | Number | Edge | Group | Optional_ | NotFollowedBy
Sequence = tuple[Item, ...]


_TOKEN = re.compile(r"\s*(\.\.\.|\.\.|##|[(){}|?!#^$]|=?[^\s(){}|?!#=^$]+)")


def parse(source: str, split_word: Callable[[str], list[str]] = lambda w: [w]) -> Sequence:
    """The parsed phrase; ``split_word`` normalises a literal word (``can't`` -> cannot)."""
    tokens: list[tuple[str, int]] = []
    position = 0
    while position < len(source):
        match = _TOKEN.match(source, position)
        if match is None or not match.group(1):
            break
        tokens.append((match.group(1), match.start(1) + 1))
        position = match.end()
    parser = _Parser(tokens, source, split_word)
    sequence = parser.sequence(top=True)
    if not sequence:
        raise PhraseError("the phrase is empty", 1, "write at least one word")
    return sequence


class _Parser:
    def __init__(self, tokens: list[tuple[str, int]], source: str, split_word: Callable[[str], list[str]]):
        self.tokens = tokens
        self.index = 0
        self.source = source
        self.split_word = split_word

    def peek(self) -> tuple[str, int] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> tuple[str, int]:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def sequence(self, top: bool = False) -> Sequence:
        items: list[Item] = []
        while (token := self.peek()) is not None:
            text, column = token
            if text in ("|", ")"):
                if top:
                    raise PhraseError(f"`{text}` outside brackets", column,
                                      "alternatives go inside brackets: (a|b)")
                break
            items.extend(self.item())
        return tuple(items)

    def item(self) -> list[Item]:
        text, column = self.take()
        items: list[Item]
        if text == "!":
            return [self.not_followed_by(column)]
        if text == "(":
            items = [self.group(column)]
        elif text == "{":
            items = [self.class_ref(column)]
        elif text in GAPS:
            items = [Gap(GAPS[text])]
        elif text in ("#", "##"):
            items = [Number(many=text == "##")]
        elif text in ("^", "$"):
            items = [Edge(end=text == "$")]
        elif text in PERSONS:
            items = [Person(text)]
        elif text in (")", "}", "|", "?"):
            raise PhraseError(f"unexpected `{text}`", column, "check the brackets")
        else:
            items = self.word(text, column)
        return self.maybe_optional(items)

    def not_followed_by(self, column: int) -> NotFollowedBy:
        if self.peek() is None:
            raise PhraseError("`!` needs a word after it", column, "write !with or !(with|to)")
        following = self.item()
        if len(following) != 1:
            raise PhraseError("`!` takes one word or one bracketed group", column, "write !(for a walk)")
        return NotFollowedBy(following[0])

    def group(self, column: int) -> Group:
        alternatives = [self.sequence()]
        while (token := self.peek()) is not None and token[0] == "|":
            self.take()
            alternatives.append(self.sequence())
        if self.peek() is None or self.take()[0] != ")":
            raise PhraseError("a bracket is not closed", column, "add `)`")
        if any(not alternative for alternative in alternatives):
            raise PhraseError("an empty alternative", column,
                              "remove the extra `|`, or mark the group optional with `?`")
        return Group(tuple(alternatives))

    def class_ref(self, column: int) -> ClassRef:
        name, name_column = self.take() if self.peek() else ("", column)
        if not re.fullmatch(r"[a-z_]+", name) or self.peek() is None or self.take()[0] != "}":
            raise PhraseError("a word class is written {name}", name_column, "for example {die} or {pills}")
        return ClassRef(name, name_column)

    def maybe_optional(self, items: list[Item]) -> list[Item]:
        """What was just read, made optional when a `?` follows it."""
        if (token := self.peek()) is None or token[0] != "?":
            return items
        self.take()
        if isinstance(items[-1], Gap):
            raise PhraseError("a gap is already optional", token[1], "remove the `?`")
        return [Optional_(items[0] if len(items) == 1 else Group((tuple(items),)))]

    def word(self, text: str, column: int) -> list[Item]:
        prefix = text.endswith("*")
        exact = text.startswith("=")
        bare = text[1 if exact else 0:-1 if prefix else None]
        if not re.fullmatch(r"[a-z0-9'\-]+", bare):
            if bare.lower() != bare:
                raise PhraseError(f"`{text}` has capitals", column,
                                  "write words in lower case; only I, ME, MY and MYSELF are capitals")
            raise PhraseError(f"`{text}` is not a word", column, "use letters, digits, `'` and `-`")
        if prefix:
            if len(bare) < 3:
                raise PhraseError(f"`{text}` is too short to be a prefix", column, "give at least three letters")
            return [Word(bare, prefix=True)]
        parts = self.split_word(bare)
        return [Word(part, exact=exact or len(parts) > 1) for part in parts]


def literal_words(sequence: Iterable[Item]) -> Iterable[str]:
    """Every literal word of a parsed phrase (with its inflections), nested ones too."""
    for item in sequence:
        if isinstance(item, Word) and not item.prefix:
            yield from item.forms
        elif isinstance(item, Group):
            for alternative in item.alternatives:
                yield from literal_words(alternative)
        elif isinstance(item, Optional_):
            yield from literal_words((item.item,))


def class_refs(sequence: Iterable[Item]) -> Iterable[ClassRef]:
    """Every ``{name}`` in a parsed phrase, nested ones too."""
    for item in sequence:
        if isinstance(item, ClassRef):
            yield item
        elif isinstance(item, Group):
            for alternative in item.alternatives:
                yield from class_refs(alternative)
        elif isinstance(item, (Optional_, NotFollowedBy)):
            yield from class_refs((item.item,))
