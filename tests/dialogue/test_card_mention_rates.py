"""How often a card is offered for sentences about its own topic (issue 19). data/card_mentions.tsv,
data/card_mentions_unseen.tsv and data/card_mentions_heldout.tsv hold sentences a client might type, for each card with a
`mentioned:` block: ones that raise its topic and look-alikes that should be offered nothing (the
files' headers say how each was written and used). The floors hold the figures measured, so a
change to the cards' phrases cannot lower them unseen."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.dialogue.cards import bundled_cards

DATA = Path(__file__).parent / "data"
# file: {card: (sentences of its topic it is offered for, at least; look-alikes offered a card, at most)}
FLOORS = {
    "card_mentions.tsv": {"food-housing-money": (10, 0), "groups-beyond-aa": (10, 0), "helping-someone": (10, 0),
                          "medication-questions": (10, 0)},
    "card_mentions_unseen.tsv": {"food-housing-money": (6, 0), "groups-beyond-aa": (5, 0),
                                 "helping-someone": (6, 0), "medication-questions": (6, 0)},
    # written blind to the phrases and never read to change them: the honest figure (18 of 64, 0 of 32)
    "card_mentions_heldout.tsv": {"food-housing-money": (6, 0), "groups-beyond-aa": (2, 0),
                                  "helping-someone": (4, 0), "medication-questions": (6, 0)},
}
# per card: all, topic, look-alike
SIZES = {"card_mentions.tsv": (16, 10, 6), "card_mentions_unseen.tsv": (9, 6, 3), "card_mentions_heldout.tsv": (24, 16, 8)}


def rows(name: str) -> list[tuple[str, str, str]]:
    lines = [line for line in (DATA / name).read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    assert lines[0] == "card\texpected\ttext"
    found = [tuple(line.split("\t")) for line in lines[1:]]
    assert all(len(row) == 3 for row in found)
    return found  # type: ignore[return-value]


def offered(text: str) -> str:
    mention = bundled_cards().mentioned(text)
    return mention.card.id if mention else "-"


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_the_data_covers_every_card_that_can_be_offered_with_both_kinds_of_sentence(name):
    data = rows(name)
    with_mentions = {card.id for card in bundled_cards().cards if card.mentions}
    assert {card for card, _, _ in data} == with_mentions == set(FLOORS[name])
    every, topic, look_alike = SIZES[name]
    for card in with_mentions:
        ours = [expected for named, expected, _ in data if named == card]
        assert (len(ours), ours.count(card), ours.count("-")) == (every, topic, look_alike), card
    texts = [text for _, _, text in data] + [text for other in FLOORS if other != name for _, _, text in rows(other)]
    assert len(set(texts)) == len(texts)  # no sentence twice, nor in both files


@pytest.mark.parametrize("name, card", [(name, card) for name in sorted(FLOORS) for card in sorted(FLOORS[name])])
def test_a_card_is_offered_for_its_topic_and_not_for_look_alikes(name, card):
    mine = [(expected, text) for named, expected, text in rows(name) if named == card]
    hits = [text for expected, text in mine if expected != "-" and offered(text) == expected]
    missed = [text for expected, text in mine if expected != "-" and offered(text) != expected]
    false = [(text, offered(text)) for expected, text in mine if expected == "-" and offered(text) != "-"]
    topic = sum(expected != "-" for expected, _ in mine)
    print(f"{name} {card}: offered for {len(hits)} of {topic} of its topic; {len(false)} false offers of "
          f"{len(mine) - topic} look-alikes; missed: {missed}; false: {false}")
    least, most = FLOORS[name][card]
    assert len(hits) >= least, missed
    assert len(false) <= most, false
