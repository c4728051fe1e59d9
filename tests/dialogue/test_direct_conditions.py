"""Conditions worked out straight from their tree (engine.dialogue.direct) give what Jinja gives."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.dialogue.expressions import Expression
from engine.ground.errors import DialogueRuntimeError
from engine.ground.source import Span

SPAN = Span("conditions.yaml", 3, 9)


def both(source: str, variables: dict[str, object]) -> tuple[object, object]:
    """What the expression gives worked out directly, and through Jinja's sandbox: a value, or
    the error message a facilitator would see."""
    expression = Expression.compile(source, SPAN)
    results = []
    for way in (expression, dataclasses.replace(expression, direct=None)):
        try:
            results.append(("value", way.evaluate(variables)))
        except DialogueRuntimeError as error:
            results.append(("error", str(error)))
    return results[0], results[1]


@pytest.mark.parametrize("source", [
    "more", "not tried", "confidence < 5", "area == 'work' and not tried", "a or b and c",
    "1 < count <= 3", "area in ['work', 'home']", "area not in ('work',)", "count + 1",
    "steps | length >= 3", "true", "none", "-1 < count",
])
def test_simple_conditions_are_planned(source):
    assert Expression.compile(source, SPAN).direct is not None


@pytest.mark.parametrize("source", [
    "why is clause", "name | upper", "steps | length(2)", "goal.title", "steps[0]", "range(3)",
    "count * 2", "count - 1", "'a' ~ 'b'", "x if y else z", "count // 2",
])
def test_anything_else_is_left_to_jinja(source):
    assert Expression.compile(source, SPAN).direct is None


def test_a_name_not_given_is_left_to_jinja_which_gives_nothing():
    assert both("missing", {}) == (("value", None), ("value", None))
    assert both("not missing", {}) == (("value", True), ("value", True))


def test_text_added_to_text_is_still_weighed_by_the_sandbox():
    big = "x" * 600_000
    direct, jinja = both("a + a", {"a": big})
    assert direct == jinja and direct[0] == "error" and "conditions.yaml:3:9" in str(direct[1])


def test_a_number_compared_with_a_word_is_the_same_located_error():
    direct, jinja = both("confidence < 5", {"confidence": "high"})
    assert direct == jinja
    assert direct[0] == "error" and "TypeError" in str(direct[1]) and "conditions.yaml:3:9" in str(direct[1])


# Random conditions over the kinds of node planned, and random values of every plain kind.
_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(-3, 3, allow_nan=False),
                    st.sampled_from(["", "work", "home", "a"]), st.lists(st.integers(0, 3), max_size=3))
_LEAVES = st.one_of(st.sampled_from(["a", "b", "c", "missing"]),
                    st.sampled_from(["0", "3", "1.5", "'work'", "''", "true", "false", "none", "[1, 2]"]))
_OPERATORS = ["==", "!=", "<", "<=", ">", ">=", "in", "not in"]


def _conditions() -> st.SearchStrategy[str]:
    def grow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.builds(lambda x: f"(not {x})", inner),
            st.builds(lambda x, y: f"({x} and {y})", inner, inner),
            st.builds(lambda x, y: f"({x} or {y})", inner, inner),
            st.builds(lambda x, o, y: f"({x} {o} {y})", inner, st.sampled_from(_OPERATORS), inner),
            st.builds(lambda x, y, z: f"({x} < {y} <= {z})", inner, inner, inner),
            st.builds(lambda x, y: f"({x} + {y})", inner, inner),
            st.builds(lambda x: f"({x} | length)", inner),
        )
    return st.recursive(_LEAVES, grow, max_leaves=6)


@settings(max_examples=400, deadline=None)
@given(_conditions(), _VALUES, _VALUES, _VALUES)
def test_random_conditions_give_what_jinja_gives(source, a, b, c):
    direct, jinja = both(source, {"a": a, "b": b, "c": c})
    assert direct == jinja, source


def test_a_huge_number_added_is_still_weighed_by_the_sandbox():
    direct, jinja = both("a + a", {"a": 9 * 10**999})
    assert direct == jinja and direct[0] == "error"


def _nested(depth: int) -> list[object]:
    """A list holding the same list twice, nested: small in memory, endless to compare or save."""
    value: list[object] = [1]
    for _ in range(depth):
        value = [value, value]
    return value


@pytest.mark.parametrize("source, variables", [
    ("a", {"a": "x" * 200_000}),
    ("a | length", {"a": "x" * 200_000}),
    ("a == 'x'", {"a": "x" * 200_000}),
    ("[a, a]", {"a": _nested(40)}),
    ("a == b", {"a": _nested(30), "b": _nested(30)}),
    ("a | length > 1", {"a": _nested(40)}),
])
def test_a_large_value_is_weighed_by_the_sandbox_as_before(source, variables):
    direct, jinja = both(source, variables)
    assert direct == jinja and direct[0] == "error", direct  # refused at once, never compared for ever


def test_a_large_constant_is_left_to_jinja():
    assert Expression.compile("a == '" + "x" * 2_000 + "'", SPAN).direct is None
    assert Expression.compile("a == 'work'", SPAN).direct is not None
