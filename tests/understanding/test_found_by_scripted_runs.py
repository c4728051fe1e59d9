"""What the scripted client runs (tests/scripted) found in how answers are read, each fixed and
kept fixed here in the smallest form: people's natural answers read as nothing, non-answers read
as content, and words of one kind read as another."""

from __future__ import annotations

import pytest

from engine.conversation.machine import Conversation
from engine.conversation.session import Status
from engine.render.summary import render_summary
from engine.understanding.answers import Asking, parse_choice, parse_list
from engine.understanding.listening import listen
from engine.understanding.numbers import read_amount

QUALITIES = ("What words describe you at your best? List a few, separated by commas. For example: caring, "
             "stubborn in a good way, funny, hard-working.")
PLACES = "Where do you feel safe, calm or welcome? A park, a library, a meeting, a café..."
SERVICES = ("Which services or groups help you, or could help? A doctor, a counsellor, a peer support group, "
            "a helpline, a food bank...")
HOW_THINGS_ARE = "How are things with your health right now? What's going well, and what's hard?"
FIND_OUT = "What would you like to find out more about before you decide?"
AT_APPOINTMENT = "What do you want to say or ask at that appointment?"
GOT_IN_WAY = "What got in the way?"
MIGHT_GET_IN_WAY = "What might get in the way? List anything you can think of."


def choice(bundled, dialogue: str, node: str, text: str):
    ask = bundled[dialogue].nodes[node]
    labels = tuple(option.label.render({}) for option in ask.answer.options)
    return parse_choice(Asking(ask.answer, labels, question=ask.text.render({})), text)


class ListSpec:
    type = "list"


def items(text: str) -> list[str]:
    return parse_list(Asking(ListSpec()), text).value  # type: ignore[arg-type, union-attr]


# -- choices ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("words", ["I don't know", "nobody really", "not sure", "nowhere really"])
def test_a_non_answer_at_a_choice_is_not_something_else(bundled, words):
    # It was 'I took that as: something else: "I don't know"'.
    assert choice(bundled, "strengths", "top_strength", words).message == "reask.choice"


def test_words_of_a_strength_of_ones_own_are_still_something_else(bundled):
    read = choice(bundled, "strengths", "top_strength", "my patience")
    assert read.value == "other" and read.understood == 'something else: "my patience"'


def test_a_whole_label_among_other_words_is_that_option(bundled):
    # "goal" is in two labels, so this was "That could be Setting a goal and a plan or Looking back...".
    read = choice(bundled, "welcome", "choose", "Setting a goal and a plan I think, my daughter said it might help")
    assert read.value == "goals" and read.understood == "Setting a goal and a plan"
    assert choice(bundled, "welcome", "choose", "goal").message == "reask.choice_ambiguous"  # still two


@pytest.mark.parametrize("words, value", [("drinking I guess", "alcohol or drugs"), ("the booze", "alcohol or drugs"),
                                          ("my job really", "work or study"), ("money is tight", "home and money")])
def test_words_about_the_part_of_life_an_option_names_choose_it(bundled, words, value):
    read = choice(bundled, "goals", "area", words)
    assert read.value == value and read.understood == value  # said back: "I took that as: alcohol or drugs"


# -- lists -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("not much, my cat maybe", ["my cat maybe"]),
    ("my cat, I suppose", ["my cat"]),
    ("not much lately, but my cat I suppose", ["my cat I suppose"]),
    ("the weather, my knee playing up, and being tired after a bad night",  # was "... and and being tired"
     ["the weather", "my knee playing up", "being tired after a bad night"]),
    ("nobody really, maybe my sister", ["maybe my sister"]),
    ("nothing, nobody", ["nothing", "nobody"]),  # all of it says nothing: the question comes again
    ("help, back, pause", ["help", "back", "pause"]),  # words, not jokes to drop
    ("stubborn, honest, a good dad", ["stubborn", "honest", "a good dad"]),
])
def test_a_list_keeps_its_items_and_not_the_words_around_them(text, expected):
    assert items(text) == expected


# -- numbers ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, number", [("oh a 9, maybe even 10", 9.5), ("9 maybe 10", 9.5),
                                          ("maybe a 4 or a 5", 4.5), ("7 or maybe 8", 7.5), ("7 or 8", 7.5),
                                          ("5 and a half", 5.5), ("3 maybe. I know what helps but…", 3.0)])
def test_a_number_with_a_second_guess_is_read(text, number):
    read = read_amount(text)
    assert read is not None and read[0] == number


