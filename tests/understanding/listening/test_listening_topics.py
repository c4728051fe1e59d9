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


def test_nothing_to_a_question_about_strengths_is_low_mood_but_not_knowing_is_not():
    assert T.LOW_MOOD in listen("nothing", "What are you good at?").topics
    assert T.LOW_MOOD not in listen("can't think of any", "What are you good at?").topics
