"""Conditions simple enough to be worked out straight from their parsed tree.

Most of a dialogue's expressions are a name, a comparison or a few of them joined by ``and``,
``or`` and ``not`` (``more``, ``confidence < 5``, ``area == "work" and not tried``). Jinja runs
every expression as a small template with a context of its own, which costs tens of
microseconds each time; these few kinds of node are worked out here instead, with Python's own
operators, exactly as the code Jinja generates for them would (``a and b`` is ``a and b``,
``a < b < c`` a chain). ``plan`` turns such a tree into nested tuples, which the library cache
can keep; ``run`` works one out.

Whatever is outside those kinds (filters but ``length``, tests, calls, attributes, ``+`` of
anything but two numbers) is left to Jinja's sandbox: ``plan`` gives None for such a tree. So is
any value that is not a small plain one: a name the variables do not hold (Jinja has its own
``Undefined``), a list or a record, a text of more than ``SHORT`` characters, a huge number.
``run`` raises ``Indirect`` for those and the caller renders the expression as before, so the
sandbox still weighs everything that could be large or slow to compare (a list holding the same
list twice, nested 40 times, is small in memory and takes for ever to compare). What is worked out
here is bounded by the dialogue's own text: a few small values compared or joined.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import nodes

Plan = tuple[Any, ...]


class Indirect(Exception):
    """This expression, with these values, is for Jinja to work out."""


_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "lteq": operator.le, "gt": operator.gt,
    "gteq": operator.ge, "in": lambda a, b: a in b, "notin": lambda a, b: a not in b,
}
_NUMBERS = (int, float)
_SMALL = 2**53  # numbers worked out here are smaller; larger ones are for the sandbox, which bounds their digits
_ABSENT = object()
SHORT = 1000  # characters of a text worked out here; a longer one is weighed by the sandbox


def _small(value: Any) -> bool:
    """A plain value small enough that comparing it, or saying it, costs nothing worth weighing."""
    if value is None or isinstance(value, (bool, float)):
        return True
    if isinstance(value, int):
        return abs(value) < _SMALL
    return isinstance(value, str) and len(value) <= SHORT


def plan(node: nodes.Node) -> Plan | None:
    """The tree as nested tuples ``run`` works out, or None when it holds a node this module leaves
    to Jinja."""
    if isinstance(node, nodes.Const):
        return ("const", node.value) if _small(node.value) else None
    if isinstance(node, nodes.Neg) and isinstance(node.node, nodes.Const) and type(node.node.value) in (int, float):
        return plan(nodes.Const(-node.node.value))  # a negative number as written: "-1 < count"
    if isinstance(node, nodes.Name) and node.ctx == "load":
        return ("name", node.name)
    if isinstance(node, nodes.Not):
        inner = plan(node.node)
        return None if inner is None else ("not", inner)
    if isinstance(node, (nodes.And, nodes.Or, nodes.Add)):
        left, right = plan(node.left), plan(node.right)
        if left is None or right is None:
            return None
        return (type(node).__name__.lower(), left, right)
    if isinstance(node, (nodes.List, nodes.Tuple)):
        items = [plan(item) for item in node.items]
        if any(item is None for item in items):
            return None
        return ("list" if isinstance(node, nodes.List) else "tuple", *items)
    if isinstance(node, nodes.Compare):
        first = plan(node.expr)
        operands = [(operand.op, plan(operand.expr)) for operand in node.ops]
        if first is None or any(op not in _COMPARE or part is None for op, part in operands):
            return None
        return ("compare", first, *operands)
    if isinstance(node, nodes.Filter) and node.name == "length" and node.node is not None and not (
            node.args or node.kwargs or node.dyn_args or node.dyn_kwargs):
        inner = plan(node.node)
        return None if inner is None else ("length", inner)
    return None


def run(step: Plan, variables: Mapping[str, Any]) -> Any:
    """The value of a planned expression over ``variables``; ``Indirect`` where Jinja must decide."""
    kind = step[0]
    if kind == "name":
        value = variables.get(step[1], _ABSENT)  # not given: Jinja's Undefined behaves as no Python value does
        if value is _ABSENT or not _small(value):
            raise Indirect
        return value
    if kind == "const":
        return step[1]
    if kind == "not":
        return not run(step[1], variables)
    if kind == "and":
        return run(step[1], variables) and run(step[2], variables)
    if kind == "or":
        return run(step[1], variables) or run(step[2], variables)
    if kind == "compare":
        left = run(step[1], variables)
        for op, part in step[2:]:
            right = run(part, variables)
            if not _COMPARE[op](left, right):
                return False
            left = right
        return True
    if kind == "add":
        left, right = run(step[1], variables), run(step[2], variables)
        if isinstance(left, _NUMBERS) and isinstance(right, _NUMBERS) and abs(left) < _SMALL and abs(right) < _SMALL:
            return left + right
        raise Indirect  # text and lists grow, and so may a huge number: the sandbox weighs what they make
    if kind == "length":
        value = run(step[1], variables)
        if isinstance(value, str):  # a short text (a list is never planned nor given here)
            return len(value)
        raise Indirect
    items = [run(item, variables) for item in step[1:]]
    return items if kind == "list" else tuple(items)
