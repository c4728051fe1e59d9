"""The reply coder, code by code, on sentences written for these tests: each must get its code,
and a near miss must not; every code shows the words that gave it."""

from __future__ import annotations

import pytest

from engine.understanding.coding import Code, Move, code_reply, main_behaviour
from engine.understanding.textnorm import normalise, words

CLIENT = "i've been trying to get my benefits sorted for ages and nobody at the office helps"

# (reply, client line or None) that must carry the code.
MUST: dict[Code, list[str | tuple[str, str]]] = {
    Code.OPEN_QUESTION: [
        "what would make this week a bit easier for you",
        "how did you get through last winter?",
        "why does the group matter so much to you",
        "tell me about the last time you felt settled",
        "walk me through a normal morning",
        "i wonder what your brother would say about it",
        "can you tell me a bit more about the office",
        "so what happened after that",
        "wat do u think wud help",
        "where would you like to start today",
    ],
    Code.CLOSED_QUESTION: [
        "did you get a reply from them?",
        "so you want to quit?",
        "you're feeling stuck?",
        "how many times have you rung them",
        "is there anyone at the office you trust",
        "on a scale of one to ten how sure are you",
        "do u want to try that",
        "which would you rather start with, the forms or the phone call",
        "it's been a rough month, hasn't it",
        "have you got anyone who could come with you",
    ],
    Code.SIMPLE_REFLECTION: [
        ("so the office hasn't helped you with the benefits", CLIENT),
        ("you've been at it for ages and nobody there helps", CLIENT),
        ("your sister won't talk to you", "my sister won't talk to me"),
    ],
    Code.COMPLEX_REFLECTION: [
        ("It sounds like you're tired of trying", CLIENT),
        ("you're running out of patience with them", CLIENT),
        ("part of you wants to keep pushing and part of you is ready to give up on them", CLIENT),
        ("it's like banging your head against a brick wall", CLIENT),
        ("that sounds exhausting", CLIENT),
    ],
    Code.AFFIRMATION: [
        "you kept ringing them even though it wore you down, that took real persistence",
        "thank you for being so honest with me about the slip",
        "you've come a long way since the spring",
        "you're clearly someone who doesn't give up",
        "not many people would have kept going like that",
    ],
    Code.AUTONOMY: [
        "it's your call what we talk about today",
        "you know your own situation better than anyone",
        "whatever you decide is fine by me",
        "we don't have to look at the forms today",
        "you're the one who gets to decide what happens next",
    ],
    Code.COLLABORATION: [
        "we could go through the letters together",
        "maybe we can make a plan between us",
        "can i share something that helped me?",
        "how about we write down what you owe?",
        "i'm here to back you up whatever happens",
    ],
    Code.INFORMATION: [
        "a lot of people find the first few weeks the hardest",
        "there's a free advice line that helps with benefit forms",
        "the drop in is open every tuesday from ten",
        "research shows most people take a few tries before they stop smoking",
        "what helped me was having someone to ring at night",
        "slips are really common in the first few months",
        "you're allowed to bring someone with you to the assessment",
        "most food banks give you a parcel for three days",
        "i'm a peer worker, not a counsellor",
    ],
    Code.ADVICE_WITH_PERMISSION: [
        "can i make a suggestion? you could ring them first thing in the morning",
        "you could try writing it down, only if you want",
        "one idea, and feel free to ignore it, is to ask for a named contact",
    ],
    Code.ADVICE_WITHOUT_PERMISSION: [
        "You should listen to them",
        "you need to ring them again tomorrow",
        "maybe try writing it all down before bed",
        "have you tried meditation?",
        "just ask for the manager next time",
        "it might be worth ringing citizens advice",
        "if i were you i'd get a solicitor",
        "don't be so hard on yourself",
    ],
    Code.CONFRONT_OR_BLAME: [
        "you're just making excuses",
        "if you carry on like this you'll lose the flat",
        "that's not true, everyone has strengths",
        "are you really trying though?",
        "nobody can fix this for you except you",
        "its your own fault for missing the appointment",
        "come off it, it's not that bad",
        "at least you've still got a roof over your head",
        "you're overthinking it, other people manage fine",
        "thats what you said last time",
    ],
    Code.OTHER: [
        "hi, i'm sam, nice to meet you",
        "great news!!",
        "ok",
        "i hear you",
        "congrats on the new job!",
        "sorry i'm a bit late today",
    ],
}

