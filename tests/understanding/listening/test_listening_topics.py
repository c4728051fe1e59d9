"""The life topics an answer raises (our own sentences, one or more per tie-break)."""

from __future__ import annotations

import pytest

from engine.understanding.listening import Topic, listen

T = Topic


@pytest.mark.parametrize("answer, topics", [
    ("my grandad passed in the spring", {T.LOSS}),                         # a death is loss only
    ("the dog had to be put to sleep last month", {T.LOSS}),
    ("behind on the rent again", {T.MONEY, T.HOUSING}),                    # rent problems: both
    ("the landlord won't fix the boiler", {T.HOUSING}),
    ("kipping on my cousin's settee", {T.HOUSING}),                        # where one sleeps because of housing
    ("made redundant on friday", {T.WORK}),
    ("my knee's been killing me", {T.HEALTH}),                             # the knee, not the idiom
    ("this week has been killing me", set()),                              # the idiom alone raises nothing
    ("my sister keeps ringing", {T.RELATIONSHIPS}),
    ("my key worker Sam", set()),                                          # professionals are not relationships
    ("nobody's been round in weeks", {T.LONELINESS}),
    ("dreading the court hearing", {T.ANXIETY}),
    ("can't be bothered with anything", {T.LOW_MOOD}),
    ("five weeks off the booze", {T.SUBSTANCE}),                           # sobriety is substance
    ("a cup of tea and a biscuit", set()),                                 # tea is not substance
    ("awake till 4 most nights", {T.SLEEP}),
    ("knackered", set()),                                                  # tiredness alone is not sleep
    ("taking my youngest to nursery", {T.CHILDREN}),
    ("my nephew stayed over", {T.RELATIONSHIPS}),                          # someone else's child
    ("money's not the problem", set()),                                    # a topic denied
    ("my partner's drinking again", {T.RELATIONSHIPS, T.SUBSTANCE}),       # someone close's problem
    ("did the big shop on my own", set()),                                 # on my own = unaccompanied
])
def test_topics(answer, topics):
    heard = listen(answer, "What has got in the way this week?")
    assert set(heard.topics) == topics, heard.evidence


def test_topics_come_in_the_fixed_order():
    heard = listen("my daughter's been poorly and we're skint", "How has your week been?")
    assert heard.topics == (T.MONEY, T.HEALTH, T.CHILDREN)


def test_a_bare_nothing_raises_no_topic_but_denying_oneself_any_strength_is_low_mood():
    assert listen("nothing", "What are you good at?").topics == ()
    assert listen("none", "What strengths do you have?").topics == ()
    assert T.LOW_MOOD not in listen("can't think of any", "What are you good at?").topics
    assert T.LOW_MOOD in listen("i haven't got any strengths", "What are you good at?").topics
    assert T.LOW_MOOD in listen("nothing any more", "What do you enjoy doing, even a little?").topics


@pytest.mark.parametrize("answer", [
    "can't get excited about anything these days",          # no pleasure in anything
    "nothing feels good anymore",
    "not sure i care about much at the moment",
    "haven't enjoyed anything since the summer",
    "my mood got the better of me again",
    "i can barely get dressed some mornings",
    "i feel like a spare part round here",
    "tried, failed at all of it again",
    "just shut down for most of the week",
    "been really low, it's been grey for weeks",
    "i'm a total disaster, ask my mum",                      # a put-down of oneself
    "my main talent is letting everyone down",
    "why bother",
])
def test_low_mood_is_raised_by_its_behaviours(answer):
    assert T.LOW_MOOD in listen(answer, "How has your week been?").topics, listen(answer).evidence


@pytest.mark.parametrize("answer", [
    "gutted, didn't get the flat",                           # disappointment is not low mood
    "their dad's useless with money",                        # somebody else called useless
    "my head's all over the place with the court case",      # that is worry
    "climbing, i'm rubbish at it but i love it",
    "felt awful with the flu all week",                      # feeling ill
    "had a panic attack and didn't leave the house after",   # staying in after a panic is the panic
])
def test_low_mood_is_not_raised_by_other_bad_news(answer):
    assert T.LOW_MOOD not in listen(answer, "How has your week been?").topics, listen(answer).evidence


@pytest.mark.parametrize("answer", ["three meetings at NA this week", "the people from na"])
def test_narcotics_anonymous_is_not_read_as_na_for_nothing(answer):
    heard = listen(answer, "How has your week been?")
    assert T.SUBSTANCE in heard.topics and not heard.nonanswer, heard.evidence
