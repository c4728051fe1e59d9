"""The grammar checker's own tests: for each rule, sentences it must flag and sentences it must
let pass (the engine's real wordings among them)."""

from __future__ import annotations

import pytest
from grammar_check import capitalised_words, problems


def rules(text: str, **options) -> set[str]:
    return {problem.rule for problem in problems(text, **options)}


@pytest.mark.parametrize("text, options", [
    ("- **At my best I am:** I don't know", {}),
    ("<dt>At my best I am</dt><dd>dunno</dd>", {}),
    ('You named "nothing": that took strength.', {}),
    ('"I don\'t know": that matters. Let\'s keep it in mind.', {}),
    ("You named none yet. You have 2 supports.", {}),
    ("So none yet. That took strength.", {}),
    ("I took that as: something else: \"nobody really\".", {}),
    ("So nothing really. That's a heavy thing to carry.", {"nonanswers": ["nothing really"]}),
    ('You named "nah".', {"nonanswers": ["nah"]}),
])
def test_a_non_answer_shown_as_content_is_found(text, options):
    assert "nonanswer" in rules(text, **options)


@pytest.mark.parametrize("text", [
    "- **What helped:** none yet",
    "<dt>What helped</dt><dd>none yet</dd>",
    'You can try again, or say "none yet" and we will go on.',
    "If there is none right now, that's okay.",
    "Type a few words, or /help if you are not sure.",
    "- **Services and groups:** none listed yet",
    "- **What might get in the way:** nothing named",
    "No one is watching your answers live.",
    'For example "nothing got in the way" is fine.',
    "- **What got in the way:** nothing really",
    "- **Does it still matter:** not sure",
])
def test_the_engines_own_placeholders_and_hints_pass(text):
    assert "nonanswer" not in rules(text, nonanswers=["not sure", "nothing"])


@pytest.mark.parametrize("text", ["You have 1 supports on your map.", "You named 1 strengths and skills.",
                                  "You have 1 goals on record.", "Your 2 goal is set.", "It took 3 step."])
def test_a_broken_plural_is_found(text):
    assert "plural" in rules(text)


@pytest.mark.parametrize("text", ["You have 1 support on your map.", "You have 2 supports on your map.",
                                  "You named 0 strengths and skills.", "You have 1 goal on record.",
                                  "A 3 is honest, thank you.", "Goal 2 of 2: walk more.", "3 out of 10",
                                  "walk for 20 minutes three times a week", "1.5 goals"])
def test_a_right_plural_passes(text):
    assert "plural" not in rules(text)


@pytest.mark.parametrize("text", [
    "How could your I listen to people help you with that?",
    "What is one small first step you could take, and could my sister help?",
    "So you went out with my mates. That took strength.",
    "How are things with my health right now?",  # a label pasted into the engine's question
])
def test_first_person_words_in_the_engines_second_person_sentence_are_found(text):
    assert "person" in rules(text)


@pytest.mark.parametrize("text", [
    'You said: "I can\'t do it on my own". It sounds like part of you feels stuck.',
    "I want to check in with you about what you just wrote.",  # the engine's own I
    "I took that as: my health. If that's not right, type /back.",
    "What would you like to work on today, Sam?",
    "So you went out with your mates. That took strength.",
])
def test_quotes_and_the_engines_own_voice_pass(text):
    assert "person" not in rules(text)


def test_a_summary_in_the_persons_voice_is_checked_for_mixed_phrases_only():
    summary = '> **For my peer supporter:** I would like to go over "walking" with you or another professional.'
    assert "person" not in rules(summary, engine_voice=False)
    assert "person" in rules("- **How your I can help:** lots", engine_voice=False)


def test_a_name_typed_with_a_capital_must_keep_it():
    typed = ["my sponsor Gary rang me", "Dr Patel, my dog Biscuit", "My wife died"]
    assert capitalised_words(typed) == {"Gary", "Patel", "Biscuit"}  # not "My" or "Dr", which start an answer
    assert "name" in rules("So your sponsor gary rang you.", typed=typed)
    assert "name" in rules('You named "dr patel".', typed=typed)
    assert "name" not in rules("So your sponsor Gary rang you.", typed=typed)
    assert "name" not in rules("my wife died", typed=typed)


@pytest.mark.parametrize("text, bad", [("the weather and and being tired", True), ("You named the the park", True), ("## What keeps me going\ngoing out", False),
                                       ("I had had enough", False), ("walk, walk and walk", False),
                                       ('"no no no" is what I said', False)])
def test_doubled_words(text, bad):
    assert ("doubled" in rules(text)) is bad


@pytest.mark.parametrize("text, bad", [("You named None.", True), ("- **Goal:** None", True), ('a goal: "none"', True),
                                       ("- **Practical help:** none", True), ("none listed yet", False),
                                       ("If there is none right now, that's okay.", False), ("none of them", False)])
def test_none_as_a_value(text, bad):
    assert ("none" in rules(text)) is bad


@pytest.mark.parametrize("text, bad", [('You named this strength: "". How could it help?', True),
                                       ("- **The strength most like me:** ", True), ("<dd></dd>", True),
                                       ("Your goal: .", True), ("Your goal: walk more.", False), ("Wait...", False),
                                       ('You named "kind".', False), ("- **Skills:** cooking", False),
                                       ("## My supports", False)])
def test_empty_quotes_and_empty_values(text, bad):
    assert ("empty" in rules(text)) is bad


def test_a_good_paragraph_has_no_problem():
    text = ('You named "Gary" and "my daughter Ellie". You have 6 supports on your map.\n\n'
            "So you went to meetings every day and your sponsor Gary rang you every night. That took strength.")
    assert problems(text, typed=["Gary, my daughter Ellie", "I went to meetings every day and my sponsor Gary rang me"],
                    nonanswers=["I don't know"]) == []
