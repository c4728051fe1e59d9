"""How often a card is offered for sentences about its own topic (issue 19): data/card_mentions.tsv
holds sentences a client might type, written for peercoach and never tuned to, for each card with
a `mentioned:` block: ones that raise its topic and look-alikes that should be offered nothing.
The floors hold the figures measured, so a change to the cards' phrases cannot lower them unseen."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.dialogue.cards import bundled_cards

DATA = Path(__file__).parent / "data" / "card_mentions.tsv"
# card: (sentences of its topic it is offered for, at least; look-alikes offered a card, at most)
FLOORS = {"food-housing-money": (10, 0), "groups-beyond-aa": (6, 0), "helping-someone": (8, 0),
          "medication-questions": (8, 0)}


def rows() -> list[tuple[str, str, str]]:
    lines = [line for line in DATA.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert lines[0] == "card\texpected\ttext"
    found = [tuple(line.split("\t")) for line in lines[1:]]
    assert all(len(row) == 3 for row in found)
    return found  # type: ignore[return-value]


def offered(text: str) -> str:
    mention = bundled_cards().mentioned(text)
    return mention.card.id if mention else "-"


def test_the_data_covers_every_card_that_can_be_offered_with_both_kinds_of_sentence():
    data = rows()
    with_mentions = {card.id for card in bundled_cards().cards if card.mentions}
    assert {card for card, _, _ in data} == with_mentions == set(FLOORS)
    for card in with_mentions:
        ours = [expected for name, expected, _ in data if name == card]
        assert len(ours) >= 15 and ours.count(card) >= 8 and ours.count("-") >= 5, card
        assert set(ours) <= {card, "-"}
    assert len({text for _, _, text in data}) == len(data)


@pytest.mark.parametrize("card", sorted(FLOORS))
def test_a_card_is_offered_for_its_topic_and_not_for_look_alikes(card):
    mine = [(expected, text) for name, expected, text in rows() if name == card]
    hits = [text for expected, text in mine if expected != "-" and offered(text) == expected]
    missed = [text for expected, text in mine if expected != "-" and offered(text) != expected]
    false = [(text, offered(text)) for expected, text in mine if expected == "-" and offered(text) != "-"]
    topic = sum(expected != "-" for expected, _ in mine)
    print(f"{card}: offered for {len(hits)} of {topic} of its topic; {len(false)} false offers of "
          f"{len(mine) - topic} look-alikes; missed: {missed}; false: {false}")
    least, most = FLOORS[card]
    assert len(hits) >= least, missed
    assert len(false) <= most, false