# (reply, client line or None) that must not carry the code.
MUST_NOT: dict[Code, list[str]] = {
    Code.OPEN_QUESTION: ["you get to decide what we talk about", "i know how hard that is",
                         "when you rang them they hung up on you",
                         "do you want to talk about the flat or the job today?"],
    Code.CLOSED_QUESTION: ["so you want to quit", "you've had to wait a long time for them",
                           "the friends who were there for you matter"],
    Code.SIMPLE_REFLECTION: ["You should listen to them", "hi there", "So you want to quit?"],
    Code.COMPLEX_REFLECTION: ["You should listen to them", "so you want to quit?", "thanks for coming in"],
    Code.AFFIRMATION: ["you want the debts gone this week", "people tell you you're kind but you don't believe it",
                       "thanks for coming in", "congrats on the job!"],
    Code.AUTONOMY: ["you can ring them tomorrow morning", "you could try writing it down, only if you want"],
    Code.COLLABORATION: ["want me to find the phone number?", "we tried that last week and it didn't work",
                         "can i make a suggestion? you could ring them first thing",
                         "how many cans do you drink all together", "nobody was in your corner back then",
                         "you decide what we look at first"],
    Code.INFORMATION: ["you usually manage to get there on time", "a lot of people would have given up by now",
                       "a month of trying and the cravings still come every day"],
    Code.ADVICE_WITH_PERMISSION: ["you should ring them again", "maybe you should try the morning group"],
    Code.ADVICE_WITHOUT_PERMISSION: ["It sounds like you're tired of trying", "you must be exhausted",
                                     "have you ever run before?", "can i share something that helped me?"],
    Code.CONFRONT_OR_BLAME: ["that sounds really unfair on you", "you're not sure yet and that's ok",
                             "it's not fair, you've done everything they asked", "you were hoping for at least a reply",
                             "a whole month sober, that's down to you"],
    Code.OTHER: ["what would help tonight", "you've been trying for ages"],
}


def _case(item: str | tuple[str, str]) -> tuple[str, str | None]:
    return (item, None) if isinstance(item, str) else item


@pytest.mark.parametrize("code, reply, client", [(code, *_case(item)) for code, items in MUST.items()
                                                 for item in items])
def test_a_reply_gets_its_code(code: Code, reply: str, client: str | None) -> None:
    coded = code_reply(reply, client)
    assert code in coded.codes, f"{reply!r} coded {[c.value for c in coded.codes]}"


@pytest.mark.parametrize("code, reply", [(code, reply) for code, replies in MUST_NOT.items() for reply in replies])
def test_a_near_miss_does_not_get_the_code(code: Code, reply: str) -> None:
    coded = code_reply(reply, CLIENT)
    assert code not in coded.codes, f"{reply!r} coded {[c.value for c in coded.codes]}"


@pytest.mark.parametrize("reply, main", [
    ("You should listen to them", "input"),
    ("It sounds like you're tired of trying", "reflection"),
    ("So you want to quit?", "question"),
    ("you sound worn out. what would help tonight", "reflection"),
    ("what would help tonight? you sound worn out", "question"),
    ("you should call her. want to?", "question"),
    ("you kept at it for weeks, that took guts. you should tell your worker", "input"),
    ("hi, welcome", "other"),
])
def test_the_main_behaviour_follows_the_tie_break(reply: str, main: str) -> None:
    assert code_reply(reply, CLIENT).main == main


def test_several_acts_in_one_message_are_coded_in_order() -> None:
    coded = code_reply("hey, thanks for coming. sounds like its been a long few weeks. what would help most today",
                       CLIENT)
    assert coded.codes == (Code.OTHER, Code.COMPLEX_REFLECTION, Code.OPEN_QUESTION) or \
        coded.codes == (Code.OTHER, Code.SIMPLE_REFLECTION, Code.OPEN_QUESTION)
    assert coded.main == "reflection"


