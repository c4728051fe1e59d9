"""A client's answer that gives nothing for its question ("I don't know", "nobody really") is not
taken as content: the question comes again once with examples, and a second such answer is kept
as "none yet". The words typed are always kept in the log."""

from __future__ import annotations

import pytest

from engine.conversation.machine import NONANSWER, Conversation
from engine.conversation.session import EntryKind

CLIENT = """\
id: main
title: Main
audience: {audience}
start: good
nodes:
  good:
    ask: What is one thing you are good at?
    help: For example cooking, listening to friends, or turning up.
  people:
    ask: Who could you ask for help?
    type: list
  bye:
    end: "Thanks. {{{{ good }}}} / {{{{ people | length }}}}"
"""


@pytest.fixture
def talk_to(load, messages):
    def start(audience: str = "client") -> Conversation:
        return Conversation(load(CLIENT.format(audience=audience)), messages, "main")
    return start


def test_a_nonanswer_brings_the_question_again_with_its_examples(talk_to):
    conversation = talk_to()
    turn = conversation.reply("I don't know")
    assert turn.question is not None and turn.question.text == "What is one thing you are good at?"
    assert "For example cooking" in (turn.notice or "")
    [note] = conversation.log
    assert note.kind is EntryKind.NOTE and note.value == NONANSWER and note.text == "I don't know"


def test_an_answer_after_the_examples_is_kept_as_given(talk_to):
    conversation = talk_to()
    conversation.reply("not sure")
    turn = conversation.reply("I am good at cooking for my kids")
    assert turn.question.text == "Who could you ask for help?"
    assert conversation.variables()["good"] == "I am good at cooking for my kids"


def test_a_second_nonanswer_is_kept_as_none_yet_never_as_content(talk_to):
    conversation = talk_to()
    conversation.reply("dunno")
    conversation.reply("nothing really")
    conversation.reply("nobody really")
    turn = conversation.reply("no one")
    assert conversation.finished
    assert conversation.variables()["good"] is None and conversation.variables()["people"] == []
    assert [e.display for e in conversation.answers if e.kind is EntryKind.ANSWER] == ["none yet", "none yet"]
    assert "nothing really" not in turn.messages[0] and "/ 0" in turn.messages[0]
    assert [e.text for e in conversation.log] == ["dunno", "nothing really", "nobody really", "no one"]


def test_replaying_the_log_gives_the_same_conversation(talk_to, load, messages):
    conversation = talk_to()
    for said in ("i dont know", "pass", "my sister Jo"):
        conversation.reply(said)
    again = Conversation(load(CLIENT.format(audience="client")), messages, "main", conversation.log)
    assert again.variables() == conversation.variables() == {**again.variables(), "good": None,
                                                             "people": ["my sister Jo"]}
    assert again.finished and [e.kind for e in again.log] == [e.kind for e in conversation.log]


def test_a_trainee_dialogue_takes_the_words_as_they_are(talk_to):
    conversation = talk_to("trainee")
    conversation.reply("I don't know")
    assert conversation.variables()["good"] == "I don't know"


@pytest.mark.parametrize("answer", ["cooking", "I listen to people", "being there for my mates",
                                    "walking the dog every morning"])
def test_a_real_answer_goes_straight_through(talk_to, answer):
    conversation = talk_to()
    turn = conversation.reply(answer)
    assert turn.question.text == "Who could you ask for help?" and conversation.variables()["good"] == answer
