"""Non-answers, judged against what each question asks for (our own sentences)."""

from __future__ import annotations

import pytest

from engine.understanding.listening import Topic, listen

SUPPORT = "Who could support you?"
STRENGTH = "What strengths do you have?"
STEP = "How did your step go?"
OBSTACLE = "What has got in the way this week?"
WEEK = "How has your week been?"
ENJOY = "What do you enjoy doing, even a little?"
CHANGE = "What would you like to be different?"
HELPS = "What helps you on a bad day?"
GOT_THROUGH = "Think of a hard time you got through: what helped?"
MATTERS = "What matters most to you?"
NEXT = "What small step could you take this week?"


@pytest.mark.parametrize("question, answer", [
    (STRENGTH, "i dunno"),
    (STRENGTH, "no idea tbh"),
    (STRENGTH, "nothing really"),
    (STRENGTH, "I'm not good at anything"),
    (STRENGTH, "oh loads, I'm a proper catch me"),
    (STRENGTH, "my strength is napping lol"),
    (SUPPORT, "nobody"),
    (SUPPORT, "no one really, my shifts got cut again"),      # life news, no support named
    (SUPPORT, "not my uncle, he's half the problem"),          # a person ruled out
    (SUPPORT, "my cousin would but she has her own stuff going on"),
    (STEP, "what step?"),
    (STEP, "ask me next week"),
    (STEP, "gonna do it on monday"),
    (OBSTACLE, "same as always"),
    (OBSTACLE, "pass"),
    (ENJOY, "idk, my back is wrecked so nothing"),
    (CHANGE, "where do i even start"),
    (WEEK, "I'd rather not say"),
    (ENJOY, "enjoy? lol"),
])
def test_gives_nothing_for_the_question(question, answer):
    heard = listen(answer, question)
    assert heard.nonanswer, heard.evidence


@pytest.mark.parametrize("question, answer", [
    (STRENGTH, "not loads, but i can fix bikes"),                 # a small offer after a hedge
    (STRENGTH, "used to be a good swimmer"),
    (STRENGTH, "patient, i think"),
    (SUPPORT, "maybe my auntie?"),
    (SUPPORT, "my dog, honestly"),
    (SUPPORT, "the people at my Tuesday group"),
    (SUPPORT, "not really, apart from my sponsor"),
    (STEP, "didn't do it"),
    (STEP, "i forgot"),
    (STEP, "rang the housing office like we said"),
    (OBSTACLE, "nothing, it went fine for once"),                 # "nothing" got in the way, and how it went
    (OBSTACLE, "the bus strike"),
    (WEEK, "fine"),
    (WEEK, "dunno. tired"),
    (WEEK, "up and down"),
    (CHANGE, "nothing, I'm content as I am"),
    (ENJOY, "fishing with my grandad"),
])
def test_any_usable_content_answers(question, answer):
    heard = listen(answer, question)
    assert not heard.nonanswer, heard.evidence


@pytest.mark.parametrize("answer", [
    "honestly? the bus company laid me off on friday",   # life news, and no one named
    "used to be my uncle but he passed at christmas",   # someone who has died
    "my cousin? she wrote me off ages ago",            # ruled out in a clause that dodges
    "not really, the kids dad has moved away",          # the kids' dad, ruled out with his kids
    "me, myself and i",
])
def test_a_support_question_needs_someone_not_ruled_out(answer):
    heard = listen(answer, SUPPORT)
    assert heard.nonanswer, heard.evidence


@pytest.mark.parametrize("answer", [
    "the woman who runs the cafe on my road",          # someone described, not named by a relation
    "my GP's alright actually",                         # a possessive still names the GP
    "maybe my old mate from work, but we lost touch",   # a hedged offer survives a doubt
    "probably Tobias, he lives upstairs",              # a name the word lists do not know
    "the lads at NA",
    "Gaz from group, the man's a legend",
])
def test_a_support_question_is_answered_by_someone_described_or_named(answer):
    heard = listen(answer, SUPPORT)
    assert not heard.nonanswer, heard.evidence


