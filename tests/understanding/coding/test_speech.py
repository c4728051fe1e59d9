"""The reply coder on transcribed counselling speech (``spoken=True``, AnnoMI's conventions), on
sentences written for these tests: what makes a spoken turn a question, and open or closed."""

from __future__ import annotations

import pytest

from engine.understanding.coding import Code, code_reply

CLIENT = "I've been drinking more since the new job started, mostly at weekends."
OPEN, CLOSED = Code.OPEN_QUESTION, Code.CLOSED_QUESTION


def spoken(turn: str) -> tuple[str, tuple[Code, ...]]:
    coded = code_reply(turn, CLIENT, spoken=True)
    return coded.main, coded.codes


# -- wondering aloud -----------------------------------------------------------------------------
@pytest.mark.parametrize("turn", [
    "I wonder if you'd be willing to look at how the weekends go.",
    "So, I guess I'm wondering if you've thought about other ways to unwind after work.",
    "I'm just wondering if we could spend a few minutes on the form you filled in-",
    "I wondered if we might talk about your sleep for a bit.",
])
def test_wondering_whether_the_client_would_is_asked_even_said_flat(turn: str) -> None:
    main, codes = spoken(turn)
    assert main == "question" and CLOSED in codes


@pytest.mark.parametrize("turn", [
    "I wonder if that's part of why the weekends feel so heavy.",
    "I'm wondering if then the job is really the bigger worry here.",
])
def test_wondering_about_a_meaning_said_flat_is_a_guess_not_a_question(turn: str) -> None:
    assert spoken(turn)[0] != "question"


@pytest.mark.parametrize("turn", [
    "So I know we went over the scan results already and I'm wondering if you can tell me how the knee got hurt?",
    "It's some wear on the enamel that comes from grinding and so I'm wondering if you can tell me a bit about "
    "how stress fits into your week.",
    "I'm not sure how today is going for you but I'm just wondering if you can tell me what the week was like-",
])
def test_a_wondering_that_follows_a_statement_in_one_sentence_is_its_own_question(turn: str) -> None:
    coded = code_reply(turn, CLIENT, spoken=True)
    assert len(coded.acts) == 2 and coded.main == "question" and OPEN in coded.codes


def test_a_wondering_inside_a_sentence_is_not_cut_from_what_the_client_wonders() -> None:
    coded = code_reply("You're wondering if the job is worth all of this.", CLIENT, spoken=True)
    assert len(coded.acts) == 1 and coded.main == "reflection"


def test_typed_chat_asks_with_any_wondering() -> None:
    assert code_reply("i wonder if thats part of it", CLIENT).codes == (CLOSED,)


# -- reading transcripts -------------------------------------------------------------------------
def test_a_title_does_not_end_a_sentence() -> None:
    coded = code_reply("Hi, Mrs. Patel. I know you saw Dr. Okafor this morning.", CLIENT, spoken=True)
    assert coded.acts == ("hi", "mrs patel", "i know you saw dr okafor this morning")
    assert code_reply("I saw Dr. Okafor. Then I went home.", CLIENT, spoken=True).acts == ("i saw dr okafor",
                                                                                        "then i went home")


# -- a "what" clause as the subject of "is" ------------------------------------------------------
@pytest.mark.parametrize("turn, spoken_", [
    ("-and what the upper limit is for men is fourteen units a week.", True),
    ("Yeah. I know what has helped a lot of the people I see is a pendant they wear so they can call for help.", True),
    ("what the group gives you is a place to be yourself", False),
])
def test_a_what_clause_that_is_the_subject_of_is_tells(turn: str, spoken_: bool) -> None:
    assert code_reply(turn, CLIENT, spoken=spoken_).main != "question"


@pytest.mark.parametrize("turn", [
    "what is it that is making this so hard",
    "what do you think is getting in the way",
    "what makes you think your mum was right",
    "what if it is too much",
    "what is going on at home",
])
def test_a_what_question_with_a_later_is_still_asks(turn: str) -> None:
    assert code_reply(turn, CLIENT).main == "question"
    assert code_reply(turn.capitalize() + ".", CLIENT, spoken=True).main == "question"


