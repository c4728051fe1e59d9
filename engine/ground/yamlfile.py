"""Strict YAML files: node trees with positions, no surprises, within limits.

We never construct Python objects with PyYAML's resolvers. ``compose`` gives the node tree
(every node keeps its start mark), and values are converted by the loader according to what
the dialogue schema expects. So a choice value ``no`` stays the string "no", duplicate keys are
reported instead of silently overwritten, and tags such as ``!!python/object`` are refused.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from engine.ground.errors import DialogueLoadError, Problem
from engine.ground.source import Span

_PLAIN_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp", "merge")
) | {"!"}

# Hints for PyYAML's most common syntax complaints, in words a non-programmer can act on.
_SYNTAX_HINTS = {
    "mapping values are not allowed here": "text containing `: ` must be put in quotes",
    "found character '\\t' that cannot start any token": "indent with spaces, not tabs",
    "could not find expected ':'": "each line of a mapping needs `key: value`; check the indentation above",
    "found undefined alias": "an `*alias` must refer to an `&anchor` defined earlier",
    "expected <block end>, but found": "check the indentation: items of one list or mapping line up",
    "found unexpected end of stream": "a quote or bracket is not closed",
    "found unknown escape character": "use single quotes, or write a backslash as `\\\\`",
    "but found another document": "a dialogue file holds one dialogue: remove the `---` line",
}


# How big and how deep a file peercoach reads may be. The biggest file we ship (the safety
# vocabulary) is under 200 KB, nests 4 levels and holds about 4,200 values; a dialogue is a few KB,
# nests 5 levels and holds a few hundred.
# Past these limits a file is refused with a located line, before it can take the memory or the
# minutes that reading it would (a 50 MB file of nodes took over 300 s and 2 GB).
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 50  # lists and mappings inside each other; PyYAML's own composer recurses on this
MAX_VALUES = 100_000  # values in the file with every `*alias` written out (a "billion laughs" has 10**9)

# libyaml's parser, where PyYAML was built with it, is many times faster; it keeps the same marks.
# Before 0.2.5 libyaml had no nesting limit of its own, and its composer recurses in C.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
if _FAST_LOADER is not None and getattr(yaml, "_yaml", None) is not None \
        and yaml._yaml.get_version() < (0, 2, 5):
    _FAST_LOADER = None

# How a file that is not a file is reported (a warning: it is skipped, not read).
SKIPPED = "not a file, so it was skipped"
_KINDS = {stat.S_ISDIR: "a folder", stat.S_ISFIFO: "a named pipe", stat.S_ISSOCK: "a socket",
          stat.S_ISCHR: "a device", stat.S_ISBLK: "a device"}


def read_text(path: Path, name: str | None = None) -> str:
    """The text of a file peercoach is asked to read, or a ``DialogueLoadError`` saying why not.

    Only ordinary files are opened, and without waiting: opening a named pipe would block until
    something wrote to it, and a device or a folder is no text at all. Those are skipped with a
    warning, a missing or unreadable file or one over ``MAX_FILE_BYTES`` is an error, and at most
    that many bytes are ever read, so a huge or endless file cannot fill the memory.
    """
    name = str(path) if name is None else name
    where = Span(name, 1, 1)
    try:
        kind = _special_kind(os.stat(path))
        if kind is None:
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
            try:
                kind = _special_kind(os.fstat(descriptor))  # it may have been swapped since the stat
                data = b"" if kind else _read_at_most(descriptor, MAX_FILE_BYTES + 1)
            finally:
                os.close(descriptor)
    except OSError as exc:
        raise DialogueLoadError([_unreadable(path, where, exc)]) from None
    if kind is not None:
        raise DialogueLoadError([Problem(where, f"this is {kind}, {SKIPPED}",
                                         "only ordinary files are read; rename it if it is not meant to "
                                         "be read", "warning")])
    if len(data) > MAX_FILE_BYTES:
        raise DialogueLoadError([Problem(where, f"the file is bigger than {MAX_FILE_BYTES // 1_000_000} MB, "
                                                "the most peercoach reads",
                                         "a dialogue is usually a few KB: split it into dialogues that "
                                         "call each other")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DialogueLoadError([Problem(Span(name, line, column), f"the file is not UTF-8 text ({exc.reason})",
                                         "save it as UTF-8 in your editor")]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")  # as Python's text mode reads it


def _special_kind(status: os.stat_result) -> str | None:
    """What a file that is not an ordinary file is, in words ("a named pipe"); None for a file."""
    if stat.S_ISREG(status.st_mode):
        return None
    return next((kind for test, kind in _KINDS.items() if test(status.st_mode)), "not an ordinary file")


def _read_at_most(descriptor: int, limit: int) -> bytes:
    chunks, size = [], 0
    while size < limit:
        chunk = os.read(descriptor, min(limit - size, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _unreadable(path: Path, where: Span, exc: OSError) -> Problem:
    """Why a file could not be opened, with what to do about it."""
    if isinstance(exc, FileNotFoundError) and os.path.islink(path):
        return Problem(where, f"this is a link to {os.readlink(path)}, which does not exist",
                       "point the link at the real file, or remove it")
    if isinstance(exc, FileNotFoundError):
        return Problem(where, "the file does not exist (was it moved while peercoach was reading?)")
    if isinstance(exc, PermissionError):
        return Problem(where, "peercoach is not allowed to read this file",
                       "give yourself permission to read it (for example `chmod u+r` on it), or copy it "
                       "to a folder of your own")
    return Problem(where, f"the file cannot be read: {exc.strerror or exc}")


@dataclass(frozen=True)
class Alias:
    """Where a ``*name`` is used: aliases repeat a part of the file, so some places refuse them."""

    anchor: str
    span: Span


def compose(text: str, filename: str) -> yaml.Node | None:
    """Parse ``text`` into a YAML node tree; syntax errors become a ``DialogueLoadError``."""
    return compose_with_aliases(text, filename)[0]


def compose_with_aliases(text: str, filename: str) -> tuple[yaml.Node | None, list[Alias]]:
    """The node tree of ``text`` and every alias in it; what is wrong is a ``DialogueLoadError``.

    The events are read once before any node is built (see ``_scan``): a file nested too deeply,
    an alias inside the part it names, or aliases that multiply the file past ``MAX_VALUES`` is
    refused there. The fast parser reads well-formed files; a file it refuses is read again by
    PyYAML's own, whose messages the hints below are written for.
    """
    if _FAST_LOADER is not None:
        try:
            aliases = _scan(_FAST_LOADER(text), filename)
            fast = _FAST_LOADER(text)
            try:
                return fast.get_single_node(), aliases
            finally:
                fast.dispose()
        except yaml.YAMLError:
            pass  # fall through: PyYAML says what is wrong, with its words and marks
    try:
        aliases = _scan(_named(yaml.SafeLoader(text), filename), filename)
        loader = _named(yaml.SafeLoader(text), filename)
        try:
            return loader.get_single_node(), aliases
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as exc:
        raise DialogueLoadError([_refused_character(text, filename, exc)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        span = Span.from_mark(mark, filename) if mark else Span(filename, 1, 1)
        problem = exc.problem or "invalid YAML"
        hint = next((h for key, h in _SYNTAX_HINTS.items() if problem.startswith(key)), None)
        if exc.context and problem.startswith("but "):  # "expected X, but found Y" reads as one
            problem = f"{exc.context}, {problem}"
        raise DialogueLoadError([Problem(span, f"YAML syntax error: {problem}", hint)]) from None
    except yaml.YAMLError as exc:  # e.g. more than one document
        raise DialogueLoadError([Problem(Span(filename, 1, 1), f"YAML error: {exc}")]) from None


def _named(loader: yaml.SafeLoader, filename: str) -> yaml.SafeLoader:
    loader.name = filename  # marks carry the file name from here on
    return loader


def _scan(loader: Any, filename: str) -> list[Alias]:
    """Check the file's events, in one pass and without recursion, before any node is built.

    Building nodes recurses once per level of nesting (a RecursionError, or a crash in C, for
    ``[[[[...]]]]``), an alias inside the part it names builds a loop, and aliases to parts that
    hold aliases multiply: nine lines can stand for a billion values. So this counts the depth,
    knows which anchors are still open, and adds up how many values each anchor stands for.
    """
    open_parts: list[list[Any]] = []  # per open list or mapping: [its anchor, values inside so far]
    sizes: dict[str, int] = {}  # anchor -> how many values it stands for
    aliases: list[Alias] = []
    total = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                if len(open_parts) >= MAX_DEPTH:
                    raise _limit(event, filename, f"lists and mappings are nested more than {MAX_DEPTH} deep",
                                 "a dialogue needs only a few levels: check the indentation and brackets")
                open_parts.append([event.anchor, 1])
                total += 1
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                anchor, count = open_parts.pop()
            elif isinstance(event, yaml.ScalarEvent):
                anchor, count = event.anchor, 1
                total += 1
            elif isinstance(event, yaml.AliasEvent):
                aliases.append(_alias(event, filename, open_parts))
                anchor, count = None, sizes.get(event.anchor or "", 1)  # an unknown one is reported later
                total += count
            else:
                continue
            if anchor is not None:
                sizes[anchor] = count
            if open_parts:
                open_parts[-1][1] += count
            if total > MAX_VALUES:
                what = "with its aliases (`*name`) written out, the file would hold" if aliases else "the file holds"
                raise _limit(event, filename, f"{what} more than {MAX_VALUES:,} values",
                             "repeat parts less often, or split the file into several dialogues")
    finally:
        loader.dispose()
    return aliases


def _alias(event: yaml.AliasEvent, filename: str, open_parts: list[list[Any]]) -> Alias:
    alias = Alias(event.anchor or "", Span.from_mark(event.start_mark, filename))
    if any(anchor == event.anchor for anchor, _ in open_parts):
        raise DialogueLoadError([Problem(alias.span, f"`*{event.anchor}` is inside the part it repeats "
                                                     f"(`&{event.anchor}`), so it would repeat for ever",
                                         "an alias can only repeat a part that ends before it")])
    return alias


def _limit(event: yaml.Event, filename: str, message: str, hint: str) -> DialogueLoadError:
    return DialogueLoadError([Problem(Span.from_mark(event.start_mark, filename), message, hint)])


def _refused_character(text: str, filename: str, exc: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow (a NUL byte, most control characters), where it is."""
    position = exc.position if isinstance(exc.position, int) else 0
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(text[position:position + 1] or "\0")
    name = ("a NUL character" if code == 0 else "a control character" if code < 0x20 or 0x7F <= code <= 0x9F
            else "a character")
    return Problem(Span(filename, line, column), f"the file contains {name} (U+{code:04X}), which YAML does not allow",
                   "delete it: such characters come from copying out of another program or a binary file")


