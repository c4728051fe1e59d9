"""The feeling an answer carries (our own sentences)."""

from __future__ import annotations

import pytest

from engine.understanding.listening import Feeling, listen

F = Feeling


@pytest.mark.parametrize("question, answer, feeling", [
    ("How did your step go?", "did it, and I'm dead proud", F.POSITIVE),
    ("Who could support you?", "my neighbour's been brilliant", F.POSITIVE),
    ("How has your week been?", "awful, the car packed in and I missed my group", F.NEGATIVE),
    ("How has your week been?", "tough going but I got there", F.MIXED),
    ("What strengths do you have?", "loyal, patient", F.NEUTRAL),           # plain traits
    ("How has your week been?", "ok", F.NEUTRAL),
    ("How has your week been?", "not happy about it at all", F.NEGATIVE),   # a negation turns it
    ("How has your week been?", "not stressed for once", F.NEUTRAL),        # a bad word set aside
    ("What would you like to be different?", "less worry about money", F.NEGATIVE),   # a wish to be rid of it
    ("What would you like to be different?", "being a great grandad", F.NEUTRAL),     # approval in a wish
    ("What helps you on a bad day?", "painting, the only time I switch off", F.MIXED),
    ("Who could support you?", "my brother has been a rock since dad died", F.POSITIVE),  # the occasion of help
    ("What strengths do you have?", "no idea", F.NEUTRAL),                  # a bare non-answer
    ("What strengths do you have?", "oh loads, I'm a right catch", F.NEGATIVE),          # sarcasm read for its meaning
    ("What do you enjoy doing, even a little?", "nothing any more", F.NEGATIVE),     # no longer enjoying is low mood
])
def test_feeling(question, answer, feeling):
    heard = listen(answer, question)
    assert heard.feeling is feeling, heard.evidence