# -- scaling questions ---------------------------------------------------------------------------
@pytest.mark.parametrize("turn, spoken_", [
    ("How ready are you to make the change? On a scale of zero to ten, what number would you give it?", True),
    ("So if you think about it on a scale of 1 to 10, where 1 is not at all and 10 is completely sure, "
     "where do you think you are right now?", True),
    ("how confident r u that u can do it, like on a scale of 1 to 10", False),
])
def test_a_question_for_a_point_on_a_named_scale_is_closed(turn: str, spoken_: bool) -> None:
    codes = code_reply(turn, CLIENT, spoken=spoken_).codes
    assert CLOSED in codes and OPEN not in codes


@pytest.mark.parametrize("turn, spoken_", [
    ("You said a five on that scale. What would it take to get you to a seven?", True),
    ("How confident are you that you can cut down?", True),
    ("where do you want to go from here", False),
])
def test_other_questions_beside_a_scale_or_without_one_stay_open(turn: str, spoken_: bool) -> None:
    assert OPEN in code_reply(turn, CLIENT, spoken=spoken_).codes


# -- where the client stands ---------------------------------------------------------------------
@pytest.mark.parametrize("turn", ["Where do you see yourself a year from now?", "So where are you at with it all now?",
                                  "where do u feel u fit in all this", "So where does that leave you?"])
def test_where_the_client_stands_or_wants_to_be_is_open(turn: str) -> None:
    assert code_reply(turn, CLIENT, spoken=True).codes == (OPEN,)


@pytest.mark.parametrize("turn", ["Where do you keep the spare inhaler?", "where did u get them from",
                                  "Where are you living at the moment?"])
def test_where_a_thing_or_a_place_is_stays_closed(turn: str) -> None:
    assert code_reply(turn, CLIENT, spoken=True).codes == (CLOSED,)


# -- restarts ------------------------------------------------------------------------------------
def test_a_run_of_words_said_again_is_read_once() -> None:
    coded = code_reply("Where do you- where do you feel you fit with all that?", CLIENT, spoken=True)
    assert coded.acts == ("where do you feel you fit with all that",) and coded.codes == (OPEN,)
    assert code_reply("is it is it ok if we look at that", CLIENT).acts == ("is it ok if we look at that",)
    assert code_reply("that was very very hard", CLIENT).acts == ("that was very very hard",)


# -- "how about ..." and "tell me if ..." --------------------------------------------------------
@pytest.mark.parametrize("turn", ["Okay. How about the other side of it?", "And what about your sleep?",
                                  "how about in the last month", "what about ur brother"])
def test_how_about_another_part_of_the_clients_life_is_an_open_question(turn: str) -> None:
    assert code_reply(turn, CLIENT, spoken=True).codes == (OPEN,)
    assert code_reply(turn, CLIENT).codes == (OPEN,)


@pytest.mark.parametrize("reply", ["how about the morning group", "what about joining the morning group",
                                   "how about trying the app"])
def test_how_about_an_action_or_a_service_stays_closed_advice(reply: str) -> None:
    assert code_reply(reply, CLIENT).codes == (CLOSED, Code.ADVICE_WITHOUT_PERMISSION)


@pytest.mark.parametrize("turn", ["Can you press just there, and tell me if it feels sore?",
                                  "tell me whether that sounds ok", "could you tell me if you've had any today"])
def test_tell_me_if_asks_yes_or_no(turn: str) -> None:
    codes = code_reply(turn, CLIENT, spoken=True).codes
    assert CLOSED in codes and OPEN not in codes


def test_tell_me_what_stays_open() -> None:
    assert code_reply("Tell me what happened after that.", CLIENT, spoken=True).codes == (OPEN,)
    assert code_reply("can u tell me a bit more about it", CLIENT).codes == (OPEN,)


# -- open invitations in other words -------------------------------------------------------------
@pytest.mark.parametrize("turn", ["Anything else?", "Okay. So that's one reason. Anything else?",
                                  "Any other thoughts about what you might try?",
                                  "Can you talk to me about some of the goals you have?",
                                  "I wanted to simply ask you how you feel about it?"])
def test_an_invitation_to_say_more_is_open(turn: str) -> None:
    codes = code_reply(turn, CLIENT, spoken=True).codes
    assert OPEN in codes and CLOSED not in codes and Code.ADVICE_WITHOUT_PERMISSION not in codes


