"""The reply coder's misfires of issue 17, each family on sentences written for these tests (none
from the shared data): evoking questions with "could", "should" or "might" inside them are open
questions, not advice; charges about what the client does or fails to do are confronting, unless
the client said the same of themselves; sarcasm; "so you ..." with a tag is a closed question;
asking permission in chat's short forms; and input that is empty, huge, only punctuation or emoji."""

from __future__ import annotations

import time

import pytest

from engine.understanding.coding import Code, code_reply

CLIENT = "i've tried everything with the housing people and nothing ever changes"

OPEN, CLOSED = Code.OPEN_QUESTION, Code.CLOSED_QUESTION
ADVICE = Code.ADVICE_WITHOUT_PERMISSION
BLAME = Code.CONFRONT_OR_BLAME
REFLECTIONS = (Code.SIMPLE_REFLECTION, Code.COMPLEX_REFLECTION)


def codes(reply: str, client: str | None = CLIENT) -> tuple[Code, ...]:
    return code_reply(reply, client).codes


# -- evoking: the client is asked for their own idea ---------------------------------------------
@pytest.mark.parametrize("reply", [
    "what do you think you could do about it?",
    "what do u think u shud do next",
    "how do you reckon you might handle the letter",
    "what could you try instead",
    "what have you tried so far",
    "that sounds draining. what do you think you could change first",
])
def test_a_question_word_question_with_could_or_should_inside_is_evoking(reply: str) -> None:
    found = codes(reply)
    assert OPEN in found and ADVICE not in found, found


@pytest.mark.parametrize("reply", ["who could you ask to go with you?", "where could you go for a bit of quiet"])
def test_a_closed_question_word_question_with_could_is_not_advice_either(reply: str) -> None:
    assert codes(reply) == (CLOSED,)


@pytest.mark.parametrize("reply", [
    "why don't you ring them again tomorrow",
    "how about trying the drop in on thursday?",
    "what if you wrote to your councillor",
    "when it gets bad, could you try calling the helpline?",
])
def test_a_question_that_proposes_the_action_is_still_advice(reply: str) -> None:
    assert ADVICE in codes(reply)


# -- charges about what the client does ----------------------------------------------------------
@pytest.mark.parametrize("reply", [
    "you're not really trying",
    "you aren't taking this seriously",
    "ur not even trying",
    "you never listen to anyone",
    "you always do this",
    "you never follow through",
    "you haven't even tried",
    "you don't even care",
    "i hear you, but you're not putting in the work",
])
def test_a_charge_about_what_the_client_does_is_confronting(reply: str) -> None:
    found = codes(reply)
    assert BLAME in found and not set(found) & set(REFLECTIONS), found


@pytest.mark.parametrize("reply, client", [
    ("you're not really trying anymore", "honestly i'm not really trying anymore"),
    ("you never follow through", "i never follow through with anything"),
])
def test_a_charge_the_client_made_of_themselves_is_said_back(reply: str, client: str) -> None:
    found = codes(reply, client)
    assert BLAME not in found and set(found) & set(REFLECTIONS), found


def test_a_charge_turned_round_is_not_the_clients_own() -> None:
    assert BLAME in codes("you're not really trying", "i'm trying so hard and it's not working")


@pytest.mark.parametrize("reply", ["you're not sure yet", "you never get a break from it",
                                   "you're not ready to ring them", "you've never tried the group?"])
def test_what_only_sounds_like_a_charge_is_not_one(reply: str) -> None:
    assert BLAME not in codes(reply)


# -- input that is not a reply -------------------------------------------------------------------
@pytest.mark.parametrize("reply", ["", "   ", "?", "...", "!!!", "😀", "👍👍👍", "?!?!", "\u200b\u202e", "-- --"])
def test_input_with_no_words_gets_no_code_and_no_error(reply: str) -> None:
    coded = code_reply(reply, CLIENT)
    assert coded.codes == () and coded.main == "other"


def test_emoji_beside_words_are_left_out() -> None:
    assert codes("😀 you should ring them 👍") == (ADVICE,)
    assert codes("🙂 what would help tonight?") == (OPEN,)


@pytest.mark.parametrize("reply", ["x," * 5000, "ok, " * 3000, "ok " * 3000, "so you want to quit, right, " * 400,
                                   "what? " * 3000, "what do you " * 1000, "can i, you should, " * 500, "a" * 100000])
def test_a_very_long_reply_is_coded_quickly(reply: str) -> None:
    code_reply("ok", CLIENT)  # the vocabulary is read once, on first use: that is not what is timed here
    started = time.perf_counter()
    code_reply(reply, reply[:2000])
    # A bound for runaway work (a pattern that backtracks, a loop over every pair of words): that takes
    # minutes; a fair reading takes well under a tenth of a second, so a busy machine stays far inside it.
    assert time.perf_counter() - started < 3