def test_a_run_on_message_is_cut_where_the_question_starts() -> None:
    coded = code_reply("that sounds so draining what would help tonight", CLIENT)
    assert coded.codes == (Code.COMPLEX_REFLECTION, Code.OPEN_QUESTION)
    assert len(coded.acts) == 2


def test_a_leading_when_part_is_coded_with_its_question() -> None:
    coded = code_reply("when you say nobody helps, who have you spoken to", CLIENT)
    assert coded.codes == (Code.CLOSED_QUESTION,)


def test_an_acknowledgement_beside_another_act_is_not_coded() -> None:
    assert code_reply("ok. what happened next?").codes == (Code.OPEN_QUESTION,)
    assert code_reply("ok").codes == (Code.OTHER,)


def test_a_permission_asked_before_advice_is_folded_into_it() -> None:
    coded = code_reply("is it ok if i suggest something? you could ask for a named contact at the office", CLIENT)
    assert coded.codes == (Code.CLOSED_QUESTION, Code.ADVICE_WITH_PERMISSION)
    alone = code_reply("is it ok if i suggest something?", CLIENT)
    assert alone.codes == (Code.CLOSED_QUESTION, Code.COLLABORATION)


def test_an_opt_out_after_the_advice_is_part_of_it() -> None:
    coded = code_reply("can i suggest something? you could jot down one good thing each night. only if you want to tho",
                       CLIENT)
    assert coded.codes == (Code.CLOSED_QUESTION, Code.ADVICE_WITH_PERMISSION)


def test_an_opt_out_is_not_coded_again_as_autonomy() -> None:
    coded = code_reply("you could try ringing at nine when they open, totally up to you", CLIENT)
    assert coded.codes == (Code.ADVICE_WITH_PERMISSION,)


@pytest.mark.parametrize("reply", [
    "you kept ringing them even though it wore you down, that took real persistence",
    "It sounds like you're tired of trying",
    "have you tried meditation?",
    "can i make a suggestion? you could ring them first thing in the morning",
    "hi, i'm sam. what brings you here today",
    "wat do u think wud help",
])
def test_each_code_shows_the_words_that_produced_it(reply: str) -> None:
    coded = code_reply(reply, CLIENT)
    said = " ".join(words(normalise(reply)))
    assert coded.hits
    for hit in coded.hits:
        assert hit.words, hit
        shown = " ".join(hit.words.split())
        assert shown in " ".join(coded.acts[hit.act].split()), (hit, coded.acts)
        assert hit.act < len(coded.acts)
    assert said  # the reply had words to show
    as_dict = coded.to_dict()
    assert set(as_dict) == {"codes", "main", "moves", "hits", "acts"}
    assert all(set(hit) == {"code", "act", "words"} for hit in [h.to_dict() for h in coded.hits])
    assert as_dict["codes"] == [code.value for code in coded.codes]


def test_the_words_of_a_reflection_say_what_made_it_complex() -> None:
    from engine.understanding.coding import default_coder
    from engine.understanding.coding.coder import client_words
    from engine.understanding.reading import make_clause
    coder = default_coder()
    tokens = coder.tokens("you're running out of patience with them")
    complex_, why = coder.complexity(tokens, make_clause(0, tokens), client_words(CLIENT))
    assert complex_ and "patience" in why or "running out of" in why


@pytest.mark.parametrize("reply, move", [
    ("things can get better, i've seen people come through worse", Move.HOPE),
    ("i've been there myself. what helped me was a morning routine", Move.DISCLOSURE),
])
def test_peer_moves_are_found_beside_the_codes(reply: str, move: Move) -> None:
    assert move in code_reply(reply, CLIENT).moves


def test_a_long_story_about_oneself_is_a_move() -> None:
    story = ("honestly when i was your age i was in a right state, i was drinking every day and i lost my job and "
             "then i lost my flat and i ended up sofa surfing at my mate's place for a year, and i remember thinking "
             "it would never change, and then i met someone at a group and i started going every week and slowly i "
             "got back on my feet")
    assert Move.STORY in code_reply(story, CLIENT).moves