@pytest.mark.parametrize("turn", ["Anything else you want to change about it?", "Any other reasons?",
                                  "Is there anyone else you could ask?"])
def test_anything_else_with_a_question_of_its_own_stays_closed(turn: str) -> None:
    assert code_reply(turn, CLIENT, spoken=True).codes == (CLOSED,)


def test_could_you_talk_to_someone_is_still_advice() -> None:
    assert code_reply("could you talk to your sponsor about it", CLIENT).codes == (CLOSED, Code.ADVICE_WITHOUT_PERMISSION)


# -- tags ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("turn", ["Yeah. It sounds so exhausting, doesn't it?",
                                  "It's hard to give up something you enjoy, isn't it?"])
def test_in_speech_a_feeling_said_back_with_a_tag_is_a_reflection(turn: str) -> None:
    assert code_reply(turn, CLIENT, spoken=True).main == "reflection"


@pytest.mark.parametrize("turn", ["Three weeks, isn't it?", "So that needs some thinking about, doesn't it?",
                                  "You've cut down a bit already, haven't you?",
                                  "You'd like to cut down, then, is that right?"])
def test_in_speech_a_fact_checked_with_a_tag_is_a_question(turn: str) -> None:
    assert code_reply(turn, CLIENT, spoken=True).codes == (CLOSED,)


def test_typed_a_feeling_with_a_tag_is_still_a_closed_question() -> None:
    assert code_reply("it sounds so exhausting doesnt it", CLIENT).codes == (CLOSED,)


# -- invitations that ask without a question's grammar -------------------------------------------
@pytest.mark.parametrize("turn, spoken_", [
    ("Okay, and, uh, so talk to me a little bit more about what the nurse told you.", True),
    ("Well, just remind me again why it is you want to stop.", True),
    ("Maybe, you could tell me about how much you had that night.", True),
    ("I know your mates matter to you, and, I'm just wondering how important it is to keep them.", True),
    ("And I wanted to check in with you and see how the class went.", True),
    ("talk to me about what happened at the meeting", False),
    ("So catch me up with how the week went after the interview.", True),
])
def test_an_invitation_to_describe_is_an_open_question(turn: str, spoken_: bool) -> None:
    coded = code_reply(turn, CLIENT, spoken=spoken_)
    assert OPEN in coded.codes and Code.ADVICE_WITHOUT_PERMISSION not in coded.codes


@pytest.mark.parametrize("reply", ["maybe you could tell your sponsor", "you could tell me anytime"])
def test_you_could_tell_someone_else_or_any_time_is_not_an_invitation(reply: str) -> None:
    assert OPEN not in code_reply(reply, CLIENT).codes


# -- anything more -------------------------------------------------------------------------------
@pytest.mark.parametrize("turn", ["Okay. Is there anything else that bothers you about the drinking?",
                                  "So are there any other things you'd want to change?"])
def test_in_speech_is_there_anything_else_invites_more_and_is_open(turn: str) -> None:
    assert code_reply(turn, CLIENT, spoken=True).codes == (OPEN,)


def test_is_there_anyone_and_typed_anything_else_stay_closed() -> None:
    assert code_reply("Is there anyone at home who could help?", CLIENT, spoken=True).codes == (CLOSED,)
    assert code_reply("is there anything else bothering u", CLIENT).codes == (CLOSED,)


# -- a reflection said rising ---------------------------------------------------------------------
@pytest.mark.parametrize("turn", [
    "Okay, so you'd like to have it sorted by the summer and you want your sister to help with it?",
    "Mm-hmm. And so you've been going out less since the job started and you're missing your mates?",
])
def test_in_speech_a_long_statement_after_so_said_rising_is_a_reflection(turn: str) -> None:
    assert spoken(turn)[0] == "reflection"


@pytest.mark.parametrize("turn", ["Okay, so did you go back to the group after that?", "Okay, so you went back?"])
def test_a_question_or_a_short_check_after_so_is_still_a_question(turn: str) -> None:
    assert spoken(turn) == ("question", (CLOSED,))


