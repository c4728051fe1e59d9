"""Information cards (issue 19): read strictly like dialogues, every mistake located, and found by
number, id or the start of an id."""

from __future__ import annotations

import pytest

from engine.dialogue.cards import CardTopic, bundled_cards, read_card, read_cards
from engine.ground.errors import DialogueLoadError
from engine.ground.files import display_path
from engine.safety.resources import load_resources, regions

GOOD = """title: Groups
topic: peer_groups
text: |
  Some words.
links: [peer_groups]
sources: [a source]
asked_by:
  - "{group} .. other"
"""


def write(tmp_path, text, name="groups.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path):
    with pytest.raises(DialogueLoadError) as caught:
        read_card(path)
    return [str(p) for p in caught.value.problems]


def test_a_good_card_is_read_whole(tmp_path):
    card = read_card(write(tmp_path, GOOD))
    assert (card.id, card.title, card.topic, card.text, card.links, card.sources) == (
        "groups", "Groups", CardTopic.PEER_GROUPS, "Some words.", ("peer_groups",), ("a source",))
    assert len(card.asked_by) == 1 and "other" in card.words


@pytest.mark.parametrize("change, expected", [
    (("title: Groups\n", "title: Groups\ncolour: red\n"), ":2:1: unknown key `colour` in a card"),
    (("topic: peer_groups", "topic: peer_group"), ":2:8: `topic` should be one of"),
    (("links: [peer_groups]", "links: [pear_groups]"), ":5:9: `links` names `pear_groups`"),
    (('  - "{group} .. other"', '  - "{grupe} .. other"'), ":8:5: there is no word class `{grupe}`"),
    (('  - "{group} .. other"', '  - "(other"'), ":8:"),
    (('  - "{group} .. other"', '  - "the?"'), "would match almost any sentence"),
    (("sources: [a source]", "sources: []"), ":6:10: `sources` names nothing"),
    (("sources: [a source]\n", ""), ":1:1: a card is missing `sources`"),
    (("text: |\n  Some words.\n", "text: [1, 2]\n"), ":3:7: `text` should be text, not a list"),
])
def test_a_card_with_a_mistake_is_refused_with_its_place(tmp_path, change, expected):
    old, new = change
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new))
    shown = problems(path)
    assert any(s.startswith(display_path(path)) and expected in s for s in shown), shown


def test_every_mistake_of_every_card_is_reported_at_once(tmp_path):
    write(tmp_path, GOOD.replace("topic: peer_groups", "topic: nope"), "one.yaml")
    write(tmp_path, GOOD.replace("title: Groups\n", ""), "two.yaml")
    with pytest.raises(DialogueLoadError) as caught:
        read_cards(tmp_path)
    files = {p.span.file.rsplit("/", 1)[-1] for p in caught.value.problems}
    assert files == {"one.yaml", "two.yaml"}


@pytest.mark.parametrize("name", ["Food Help.yaml", "_x.yaml", "a" * 41 + ".yaml"])
def test_a_card_file_is_named_by_its_id(tmp_path, name):
    assert any("a card's file name is its id" in s for s in problems(write(tmp_path, GOOD, name)))


@pytest.mark.parametrize("text, expected", [("", "the file is empty"), ("- a\n", "a card should be a mapping"),
                                            ("title: [\n", "YAML syntax error")])
def test_a_card_that_is_not_a_mapping_is_refused(tmp_path, text, expected):
    assert any(expected in s for s in problems(write(tmp_path, text)))


def test_the_bundled_cards_cover_what_a_peer_supporter_informs_about():
    cards = bundled_cards()
    assert {card.topic for card in cards.cards} == set(CardTopic)
    assert all(card.sources and card.asked_by for card in cards.cards)


def test_a_card_is_found_by_number_id_or_the_start_of_its_id():
    cards = bundled_cards()
    first = cards.cards[0]
    assert cards.find("1") is first and cards.find(first.id) is first
    assert cards.find("groups").id == "groups-beyond-aa" and cards.find(" MEDICATION ").id == "medication-questions"
    assert cards.find("0") is None and cards.find(str(len(cards.cards) + 1)) is None
    assert cards.find("") is None and cards.find("zzz") is None and cards.find("-1") is None


@pytest.mark.parametrize("region", regions())
def test_every_list_a_card_links_to_is_in_every_region(region):
    resources = load_resources(region)
    for card in bundled_cards().cards:
        for kind in card.links:
            assert resources.listed(kind), f"{region} has no `{kind}` for the card {card.id}"
