"""Numbers as people type them, for number and scale answers."""

from __future__ import annotations

import pytest

from engine.understanding.numbers import read_number


@pytest.mark.parametrize("said, expected", [
    ("7", 7), ("seven", 7), ("Seven.", 7), ("7/10", 7), ("7 / 10", 7), ("7 out of 10", 7), ("about 5", 5),
    ("around five", 5), ("between 6 and 7", 6.5), ("six or seven", 6.5), ("Um, six or seven.", 6.5),
    ("6-7", 6.5), ("6 to 8", 7), ("twenty-five", 25), ("twenty five", 25), ("2.5", 2.5), ("2,5", 2.5),
    ("I'd say 8", 8), ("probably a 4", 4), ("maybe 3", 3), ("8ish", 8), ("0", 0), ("zero", 0),
    ("-5", -5), ("a couple", 2), ("ten!", 10), ("i think 9 out of ten", 9),
])
def test_numbers_in_words_digits_and_ranges(said, expected):
    assert read_number(said) == expected


@pytest.mark.parametrize("said", [
    "", "lots", "6 7", "7 or 3", "high", "10 or 5", "seven eight nine", "two hundred and six", "1e5", "nan",
])
def test_what_is_not_one_number_is_not_guessed(said):
    assert read_number(said) is None


# -- natural answers to a number question (issue 16) ---------------------------------------------
from engine.understanding.numbers import read_amount  # noqa: E402


@pytest.mark.parametrize("text, number, note", [
    ("7 hours", 7, ""),
    ("about 5 drinks", 5, ""),
    ("5 and a half", 5.5, ""),
    ("five and a half hours", 5.5, ""),
    ("3 maybe. I know what helps but I can't do it", 3, "I know what helps but I can't do it"),
    ("slept 6 hours, woke twice", 6, "woke twice"),
    ("4 tops", 4, ""),
    ("a 4, it was a hard week", 4, "it was a hard week"),
    ("six or seven", 6.5, ""),
])
def test_amounts_people_type(text, number, note):
    assert read_amount(text) == (number, note)


@pytest.mark.parametrize("text", ["no idea", "5, 6", "two pints and three whiskies", "I have 2 kids and 3 dogs", "",
                                  "lots"])
def test_no_guess_when_there_is_no_single_number(text):
    assert read_amount(text) is None
