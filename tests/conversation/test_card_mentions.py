"""Cards offered when an answer raises a topic a card covers (issue 19): after the answer is
handled, once a session for each card; yes shows the card, no goes on; the offer and the reply
are kept in the log, so resuming shows the same; never to a trainee nor after words of danger."""

from __future__ import annotations

from engine.conversation.machine import Conversation, Outcome
from engine.conversation.session import EntryKind

DIALOGUE = """
id: main
title: Test
audience: client
start: want
nodes:
  want:
    ask: What would you like to work on?
    type: text
    save: want
    next: more
  more:
    ask: What else is going on?
    type: text
    save: more
    next: done
  done:
    end: Thank you.
"""


def test_a_topic_raised_is_offered_its_card_and_yes_shows_it(load, messages):
    conversation = Conversation(load(DIALOGUE), messages, "main")
    turn = conversation.reply("I am behind on the rent this month")
    assert conversation.variables()["want"] == "I am behind on the rent this month"
    assert turn.question.type == "yesno" and turn.question.text.startswith("You mentioned rent.")
    turn = conversation.reply("yes")
    assert "Help with food, housing and money" in turn.messages[0]
    assert turn.question.text == "What else is going on?"
    reply = conversation.log[-1]
    assert (reply.kind, reply.value, reply.offer["card"]) == (EntryKind.OFFER, True, "food-housing-money")
    turn = conversation.reply("I want to go to the food bank")  # the same card is not offered again
    assert turn.outcome is Outcome.FINISHED


def test_no_goes_on_and_resuming_mid_offer_asks_it_again(load, messages):
    library = load(DIALOGUE)
    conversation = Conversation(library, messages, "main")
    conversation.reply("my meds make me feel like a zombie")
    again = Conversation(library, messages, "main", conversation.log)
    assert again.question().text.startswith("You mentioned your medicine.")
    turn = again.reply("no thanks")
    assert turn.question.text == "What else is going on?" and not turn.messages
    resumed = Conversation(library, messages, "main", again.log)
    assert resumed.question().text == "What else is going on?"


def test_no_offer_for_an_ordinary_answer_a_trainee_or_after_danger(load, messages):
    conversation = Conversation(load(DIALOGUE), messages, "main")
    assert conversation.reply("getting back to the gym").question.text == "What else is going on?"
    trainee = Conversation(load(DIALOGUE.replace("audience: client", "audience: trainee")), messages, "main")
    assert trainee.reply("I'm behind on the rent").question.text == "What else is going on?"
    alarmed = Conversation(load(DIALOGUE), messages, "main")
    alarmed.reply("I want to die, I'm behind on the rent")
    assert alarmed.state.offer is None
