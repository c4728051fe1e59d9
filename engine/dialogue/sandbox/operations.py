"""Sizes checked before an operator, a format or a string method makes something big."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from jinja2.sandbox import SandboxedEscapeFormatter, SandboxedFormatter

from engine.dialogue.sandbox.budget import Budget, LimitError

if TYPE_CHECKING:
    from engine.dialogue.sandbox.environment import BoundedSandbox


# -- operators ------------------------------------------------------------------------------
def check_repeat(budget: Budget, left: Any, right: Any) -> None:
    if isinstance(left, (str, list, tuple)) and isinstance(right, int):
        budget.allow(len(left) * max(right, 0))
    elif isinstance(right, (str, list, tuple)) and isinstance(left, int):
        budget.allow(len(right) * max(left, 0))
    elif isinstance(left, int) and isinstance(right, int):
        budget.allow_bits(left.bit_length() + right.bit_length())


def check_power(budget: Budget, base: Any, exponent: Any) -> None:
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0 and abs(base) > 1:
        budget.allow_bits(exponent * math.log2(abs(base)))


_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def check_percent_format(budget: Budget, template: str, values: Any) -> None:
    """``'%999999999d' % 1`` makes a billion spaces: widths must be within the size limit."""
    for match in _PERCENT_FIELD.finditer(template):
        _check_width(budget, match.group(1))
        _check_width(budget, match.group(2))
    budget.weigh(values)


def _check_width(budget: Budget, width: str | None) -> None:
    if width == "*":
        raise LimitError("a width given by `*` cannot be checked", "write the width as a number")
    if width and (len(width) > 9 or int(width) > budget.limits.size):
        budget.allow(budget.limits.size + 1, "a padded text")


_FORMAT_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(\d*)[,_]?(?:\.(\d+))?")


class _SpecCheck:
    """``'{:999999999}'.format(1)``: the width of each field must be within the size limit."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        env: BoundedSandbox = self._env  # type: ignore[attr-defined]  # set by Jinja's formatters
        budget = env.current()
        match = _FORMAT_SPEC.match(format_spec)
        if match:
            _check_width(budget, match.group(1))
            _check_width(budget, match.group(2))
        budget.weigh(value)
        return super().format_field(value, format_spec)  # type: ignore[misc]


class BoundedFormatter(_SpecCheck, SandboxedFormatter):
    pass


class BoundedEscapeFormatter(_SpecCheck, SandboxedEscapeFormatter):
    pass


# -- calls and methods ------------------------------------------------------------------------
# List methods that compare every item with their argument (deeply, for lists in lists).
WALKING_METHODS = frozenset({"index", "count", "remove", "sort", "copy"})


def check_str_method(budget: Budget, text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """The string methods whose result can be far bigger than the string, checked first."""
    def arg(index: int, key: str, default: Any = None) -> Any:
        return args[index] if len(args) > index else kwargs.get(key, default)

    if name in ("center", "ljust", "rjust", "zfill"):
        width = arg(0, "width", 0)
        if isinstance(width, int):
            budget.allow(max(width, len(text)))
    elif name == "expandtabs":
        size = arg(0, "tabsize", 8)
        if isinstance(size, int):
            budget.allow(len(text) + text.count("\t") * max(size, 0))
    elif name == "replace":
        check_replace(budget, text, arg(0, "old"), arg(1, "new"), arg(2, "count", -1))
    elif name == "join":
        items = arg(0, "iterable", ())
        if isinstance(items, (list, tuple, dict, str)):
            budget.allow(budget.weigh(items) + len(text) * len(items))
    elif name == "translate":
        table = arg(0, "table", {})
        longest = max((len(v) for v in table.values() if isinstance(v, str)), default=1) \
            if isinstance(table, dict) else 1
        budget.allow(len(text) * max(longest, 1))
    elif name == "encode":
        budget.allow(4 * len(text))


def check_replace(budget: Budget, text: Any, old: Any, new: Any, count: Any = -1) -> None:
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
        return
    found = len(text) + 1 if old == "" else text.count(old)
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    budget.allow(len(text) + found * max(len(new) - len(old), 0))