@pytest.mark.parametrize("question, answer, nonanswer", [
    (STRENGTH, "i'm a walking disaster me", True),        # dodges a question about strengths
    (STRENGTH, "my main talent is letting people down", True),
    (OBSTACLE, "me. i'm useless at everything lately", False),   # names what got in the way
    (WEEK, "rubbish, i can't do anything right", False),
])
def test_a_put_down_dodges_a_question_about_strengths_and_answers_one_about_problems(question, answer, nonanswer):
    heard = listen(answer, question)
    assert heard.nonanswer is nonanswer, heard.evidence
    assert Topic.LOW_MOOD in heard.topics, heard.evidence


@pytest.mark.parametrize("question, answer", [
    (STEP, "why"),                                          # a question back, with or without "?"
    (WEEK, "dunno, how about you"),
    (STRENGTH, "what do you reckon"),
    (ENJOY, "bugger all these days"),                       # more ways to say nothing
    (OBSTACLE, "sod all"),
    (HELPS, "still working that one out"),                  # not knowing, hedged
    (HELPS, "nothing jumps out"),
    (HELPS, "never found anything that works yet"),
    (STRENGTH, "bit heavy for a wednesday that"),            # a joke that dodges
    (STEP, "ask me on thursday"),                           # put off
    (STEP, "not yet, maybe at the weekend"),
    (STEP, "kept putting it off"),
    (STEP, "haven't got round to it, soon though"),
    (STEP, "forgot what i was supposed to be trying, rough week"),   # not knowing what the step was
    (WEEK, "can we leave this one today"),
    (HELPS, "i don't really get bad days"),                 # denying what the question takes for granted
    (GOT_THROUGH, "don't think i ever got through it"),
    (OBSTACLE, "nothing i want to talk about"),             # a refusal
    (OBSTACLE, "not sure. my nephew came to stay which was lovely"),   # good news names no problem
    (SUPPORT, "my folks are three hundred miles away"),     # too far to turn to
    (SUPPORT, "everyone i know is from my using days"),
    (SUPPORT, "nobody since i lost Tam. he was my best pal"),
    (ENJOY, "dunno, been at work all week"),                # news after not knowing is no item offered
    (STRENGTH, "ask someone who actually likes me"),
    (SUPPORT, "my mum but she's not well enough"),
    (OBSTACLE, "just life i guess"),
    (STEP, "what was it again"),
    (NEXT, "something i guess"),
    (STRENGTH, "tbh i dont really know what im good at"),
    (STEP, "umm i dont think we set one"),
    (WEEK, "hard to describe really"),
    (HELPS, "honestly nothing gets me through"),
    (MATTERS, "not sure. not my job anyway"),
])
def test_more_ways_of_giving_nothing(question, answer):
    heard = listen(answer, question)
    assert heard.nonanswer, heard.evidence


@pytest.mark.parametrize("question, answer", [
    (OBSTACLE, "no idea. tired"),                           # a state named is content
    (ENJOY, "not a lot, though i did love the quiz on friday"),
    (MATTERS, "hard to say. my friends"),                   # "my friends" are people, not a filler like "mate"
    (NEXT, "not sure, maybe ask at the library"),           # "ask at" is no putting off
    (OBSTACLE, "nothing today, it was a good one"),         # nothing got in the way, and how it went
    (STEP, "didn't manage it, the bus never came"),
    (ENJOY, "dunno. crosswords?"),                          # an item offered after not knowing
    (STRENGTH, "not loads but im a good listener"),         # a good word said of oneself
    (ENJOY, "not really, bit of gaming"),
    (GOT_THROUGH, "not really, but my dog got me through"),
    (OBSTACLE, "nothing got in the way, i just forgot"),
    (STEP, "not done it yet, waiting on payday"),           # not done, with a reason, is how it went
    (MATTERS, "idk, just want some peace"),
])
def test_more_content_that_answers(question, answer):
    heard = listen(answer, question)
    assert not heard.nonanswer, heard.evidence


