"""Reflections by person swapping, on sentences written for this test."""

from __future__ import annotations

import pytest

from engine.dialogue.expressions import Text
from engine.ground.source import Span
from engine.understanding.reflect import reflect

CASES = [
    # first person to second
    ("I feel stuck with my job", "you feel stuck with your job"),
    ("my sister helps me", "your sister helps you"),
    ("I'm tired of feeling like this", "you're tired of feeling like this"),
    ("I've tried everything myself", "you've tried everything yourself"),
    ("I'd like to see my kids more", "you'd like to see your kids more"),
    ("I'll call my sponsor tonight", "you'll call your sponsor tonight"),
    ("I am proud of myself", "you are proud of yourself"),
    ("I was scared of losing my flat", "you were scared of losing your flat"),
    ("that phone is mine", "that phone is yours"),
    ("nobody listens to me", "nobody listens to you"),
    ("I want my life back", "you want your life back"),
    ("I keep telling myself I can do it", "you keep telling yourself you can do it"),
    ("I was hoping I could sleep better", "you were hoping you could sleep better"),
    ("it made me feel like I was failing", "it made you feel like you were failing"),
    ("I know I am stronger than I think", "you know you are stronger than you think"),
    ("we tried our best", "you tried your best"),
    ("they never ask us", "they never ask you"),
    ("I don't want to let my family down", "you don't want to let your family down"),
    ("I can't stop thinking about it", "you can't stop thinking about it"),
    ("I haven't had a drink since Monday", "you haven't had a drink since Monday"),
    # second person to first
    ("you want to cut down", "I want to cut down"),
    ("you are worried about your kids", "I am worried about my kids"),
    ("you were right about that", "I was right about that"),
    ("your doctor told you to rest", "my doctor told me to rest"),
    ("you've done this before", "I've done this before"),
    ("you're not sure yet", "I'm not sure yet"),
    ("that is yours", "that is mine"),
    ("you did it yourself", "I did it myself"),
    ("I gave it to you", "you gave it to me"),
    ("I'll call you tomorrow", "you'll call me tomorrow"),
    ("you think I can do it", "I think you can do it"),
    # names and quotes stay as they were said
    ("I'd like to see Will more", "you'd like to see Will more"),
    ("Mom told me \"I love you\"", "Mom told you \"I love you\""),
    ("I told Sam \"you are my best friend\"", "you told Sam \"you are my best friend\""),
    ("Jo and I went to my meeting", "Jo and you went to your meeting"),
    ("My brother Ian says I'm doing well", "your brother Ian says you're doing well"),
    # sentences, capitals and punctuation
    ("I am not sure. My mum says you were right.", "you are not sure. Your mum says I was right"),
    ("Honestly, I miss my old routine!", "honestly, you miss your old routine"),
    ("Yes, I do.", "yes, you do"),
    ("I'm okay, I guess; my week was long", "you're okay, you guess; your week was long"),
    ("It's hard but I'm trying", "it's hard but you're trying"),
    ("", ""),
]


@pytest.mark.parametrize("said, reflected", CASES)
def test_person_swap(said, reflected):
    assert reflect(said) == reflected


def test_there_are_at_least_forty_sentences():
    assert len([c for c in CASES if c[0]]) >= 40


def test_reflect_is_a_template_filter():
    text = Text.compile("So {{ answer | reflect }}?", Span("t", 1, 1))
    assert text.render({"answer": "I feel stuck with my job"}) == "So you feel stuck with your job?"


@pytest.mark.parametrize("typed, said_back", [
    ("It has been a mixed week.", "it has been a mixed week"),  # inside "So ...": no full stop, no capital
    ("My back hurts...", "your back hurts"),
    ("Jo helped me!", "Jo helped you"),  # a name keeps its capital
    ("AA meetings", "AA meetings"),
    ("I feel stuck?", "you feel stuck?"),  # a question mark is kept: "So you feel stuck?"
])
def test_a_reflection_fits_inside_a_sentence(typed, said_back):
    assert reflect(typed) == said_back


@pytest.mark.parametrize("typed, said_back", [
    # A question put to someone else is not about the person: said back as it was typed.
    ("Are you sure?", "are you sure?"),
    ("Are you sure", "are you sure"),  # without its question mark too
    ("Can you help me?", "can you help me?"),
    ("What do you think", "what do you think"),
    ("Do you think I can do it?", "do you think I can do it?"),
    # A question about oneself still swaps, with its verb.
    ("Am I doing okay?", "are you doing okay?"),
    ("Was I wrong?", "were you wrong?"),
    # Only the question stays as typed; the statements around it swap.
    ("I am not sure. Are you sure? My mum says you were right.",
     "you are not sure. Are you sure? Your mum says I was right"),
    # A statement about the one spoken to still swaps.
    ("I asked if you were sure", "you asked if I was sure"),
])
def test_you_becomes_i_only_in_what_the_person_says_about_themselves(typed, said_back):
    assert reflect(typed) == said_back
