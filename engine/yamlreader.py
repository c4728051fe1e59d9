"""Strict YAML reading: node trees with positions, no surprises.

We never construct Python objects with PyYAML's resolvers. ``compose`` gives the node tree
(every node keeps its start mark), and values are converted by the loader according to what
the dialogue schema expects. So a choice value ``no`` stays the string "no", duplicate keys are
reported instead of silently overwritten, and tags such as ``!!python/object`` are refused.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from engine.errors import DialogueLoadError, Problem, did_you_mean
from engine.source import Span

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


# libyaml's parser, where PyYAML was built with it, is many times faster; it keeps the same marks.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def compose(text: str, filename: str) -> yaml.Node | None:
    """Parse ``text`` into a YAML node tree; syntax errors become a ``DialogueLoadError``.

    The fast parser reads well-formed files; a file it refuses is read again by PyYAML's own,
    whose messages the hints below are written for.
    """
    if _FAST_LOADER is not None:
        fast = _FAST_LOADER(text)
        try:
            return fast.get_single_node()
        except yaml.YAMLError:
            pass  # fall through: PyYAML says what is wrong, with its words and marks
        finally:
            fast.dispose()
    loader = yaml.SafeLoader(text)
    loader.name = filename  # marks carry the file name from here on
    try:
        node = loader.get_single_node()
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
    finally:
        loader.dispose()
    return node


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
    if node.style:  # quoted or block scalar
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


class Reader:
    """Typed, located reading of one YAML file, shared by every kind of file peercoach reads.

    Each reader method checks one value and returns it (or None); what is wrong goes to
    ``problems`` with the file, line and column, so a reader sees every mistake at once.
    """

    def __init__(self, path: Path, name: str | None = None):
        self.path = path
        self.name = name if name is not None else str(path)
        self.problems: list[Problem] = []
        self.lines: list[str] = []  # the file's text, to place errors inside multi-line strings

    def span(self, node: yaml.Node) -> Span:
        return Span.of(node, self.name)

    def error(self, node: yaml.Node | Span, message: str, hint: str | None = None,
              severity: str = "error") -> None:
        span = node if isinstance(node, Span) else self.span(node)
        self.problems.append(Problem(span, message, hint, severity))

    def root(self, needs: str) -> yaml.Node | None:
        """The file's YAML tree, strictly read; ``needs`` says what an empty file is missing."""
        try:
            source = self.path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            self.error(Span(self.name, 1, 1), f"the file is not UTF-8 text ({exc.reason})",
                       "save it as UTF-8 in your editor")
            return None
        self.lines = source.splitlines()
        try:
            root = compose(source, self.name)
        except DialogueLoadError as exc:
            self.problems.extend(exc.problems)
            return None
        if root is None:
            self.error(Span(self.name, 1, 1), "the file is empty", needs)
            return None
        self.problems.extend(structural_problems(root, self.name))
        return root

    def mapping(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} should be a mapping of `key: value` lines, not {kind_name(node)}")
            return None
        result: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                self.error(key, f"a key in {what} should be a plain word")
                continue
            result.setdefault(key.value, (key, value))
        return result

    def check_keys(self, entries: dict[str, tuple[yaml.Node, yaml.Node]], allowed: Iterable[str],
                   what: str, near: Iterable[str] = ()) -> None:
        allowed = tuple(allowed)
        for key, (key_node, _) in entries.items():
            if key not in allowed:
                hint = did_you_mean(key, allowed) or did_you_mean(key, near)
                if hint is None:
                    hint = "allowed keys here: " + ", ".join(f"`{k}`" for k in allowed)
                self.error(key_node, f"unknown key `{key}` in {what}", hint)

    def require(self, entries: dict[str, tuple[yaml.Node, yaml.Node]], keys: Iterable[str],
                node: yaml.Node, what: str) -> None:
        for key in keys:
            if key not in entries:
                self.error(node, f"{what} is missing `{key}`")

    def string(self, node: yaml.Node, what: str, allow_empty: bool = False) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or (is_null(node) and not allow_empty):
            self.error(node, f"{what} should be text, not {'nothing' if is_null(node) else kind_name(node)}")
            return None
        return "" if is_null(node) else node.value

    def one_of(self, node: yaml.Node, what: str, choices: Iterable[str]) -> str | None:
        choices = tuple(choices)
        value = self.string(node, what)
        if value is not None and value not in choices:
            hint = did_you_mean(value, choices) or "one of " + ", ".join(f"`{c}`" for c in choices)
            self.error(node, f"{what} `{value}` is not known", hint)
            return None
        return value

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} should be a list (lines starting with `- `), not {kind_name(node)}")
            return None
        return list(node.value)

    def strings(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node]]:
        """A list of texts, each with its node (for errors inside it); a single text counts as one."""
        items = [node] if isinstance(node, yaml.ScalarNode) else self.sequence(node, what) or []
        found = []
        for item in items:
            value = self.string(item, f"each entry of {what}")
            if value is not None:
                found.append((value, item))
        return found

    def boolean(self, node: yaml.Node, what: str) -> bool | None:
        value = plain_value(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, bool):
            shown = node.value if isinstance(node, yaml.ScalarNode) else kind_name(node)
            self.error(node, f"{what} should be `true` or `false`, not `{shown}`")
            return None
        return value

    def number(self, node: yaml.Node, what: str) -> float | None:
        value = plain_value(node) if isinstance(node, yaml.ScalarNode) and not node.style else None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(node, f"{what} should be a number")
            return None
        return value

    def inner_span(self, node: yaml.Node, line: int, column: int | None = None) -> Span:
        """Where line ``line`` (1-based) of a YAML string's text is in the file; with ``column``,
        that column of a one-line string too (phrase errors point at the word)."""
        span = self.span(node)
        if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            inner = span.shifted(line)  # the text starts on the line below the `|`
            source = self.lines[inner.line - 1] if inner.line <= len(self.lines) else ""
            return Span(inner.file, inner.line, len(source) - len(source.lstrip()) + (column or 1))
        if line > 1:
            return span.shifted(line - 1)
        if column is None:
            return span
        quote = 1 if isinstance(node, yaml.ScalarNode) and node.style in ("'", '"') else 0
        return Span(span.file, span.line, span.column + quote + column - 1)
