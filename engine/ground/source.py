"""Where something came from: a file, a line and a column, as a person counts them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml


@dataclass(frozen=True, order=True)
class Span:
    """A 1-based position in a source file, printed the way editors and compilers print it."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    @classmethod
    def from_mark(cls, mark: Any, file: str | None = None) -> Span:
        """Where a PyYAML mark points (the pure-Python or the libyaml kind), or the file's start."""
        # PyYAML marks count from zero.
        if mark is None:
            return cls(file or "<unknown>", 1, 1)
        return cls(file if file is not None else mark.name, mark.line + 1, mark.column + 1)

    @classmethod
    def of(cls, node: yaml.Node, file: str | None = None) -> Span:
        return cls.from_mark(node.start_mark, file)

    def shifted(self, lines: int, column: int | None = None) -> Span:
        """A span ``lines`` further down, e.g. a line inside a multi-line YAML string."""
        return Span(self.file, self.line + lines, self.column if column is None else column)