# -- "so you ..." asked with a tag ---------------------------------------------------------------
@pytest.mark.parametrize("reply", [
    "so you want to quit right",
    "so you want to quit, right",
    "so ur done with the group yeah",
    "you want to give up on them, is that right?",
    "so you feel stuck, is that it",
    "you're not really trying are you",
])
def test_a_statement_with_a_tag_is_one_closed_question(reply: str) -> None:
    found = code_reply(reply, CLIENT)
    assert found.codes[0] is CLOSED and not set(found.codes) & set(REFLECTIONS), found.codes
    assert found.main == "question" and len(found.acts) == 1


@pytest.mark.parametrize("reply", ["you did it right", "you're right", "you did not do it",
                                   "you're fed up with them, i'm sure you do loads right"])
def test_a_last_right_that_belongs_to_the_statement_is_not_a_tag(reply: str) -> None:
    assert CLOSED not in codes(reply)


@pytest.mark.parametrize("reply", ["the problem is you", "the problem is you don't want to change",
                                   "honestly the real issue is you never follow through"])
def test_the_problem_is_you_is_one_act_and_blames(reply: str) -> None:
    found = code_reply(reply, CLIENT)
    assert found.codes == (BLAME,) and len(found.acts) == 1


def test_a_yes_no_question_about_anything_at_all_is_not_advice() -> None:
    assert codes("could you do anything differently next time") == (CLOSED,)
    assert codes("could you ask anyone at work?") == (CLOSED,)
    assert ADVICE in codes("could you ring them tomorrow?")


# -- sarcasm -------------------------------------------------------------------------------------
@pytest.mark.parametrize("reply", [
    "yeah right, like that's going to happen",
    "yeah right",
    "oh sure because that worked so well last time",
    "sure you will",
    "as if that's ever going to work",
])
def test_sarcasm_is_confronting_and_not_a_reflection(reply: str) -> None:
    found = codes(reply)
    assert BLAME in found and not set(found) & {*REFLECTIONS, Code.OTHER}, found


@pytest.mark.parametrize("reply", ["sure, you can bring a friend", "yeah, that makes sense", "right, what happened next?",
                                   "it's as if nobody at the office hears you"])
def test_a_plain_sure_or_as_if_is_not_sarcasm(reply: str) -> None:
    assert BLAME not in codes(reply)


# -- asking permission, in chat's short forms ----------------------------------------------------
@pytest.mark.parametrize("reply", [
    "mind if i share something",
    "ok if i suggest something?",
    "would a suggestion help",
    "would it help if i shared an idea",
    "can i throw an idea out there",
])
def test_asking_permission_is_a_closed_question_and_collaboration(reply: str) -> None:
    assert codes(reply) == (CLOSED, Code.COLLABORATION)


@pytest.mark.parametrize("reply", [
    "can i offer a thought, you might try writing it down",
    "mind if i share an idea? you could ring the helpline when it gets bad",
    "ok if i suggest something? maybe try the morning group",
])
def test_advice_after_asking_is_advice_with_permission(reply: str) -> None:
    assert codes(reply) == (CLOSED, Code.ADVICE_WITH_PERMISSION)


def test_an_ok_that_opens_a_statement_is_still_set_aside() -> None:
    assert codes("ok, what would help tonight") == (OPEN,)
    assert codes("ok if you want we could look at it together") != (CLOSED, Code.COLLABORATION)


# -- more of the same families, typed as chat ----------------------------------------------------
def test_a_question_about_what_would_happen_is_evoking_not_mocking() -> None:
    assert codes("what do you think would happen if you rang them") == (OPEN,)
    assert BLAME in codes("well what did you think would happen")


def test_a_trailing_do_you_think_keeps_one_open_question() -> None:
    found = code_reply("what shud u do next do u think", CLIENT)
    assert found.codes == (OPEN,) and len(found.acts) == 1


@pytest.mark.parametrize("reply", ["youre just not trying", "you are so not trying lol",
                                   "you never even gave it a chance"])
def test_a_charge_with_a_softener_or_slang_is_still_confronting(reply: str) -> None:
    assert codes(reply) == (BLAME,)


def test_a_negative_question_is_a_question() -> None:
    assert codes("cant you just try harder") == (CLOSED, BLAME)
    assert codes("dont you think its time") == (CLOSED,)
    assert CLOSED not in codes("don't you worry about that")


def test_advice_after_i_dont_know_is_still_advice() -> None:
    assert codes("idk maybe try writing it down") == (ADVICE,)


def test_i_wonder_if_you_could_try_proposes_the_action() -> None:
    assert codes("i wonder if you could try the group one more time") == (CLOSED, ADVICE)
    assert codes("i wonder what you could try next") == (OPEN,)


def test_a_polite_question_is_not_cut_after_its_could() -> None:
    found = code_reply("i wonder if you could tell me more about that", CLIENT)
    assert found.codes == (OPEN,) and len(found.acts) == 1
    assert codes("what did you do did you ring them") == (OPEN, CLOSED)


def test_in_speech_a_tag_word_without_a_question_mark_does_not_ask() -> None:
    line = "So you want to give up on the housing people, right."
    assert code_reply(line, CLIENT).main == "question"
    assert code_reply(line, CLIENT, spoken=True).main == "reflection"


