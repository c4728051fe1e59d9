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
    "bawling my eyes out most nights",
    "nothing to get up for",
    "in a proper slump",
    "pretty low this week",
    "not been myself lately",
    "stayed under the duvet most days",
    "disappointed in myself again",
    "stopped answering my texts",
    "the depression's bad again",                            # "X's bad" read as "X is bad"
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
    "i dont give up easy",                                   # giving up needs what is given up
    "gave up the fags in march",
    "she's been in bits since the funeral",                  # someone else upset
    "the meds make me a zombie",
])
def test_low_mood_is_not_raised_by_other_bad_news(answer):
    assert T.LOW_MOOD not in listen(answer, "How has your week been?").topics, listen(answer).evidence


@pytest.mark.parametrize("answer", ["three meetings at NA this week", "the people from na"])
def test_narcotics_anonymous_is_not_read_as_na_for_nothing(answer):
    heard = listen(answer, "How has your week been?")
    assert T.SUBSTANCE in heard.topics and not heard.nonanswer, heard.evidence


@pytest.mark.parametrize("answer, lonely", [
    ("not having anyone to talk to in the evenings", True),
    ("didn't really see anyone all week", True),
    ("i've pushed everyone away", True),
    ("my cat's the only one who gets me", True),
    ("no one i can trust round here", True),
    ("more mates to go out with", True),                      # wishing for company
    ("theyve all drifted off since i got sick", True),
    ("raised two girls on my own", False),                   # bringing up alone is not loneliness
    ("i keep myself to myself", False),                      # a private person
    ("sort the gas bill before they cut me off", False),     # cut off by the gas company
    ("hid the letters in a drawer", False),
    ("the evenings are the worst since he died", False),     # the grief, not company
])
def test_loneliness(answer, lonely):
    heard = listen(answer, "How has your week been?")
    assert (T.LONELINESS in heard.topics) is lonely, heard.evidence


def test_a_wish_for_friends_is_loneliness_not_relationships():
    heard = listen("more friends i suppose", "What would you like to be different?")
    assert heard.topics == (T.LONELINESS,), heard.evidence


def test_a_noun_with_s_before_a_state_reads_as_is():
    assert T.HEALTH in listen("my knee's playing up", "How has your week been?").topics
    assert T.MONEY in listen("the rent's up again", "How has your week been?").topics


@pytest.mark.parametrize("answer, topics", [
    ("we had to have the cat put down", {T.LOSS}),
    ("my best mate took his own life in june", {T.LOSS}),               # a death: loss only
    ("it would have been his 50th tomorrow", {T.LOSS}),                 # an implied death
    ("feel like death warmed up", set()),                               # an idiom
    ("got a notice to leave the flat", {T.HOUSING}),
    ("managed to leave the house twice", set()),                        # the house as a place left
    ("my manager is a nightmare", {T.WORK}),                            # no bad dream
    ("worried sick about court", {T.ANXIETY}),                          # no illness
    ("off sick from work with stress", {T.WORK, T.ANXIETY}),
    ("my nerves are shot", {T.ANXIETY}),                                # no shots of drink
    ("work's not the issue", set()),                                    # a topic dismissed
    ("no money worries for once", set()),
    ("the kids have got chickenpox", {T.HEALTH, T.CHILDREN}),
    ("their dad hasnt paid maintenance", {T.MONEY, T.RELATIONSHIPS, T.CHILDREN}),
])
def test_topics_found_by_our_own_paraphrases(answer, topics):
    heard = listen(answer, "How has your week been?")
    assert set(heard.topics) == topics, heard.evidence
