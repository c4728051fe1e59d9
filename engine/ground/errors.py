"""Problems and exceptions that carry a source location.

A ``Problem`` is a small value (like yamllint's): where, what, and what to do about it.
Authoring errors are collected into a ``DialogueLoadError`` so a facilitator sees every
problem of a file at once; runtime errors name the node that failed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from engine.ground.source import Span


@dataclass(frozen=True, order=True)
class Problem:
    span: Span
    message: str
    hint: str | None = None
    severity: str = "error"  # "error" or "warning"
    # Which check found it (e.g. ``call-cycle``), for checks over a whole library; reading a
    # single file reports what it finds without one.
    rule: str | None = None

    def __str__(self) -> str:
        label = "" if self.severity == "error" else f"{self.severity}: "
        text = f"{self.span}: {label}{self.message}"
        return f"{text}: {self.hint}" if self.hint else text

    def to_dict(self) -> dict[str, str | int | None]:
        return {
            "file": self.span.file,
            "line": self.span.line,
            "column": self.span.column,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
            "rule": self.rule,
        }


class PeercoachError(Exception):
    """Base class: every error the command line reports without a traceback."""


class DialogueLoadError(PeercoachError):
    """One or more authoring problems in dialogue files; ``problems`` lists all of them."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class DialogueRuntimeError(PeercoachError):
    """A dialogue went wrong while running (e.g. a step limit or a failing expression)."""

    def __init__(self, span: Span | None, message: str):
        self.span = span
        self.message = message
        super().__init__(f"{span}: {message}" if span else message)


class StoreError(PeercoachError):
    """A saved session could not be read or written; nothing has been overwritten."""


# A suggestion costs up to 20 ms among many names, so a file of 16,000 misspelt node ids took
# 8 minutes of them. Inside ``suggestions_limited`` only the first mistakes get one.
MAX_SUGGESTIONS = 100
_suggestions_left: ContextVar[int | None] = ContextVar("suggestions_left", default=None)


@contextmanager
def suggestions_limited(count: int = MAX_SUGGESTIONS) -> Iterator[None]:
    token = _suggestions_left.set(count)
    try:
        yield
    finally:
        _suggestions_left.reset(token)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A "did you mean `x`?" hint for a misspelt name, or None when nothing is close (or the
    suggestions of ``suggestions_limited`` are used up)."""
    left = _suggestions_left.get()
    if left is not None:
        if left <= 0:
            return None
        _suggestions_left.set(left - 1)
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None
