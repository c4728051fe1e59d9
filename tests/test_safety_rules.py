"""The safety rules, family by family: what they catch, and what they must let pass.

Every sentence here is written for these tests; none comes from the shared evaluation data.
"""

from __future__ import annotations

import pytest

from engine.safety import Level, check
from engine.textnorm import clauses, normalise

ACUTE, POSSIBLE, NONE = Level.ACUTE, Level.POSSIBLE, Level.NONE


def level(text: str) -> Level:
    return check(text).level


def rule(text: str) -> str | None:
    return check(text).rule


@pytest.mark.parametrize("text, family", [
    # suicide: intent, plan, means, ideation
    ("i am going to kill myself after work", "acute.suicide"),
    ("Tonight I plan to end my life", "acute.suicide"),
    ("I've been feeling suicidal since Monday", "acute.suicide"),
    ("I keep thinking about suicide", "acute.suicide"),
    ("I wish I were dead", "acute.suicide"),
    ("i dont want to live any more", "acute.suicide"),
    ("I got a rope and hid it in the garage", "acute.suicide"),
    ("I have been saving up my sleeping pills", "acute.suicide"),
    ("my family would be better off if I was gone", "acute.suicide"),
    ("I want to end it all", "acute.suicide"),
    # self-harm
    ("I cut myself again last night", "acute.self_harm"),
    ("I've been burning myself with a lighter", "acute.self_harm"),
    ("I want to hurt myself right now", "acute.self_harm"),
    ("the self-harm has started again", "acute.self_harm"),
    # harm to others
    ("I'm going to hurt my neighbour when he gets home", "acute.harm_others"),
    ("I want to kill him for what he did", "acute.harm_others"),
    # abuse or violence being suffered
    ("my boyfriend hits me when he drinks", "acute.abuse"),
    ("My stepdad keeps threatening to kill me", "acute.abuse"),
    ("I'm scared she will hurt me if I tell anyone", "acute.abuse"),
    ("I am being abused at home", "acute.abuse"),
    # overdose and purging, now
    ("I just swallowed a whole bottle of painkillers", "acute.overdose"),
    ("i took way too many tablets an hour ago", "acute.overdose"),
    ("I think I overdosed", "acute.overdose"),
    ("I've been making myself throw up after dinner", "acute.purging"),
    ("I am throwing up after every meal", "acute.purging"),
])
def test_acute_families(text, family):
    assert (level(text), rule(text)) == (ACUTE, family)


@pytest.mark.parametrize("text, family", [
    ("Everything feels hopeless lately", "possible.hopeless"),
    ("What's the point of trying anymore", "possible.hopeless"),
    ("I can't go on like this", "possible.hopeless"),
    ("I feel so trapped with no way out", "possible.hopeless"),
    ("Sometimes I wish I could just disappear", "possible.passive_wish"),
    ("I'd like to go to sleep and never wake up", "possible.passive_wish"),
    ("the urges to cut are really strong today", "possible.urge"),
    ("I've had the urge to cut myself all week", "acute.self_harm(urge)"),
    ("I don't feel safe around my flatmate", "possible.unsafe"),
    ("I'm just a burden to my family", "possible.burden"),
    ("I haven't eaten anything in four days", "possible.eating"),
    ("I've been starving myself to lose weight", "possible.eating"),
    ("I drink until I pass out most weekends", "possible.substance"),
    ("We talked about suicide prevention at group", "possible.suicide_mention"),
])
def test_possible_families(text, family):
    assert (level(text), rule(text)) == (POSSIBLE, family)


@pytest.mark.parametrize("text", [
    # idioms
    "this homework is killing me",
    "my feet are killing me after that shift",
    "I'd kill for a coffee right now",
    "I'm dying to see that film",
    "that cake was to die for",
    "I was bored to death in that meeting",
    "I nearly died laughing",
    "my phone died on the bus",
    "we need to kill some time before the bus",
    "I totally shot myself in the foot with that email",
    "my boss is going to kill me if I'm late again",
    # goal language
    "I want to cut down on smoking",
    "I'd like to cut back to two coffees a day",
    "I want to end my shift early on Fridays",
    "my goal is to stop drinking by the end of the month",
    "I want to quit cold turkey",
    "I need to cut sugar out of my diet",
    # accidents and everyday health
    "I hurt myself playing football",
    "I fell and hurt myself on the stairs",
    "I cut my finger chopping onions",
    "I took two paracetamol for my headache",
    "I'm worried about overdosing one day, so I carry naloxone",
])
def test_idioms_goals_and_accidents_pass(text):
    assert level(text) is NONE, check(text)


@pytest.mark.parametrize("text, reason", [
    ("I'm not suicidal, just tired", "negated"),
    ("I would never hurt myself", "negated"),
    ("I don't want to die", "negated"),
    ("I am not going to kill myself", "negated"),
    ("I used to cut myself when I was a teenager", "past"),
    ("Years ago I tried to kill myself but I'm doing well now", "past"),
    ("My cousin took an overdose", "someone else"),
    ("my friend told me she is suicidal", "someone else"),
])
def test_negated_past_and_other_peoples_stories_are_set_aside(text, reason):
    finding = check(text)
    assert finding.level is NONE
    assert finding.rule.endswith(f"({reason})")  # explained, not silently ignored


@pytest.mark.parametrize("text", [
    "I'm not suicidal but I took all my pills an hour ago",
    "I don't drink any more. I want to kill myself though",
    "I used to cut myself and I started again yesterday",
    "I'm fine. Actually, no, I want to die",
])
def test_a_negated_or_past_mention_never_silences_a_stated_danger(text):
    assert level(text) is ACUTE


def test_abuse_is_about_the_speaker_even_with_another_subject():
    assert level("my dad punches me") is ACUTE
    assert level("my dad punched me when I was little") is NONE  # the distant past


def test_normalise_and_clauses():
    assert normalise("I’m sure I can’t") == "i am sure i cannot"
    assert clauses("I'm fine, but I can't sleep. Really!") == ["i am fine", "i cannot sleep", "really"]


def test_finding_as_json():
    assert check("he hits me").to_dict() == {"level": "acute", "rule": "acute.abuse", "cue": "he hits me"}
    assert check("hello").to_dict() == {"level": "none", "rule": None, "cue": ""}