@pytest.mark.parametrize("turn", [
    "It sounds like the weekends have been hard. You want to keep going out with your mates but you don't want "
    "the hangovers?",
    "You went out with your mates on Saturday. And you had more than you planned?",
])
def test_in_speech_a_statement_said_rising_after_a_reflection_goes_on_with_it(turn: str) -> None:
    main, codes = spoken(turn)
    assert main == "reflection" and CLOSED not in codes


@pytest.mark.parametrize("turn", [
    "It sounds like the weekends have been hard. Do you want to keep going out with your mates?",
    "You went out with your mates on Saturday. Was that the first time in a while?",
])
def test_a_question_after_a_reflection_is_still_asked(turn: str) -> None:
    assert CLOSED in spoken(turn)[1]


def test_typed_a_statement_with_a_question_mark_after_a_reflection_stays_a_question() -> None:
    assert Code.CLOSED_QUESTION in code_reply("sounds like a rough week. you want to quit?", CLIENT).codes


# -- proposals said flat --------------------------------------------------------------------------
@pytest.mark.parametrize("turn, code", [
    ("How about you come back next week and we see how it went.", Code.ADVICE_WITHOUT_PERMISSION),
    ("Okay. How about we stop there for today.", Code.COLLABORATION),
])
def test_in_speech_how_about_you_or_we_said_flat_proposes(turn: str, code: Code) -> None:
    coded = code_reply(turn, CLIENT, spoken=True)
    assert coded.main != "question" and coded.codes == (code,)
    assert "how about" in coded.hits[0].words


@pytest.mark.parametrize("turn, spoken_", [("How about you come back next week?", True),
                                           ("how about we try it for a week", False)])
def test_how_about_asked_or_typed_is_still_a_question(turn: str, spoken_: bool) -> None:
    assert code_reply(turn, CLIENT, spoken=spoken_).main == "question"


def test_how_about_you_tell_me_invites() -> None:
    assert OPEN in code_reply("How about you tell me a bit more about that.", CLIENT, spoken=True).codes


# -- a start broken off ---------------------------------------------------------------------------
@pytest.mark.parametrize("turn, codes", [
    ("Um, I was-- Maybe you could tell me how much you had.", (OPEN,)),
    ("Okay. What-- do you have anyone you can call?", (CLOSED,)),
    ("So, what was-- what was it like going back?", (OPEN,)),
])
def test_in_speech_a_start_broken_off_is_not_read(turn: str, codes: tuple[Code, ...]) -> None:
    assert spoken(turn)[1] == codes


def test_a_broken_off_ending_is_kept() -> None:
    coded = code_reply("You were saying the weekends are the worst--", CLIENT, spoken=True)
    assert coded.main == "reflection" and "weekends" in coded.acts[0]


# -- asking on after what was said, in the same sentence --------------------------------------------
@pytest.mark.parametrize("turn", [
    "So, and then you said the weekends are the hardest, um, if you can tell me a little bit about that.",
    "You mentioned your brother, if you could just give me a sense of how often you see him.",
])
def test_if_you_can_tell_me_after_a_statement_is_its_own_open_question(turn: str) -> None:
    coded = code_reply(turn, CLIENT, spoken=True)
    assert len(coded.acts) == 2 and OPEN in coded.codes and Code.ADVICE_WITHOUT_PERMISSION not in coded.codes


@pytest.mark.parametrize("turn", [
    "I know the nurse went over the results with you last week, and I wanted to check in with you and see how "
    "the new tablets are going.",
    "So I'd like to find out a little bit, if that's okay with you, about how the weekends have been.",
    "Um, so, I guess I'm wondering, given everything we've said so far, where you are with it all.",
])
def test_in_speech_wanting_to_find_out_or_wondering_after_an_aside_asks(turn: str) -> None:
    coded = code_reply(turn, CLIENT, spoken=True)
    assert coded.main == "question" and OPEN in coded.codes


@pytest.mark.parametrize("turn", [
    "I wondered the same thing myself last year, and what it would mean for me.",
    "If you can make it on Friday, that would be great.",
    "I wanted to check the dates before I booked it.",
])
def test_the_speakers_own_wondering_or_wanting_without_asking_stays_a_statement(turn: str) -> None:
    assert spoken(turn)[0] != "question"


