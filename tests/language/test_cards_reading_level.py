"""Reading level of the information cards (issue 19): each card's text and title, measured with the
same counter as every other client text (reading_level.py), is at grade 6 or below."""

from __future__ import annotations

import pytest
from reading_level import counts, plain

from engine.dialogue.cards import bundled_cards

EACH = 6.0


@pytest.mark.parametrize("card", bundled_cards().cards, ids=lambda card: card.id)
def test_each_card_reads_at_grade_six_or_below(card):
    measured = counts(plain(card.text))
    assert measured.words >= 40, "a card says enough to help"
    assert measured.grade <= EACH, f"{card.id}: grade {measured.grade:.1f}"
    assert counts(card.title).words <= 7  # a title is a few words (its grade says little)


def test_the_measure_would_catch_a_hard_card():
    hard = ("Pharmacological interventions necessitate comprehensive consultation regarding "
            "contraindications and discontinuation protocols.")
    assert counts(hard).grade > EACH
