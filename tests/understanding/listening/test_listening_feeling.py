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


WEEK = "How has your week been?"
STEP = "How did your step go?"
OBSTACLE = "What has got in the way this week?"
SUPPORT = "Who could support you?"


@pytest.mark.parametrize("question, answer, feeling", [
    (WEEK, "best week in ages", F.POSITIVE),
    (OBSTACLE, "nothing, it went grand for once", F.POSITIVE),           # "for once" is relief here
    (WEEK, "had a lovely day out with my nan", F.POSITIVE),              # news, not a wish for "a nice day"
    (STEP, "got on fine, went to the shop", F.POSITIVE),                 # "fine" is not a penalty
    (OBSTACLE, "nerves about my test results", F.NEGATIVE),              # "results" is not "result!"
    ("What helps you on a bad day?", "the allotment, love it up there", F.POSITIVE),
    (STEP, "didnt, too knackered", F.NEGATIVE),                          # "did" of "did not" is nothing done
    (STEP, "went once instead of four times", F.MIXED),                  # part done
    (STEP, "it was hard but i did the whole thing", F.MIXED),
    (STEP, "got as far as the car park then went home", F.MIXED),
    (OBSTACLE, "a bit of panic on monday but it passed", F.MIXED),
    ("What's been the hardest thing lately?", "money, but the debt advice people are helping", F.MIXED),
    (WEEK, "slept well saturday then back to 4am wakeups", F.MIXED),
    (WEEK, "got my one year chip but then the van packed in", F.MIXED),
    (SUPPORT, "my partner, when we aren't rowing", F.NEGATIVE),           # a trouble still going on is no past occasion
    (SUPPORT, "nobody, not since my dad passed", F.NEGATIVE),             # nobody helped: no occasion of help
    (OBSTACLE, "don't ask", F.NEGATIVE),                                 # a dodge that carries a bad feeling
    (OBSTACLE, "everything", F.NEUTRAL),                                 # a bare non-answer stays neutral
    ("What's been weighing on you most?", "nothing, me and the kids are sound", F.POSITIVE),
    (WEEK, "my head's mashed", F.NEGATIVE),
])
def test_feeling_reads_more_good_and_bad_elements(question, answer, feeling):
    heard = listen(answer, question)
    assert heard.feeling is feeling, heard.evidence


@pytest.mark.parametrize("question, answer, feeling", [
    (WEEK, "brilliant till thursday then it all went wrong", F.MIXED),
    (WEEK, "boring", F.NEGATIVE),
    (STEP, "bottled it", F.NEGATIVE),
    (STEP, "did half of it", F.MIXED),
    ("What strengths do you have?", "funny, people say", F.POSITIVE),         # praise reported from others
    ("What strengths do you have?", "i never give up", F.POSITIVE),
    ("What helps you on a bad day?", "walking, it really helps", F.POSITIVE),  # more than "helps"
    ("What would you like to be different?", "more time with the kids", F.NEUTRAL),   # a wish for something good
    ("What would you like to be different?", "to feel happy again", F.NEGATIVE),      # a good thing lost
    ("What matters most to you?", "my kids, theyre my world", F.POSITIVE),
    (WEEK, "the electric ran out", F.NEGATIVE),
    (WEEK, "ran out the door happy", F.POSITIVE),
    (WEEK, "my landlord wants me out", F.NEGATIVE),
    (WEEK, "she blocked me", F.NEGATIVE),
    (WEEK, "waiting on test results", F.NEGATIVE),
    (WEEK, "been better", F.NEGATIVE),
    (WEEK, "one thing after another", F.NEGATIVE),
    (WEEK, "the kids made me a card", F.POSITIVE),
    (WEEK, "first week without a cigarette", F.POSITIVE),
    (WEEK, "the landlord finally fixed the heating", F.POSITIVE),
    (WEEK, "mums home from hospital", F.POSITIVE),
    (WEEK, "a good one", F.POSITIVE),                                          # a good week, not "good question"
    ("What strengths do you have?", "good one", F.NEUTRAL),
])
def test_feeling_found_by_our_own_paraphrases(question, answer, feeling):
    heard = listen(answer, question)
    assert heard.feeling is feeling, heard.evidence