def test_messy_typing_is_read() -> None:
    assert code_reply("r u ok", CLIENT).codes == (Code.CLOSED_QUESTION,)
    assert Code.ADVICE_WITHOUT_PERMISSION in code_reply("u shud ring them 2moro", CLIENT).codes
    assert code_reply("THAT SOUNDS SO FRUSTRATING", CLIENT).main == "reflection"


def test_speech_keeps_a_reflection_said_rising_as_a_reflection() -> None:
    line = "so on the one hand you want the money sorted, and on the other hand you're sick of chasing them?"
    assert code_reply(line, CLIENT).main == "question"
    assert code_reply(line, CLIENT, spoken=True).main == "reflection"
    assert code_reply("you've heard of it?", CLIENT, spoken=True).main == "question"


def test_speech_counts_a_question_anywhere_in_the_turn() -> None:
    turn = "Mm-hmm. It sounds like it's been a really long wait. What would you like to happen next?"
    assert code_reply(turn, CLIENT).main == "reflection"
    assert code_reply(turn, CLIENT, spoken=True).main == "question"


def test_main_behaviour_on_its_own() -> None:
    assert main_behaviour([Code.AFFIRMATION, Code.ADVICE_WITHOUT_PERMISSION]) == "input"
    assert main_behaviour([Code.COLLABORATION, Code.AUTONOMY]) == "other"
    assert main_behaviour([]) == "other"


def test_hostile_input_is_bounded() -> None:
    huge = "you should " * 20000
    coded = code_reply(huge, "x" * 100000)
    assert Code.ADVICE_WITHOUT_PERMISSION in coded.codes
    assert code_reply("", None).codes == ()
    assert code_reply("?!?!...", CLIENT).codes == ()


# -- "what a ...": an exclamation, unless a verb follows the noun ------------------------------------------
@pytest.mark.parametrize("reply, spoken", [
    ("what an awful thing to go through", False),
    ("what a plan and you only came up with it last night", False),
    ("what a time you've had with the office", False),
    ("What a load to be carrying on your own.", True),
])
def test_what_a_before_a_noun_exclaims_and_asks_nothing(reply: str, spoken: bool) -> None:
    coded = code_reply(reply, CLIENT, spoken=spoken)
    assert coded.main != "question" and not {Code.OPEN_QUESTION, Code.CLOSED_QUESTION} & set(coded.codes)


@pytest.mark.parametrize("reply", ["what a great idea!", "what a brilliant start", "what great news!!"])
def test_what_a_great_idea_is_praise_of_an_outcome(reply: str) -> None:
    assert code_reply(reply, CLIENT).codes == (Code.OTHER,)


@pytest.mark.parametrize("reply", ["what a good week would look like for you", "what a great plan?",
                                   "what great things have you done this week"])
def test_what_a_with_a_verb_after_it_or_a_question_mark_still_asks(reply: str) -> None:
    assert code_reply(reply, CLIENT).main == "question"


# -- "do you know ...", "you know what ..." ------------------------------------------------------------------
@pytest.mark.parametrize("reply", ["do you know where the clinic is", "did you know the group meets on fridays",
                                   "do you know what time the drop in opens"])
def test_asking_what_the_client_knows_is_a_closed_question_not_an_imperative(reply: str) -> None:
    coded = code_reply(reply, CLIENT)
    assert coded.codes[0] is Code.CLOSED_QUESTION and Code.ADVICE_WITHOUT_PERMISSION not in coded.codes


@pytest.mark.parametrize("reply", ["you know how much your kids love you", "so you know what you want from them",
                                   "you know where the office is by now"])
def test_you_know_what_without_a_comma_says_what_the_client_knows(reply: str) -> None:
    assert code_reply(reply, CLIENT).main == "reflection"


def test_you_know_with_a_comma_before_a_question_is_a_filler() -> None:
    assert code_reply("you know, what happened at the office after that", CLIENT).codes == (Code.OPEN_QUESTION,)


