"""The grammar check over rendered text (issue 16): every client dialogue walked along many paths,
with answer sets that include non-answers and names with capitals (dialogue_walks.py), and every
question, option, saying, notice and summary shown on the way checked by grammar_check.py."""

from __future__ import annotations

from collections import defaultdict

import pytest
from dialogue_walks import Walk, client_dialogues, every_walk
from grammar_check import problems

from engine.conversation.machine import Conversation
from engine.conversation.messages import Messages
from engine.dialogue.loader import load_library
from engine.ground.files import resource_dir

LIBRARY = load_library()
DIALOGUES = client_dialogues(LIBRARY)
MESSAGES = Messages.load(resource_dir("prompts") / "messages.yaml")


# The inner loop walks each style, seed and person, but not every person with every style and seed
# (a quarter of the walks); the whole suite walks them all.
@pytest.fixture(scope="module", params=["sampled", pytest.param("whole", marks=pytest.mark.slow)])
def walks(request) -> dict[str, list[Walk]]:
    found: dict[str, list[Walk]] = defaultdict(list)
    for one in every_walk(LIBRARY, MESSAGES, whole=request.param == "whole"):
        found[one.dialogue].append(one)
    return found


def test_the_walks_cover_every_client_dialogue_and_reach_the_end(walks):
    assert {"welcome", "strengths", "resource-map", "goals", "mindset", "ownership", "review"} <= set(DIALOGUES)
    for dialogue in DIALOGUES:
        assert any(w.finished for w in walks[dialogue]), f"no walk through {dialogue} reached its end"
        seen = {where for w in walks[dialogue] for where in (s.where for s in w.shown)}
        assert {"question", "summary.md", "summary.html"} <= seen


@pytest.mark.parametrize("dialogue", DIALOGUES)
def test_no_text_shown_in_a_client_dialogue_breaks_the_grammar_rules(walks, dialogue):
    report: dict[str, set[str]] = defaultdict(set)
    for one in walks[dialogue]:
        for shown in one.shown:
            if shown.where == "option":  # an option is the person's own voice ("Taking charge of my recovery")
                continue
            summary = shown.where.startswith("summary")
            for problem in problems(shown.text, typed=shown.typed, nonanswers=shown.nonanswers,
                                    engine_voice=not summary):
                report[str(problem)].add(f"{shown.where} in {one.name}")
    assert not report, "\n".join(f"{problem}  (e.g. {sorted(where)[0]}; {len(where)} times)"
                                 for problem, where in sorted(report.items()))


def test_the_walks_say_back_names_with_their_capitals(walks):
    # The names style types "Gary", "Ellie" and "Dr Patel"; some text must show them, as typed.
    shown = " ".join(s.text for one in walks["strengths"] if one.style == "names" for s in one.shown)
    assert "Gary" in shown and "Ellie" in shown and "Dr Patel" in shown


def test_the_walks_take_every_option_of_the_welcome(walks):
    chosen = {one.typed[0] for one in walks["welcome"] if one.style == "plain"}
    assert {str(n) for n in range(1, len(LIBRARY["welcome"].nodes["choose"].answer.options) + 1)} <= chosen


@pytest.mark.parametrize("people, said", [("Jo", "You named 1 strength or skill and 1 support."),
                                          ("Jo, Sam", "You named 1 strength or skill and 2 supports.")])
def test_one_strength_and_one_support_are_counted_in_the_singular(people, said):
    conversation = Conversation(LIBRARY, MESSAGES, "strengths")
    for text in ["a bad year", "my sister", "no", "kind", "", "1", people, "", "", "", "6", "get a job", "care", "",
                 "no"]:
        turn = conversation.reply(text)
    assert conversation.finished
    goodbye = " ".join(" ".join(turn.messages).split())
    assert said in goodbye and problems(goodbye) == []
