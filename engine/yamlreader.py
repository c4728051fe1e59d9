"""Strict YAML reading: node trees with positions, no surprises.

We never construct Python objects with PyYAML's resolvers. ``compose`` gives the node tree
(every node keeps its start mark), and values are converted by the loader according to what
the dialogue schema expects. So a choice value ``no`` stays the string "no", duplicate keys are
reported instead of silently overwritten, and tags such as ``!!python/object`` are refused.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

import yaml

from engine.errors import DialogueLoadError, Problem
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


def compose(text: str, filename: str) -> yaml.Node | None:
    """Parse ``text`` into a YAML node tree; syntax errors become a ``DialogueLoadError``."""
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
