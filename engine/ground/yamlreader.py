"""``Reader``: typed, located reading of the values in one YAML file (see ``engine.ground.yamlfile``
for how the file itself is read and composed)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

from engine.ground.errors import DialogueLoadError, Problem, did_you_mean
from engine.ground.source import Span
from engine.ground.yamlfile import (
    Alias,
    compose_with_aliases,
    is_null,
    kind_name,
    plain_value,
    read_text,
    structural_problems,
)


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
        self.aliases: list[Alias] = []  # every `*alias` in the file, in order

    def span(self, node: yaml.Node) -> Span:
        return Span.of(node, self.name)

    def error(self, node: yaml.Node | Span, message: str, hint: str | None = None,
              severity: str = "error", rule: str | None = None) -> None:
        span = node if isinstance(node, Span) else self.span(node)
        self.problems.append(Problem(span, message, hint, severity, rule))

    def root(self, needs: str) -> yaml.Node | None:
        """The file's YAML tree, strictly read; ``needs`` says what an empty file is missing."""
        try:
            source = read_text(self.path, self.name)
            self.lines = source.splitlines()
            root, self.aliases = compose_with_aliases(source, self.name)
        except DialogueLoadError as exc:
            self.problems.extend(exc.problems)
            return None
        if root is None:
            self.error(Span(self.name, 1, 1), "the file is empty", needs)
            return None
        self.problems.extend(structural_problems(root, self.name))
        return root

    def aliases_in(self, entries: dict[str, tuple[yaml.Node, yaml.Node]], key: str) -> list[Alias]:
        """The aliases written in one entry of a mapping: after its key, before the next key."""
        start = self.span(entries[key][0])
        later = [self.span(k) for k, _ in entries.values() if self.span(k) > start]
        end = min(later) if later else None
        return [a for a in self.aliases if start < a.span and (end is None or a.span < end)]

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
            self.error(node, f"{what} should be one of " + ", ".join(f"`{c}`" for c in choices)
                       + f", not `{value}`", did_you_mean(value, choices))
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