# -- one fact by its name --------------------------------------------------------------------------
@pytest.mark.parametrize("turn, spoken_", [
    ("So, what's the longest you've gone without a drink since the job started?", True),
    ("What was the name of the group you went to?", True),
    ("what part of town are you in now", False),
    ("How deep was the cut?", True),
])
def test_a_question_for_one_named_fact_is_closed(turn: str, spoken_: bool) -> None:
    assert code_reply(turn, CLIENT, spoken=spoken_).codes == (CLOSED,)


@pytest.mark.parametrize("turn", ["What was the group like for you?", "What part of it is hardest for you?",
                                  "What's the worst part of the weekends?"])
def test_what_a_thing_was_like_or_which_part_is_hardest_stays_open(turn: str) -> None:
    assert code_reply(turn, CLIENT, spoken=True).codes == (OPEN,)


# -- said for attention, and wanting to hear about ---------------------------------------------------
@pytest.mark.parametrize("turn, spoken_", [("You know what, that took guts.", True),
                                           ("Well, you-you know what? I'm not going to push the tablets today.", True),
                                           ("you know what, that was brave", False)])
def test_you_know_what_said_for_attention_asks_nothing(turn: str, spoken_: bool) -> None:
    coded = code_reply(turn, CLIENT, spoken=spoken_)
    assert coded.main != "question" and "what" not in coded.acts[0].split()


@pytest.mark.parametrize("turn", ["You know what would help?", "you know what you want", "do you know what happens next"])
def test_you_know_what_inside_a_sentence_is_read_as_it_stands(turn: str) -> None:
    assert "what" in code_reply(turn, CLIENT).acts[0].split()


@pytest.mark.parametrize("turn, spoken_", [("I'd like to know more about the weekends.", True),
                                           ("i would love to hear about ur week", False)])
def test_wanting_to_hear_about_the_clients_life_invites(turn: str, spoken_: bool) -> None:
    assert OPEN in code_reply(turn, CLIENT, spoken=spoken_).codes


@pytest.mark.parametrize("turn", ["i want to find out about the course for myself", "i wanted to hear about it first"])
def test_the_trainees_own_plan_to_find_out_asks_nothing(turn: str) -> None:
    assert code_reply(turn, CLIENT).main != "question"


# -- simple or complex against a short client turn -----------------------------------------------------
def _depth(turn: str, client: str) -> Code | None:
    codes = code_reply(turn, client, spoken=True).codes
    return next((code for code in codes if code in (Code.SIMPLE_REFLECTION, Code.COMPLEX_REFLECTION)), None)


@pytest.mark.parametrize("turn, client", [
    ("So you said before that the weekends are when the drinking really picks up.", CLIENT),
    ("You mentioned your sister helps with the kids on a Saturday.", CLIENT),
])
def test_in_speech_what_the_client_said_before_is_said_back(turn: str, client: str) -> None:
    assert _depth(turn, client) is Code.SIMPLE_REFLECTION


@pytest.mark.parametrize("turn", ["So your sister's been helping out with the kids on Saturdays.",
                                  "And the job has you working later than you used to."])
def test_in_speech_after_a_turn_of_a_word_or_two_new_words_are_not_judged(turn: str) -> None:
    assert _depth(turn, "Yeah. Weekends, mostly.") is Code.SIMPLE_REFLECTION


def test_in_speech_a_feeling_after_a_short_turn_still_adds() -> None:
    assert _depth("So you've been feeling pretty lonely on the Saturdays.", "Yeah. Weekends, mostly.") \
        is Code.COMPLEX_REFLECTION


def test_typed_new_words_are_judged_against_a_short_line() -> None:
    coded = code_reply("so ur sister has been helping out with the kids on saturdays and the job has u working late",
                       "yeah weekends mostly")
    assert Code.COMPLEX_REFLECTION in coded.codes


# -- an indirect question inside a statement asked with "?" ---------------------------------------------
@pytest.mark.parametrize("turn, spoken_", [
    ("There are risks to the liver too. I don't know what you think about all that?", True),
    ("not sure how you feel about that?", False),
])
def test_an_indirect_question_asked_with_a_question_mark_is_open(turn: str, spoken_: bool) -> None:
    codes = code_reply(turn, CLIENT, spoken=spoken_).codes
    assert OPEN in codes and CLOSED not in codes


