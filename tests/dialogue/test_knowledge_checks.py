"""The knowledge checks (dialogues/check-*.yaml) do not give the answer away: enough items, the best
option not systematically the longest, the topics of the source documents covered, and a wrong
choice followed by the item once more."""

from __future__ import annotations

from statistics import mean

import pytest

from engine.dialogue.loader import load_library
from engine.dialogue.model import Ask


@pytest.fixture(scope="module")
def items() -> list[tuple[str, Ask]]:
    library = load_library()
    checks = [d for d in library.dialogues.values() if d.id.startswith("check-")]
    assert len(checks) == 5
    return [(d.id, node) for d in checks for node in d.nodes.values()
            if isinstance(node, Ask) and node.answer.options and not node.id.endswith("_again")]


def _length(option) -> int:
    return len(option.label.render({}))


def test_each_check_has_at_least_five_items(items):
    counts: dict[str, int] = {}
    for dialogue, _ in items:
        counts[dialogue] = counts.get(dialogue, 0) + 1
    assert min(counts.values()) >= 5 and sum(counts.values()) >= 25, counts


def test_the_best_option_is_not_a_giveaway_by_its_length(items):
    longest = [node.id for _, node in items
               if _length(next(o for o in node.answer.options if o.value == "best"))
               >= max(_length(o) for o in node.answer.options if o.value != "best")]
    assert len(longest) <= 0.4 * len(items), f"the best option is the longest in {len(longest)} of {len(items)}"
    best = mean(_length(o) for _, node in items for o in node.answer.options if o.value == "best")
    others = mean(_length(o) for _, node in items for o in node.answer.options if o.value != "best")
    assert 0.8 <= best / others <= 1.25, (best, others)


def test_every_item_shuffles_and_has_one_best_option(items):
    for dialogue, node in items:
        assert node.shuffle, (dialogue, node.id)
        assert [o.value for o in node.answer.options].count("best") == 1, (dialogue, node.id)


def test_the_checks_cover_the_topics_of_the_documents(items):
    served = {node.strategy for _, node in items}
    wanted = {"supervision", "practitioner_learning", "informed_choices", "support_network", "peer_support",
              "self_efficacy", "self_reflection", "assess_situation"}
    assert wanted <= served, sorted(wanted - served)


def test_a_wrong_choice_names_the_better_response_and_the_item_is_asked_again():
    library = load_library()
    for dialogue in (d for d in library.dialogues.values() if d.id.startswith("check-")):
        for node in dialogue.nodes.values():
            if not (isinstance(node, Ask) and node.answer.options) or node.id.endswith("_again"):
                continue
            again = dialogue.nodes.get(f"{node.id}_again")
            assert isinstance(again, Ask), (dialogue.id, node.id)
            assert again.answer.options == node.answer.options and again.shuffle
            best = next(o for o in node.answer.options if o.value == "best").label.render({})
            for option in node.answer.options:
                if option.value != "best":
                    explain = option.explain.render({}) if option.explain else ""
                    assert "A better response: " + best[0].lower() + best[1:] in explain, (dialogue.id, node.id)


def test_naming_the_strengths_you_see_is_the_best_choice():
    """Against the old item that marked it wrong: the strengths document has the worker name them too."""
    library = load_library()
    strengths = library["check-strengths"]
    for node in strengths.nodes.values():
        if isinstance(node, Ask):
            for option in node.answer.options:
                label = option.label.render({}).lower()
                if "what you see" in label or "add what you see" in label:
                    assert option.value == "best", label
