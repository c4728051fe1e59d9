"""Jinja's sandbox with bounds: no template can take the machine's memory or time.

Jinja's own sandbox keeps templates away from Python's insides, but not from asking for too
much: ``9 ** 9 ** 9`` or ``'x' * 10**9`` is worked out while the template is being compiled
(Jinja folds constant expressions), ``lipsum(10**6)`` or two loops over ``range(100000)`` while
it renders. So here:

- the operators that can make something big (``+``, ``*``, ``**``, ``%``) are intercepted, which
  also stops Jinja folding them at compile time, and check the size of what they would make
  before making it; so do the filters, methods and globals that take a size (``center``,
  ``indent``, ``replace``, ``ljust``, ``range``, ``lipsum``...);
- every loop turn, call, and character made or shown is charged to a ``Budget`` for the render,
  so loops inside loops and templates that call themselves stop at a known cost;
- templates nested deeper than ``Limits.depth`` are refused when parsed, because Jinja's parser
  and compiler recurse once per level.

A limit that is passed raises ``LimitError``, with words for the person who wrote the template.
``check_constants`` runs a template's constant parts under the same rules when a dialogue is
loaded, so ``peercoach validate`` reports them at their line instead of anyone waiting for them.
"""

from __future__ import annotations

import functools
import math
import os
import posixpath
import re
import types
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from jinja2 import nodes
from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_TESTS
from jinja2.loaders import split_template_path
from jinja2.runtime import Namespace
from jinja2.sandbox import SandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter, modifies_known_mutable
from jinja2.utils import generate_lorem_ipsum, pass_context
from jinja2.visitor import NodeTransformer

from engine.ground.errors import DialogueLoadError
from engine.ground.yamlreader import read_text


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


_CURRENT: ContextVar[Budget | None] = ContextVar("peercoach_budget", default=None)


