"""Jinja in the sandbox: dialogue text is a template, conditions and computed values are
expressions compiled with ``compile_expression``. Nothing here ever calls Python's ``eval``.

Both are compiled once at load time; ``names`` tells the loader which variables they read so it
can report a misspelt variable before anybody runs the dialogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import jinja2
from jinja2 import meta, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment, SecurityError

from engine.errors import DialogueRuntimeError
from engine import goals, talk
from engine.reflect import reflect
from engine.source import Span


def _finalize(value: Any) -> Any:
    # An unanswered question is None; show it as nothing rather than the word "None".
    return "" if value is None else value


def _join_list(value: Any, separator: str = ", ", last: str | None = None) -> str:
    """``{{ items | listing }}`` -> "a, b and c" (``last`` defaults to " and ")."""
    items = [str(v) for v in (value or [])]
    if len(items) <= 1:
        return "".join(items)
    last = " and " if last is None else last
    return separator.join(items[:-1]) + last + items[-1]


def make_environment(*, immutable: bool = True, **options: Any) -> SandboxedEnvironment:
    """The one place our Jinja environments are configured.

    Dialogue texts and conditions are immutable: they read what they are given (``person``, the
    answers) but cannot change it (``person.update(...)``, ``goals.append(...)`` are refused), so
    showing a question has no side effects. Summary templates render from copies once the
    conversation is over, and may build lists of their own (``immutable=False``).
    """
    kind = ImmutableSandboxedEnvironment if immutable else SandboxedEnvironment
    env = kind(finalize=_finalize, keep_trailing_newline=False, **options)
    env.filters["listing"] = _join_list
    env.filters["reflect"] = reflect
    # Understanding free text: dialogues branch on these ("if: why is sustain_talk").
    env.filters["talk"] = lambda text: talk.classify(str(text or "")).to_dict()
    env.filters["smart"] = lambda text: goals.check(str(text or "")).to_dict()
    env.filters["improved"] = lambda text, *parts: goals.improved(str(text or ""), *(str(p or "") for p in parts))
    env.tests["change_talk"] = lambda text: talk.classify(str(text or "")).label == talk.CHANGE
    env.tests["sustain_talk"] = lambda text: talk.classify(str(text or "")).label == talk.SUSTAIN
    return env


TEXT_ENV = make_environment()


class CompileError(Exception):
    """A template or expression that does not compile; ``line`` counts from 1 in its source."""

    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class _Compiled:
    source: str
    span: Span
    names: frozenset[str] = field(compare=False)
    unsafe: tuple[str, ...] = field(compare=False)


def _analyse(tree: nodes.Template) -> tuple[frozenset[str], tuple[str, ...]]:
    names = frozenset(meta.find_undeclared_variables(tree))
    unsafe = tuple(sorted({n.attr for n in tree.find_all(nodes.Getattr) if n.attr.startswith("_")}
                          | {str(n.arg.value) for n in tree.find_all(nodes.Getitem)
                             if isinstance(n.arg, nodes.Const) and str(n.arg.value).startswith("_")}))
    return names, unsafe


def _parse(source: str) -> nodes.Template:
    try:
        return TEXT_ENV.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        raise CompileError(exc.message or "template syntax error", exc.lineno or 1) from None


@dataclass(frozen=True)
class Text(_Compiled):
    """A piece of dialogue text: a Jinja template over the session's variables."""

    template: jinja2.Template | None = field(default=None, compare=False, repr=False)

    @classmethod
    def compile(cls, source: str, span: Span) -> "Text":
        names, unsafe = _analyse(_parse(source))  # parsed now, so mistakes show at load time
        return cls(source, span, names, unsafe)

    def render(self, variables: Mapping[str, Any]) -> str:
        if self.template is None:  # compiled on first use: most texts of a library are never shown
            object.__setattr__(self, "template", TEXT_ENV.from_string(self.source))
        return _guard(self.span, lambda: self.template.render(variables)).strip()


@dataclass(frozen=True)
class Expression(_Compiled):
    """A condition or computed value, e.g. ``confidence < 5`` or ``strengths | length``."""

    function: Callable[..., Any] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def compile(cls, source: str, span: Span) -> "Expression":
        try:
            function = TEXT_ENV.compile_expression(source, undefined_to_none=True)
        except jinja2.TemplateSyntaxError as exc:
            raise CompileError(exc.message or "expression syntax error", exc.lineno or 1) from None
        names, unsafe = _analyse(_parse("{{ " + source + " }}"))
        return cls(source, span, names, unsafe, function)

    def evaluate(self, variables: Mapping[str, Any]) -> Any:
        return _guard(self.span, lambda: self.function(**variables))


def _guard(span: Span, action: Callable[[], Any]) -> Any:
    """Turn Jinja's runtime failures into an error that names the dialogue position."""
    try:
        return action()
    except SecurityError as exc:
        raise DialogueRuntimeError(span, f"not allowed in the sandbox: {exc}") from None
    except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
        raise DialogueRuntimeError(span, f"{type(exc).__name__}: {exc}") from None