# -- confronting in more of its forms (rule 14) ---------------------------------------------------------------
@pytest.mark.parametrize("reply", [
    "you're not a child, you can sort this out yourself",
    "you're too old to be waiting for someone to rescue you",
    "honestly you're just looking for someone to blame",
    "it's nobody's fault but yours",
    "it's not everyone else's job to fix your life",
    "nobody's going to hand it to you on a plate",
    "you need to stop expecting other people to do everything",
    "everyone else in the group manages fine",
    "you've had weeks to do this",
    "you should have rung them on monday",
    "you could have rung them, you just didn't",
    "well you did skip the last three sessions",
    "ok so you're just going to give up then",
    "you're wrong about that",
    "that's a bit of a stretch",
    "that's not how the real world works",
    "you're wallowing",
    "you obviously aren't taking this seriously",
    "why would anyone help you if you won't help yourself",
])
def test_more_ways_of_confronting_or_blaming_are_found(reply: str) -> None:
    assert Code.CONFRONT_OR_BLAME in code_reply(reply, CLIENT).codes


@pytest.mark.parametrize("reply", [
    "you've had a rough few weeks with them",
    "you have had weeks of this and it's worn you down",
    "you're an adult who's been let down a lot",
    "you're old enough to remember how it was before",
    "you should have seen my face when i passed",
    "you did say you wanted to try the group",
    "so you're just going to wait and see how the week goes",
    "it sounds like you feel you should have done more",
])
def test_their_near_misses_do_not_confront(reply: str) -> None:
    assert Code.CONFRONT_OR_BLAME not in code_reply(reply, CLIENT).codes


# -- a part after a preposition is its object -----------------------------------------------------------------
@pytest.mark.parametrize("reply, spoken", [
    ("you've been reading up about, um, what to expect from the assessment", False),
    ("So you've been thinking about, you know, how to tell your mum.", True),
])
def test_a_question_word_after_a_preposition_and_a_comma_asks_nothing(reply: str, spoken: bool) -> None:
    codes = code_reply(reply, CLIENT, spoken=spoken).codes
    assert not {Code.OPEN_QUESTION, Code.CLOSED_QUESTION} & set(codes)


def test_a_question_after_a_statement_that_ends_otherwise_is_its_own() -> None:
    assert Code.OPEN_QUESTION in code_reply("you've rung them a lot, how did the last call go", CLIENT).codes


# -- what the client thinks, said back -----------------------------------------------------------------------
@pytest.mark.parametrize("reply", ["you think that most people find the first month harder",
                                   "so you reckon a lot of people drop out of the course"])
def test_a_fact_inside_what_the_client_thinks_is_said_back(reply: str) -> None:
    coded = code_reply(reply, "i keep thinking about quitting the course")
    assert coded.main == "reflection" and Code.INFORMATION not in coded.codes


def test_the_same_fact_told_is_information() -> None:
    assert code_reply("most people find the first month harder", CLIENT).codes == (Code.INFORMATION,)


# -- when a service runs, what is common, how the client handled it ----------------------------------------------
@pytest.mark.parametrize("reply", ["the drop-in on high street runs every tuesday from ten",
                                   "the crisis team can be reached through your gp",
                                   "relapse is really common and doesn't mean you've failed"])
def test_when_a_service_runs_and_what_is_common_are_information(reply: str) -> None:
    assert Code.INFORMATION in code_reply(reply, CLIENT).codes


@pytest.mark.parametrize("reply", ["you handled that really well", "you've already done the hardest part by asking"])
def test_how_the_client_handled_it_is_affirmed(reply: str) -> None:
    assert Code.AFFIRMATION in code_reply(reply, CLIENT).codes


@pytest.mark.parametrize("reply", ["the group you go to runs late sometimes and you hate that",
                                   "relapse is what scares you most"])
def test_a_service_or_a_relapse_in_what_is_said_back_stays_a_reflection(reply: str) -> None:
    assert code_reply(reply, CLIENT).main == "reflection"