# -- round of 3 December 2026 --------------------------------------------------------------------
@pytest.mark.parametrize("reply", ["i have an idea if you want to hear it", "i got a thought if ur interested",
                                   "i have a few ideas if you are open to them"])
def test_offering_an_idea_not_yet_given_asks_permission(reply: str) -> None:
    assert codes(reply) == (Code.COLLABORATION,)


def test_advice_after_an_offered_idea_has_permission() -> None:
    found = codes("i have an idea if you want to hear it. you could try the morning group")
    assert Code.ADVICE_WITH_PERMISSION in found and Code.ADVICE_WITHOUT_PERMISSION not in found
    assert codes("one idea if you want, try the morning group") == (Code.ADVICE_WITH_PERMISSION,)


@pytest.mark.parametrize("reply", ["well that went well didnt it", "well that went well",
                                   "oh that worked out great then"])
def test_mock_praise_of_how_it_turned_out_confronts(reply: str) -> None:
    assert BLAME in codes(reply)


@pytest.mark.parametrize("reply", ["that went well didnt it", "wow it went really well then!",
                                   "well it went well in the end, you got through the whole interview"])
def test_praise_of_how_it_turned_out_without_the_mocking_opener_does_not_confront(reply: str) -> None:
    assert BLAME not in code_reply(reply, "i got through the interview and they offered me the job").codes


@pytest.mark.parametrize("reply", [
    "nah dont put yourself down",
    "u cant keep blaming the council forever",
    "one session isnt enough, you need to go back",
    "youre the one on probation though",
    "you knew fridays were a trigger though",
    "your brother doesnt make you go to the pub though",
])
def test_arguing_or_pinning_it_on_the_client_confronts(reply: str) -> None:
    assert BLAME in codes(reply)


@pytest.mark.parametrize("reply, client", [
    ("you showed up today though", None),
    ("you didnt give up though", None),
    ("it sounds like you feel what you do isnt enough", "whatever i do it's never enough for them"),
    ("you want it to work though", "part of me wants the plan to work"),
])
def test_a_though_that_credits_or_says_back_does_not_confront(reply: str, client: str | None) -> None:
    assert BLAME not in codes(reply, client or CLIENT)


@pytest.mark.parametrize("reply", [
    "did you even give it a proper go?",
    "were you actually ok before though",
    "theres no point dwelling on what happened last year",
    "you wont get the flat if you keep missing rent, thats obvious",
    "you have to admit you have a drinking problem",
])
def test_doubting_minimising_or_labelling_confronts(reply: str) -> None:
    assert BLAME in codes(reply)


@pytest.mark.parametrize("reply", ["did you give it a go in the end?", "were you ok before?",
                                   "it sounds like you've admitted a lot to yourself this week"])
def test_asking_whether_it_happened_or_saying_back_an_admission_does_not_confront(reply: str) -> None:
    assert BLAME not in codes(reply)


def test_a_link_the_client_made_is_said_back_not_added() -> None:
    assert codes("two goes and nothing, so you quit", "i went to the class twice and it didnt help so i quit") \
        == (Code.SIMPLE_REFLECTION,)
    assert codes("so you stopped because nothing was changing", "nothing was changing so i stopped going") \
        == (Code.SIMPLE_REFLECTION,)
    assert codes("so you stopped because nothing was changing", "i stopped going to the class") \
        == (Code.COMPLEX_REFLECTION,)


@pytest.mark.parametrize("reply", [
    "lots of people slip in the first few months and get back on track",
    "the app helps some people more in the evenings than in the mornings",
    "there's no one right way to do this, some start with meetings and some with a sponsor",
    "the advice centre do free help with benefit appeals",
])
def test_what_is_common_or_what_a_service_offers_is_information(reply: str) -> None:
    assert codes(reply, "i messed up again on saturday") == (Code.INFORMATION,)


@pytest.mark.parametrize("reply, client", [
    ("some people say you're too much", "people always tell me i'm too much"),
    ("lots of people at your work sound like hard work", "my manager and half my team are a nightmare"),
])
def test_other_people_in_the_clients_life_are_not_a_general_fact(reply: str, client: str) -> None:
    assert Code.INFORMATION not in codes(reply, client)


@pytest.mark.parametrize("reply", ["yeah the buses round here are a joke lol", "mondays are grim for me too",
                                   "haha the gym never worked for me either"])
def test_chat_that_sides_with_the_client_is_other(reply: str) -> None:
    assert codes(reply, "the bus was late again and i missed the gym, mondays are the worst") == (Code.OTHER,)


@pytest.mark.parametrize("reply", ["you sound fed up with the buses lol", "so mondays are hard for you too"])
def test_a_remark_about_the_client_stays_a_reflection(reply: str) -> None:
    found = codes(reply, "the bus was late again and i missed the gym, mondays are the worst")
    assert Code.OTHER not in found and set(found) & {Code.SIMPLE_REFLECTION, Code.COMPLEX_REFLECTION}