@pytest.mark.parametrize("turn, spoken_", [("I'm not sure what you're asking for.", True),
                                           ("i dont know what you think about it", False)])
def test_the_same_said_flat_is_a_statement(turn: str, spoken_: bool) -> None:
    assert code_reply(turn, CLIENT, spoken=spoken_).main != "question"


# -- a short question after a long stretch of information ------------------------------------------------
def test_in_speech_a_short_question_on_a_long_stretch_of_information_is_input() -> None:
    turn = ("The guidelines say no more than fourteen units a week, spread over three days or more, and a few "
            "days off each week give the liver a chance to recover. How does that sit with you?")
    coded = code_reply(turn, CLIENT, spoken=True)
    assert coded.main == "input" and OPEN in coded.codes and Code.INFORMATION in coded.codes


@pytest.mark.parametrize("turn", [
    "The guidelines say no more than fourteen units a week. How does that fit with your weekends?",
    "It sounds like the weekends have become the time you let go. How does that sit with you?",
])
def test_a_question_with_less_information_before_it_or_after_a_reflection_is_a_question(turn: str) -> None:
    assert code_reply(turn, CLIENT, spoken=True).main == "question"


# -- a question on the way into a longer telling ---------------------------------------------------------
@pytest.mark.parametrize("turn, main", [
    ("Have you heard of the weekend group? It meets at the library on Saturday mornings and people there "
     "usually bring along whatever they have been working on that week.", "input"),
    ("What do you think would help at the weekends? Because it sounds to me like the weekends have turned "
     "into the only time you feel you can let go of everything the new job piles onto you.", "reflection"),
])
def test_in_speech_a_question_followed_by_a_longer_telling_is_what_is_told(turn: str, main: str) -> None:
    coded = code_reply(turn, CLIENT, spoken=True)
    assert coded.main == main and any(code in coded.codes for code in (OPEN, CLOSED))


@pytest.mark.parametrize("turn", [
    "What would help at the weekends? You mentioned the new job.",
    "So how have the weekends been going since we last met, with the new job and everything else on? "
    "You said Saturdays were hard.",
])
def test_a_question_followed_by_a_shorter_telling_is_still_a_question(turn: str) -> None:
    assert code_reply(turn, CLIENT, spoken=True).main == "question"


def test_typed_a_question_then_advice_stays_a_question() -> None:
    reply = ("have u heard of the weekend group? it meets at the library on saturday mornings and people there "
             "usually bring whatever they have been working on")
    assert code_reply(reply, CLIENT).main == "question"


# -- a topic of information named in what is said back rising --------------------------------------------
@pytest.mark.parametrize("turn", [
    "Part of you is worried the drinking could be behind the headaches, and part of you thinks it's the screen "
    "time at work?",
    "So on the one hand you see how the gambling might be affecting the kids, and on the other hand it's the "
    "one thing that's yours?",
])
def test_in_speech_the_other_side_said_rising_stays_a_reflection_whatever_topic_it_names(turn: str) -> None:
    assert code_reply(turn, CLIENT, spoken=True).main == "reflection"


def test_in_speech_a_plain_check_on_a_topic_stays_a_question() -> None:
    assert code_reply("You've tried the nicotine patches before?", CLIENT, spoken=True).main == "question"


# -- wanting to hear about it later ---------------------------------------------------------------------------
@pytest.mark.parametrize("turn, spoken_", [
    ("I'd love to know what the doctor says when we meet again in two weeks.", True),
    ("i'd love to hear how the interview goes next week", False),
])
def test_wanting_to_hear_about_it_next_time_asks_nothing_now(turn: str, spoken_: bool) -> None:
    coded = code_reply(turn, CLIENT, spoken=spoken_)
    assert coded.main != "question" and Code.OPEN_QUESTION not in coded.codes


@pytest.mark.parametrize("turn", ["I'd like to hear how the weekends are going.",
                                  "What would you like to talk about next time?"])
def test_wanting_to_hear_now_or_asking_about_next_time_still_asks(turn: str) -> None:
    assert code_reply(turn, CLIENT, spoken=True).main == "question"