@pytest.mark.parametrize("text", ["5, 6", "3 10", "a 7, maybe 8 out of 10"])
def test_two_numbers_without_a_hedge_are_still_no_one_number(text):
    assert read_amount(text) is None


# -- listening: what answers a question ---------------------------------------------------------------
@pytest.mark.parametrize("words", ["nowhere", "nowhere really", "no where", "not anywhere"])
def test_nowhere_gives_no_place(words):
    assert listen(words, PLACES).nonanswer  # it was kept as a place on the map


@pytest.mark.parametrize("words", ["my room, nowhere else", "nowhere except my room"])
def test_a_place_beside_nowhere_is_an_answer(words):
    assert not listen(words, PLACES).nonanswer


@pytest.mark.parametrize("words", ["funny", "honest", "funny I guess"])
def test_a_quality_from_the_questions_own_examples_is_an_answer(words):
    assert not listen(words, QUALITIES).nonanswer  # "funny" was a sarcastic dodge, "honest" a filler


def test_very_funny_is_still_a_dodge():
    assert listen("very funny", QUALITIES).nonanswer


def test_a_story_that_starts_with_long_story_is_an_answer():
    rambling = ("Well it's a long story. I had a fall last winter and since then I haven't been walking much, "
                "my knee aches")
    assert not listen(rambling, HOW_THINGS_ARE).nonanswer
    assert listen("it's a long story", HOW_THINGS_ARE).nonanswer  # on its own it tells nothing yet


@pytest.mark.parametrize("service", ["a food bank", "the job centre", "citizens advice", "the housing office",
                                     "the council", "the library", "Shelter"])
def test_a_service_names_a_support(service):
    # "a food bank" is in the question's own examples, and was "It can be hard to think of something".
    assert not listen(service, SERVICES).nonanswer


@pytest.mark.parametrize("question, words", [(FIND_OUT, "who runs the group?"), (FIND_OUT, "what does it cost?"),
                                             (AT_APPOINTMENT, "which tablet is best for me?")])
def test_a_question_answers_a_question_that_asks_for_questions(question, words):
    assert not listen(words, question).nonanswer  # it was "a question back"


@pytest.mark.parametrize("words", ["huh?", "what do you mean?", "like what?"])
def test_asking_what_it_means_is_still_a_question_back(words):
    assert listen(words, FIND_OUT).nonanswer


def test_a_question_back_elsewhere_is_still_one():
    assert listen("who reads this?", QUALITIES).nonanswer


@pytest.mark.parametrize("words", ["nothing really", "nothing", "not much"])
def test_nothing_got_in_the_way_is_an_answer(words):
    assert not listen(words, GOT_IN_WAY).nonanswer


def test_nothing_that_might_get_in_the_way_still_leaves_the_list_empty():
    assert listen("nothing", MIGHT_GET_IN_WAY).nonanswer
    assert listen("I don't know", GOT_IN_WAY).nonanswer


# -- the strengths dialogue when no strength of one's own is named -----------------------------------------
def test_something_else_with_no_strength_named_asks_plainly_and_shows_no_empty_line(bundled, messages):
    conversation = Conversation(bundled, messages, "strengths", given={"person": {"name": "Dee", "goals": []}})
    for text in ["the last year", "I kept going", "no", "kind", "cooking", "7", "I don't know", "not sure",
                 "Jo", "", "", "", "5", "get a job"]:
        turn = conversation.reply(text)
    asked = turn.question.text
    assert asked == "What could help you with that?"  # it was: You named this strength: "". How could it...
    for text in ["being patient", "", "no"]:
        conversation.reply(text)
    markdown = render_summary(conversation, "markdown", status=Status.FINISHED)
    assert "The strength most like me" not in markdown  # it was "- **The strength most like me:** " and nothing


def test_someone_to_reach_out_to_is_in_the_strengths_summary(bundled, messages):
    conversation = Conversation(bundled, messages, "strengths", given={"person": {"name": "Dee", "goals": []}})
    for text in ["the last year", "I kept going", "no", "kind", "", "1", "", "", "", "", "maybe the library"]:
        conversation.reply(text)
    for fmt, expected in (("markdown", "- **Someone or somewhere I could reach out to:** maybe the library"),
                          ("html", "<dt>Someone or somewhere I could reach out to</dt><dd>maybe the library</dd>")):
        assert expected in render_summary(conversation, fmt, status=Status.ACTIVE)