class BoundedSandbox(SandboxedEnvironment):
    """A ``SandboxedEnvironment`` whose templates stay within ``limits`` (see the module's text)."""

    intercepted_binops = frozenset({"+", "*", "**", "%"})

    def __init__(self, *args: Any, limits: Limits = TEXT_LIMITS, immutable: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.limits = limits
        self.immutable = immutable  # templates may read lists and dicts but not change them
        self.filters = _BoundedFilters(self, self.filters)
        self.tests = _BoundedFilters(self, self.tests)
        self.globals["range"] = self._range
        self.globals["lipsum"] = self._lipsum
        for name, function in _internal_filters(self).items():
            dict.__setitem__(self.filters, name, function)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if self.immutable and modifies_known_mutable(obj, attr):  # ``person.update(...)``
            return False
        return super().is_safe_attribute(obj, attr, value)

    # -- the budget of the render under way -----------------------------------------------
    @contextmanager
    def budget(self) -> Iterator[Budget]:
        """Everything rendered inside shares one budget of ``self.limits``."""
        token = _CURRENT.set(Budget(self.limits))
        try:
            yield _CURRENT.get()
        finally:
            _CURRENT.reset(token)

    def current(self) -> Budget:
        """The render's budget; outside ``budget()`` (nobody should render there) each check
        gets a fresh one, so sizes are still bounded."""
        return _CURRENT.get() or Budget(self.limits)

    # -- parsing: nesting Jinja's recursion can follow --------------------------------------
    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        try:
            tree = super()._parse(source, name, filename)
        except RecursionError:
            raise jinja2.TemplateSyntaxError(self._too_deep(), 1, name, filename) from None
        line = _deeper_than(tree, self.limits.depth)
        if line is not None:
            raise jinja2.TemplateSyntaxError(self._too_deep(), line, name, filename)
        return tree

    def _too_deep(self) -> str:
        return (f"it is nested too deeply: at most {self.limits.depth} brackets, `if`s, loops and "
                "filters inside each other")

    def _generate(self, source: nodes.Template, name: str | None, filename: str | None,
                  defer_init: bool = False) -> str:
        """Compile with every loop, output and `~` charged to the render's budget."""
        _Charges().visit(source)
        return super()._generate(source, name, filename, defer_init=defer_init)

    # -- what templates can do, bounded ---------------------------------------------------
    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        budget = self.current()
        if operator == "*":
            _check_repeat(budget, left, right)
        elif operator == "**":
            _check_power(budget, left, right)
        elif operator == "%" and isinstance(left, str):
            _check_percent_format(budget, left, right)
        elif operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            budget.allow(len(left) + len(right))
        return budget.made(self.binop_table[operator](left, right))

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        budget = __self.current()
        budget.charge(1)
        for value in (*args, *kwargs.values()):  # hashed, compared or turned into text, maybe
            budget.weigh(value)
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str) and isinstance(__obj, (types.BuiltinMethodType, types.MethodType)):
            _check_str_method(budget, owner, name, args, kwargs)
        elif isinstance(owner, (list, tuple, dict)) and name in _WALKING_METHODS:
            budget.weigh(owner)
        before = len(owner) if isinstance(owner, (list, dict)) else None
        result = SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs)
        if before is not None and len(owner) > before:  # `append`, `extend`, `update`...
            budget.allow(len(owner))
            budget.grew(len(owner) - before)
        return budget.made(result)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if not isinstance(argument, (str, int, slice)):
            self.current().weigh(argument)  # a tuple key is hashed all the way down
        value = super().getitem(obj, argument)
        return self.current().made(value) if isinstance(argument, slice) else value  # a slice is a copy

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` as the sandbox wraps it, with widths bounded (``'{:999999999}'``)."""
        if not (isinstance(value, (types.MethodType, types.BuiltinMethodType))
                and value.__name__ in ("format", "format_map") and isinstance(value.__self__, str)):
            return None
        text = value.__self__
        formatter = (_BoundedEscapeFormatter(self, escape=text.escape) if isinstance(text, markupsafe.Markup)
                     else _BoundedFormatter(self))

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if value.__name__ == "format_map":
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                args, kwargs = (), args[0]
            return self.current().made(type(text)(formatter.vformat(text, args, kwargs)))

        return functools.update_wrapper(wrapper, value)

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        try:
            count = len(numbers)
        except OverflowError:
            count = math.inf
        if count > self.limits.size:
            raise LimitError(f"`range` would count more than {self.limits.size:,} numbers",
                             "use a smaller range")
        self.current().charge(count)
        return numbers

    def _lipsum(self, n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002
        words = n * max if n > 0 and max > 0 else 0
        if words * 8 > self.limits.size:
            raise LimitError(f"`lipsum` would write about {words:,} words, more than this allows",
                             "ask for fewer paragraphs (`n`) or fewer words (`max`)")
        self.current().charge(words)
        return generate_lorem_ipsum(n=n, html=html, min=min, max=max)

    # -- at load time -----------------------------------------------------------------------
    def check_constants(self, tree: nodes.Node) -> None:
        """Work out now each part of ``tree`` that needs no variables (``9 ** 9 ** 9``,
        ``range(10**9)``, ``'x' | center(10**9)``), under the limits, so a part that would pass
        them is a ``LimitError`` at its line when the dialogue is loaded. Other errors are left
        for run time, as before. Compiling a part changes it, so give a tree you will not compile."""
        for part in _constant_parts(tree, self.globals):
            template = nodes.Template([nodes.Assign(nodes.Name("result", "store"), part, lineno=part.lineno)],
                                      lineno=1)
            try:
                compiled = self.from_string(template)
                with self.budget():
                    for _ in compiled.root_render_func(compiled.new_context({})):
                        pass
            except LimitError as exc:
                exc.line = part.lineno
                raise
            except Exception:  # noqa: BLE001 (a failure at run time, not a limit: not ours to report)
                continue


# -- operators ------------------------------------------------------------------------------
def _check_repeat(budget: Budget, left: Any, right: Any) -> None:
    if isinstance(left, (str, list, tuple)) and isinstance(right, int):
        budget.allow(len(left) * max(right, 0))
    elif isinstance(right, (str, list, tuple)) and isinstance(left, int):
        budget.allow(len(right) * max(left, 0))
    elif isinstance(left, int) and isinstance(right, int):
        budget.allow_bits(left.bit_length() + right.bit_length())


def _check_power(budget: Budget, base: Any, exponent: Any) -> None:
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0 and abs(base) > 1:
        budget.allow_bits(exponent * math.log2(abs(base)))


_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_percent_format(budget: Budget, template: str, values: Any) -> None:
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

    _env: BoundedSandbox

    def format_field(self, value: Any, format_spec: str) -> Any:
        budget = self._env.current()
        match = _FORMAT_SPEC.match(format_spec)
        if match:
            _check_width(budget, match.group(1))
            _check_width(budget, match.group(2))
        budget.weigh(value)
        return super().format_field(value, format_spec)  # type: ignore[misc]


class _BoundedFormatter(_SpecCheck, SandboxedFormatter):
    pass


class _BoundedEscapeFormatter(_SpecCheck, SandboxedEscapeFormatter):
    pass


# -- calls and methods ------------------------------------------------------------------------
# List methods that compare every item with their argument (deeply, for lists in lists).
_WALKING_METHODS = frozenset({"index", "count", "remove", "sort", "copy"})


def _check_str_method(budget: Budget, text: str, name: str, args: tuple, kwargs: dict) -> None:
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
        _check_replace(budget, text, arg(0, "old"), arg(1, "new"), arg(2, "count", -1))
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


def _check_replace(budget: Budget, text: Any, old: Any, new: Any, count: Any = -1) -> None:
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
        return
    found = len(text) + 1 if old == "" else text.count(old)
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    budget.allow(len(text) + found * max(len(new) - len(old), 0))


# -- filters ----------------------------------------------------------------------------------
class _BoundedFilters(dict):
    """The environment's filters; each one added is wrapped by ``_bounded_filter``."""

    def __init__(self, env: BoundedSandbox, filters: dict):
        super().__init__()
        self._env = env
        self.update(filters)

    def __setitem__(self, name: str, function: Callable) -> None:
        super().__setitem__(name, _bounded_filter(self._env, name, function))

    def update(self, *args: Any, **kwargs: Any) -> None:
        for name, function in dict(*args, **kwargs).items():
            self[name] = function


def _bounded_filter(env: BoundedSandbox, name: str, function: Callable) -> Callable:
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


def _arg(args: tuple, kwargs: dict, index: int, key: str, default: Any) -> Any:
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
    _check_percent_format(budget, str(value), (args, kwargs))


def _check_replace_filter(budget: Budget, value: Any, *args: Any, **kwargs: Any) -> None:
    count = _arg(args, kwargs, 2, "count", None)
    _check_replace(budget, str(value), _arg(args, kwargs, 0, "old", None), _arg(args, kwargs, 1, "new", None),
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


def _internal_filters(env: BoundedSandbox) -> dict[str, Callable]:
    """What ``_Charges`` puts into compiled templates. They take the context, so Jinja never
    folds them at compile time, and they are not wrapped again."""

    @pass_context
    def loop(context: Any, iterable: Iterable) -> Iterator:
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

    found = {LOOP: loop, SHOWN: shown, LITERAL: literal, PART: part, MADE: made}
    for function in found.values():
        function.peercoach_bounded = True  # type: ignore[attr-defined]
    return found


LOOP, SHOWN, LITERAL, PART, MADE = ("peercoach_loop", "peercoach_shown", "peercoach_literal",
                                    "peercoach_part", "peercoach_made")


def _filter(node: nodes.Expr, name: str, *args: nodes.Expr) -> nodes.Filter:
    return nodes.Filter(node, name, list(args), [], None, None, lineno=node.lineno)


class _Charges(NodeTransformer):
    """Rewrites a template so that each loop turn, each piece of output and each `~` is charged
    to the render's budget, and what is compared or used as a key is weighed first: a list that
    holds the same list twice, nested 60 times, takes for ever to compare or hash (and Jinja
    offers no hook for any of these)."""

    def visit_For(self, node: nodes.For) -> nodes.For:
        self.generic_visit(node)
        node.iter = _filter(node.iter, LOOP)
        return node

    def visit_Output(self, node: nodes.Output) -> nodes.Output:
        self.generic_visit(node)
        literal = sum(len(child.data) for child in node.nodes if isinstance(child, nodes.TemplateData))
        node.nodes = [_filter(nodes.Const("", lineno=node.lineno), LITERAL, nodes.Const(literal))] + [
            child if isinstance(child, nodes.TemplateData) else _filter(child, SHOWN) for child in node.nodes]
        return node

    def visit_Compare(self, node: nodes.Compare) -> nodes.Compare:
        self.generic_visit(node)
        node.expr = _filter(node.expr, PART)
        for operand in node.ops:
            operand.expr = _filter(operand.expr, PART)
        return node

    def visit_Pair(self, node: nodes.Pair) -> nodes.Pair:
        self.generic_visit(node)
        node.key = _filter(node.key, PART)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Filter:
        self.generic_visit(node)
        node.nodes = [_filter(child, PART) for child in node.nodes]
        return _filter(node, MADE)


# -- load-time checks -------------------------------------------------------------------------
def _deeper_than(tree: nodes.Node, limit: int) -> int | None:
    """The line where ``tree`` nests deeper than ``limit``, or None (counted without recursion)."""
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return getattr(node, "lineno", 1) or 1
        stack.extend((child, depth + 1) for child in node.iter_child_nodes())
    return None


# Expressions that need nothing from the conversation once their parts are known.
_PURE = (nodes.Const, nodes.TemplateData, nodes.List, nodes.Tuple, nodes.Dict, nodes.Pair, nodes.Keyword,
         nodes.BinExpr, nodes.UnaryExpr, nodes.Concat, nodes.Compare, nodes.Operand, nodes.CondExpr,
         nodes.Getattr, nodes.Getitem, nodes.Slice, nodes.Filter, nodes.Test, nodes.Call)
_LITERALS = (nodes.Const, nodes.TemplateData, nodes.List, nodes.Tuple, nodes.Dict, nodes.Pair, nodes.Name)


def _constant_parts(tree: nodes.Node, known: dict) -> list[nodes.Expr]:
    """The largest parts of ``tree`` that use only constants and Jinja's globals, and do work.
    Only Jinja's own filters and tests count: ours (``talk``, ``reflect``...) read a person's words
    and wait for them, though the constants given to them are checked."""
    constant: dict[int, bool] = {}
    order: list[tuple[nodes.Node, nodes.Node | None]] = []
    stack: list[tuple[nodes.Node, nodes.Node | None]] = [(tree, None)]
    while stack:  # every node, parents before children
        node, parent = stack.pop()
        order.append((node, parent))
        stack.extend((child, node) for child in node.iter_child_nodes())
    for node, _ in reversed(order):  # children before parents
        if isinstance(node, nodes.Name):
            constant[id(node)] = node.ctx == "load" and node.name in known
        elif isinstance(node, nodes.Filter) and (node.node is None or node.name not in DEFAULT_FILTERS) or isinstance(node, nodes.Test) and node.name not in DEFAULT_TESTS:
            constant[id(node)] = False
        elif isinstance(node, _PURE):
            constant[id(node)] = all(constant[id(child)] for child in node.iter_child_nodes())
        else:
            constant[id(node)] = False
    return [node for node, parent in order
            if constant[id(node)] and not (parent is not None and constant[id(parent)])
            and not all(isinstance(n, _LITERALS) for n in (node, *node.find_all(nodes.Node)))]


# -- template files -----------------------------------------------------------------------------
class BoundedFileSystemLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, reading only ordinary files of at most ``MAX_TEMPLATE_BYTES``, without
    waiting on a pipe; a file it cannot read is a ``TemplateSyntaxError`` saying why."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            filename = posixpath.join(folder, *pieces)
            if os.path.lexists(filename) and not os.path.isdir(filename):
                break
        else:
            raise jinja2.TemplateNotFound(template)
        try:
            if os.path.isfile(filename) and os.path.getsize(filename) > MAX_TEMPLATE_BYTES:
                raise jinja2.TemplateSyntaxError(f"the template is bigger than {MAX_TEMPLATE_BYTES // 1_000_000} MB, "
                                                 "the most peercoach reads", 1, template, filename)
            source = read_text(Path(filename), filename)
        except DialogueLoadError as exc:
            problem = exc.problems[0]
            raise jinja2.TemplateSyntaxError(f"{problem.message}" + (f": {problem.hint}" if problem.hint else ""),
                                             problem.span.line, template, filename) from None
        mtime = os.path.getmtime(filename)
        return source, os.path.normpath(filename), lambda: _unchanged(filename, mtime)


def _unchanged(filename: str, mtime: float) -> bool:
    try:
        return os.path.getmtime(filename) == mtime
    except OSError:
        return False