def test_the_question_decides_what_life_news_gives():
    news = "not really, the landlord put the rent up"
    assert listen(news, SUPPORT).nonanswer            # names nobody to turn to
    assert not listen("the landlord put the rent up", OBSTACLE).nonanswer  # names what got in the way


def test_the_kind_of_question_can_be_given_directly():
    assert listen("nobody", asks="support").asks == "support"
    assert listen("nobody", "Who is in your corner?").asks == "support"
    assert listen("nobody", "What colour is the sky?").asks is None


def test_a_non_answer_explains_itself():
    heard = listen("no clue. my hours got cut", SUPPORT)
    labels = [(e.about, e.label) for e in heard.evidence]
    assert ("nonanswer", "unknown") in labels
    assert heard.to_dict()["evidence"][0] == {"about": "nonanswer", "label": "unknown", "words": "no clue"}


@pytest.mark.parametrize("answer", ["", "   ", "?!?", "\u202e\u0000", "a" * 10_000, "no " * 5000])
def test_odd_input_is_heard_without_error(answer):
    heard = listen(answer, SUPPORT)
    assert heard.nonanswer in (True, False)


_QUESTIONS = [SUPPORT, STRENGTH, STEP, OBSTACLE, WEEK, ENJOY, CHANGE, HELPS, GOT_THROUGH, MATTERS, NEXT, None]
_ANSWERS = ["i dunno", "nothing really", "not really, but my dog", "no idea. my nan maybe",
            "not much, the rent went up again and I'm skint", "nothing, it went fine for once",
            "hard to say. lovely visit from my granddaughter though", "dunno, I'm usually at work",
            "my sister Jo, she always picks up", "nobody, they all drink", "I walk the dog every morning",
            "I'm rubbish at everything", "don't ask", "what do you mean?", "not sure. cooking?",
            "nothing got in the way, the step went great", "idk, just tired and my back hurts",
            "no one really, my shifts got cut again", "fishing with my lad", ""]


@pytest.mark.parametrize("question", _QUESTIONS)
def test_the_verdict_alone_is_the_verdict_of_a_whole_listen(question):
    from engine.understanding.listening import nonanswer

    for answer in _ANSWERS:
        assert nonanswer(answer, question) is listen(answer, question).nonanswer, answer


def test_the_verdict_alone_works_out_topics_and_feelings_only_when_it_needs_them(monkeypatch):
    from engine.understanding.listening import default_listener, nonanswer

    listener = default_listener()
    asked = []
    find, elements_of = listener.topic_finder.find, listener.feelings.elements_of
    monkeypatch.setattr(listener.topic_finder, "find", lambda clauses: asked.append("topics") or find(clauses))
    monkeypatch.setattr(listener.feelings, "elements_of",
                        lambda *args: asked.append("feelings") or elements_of(*args))
    assert nonanswer("I walk the dog every morning and cook on Sundays", HELPS) is False
    assert nonanswer("i dunno", STRENGTH) is True
    assert asked == []  # content without an empty start, and an empty answer: no need
    assert nonanswer("not much, the rent went up again and I'm skint", OBSTACLE) is False
    assert "topics" in asked  # after an empty start, what follows is judged by what it names
    asked.clear()
    listen("I walk the dog every morning", HELPS)
    assert asked == ["topics", "feelings"]  # a whole listen still hears everything


def test_a_verdict_worked_out_inside_another_does_not_change_it():
    """The rules are one object for every session (the web front end serves many at once): a second
    answer judged while the first one's topics are being worked out must not change the first."""
    from engine.understanding.listening import _Reading, default_listener

    listener = default_listener()
    alone = listener.listen("i dunno the rent went up", OBSTACLE)
    assert alone.nonanswer is False  # the rent, after not knowing

    class Interrupted(_Reading):
        @property
        def topics(self):  # type: ignore[override]
            listener.listen("i dont know to be honest really my car broke down", OBSTACLE)  # its news starts later
            return super().topics

    reading = Interrupted(listener, "i dunno the rent went up", OBSTACLE, None)
    assert reading.judge() == (alone.nonanswer, [e for e in alone.evidence if e.about == "nonanswer"])
