"""What is changed and checked in a template's tree: charges put on loops, outputs and joins when
it is compiled, and the nesting and constant parts checked when it is parsed or loaded."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from jinja2 import nodes
from jinja2.filters import FILTERS as DEFAULT_FILTERS
from jinja2.tests import TESTS as DEFAULT_TESTS
from jinja2.visitor import NodeTransformer

from engine.dialogue.sandbox.filters import LITERAL, LOOP, MADE, PART, SHOWN


def _filter(node: nodes.Expr, name: str, *args: nodes.Expr) -> nodes.Filter:
    return nodes.Filter(node, name, list(args), [], None, None, lineno=node.lineno)


class Charges(NodeTransformer):
    """Rewrites a template so that each loop turn, each piece of output and each `~` is charged
    to the render's budget, and what is compared or used as a key is weighed first: a list that
    holds the same list twice, nested 60 times, takes for ever to compare or hash (and Jinja
    offers no hook for any of these)."""

    def visit_For(self, node: nodes.For) -> nodes.For:
        self.generic_visit(node)
        node.iter = _filter(cast(nodes.Expr, node.iter), LOOP)
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
def deeper_than(tree: nodes.Node, limit: int) -> int | None:
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


def constant_parts(tree: nodes.Node, known: Mapping[str, Any]) -> list[nodes.Expr]:
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
        elif (isinstance(node, nodes.Filter) and (node.node is None or node.name not in DEFAULT_FILTERS)
              or isinstance(node, nodes.Test) and node.name not in DEFAULT_TESTS):
            constant[id(node)] = False
        elif isinstance(node, _PURE):
            constant[id(node)] = all(constant[id(child)] for child in node.iter_child_nodes())
        else:
            constant[id(node)] = False
    return [node for node, parent in order
            if isinstance(node, nodes.Expr) and constant[id(node)] and not (parent is not None and constant[id(parent)])
            and not all(isinstance(n, _LITERALS) for n in (node, *node.find_all(nodes.Node)))]
