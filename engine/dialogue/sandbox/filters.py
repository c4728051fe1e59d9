"""Filters, tests and the engine's own bookkeeping filters, each charged to the render's budget."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from jinja2.utils import pass_context

from engine.dialogue.sandbox.budget import Budget
from engine.dialogue.sandbox.operations import check_percent_format, check_replace

if TYPE_CHECKING:
    from engine.dialogue.sandbox.environment import BoundedSandbox


# -- filters ----------------------------------------------------------------------------------
class BoundedFilters(dict[str, Callable[..., Any]]):
    """The environment's filters; each one added is wrapped by ``_bounded_filter``."""

    def __init__(self, env: BoundedSandbox, filters: dict[str, Callable[..., Any]]):
        super().__init__()
        self._env = env
        self.update(filters)

    def __setitem__(self, name: str, function: Callable[..., Any]) -> None:
        super().__setitem__(name, _bounded_filter(self._env, name, function))

    def update(self, *args: Any, **kwargs: Any) -> None:
        for name, function in dict(*args, **kwargs).items():
            self[name] = function


def _bounded_filter(env: BoundedSandbox, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that weighs what it is given (and charges that), checks the arguments that set
    a size (``center(10**9)``), and counts what it makes."""
    if getattr(function, "peercoach_bounded", False):
        return function
    skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0  # context or environment
    check = _FILTER_CHECKS.get(name)

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        budget = env.current()
        given = args[skip:]
        budget.charge(1)
        for value in (*given, *kwargs.values()):
            budget.weigh(value)
        if check is not None and given:
            check(budget, *given, **kwargs)
        return budget.made(function(*args, **kwargs))

    bounded.peercoach_bounded = True  # type: ignore[attr-defined]
    return bounded


def _lines(value: Any) -> int:
    return str(value).count("\n") + 1


def _arg(args: tuple[Any, ...], kwargs: dict[str, Any], index: int, key: str, default: Any) -> Any:
    return args[index] if len(args) > index else kwargs.get(key, default)


def _check_size_arg(index: int, key: str) -> Callable[..., None]:
    """For filters whose argument is the size of what they make (``center``, ``batch``, ``slice``)."""
    def check(budget: Budget, value: Any, *args: Any, **kwargs: Any) -> None:
        size = _arg(args, kwargs, index, key, 0)
        if isinstance(size, int):
            budget.allow(size)
    return check


def _check_indent(budget: Budget, value: Any, *args: Any, **kwargs: Any) -> None:
    width = _arg(args, kwargs, 0, "width", 4)
    pad = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    budget.allow(len(str(value)) + _lines(value) * max(pad, 0))


def _check_wordwrap(budget: Budget, value: Any, *args: Any, **kwargs: Any) -> None:
    wrap = _arg(args, kwargs, 2, "wrapstring", None)
    budget.allow(len(str(value)) * (1 + len(wrap) if isinstance(wrap, str) else 2))


def _check_joined(budget: Budget, value: Any, *args: Any, **kwargs: Any) -> None:
    parts = [_arg(args, kwargs, i, k, "") for i, k in ((0, "d"), (1, "last"), (0, "separator"))]
    gap = sum(len(p) for p in parts if isinstance(p, str)) + 5
    count = len(value) if isinstance(value, (list, tuple, dict, str)) else 0
    budget.allow(budget.weigh(value) + gap * count)


def _check_format_filter(budget: Budget, value: Any, *args: Any, **kwargs: Any) -> None:
    check_percent_format(budget, str(value), (args, kwargs))


def _check_replace_filter(budget: Budget, value: Any, *args: Any, **kwargs: Any) -> None:
    count = _arg(args, kwargs, 2, "count", None)
    check_replace(budget, str(value), _arg(args, kwargs, 0, "old", None), _arg(args, kwargs, 1, "new", None),
                   -1 if count is None else count)


_FILTER_CHECKS: dict[str, Callable[..., None]] = {
    "center": _check_size_arg(0, "width"),
    "batch": _check_size_arg(0, "linecount"),
    "slice": _check_size_arg(0, "slices"),
    "indent": _check_indent,
    "wordwrap": _check_wordwrap,
    "join": _check_joined,
    "listing": _check_joined,
    "format": _check_format_filter,
    "replace": _check_replace_filter,
}


def internal_filters(env: BoundedSandbox) -> dict[str, Callable[..., Any]]:
    """What ``Charges`` puts into compiled templates. They take the context, so Jinja never
    folds them at compile time, and they are not wrapped again."""

    @pass_context
    def loop(context: Any, iterable: Iterable[Any]) -> Iterator[Any]:
        budget = env.current()
        for item in iterable:
            budget.charge(1)
            yield item

    @pass_context
    def shown(context: Any, value: Any) -> Any:
        budget = env.current()
        budget.show(budget.weigh(value))
        return value

    @pass_context
    def literal(context: Any, value: str, size: int) -> str:
        env.current().show(size)
        return value

    @pass_context
    def part(context: Any, value: Any) -> Any:
        env.current().weigh(value)  # before `~` turns it into text
        return value

    @pass_context
    def made(context: Any, value: Any) -> Any:
        return env.current().made(value)

    found: dict[str, Callable[..., Any]] = {LOOP: loop, SHOWN: shown, LITERAL: literal, PART: part, MADE: made}
    for function in found.values():
        function.peercoach_bounded = True  # type: ignore[attr-defined]
    return found


LOOP, SHOWN, LITERAL, PART, MADE = ("peercoach_loop", "peercoach_shown", "peercoach_literal",
                                    "peercoach_part", "peercoach_made")
