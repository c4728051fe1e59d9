"""What a render may cost: the ``Limits`` of a kind of template, and the ``Budget`` each render
spends, refusing with a ``LimitError`` (in words for the template's author) once it is spent."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from jinja2.utils import Namespace


@dataclass(frozen=True)
class Limits:
    """How much one render may do. ``work`` counts steps: loop turns, calls, filters, the numbers
    a ``range`` counts and the items of the lists looked through; ``size`` bounds any one text or
    list, and all the text a render shows; ``made`` bounds the characters and items it makes."""

    work: int
    size: int
    made: int
    digits: int = 1_000  # in any one number
    depth: int = 30  # brackets, `if`s, loops and filters inside each other


# A dialogue text is a few lines and a condition a comparison: they take a few hundred steps
# (a step is a few microseconds), so a hostile one stops within a third of a second. Summaries
# show a whole session, about 20 steps an answer, so they may do far more.
TEXT_LIMITS = Limits(work=50_000, size=100_000, made=1_000_000)
SUMMARY_LIMITS = Limits(work=1_000_000, size=10_000_000, made=50_000_000)
MAX_TEMPLATE_BYTES = 1_000_000  # a summary template file


class LimitError(Exception):
    """A template asked for more than its ``Limits`` allow; ``line`` is set when it is known."""

    def __init__(self, message: str, hint: str, line: int | None = None):
        super().__init__(f"{message}: {hint}")
        self.message = message
        self.hint = hint
        self.line = line


class Budget:
    """What one render may still do."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.steps = self.shown = self.total = 0
        self.max_bits = int(limits.digits * math.log2(10)) + 1

    def charge(self, steps: int) -> None:
        self.steps += steps
        if self.steps > self.limits.work:
            raise LimitError(f"this takes more than {self.limits.work:,} steps to work out",
                             "loop over fewer things: a loop inside a loop multiplies the steps")

    def allow(self, size: int, what: str = "a text or list") -> None:
        """Before something of ``size`` characters or items is made."""
        if size > self.limits.size:
            raise LimitError(f"this would make {what} of more than {self.limits.size:,} characters or items",
                             "make it shorter, or repeat it fewer times")

    def allow_bits(self, bits: float) -> None:
        if bits > self.max_bits:
            raise LimitError(f"this would make a number with more than {self.limits.digits:,} digits",
                             "use smaller numbers")

    def made(self, value: Any) -> Any:
        """After something was made: it must be within the size limit, and it counts."""
        if isinstance(value, (str, list, tuple, dict)):
            self.allow(len(value))
            self.grew(len(value))
        elif isinstance(value, int) and not isinstance(value, bool):
            self.allow_bits(value.bit_length())
        return value

    def grew(self, size: int) -> None:
        self.total += size
        if self.total > self.limits.made:
            raise LimitError(f"this makes more than {self.limits.made:,} characters or items in all",
                             "make fewer or shorter texts and lists, or loop fewer times")

    def show(self, size: int) -> None:
        self.shown += size
        if self.shown > self.limits.size:
            raise LimitError(f"this would show more than {self.limits.size:,} characters",
                             "show less, or loop fewer times")

    def weigh(self, value: Any) -> int:
        """About how many characters ``value`` is as text, refused over the size limit; looking
        through its items costs a step each. The count stops at the limit: a list holding the
        same list twice, nested 40 times, would otherwise count for ever."""
        total = items = 0
        limit, stack = self.limits.size, [value]
        while stack and total <= limit:
            item = stack.pop()
            if isinstance(item, str):
                total += len(item)
            elif isinstance(item, (list, tuple, set, frozenset)):
                total += 2 + len(item)
                items += len(item)
                if total <= limit:
                    stack.extend(item)
            elif isinstance(item, dict):
                total += 2 + 2 * len(item)
                items += len(item)
                if total <= limit:
                    stack.extend(item.keys())
                    stack.extend(item.values())
            elif isinstance(item, Namespace):
                stack.append(dict(item._Namespace__attrs))  # its text shows every attribute
            elif isinstance(item, int) and not isinstance(item, bool):
                total += item.bit_length() // 3 + 1
            else:
                total += 1
        self.charge(items)
        if total > limit:
            raise LimitError(f"this works on a value of more than {limit:,} characters or items "
                             "(counting lists inside lists)", "use shorter texts and lists")
        return total
