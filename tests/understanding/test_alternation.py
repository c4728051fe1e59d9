"""Alternatives filed by their first letters match exactly what the plain alternation matches."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.understanding.phrases.alternation import alternation


def plain(alternatives: list[str]) -> str:
    return "(?:" + "|".join(alternatives) + ")"


def test_alternatives_that_share_letters_are_filed_under_them():
    assert alternation([" he", " her", " she"]) == "(?: (?:he(?:|r)|she))"
    assert alternation([" my best friend", " my mate"]) == "(?: my (?:best friend|mate))"


@pytest.mark.parametrize("alternatives, expected", [
    ([" a", "(?: \\S+){0,2} b", " c"], "(?: a|(?: \\S+){0,2} b| c)"),  # a group keeps its place, between
    (["s?x", "sx", "sy"], "(?:s?x|s(?:x|y))"),  # a letter that may be missing is not filed
    (["^ i", " i"], "(?:^ i| i)"),  # an edge is no letter
    ([" x", "\\ y", " z"], "(?: (?:x|y|z))"),  # a space written either way is one letter, in order
    (["\\S+ a", "\\S+ b"], "(?:\\S+ a|\\S+ b)"),  # a class of letters is no letter
])
def test_what_is_not_a_plain_letter_keeps_its_place(alternatives, expected):
    assert alternation(alternatives) == expected


def test_the_first_match_is_the_same_where_the_order_decides():
    # "he" before "her": both match at the start of " her way"; the first alternative wins either way
    for alternatives in ([" he", " her"], [" her", " he"]):
        text = " her way "
        assert re.match(alternation(alternatives), text).group(0) == re.match(plain(alternatives), text).group(0)


_WORDS = st.sampled_from(["he", "her", "hers", "she", "they", "my", "mate", "best", "friend", "s", "", "x"])
_PIECES = st.one_of(
    st.lists(_WORDS, min_size=1, max_size=3).map(lambda words: "".join(" " + w for w in words)),
    st.sampled_from(["(?: \\S+){0,1}", " s?he", "(?: my)?", "(?= )", " he(?:s|es)?", "\\ x", " [a-z]+"]),
)
_ALTERNATIVES = st.lists(st.lists(_PIECES, min_size=1, max_size=3).map("".join), min_size=1, max_size=8)
_TEXTS = st.lists(_WORDS, max_size=6).map(lambda words: " " + " ".join(words) + " ")


@settings(max_examples=500, deadline=None)
@given(_ALTERNATIVES, _TEXTS, st.sampled_from(["", "(?= )", " friend"]))
def test_random_alternatives_find_the_same_matches_in_random_texts(alternatives, text, after):
    filed, unfiled = re.compile(alternation(alternatives) + after), re.compile(plain(alternatives) + after)
    assert [m.span() for m in filed.finditer(text)] == [m.span() for m in unfiled.finditer(text)]


def test_alternatives_with_capturing_groups_are_joined_as_they_are():
    alternatives = ["a(x)", "b(y)", "a(z)"]
    assert alternation(alternatives) == plain(alternatives)
    assert re.fullmatch(alternation(alternatives), "by").groups() == (None, "y", None)