# -- a hedged guess said rising ----------------------------------------------------------------------------
@pytest.mark.parametrize("turn", ["So the gym is kind of where you go to clear your head?",
                                  "Right, so she sort of left you to sort it all out?",
                                  "So the weekends are kinda the only bit of the week that's yours?"])
def test_in_speech_a_hedged_guess_said_rising_is_a_reflection(turn: str) -> None:
    assert code_reply(turn, CLIENT, spoken=True).main == "reflection"


@pytest.mark.parametrize("turn", ["So it's the same sort of thing as last time?", "Kind of slow?",
                                  "What kind of plan would suit you?", "Is it some sort of course you need?"])
def test_a_kind_of_that_names_a_type_or_a_short_check_is_still_a_question(turn: str) -> None:
    assert code_reply(turn, CLIENT, spoken=True).main == "question"


def test_typed_a_hedged_statement_with_a_question_mark_is_a_closed_question() -> None:
    assert code_reply("so the gym is kind of where u go to clear ur head?", CLIENT).codes == (CLOSED,)


# -- a comma inside closing quotes ----------------------------------------------------------------------------
@pytest.mark.parametrize("spoken_", [True, False])
def test_a_comma_inside_the_closing_quote_still_ends_the_part(spoken_: bool) -> None:
    coded = code_reply('Your sister said, "you never ring me," what did you make of that?', CLIENT, spoken=spoken_)
    assert OPEN in coded.codes and len(coded.acts) == 2


# -- "any questions", "I'm really interested to know ..." ------------------------------------------------------
@pytest.mark.parametrize("turn, spoken_", [("So, um, any worries or anything before we stop-", True),
                                           ("any worries about monday", False)])
def test_any_questions_left_unsaid_asks(turn: str, spoken_: bool) -> None:
    assert code_reply(turn, CLIENT, spoken=spoken_).codes[0] is CLOSED


@pytest.mark.parametrize("turn, spoken_", [
    ("The weekends sound hard, and, um, I'm really curious to hear how the last one went.", True),
    ("i am really curious about how the week went", False),
])
def test_being_really_interested_or_curious_to_know_asks_open(turn: str, spoken_: bool) -> None:
    coded = code_reply(turn, CLIENT, spoken=spoken_)
    assert coded.main == "question" and OPEN in coded.codes


def test_being_interested_in_a_thing_oneself_asks_nothing() -> None:
    assert code_reply("I'm really interested in the course myself.", CLIENT, spoken=True).main != "question"


# -- a last question that asks consent is not a tail -------------------------------------------------------------
@pytest.mark.parametrize("ask", ["Would you be interested in hearing more?", "Is that okay?",
                                 "Do you mind if we look at that?"])
def test_in_speech_asking_consent_after_information_keeps_the_turn_a_question(ask: str) -> None:
    turn = ("The guidelines say no more than fourteen units a week, spread over three days or more, and a few "
            "days off each week give the liver a chance to recover. " + ask)
    assert code_reply(turn, CLIENT, spoken=True).main == "question"


# -- review findings: embedded "what a ..." clauses, wellbeing checks ---------------------------------
def test_what_a_noun_with_its_own_verb_is_an_embedded_question_not_an_exclamation() -> None:
    assert spoken("What a normal evening looks like for you after work.")[1] == (OPEN,)
    assert Code.OPEN_QUESTION not in spoken("What a couple of days you have had.")[1]


def test_a_wellbeing_check_after_a_long_telling_is_a_tail_but_consent_is_not() -> None:
    from engine.understanding.coding.coded import Hit, SpokenRules, spoken_behaviour
    from engine.understanding.coding.vocabulary import bundled_replies
    rules = SpokenRules(bundled_replies().rules)
    hits = (Hit(Code.COMPLEX_REFLECTION, 0, "so you"), Hit(Code.CLOSED_QUESTION, 1, "are you"))
    told = "so the new job has taken your evenings and the drinking has crept in to fill the gap they left"
    words = [len(told.split()), 3]
    assert spoken_behaviour(hits, words, rules, (told, "are you ok")) == "reflection"
    assert spoken_behaviour(hits, words, rules, (told, "are you happy")) == "reflection"
    assert spoken_behaviour(hits, [words[0], 5], rules, (told, "are you ok with that")) == "question"