def structural_problems(node: yaml.Node | None, filename: str) -> list[Problem]:
    """Duplicate keys and non-standard tags anywhere in the tree."""
    problems: list[Problem] = []
    for each in walk(node):
        if each.tag not in _PLAIN_TAGS:
            problems.append(Problem(Span.of(each, filename), f"YAML tag `{each.tag}` is not allowed",
                                    "remove the tag; dialogue files hold plain text, numbers and lists"))
        if isinstance(each, yaml.MappingNode):
            seen: dict[str, yaml.Node] = {}
            for key, _ in each.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else None
                if name is None:
                    continue
                if name in seen:
                    first = Span.of(seen[name], filename)
                    problems.append(Problem(Span.of(key, filename), f"duplicate key `{name}`",
                                            f"it is already set at line {first.line}; keep one"))
                else:
                    seen[name] = key
    return sorted(problems)


def walk(node: yaml.Node | None) -> Iterator[yaml.Node]:
    """Every node of the tree once (aliases point at shared nodes, so track identity)."""
    seen: set[int] = set()
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, yaml.MappingNode):
            for key, value in reversed(current.value):
                stack.extend([value, key])
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(reversed(current.value))


def is_null(node: yaml.Node) -> bool:
    return (isinstance(node, yaml.ScalarNode) and not node.style
            and node.value in ("", "~", "null", "Null", "NULL"))


_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+")


def plain_value(node: yaml.Node) -> Any:
    """Convert a node with YAML 1.2's small core schema: only ``true``/``false`` are booleans.

    Quoted scalars are always strings; ``yes``, ``no``, ``on`` and ``off`` stay strings.
    """
    if isinstance(node, yaml.SequenceNode):
        return [plain_value(item) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        return {str(key.value): plain_value(value) for key, value in node.value}
    text = node.value
    if isinstance(node, yaml.ScalarNode) and node.style:  # quoted or block scalar
        return text
    if is_null(node):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return text


def kind_name(value: Any) -> str:
    """What a YAML node is, in words for an error message."""
    if isinstance(value, yaml.MappingNode):
        return "a mapping (key: value lines)"
    if isinstance(value, yaml.SequenceNode):
        return "a list"
    return "text"
