"""Jinja in the sandbox: dialogue text is a template, conditions and computed values are
expressions compiled with ``compile_expression``. Nothing here ever calls Python's ``eval``.

Both are compiled once at load time; ``names`` tells the loader which variables they read so it
can report a misspelt variable before anybody runs the dialogue.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import jinja2
from jinja2 import meta, nodes
from jinja2.exceptions import SecurityError
from jinja2.parser import Parser

from engine.dialogue.choosing import pick
from engine.dialogue.direct import Indirect, Plan, plan, run
from engine.dialogue.sandbox import BoundedSandbox, LimitError
from engine.dialogue.sandbox.compiled import deeper_than
from engine.ground.errors import DialogueRuntimeError, did_you_mean
from engine.ground.regexes import compiled
from engine.ground.source import Span
from engine.understanding.reflect import reflect


# The talk and SMART rules compile many patterns: loaded when a dialogue first uses their filter.
def _talk() -> types.ModuleType:
    from engine.understanding import talk

    return talk


def _goals() -> types.ModuleType:
    from engine.understanding import goals

    return goals


def _listening() -> types.ModuleType:
    from engine.understanding import listening

    return listening


def _has_markup(source: str) -> bool:
    """Whether a text holds any Jinja (``{{``, ``{%`` or ``{#``); one without is said as written."""
    return "{" in source


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


_CLAUSE = compiled(r"(?i)^\W*(i|i'm|im|i've|i'd|i'll|my|we|we're|it|it's|its|there|things|life|everything|nothing)\b")


_SPEAKER = compiled(r"(?i)^\W*(i|i'm|im|i've|i'd|i'll)\b")


def _is_clause(value: Any) -> bool:
    """``if: why is clause``: the answer is a whole statement about the person ("I want to keep up
    with my kids", "my back hurts"), so it can be said back as a reflection; a fragment ("to feel
    better", "my kids") is better quoted. A statement that starts with "I" is one; one that starts
    with "my", "it" or "things" needs a verb after its subject, so at least three words."""
    text = str(value or "")
    if _SPEAKER.match(text):
        return True
    return bool(_CLAUSE.match(text)) and len(text.split()) >= 3


def _debrief(turns: Any, practise: Any = None) -> dict[str, Any]:
    """``{% set debrief = vars.turns | debrief(vars.practise) %}``: what a rehearsal's replies added
    up to (``engine.dialogue.debriefing``)."""
    from engine.dialogue.debriefing import debrief_filter

    return debrief_filter(turns, practise)


def _heard(value: Any) -> dict[str, Any]:
    """``{% set heard = answer | heard %}``: what the listening rules hear in an answer (``nonanswer``,
    ``topics`` such as "loss" or "money", ``feeling``: positive, negative, mixed or neutral)."""
    heard: dict[str, Any] = _listening().listen(str(value or "")).to_dict()
    return heard


def _quoted(value: Any) -> str:
    """``{{ person.strengths | quoted }}`` -> '"caring", "funny" and "cooking"': a person's own words
    shown as theirs, never pasted into a sentence whose grammar they might break."""
    return _join_list([f'"{item}"' for item in (value or []) if str(item).strip()])


def _as_day(value: Any) -> date | None:
    """A day from a stored date ("2026-12-02"), a ``when`` answer ({"due": ...}) or a timestamp; else None."""
    if isinstance(value, dict):
        value = value.get("due") or value.get("until")
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:  # words with no date ("soon"): nothing to count from
        return None


def _days_late(due: Any, today: Any) -> int:
    """``{{ goal.review | days_late(today) }}``: days since a date passed (0 when it has not, or
    when either is not a date), so ``days_late(today) > 0`` reads "overdue"."""
    due_day, today_day = _as_day(due), _as_day(today)
    return max(0, (today_day - due_day).days) if due_day and today_day else 0


def _day(value: Any) -> str:
    """``{{ goal.review | day }}`` -> "Friday 4 December": a date as a person says it (words kept as typed)."""
    day = _as_day(value)
    if day is None:
        return str(value.get("text", "")) if isinstance(value, dict) else ("" if value is None else str(value))
    return f"{day:%A} {day.day} {day:%B}"


def make_environment(*, immutable: bool = True, **options: Any) -> BoundedSandbox:
    """The one place our Jinja environments are configured (``limits=`` sets how much a render
    may do; dialogue texts get ``engine.dialogue.sandbox.TEXT_LIMITS``).

    Dialogue texts and conditions are immutable: they read what they are given (``person``, the
    answers) but cannot change it (``person.update(...)``, ``goals.append(...)`` are refused), so
    showing a question has no side effects. Summary templates render from copies once the
    conversation is over, and may build lists of their own (``immutable=False``).
    """
    env = BoundedSandbox(finalize=_finalize, keep_trailing_newline=False, immutable=immutable, **options)
    env.filters["listing"] = _join_list
    env.filters["reflect"] = reflect
    env.filters["quoted"] = _quoted
    env.filters["heard"] = _heard
    env.tests["clause"] = _is_clause
    # Rehearsals: a line chosen by the session's seed, and the debrief of the replies.
    env.filters["pick"] = pick
    env.filters["debrief"] = _debrief
    env.filters["days_late"] = _days_late
    env.filters["day"] = _day
    # Understanding free text: dialogues branch on these ("if: why is sustain_talk").
    env.filters["talk"] = lambda text: _talk().classify(str(text or "")).to_dict()
    env.filters["smart"] = lambda text: _goals().check(str(text or "")).to_dict()
    env.filters["improved"] = lambda text, *parts: _goals().improved(str(text or ""), *(str(p or "") for p in parts))
    env.tests["change_talk"] = lambda text: _talk().classify(str(text or "")).label == _talk().CHANGE
    env.tests["sustain_talk"] = lambda text: _talk().classify(str(text or "")).label == _talk().SUSTAIN
    return env


TEXT_ENV = make_environment()
TEXT_ENV.code_key = "texts"  # every setting made: the code its texts compile to is kept between runs


class CompileError(Exception):
    """A template or expression that does not compile; ``line`` counts from 1 in its source.
    ``hint``, when given, says what to do better than the loader's general advice."""

    def __init__(self, message: str, line: int = 1, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.hint = hint


@dataclass(frozen=True)
class _Compiled:
    source: str
    span: Span
    names: frozenset[str] = field(compare=False)
    unsafe: tuple[str, ...] = field(compare=False)
    # The names the text gives a value itself (`{% set %}`, `{% for %}`): Jinja counts one set only
    # in an `{% if %}` as read from outside too, but it is never an unknown variable of the dialogue.
    assigned: frozenset[str] = field(default=frozenset(), compare=False)


def _known_filters_and_tests(tree: nodes.Template, env: jinja2.Environment) -> None:
    """An unknown filter or test (``{{ q | reflct }}``) is a load error at its line, with the
    nearest known name, never a traceback when the text is first shown."""
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        kind, known = ("filter", env.filters) if isinstance(node, nodes.Filter) else ("test", env.tests)
        if node.name not in known:
            hint = did_you_mean(node.name, sorted(known))
            raise CompileError(f"there is no {kind} `{node.name}`", node.lineno or 1,
                               hint or f"the {kind}s are listed in docs/authoring.md")


def _analyse(tree: nodes.Template, env: jinja2.Environment | None = None) -> tuple[frozenset[str], tuple[str, ...]]:
    _known_filters_and_tests(tree, env or TEXT_ENV)
    try:
        names = frozenset(meta.find_undeclared_variables(tree))
    except jinja2.TemplateAssertionError as exc:  # anything else the compiler refuses
        raise CompileError(exc.message or "template error", exc.lineno or 1) from None
    unsafe = tuple(sorted({n.attr for n in tree.find_all(nodes.Getattr) if n.attr.startswith("_")}
                          | {str(n.arg.value) for n in tree.find_all(nodes.Getitem)
                             if isinstance(n.arg, nodes.Const) and str(n.arg.value).startswith("_")}))
    return names, unsafe


def _parse(source: str) -> nodes.Template:
    try:
        return TEXT_ENV.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        raise CompileError(exc.message or "template syntax error", exc.lineno or 1) from None


def _check_constants(tree: nodes.Template) -> None:
    """What needs no variables is worked out now, so ``9 ** 9 ** 9`` is a load error at its line."""
    try:
        TEXT_ENV.check_constants(tree)
    except LimitError as exc:
        raise CompileError(exc.message, exc.line or 1, exc.hint) from None


@dataclass(frozen=True)
class Text(_Compiled):
    """A piece of dialogue text: a Jinja template over the session's variables."""

    template: jinja2.Template | None = field(default=None, compare=False, repr=False)
    # The last render whose variables were all plain values, and what they were: a question is
    # shown, then rendered again for the log when it is answered, with nothing changed between.
    last: tuple[tuple[Any, ...], str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def compile(cls, source: str, span: Span) -> Text:
        if not _has_markup(source):  # most texts are plain words: nothing to parse or render
            return cls(source, span, frozenset(), ())
        tree = _parse(source)  # parsed now, so mistakes show at load time
        names, unsafe = _analyse(tree)
        assigned = frozenset(n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param"))
        _check_constants(tree)  # last: it changes the tree
        return cls(source, span, names, unsafe, assigned)

    def render(self, variables: Mapping[str, Any]) -> str:
        if not _has_markup(self.source):
            return self.source.strip()
        given = _plain_values(self.names, variables)
        last = self.last
        if given is not None and last is not None and last[0] == given:
            return last[1]
        template = self.template
        if template is None:  # compiled on first use: most texts of a library are never shown
            template = _template(self.source)
            object.__setattr__(self, "template", template)
        rendered: str = _guard(self.span, lambda: template.render(variables)).strip()
        if given is not None:
            object.__setattr__(self, "last", (given, rendered))
        return rendered

    def __getstate__(self) -> dict[str, Any]:
        """Kept (engine.ground.cache) as compiled at load: never a render, nor Jinja's template."""
        state = dict(self.__dict__)
        state["template"] = state["last"] = None
        return state


def _template(source: str) -> jinja2.Template:
    """The text's template, compiled once per process for each source: every library loaded holds
    its own texts, and the same few sources were compiled again for each (a test run compiled one
    935 times). Templates render nothing of their own, so one serves every text that has its
    words; long sources are compiled each time rather than kept."""
    if len(source) > _KEPT_SOURCE:
        return TEXT_ENV.from_string(source)
    return _kept_template(source)


@functools.lru_cache(maxsize=2048)
def _kept_template(source: str) -> jinja2.Template:
    return TEXT_ENV.from_string(source)


_KEPT_SOURCE = 2_000  # characters of a text whose compiled template is kept
_PLAIN = (str, int, float, bool, type(None))
_ABSENT = object()


def _plain_values(names: frozenset[str], variables: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """The values a text reads, with their types, when every one is a plain value (text, a number,
    yes or no, nothing) or not there: what its render depends on. None otherwise (a list or a
    record may change inside without changing its identity)."""
    given: list[Any] = []
    for name in sorted(names):
        value = variables.get(name, _ABSENT)
        kind = type(value)
        if value is not _ABSENT and kind not in _PLAIN:
            return None
        given += (name, kind, repr(value) if kind is float else value)  # -0.0 == 0.0, but shows as "-0.0"
    return tuple(given)


@dataclass(frozen=True)
class Expression(_Compiled):
    """A condition or computed value, e.g. ``confidence < 5`` or ``strengths | length``."""

    function: Callable[..., Any] | None = field(default=None, compare=False, repr=False)
    # The expression as ``direct`` works it out without Jinja, when it is simple enough (most are).
    direct: Plan | None = field(default=None, compare=False, repr=False)

    @classmethod
    def compile(cls, source: str, span: Span) -> Expression:
        """Parsed once, as ``compile_expression`` would (so its mistakes show at load time);
        turned into code on its first use, since most of a library's expressions never run."""
        try:
            parser = Parser(TEXT_ENV, source, state="variable")
            expression = parser.parse_expression()
            if not parser.stream.eos:
                raise jinja2.TemplateSyntaxError("chunk after expression", parser.stream.current.lineno)
        except jinja2.TemplateSyntaxError as exc:
            raise CompileError(exc.message or "expression syntax error", exc.lineno or 1) from None
        except RecursionError:  # Jinja's parser recurses once per level of nesting
            raise CompileError(TEXT_ENV._too_deep()) from None
        tree = nodes.Template([nodes.Output([expression], lineno=1)], lineno=1)
        tree.set_environment(TEXT_ENV)
        line = deeper_than(tree, TEXT_ENV.limits.depth)  # as a parsed template is checked
        if line is not None:
            raise CompileError(TEXT_ENV._too_deep(), line)
        direct = plan(expression)  # from the tree as written: the checks below add the sandbox's charges to it
        names, unsafe = _analyse(tree)
        _check_constants(tree)
        return cls(source, span, names, unsafe, direct=direct)

    def evaluate(self, variables: Mapping[str, Any]) -> Any:
        if self.direct is not None:
            try:
                return _guard_direct(self.span, self.direct, variables)
            except Indirect:
                pass  # a name not given, a large value, text added to text: the sandbox decides
        function = self.function
        if function is None:
            function = _guard(self.span, lambda: TEXT_ENV.compile_expression(self.source, undefined_to_none=True))
            object.__setattr__(self, "function", function)
        compiled = function
        return _guard(self.span, lambda: _bounded(compiled(**variables)))


def _bounded(value: Any) -> Any:
    """A value an expression gives is kept, compared and saved: it must be of a bounded size,
    counting lists inside lists (``[l, l]`` nested 60 times is small in memory, endless to save)."""
    TEXT_ENV.current().weigh(value)
    return value


def _guard_direct(span: Span, direct: Plan, variables: Mapping[str, Any]) -> Any:
    """``run`` with Jinja's runtime failures said as ``_guard`` says them (comparing a number
    with a word is the same TypeError either way)."""
    try:
        return run(direct, variables)
    except (TypeError, ValueError, ArithmeticError, LookupError) as exc:
        raise DialogueRuntimeError(span, f"{type(exc).__name__}: {exc}") from None
    except RecursionError:
        raise DialogueRuntimeError(span, "this condition is nested too deeply") from None


def _guard(span: Span, action: Callable[[], Any]) -> Any:
    """Run a render within the sandbox's limits; Jinja's runtime failures, and a limit passed,
    become an error that names the dialogue position."""
    try:
        with TEXT_ENV.budget():
            return action()
    except LimitError as exc:
        raise DialogueRuntimeError(span, str(exc)) from None
    except RecursionError:
        raise DialogueRuntimeError(span, "this template calls itself too deeply (a macro calling itself?)") from None
    except SecurityError as exc:
        raise DialogueRuntimeError(span, f"not allowed in the sandbox: {exc}") from None
    except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
        raise DialogueRuntimeError(span, f"{type(exc).__name__}: {exc}") from None
