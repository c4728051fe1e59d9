"""Information cards in a conversation (issue 19): `/info` lists and shows them at any question,
with the region's help under a card, and an answer that asks a question a card answers is offered
that card, keeping the answer and the question it was on. An ordinary answer is offered nothing."""

from __future__ import annotations

import pytest

from engine.conversation.commands import COMMANDS
from engine.conversation.machine import Conversation, Outcome
from engine.conversation.session import EntryKind
from engine.safety.resources import load_resources

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
    next: found
  found:
    ask: What would you like to find out at your appointment?
    type: text
    save: ask
    next: done
  done:
    end: Thank you.
"""


@pytest.fixture
def chat(load, messages):
    def _chat(region="uk-ie", text=DIALOGUE):
        return Conversation(load(text), messages, "main", resources=load_resources(region))
    return _chat


def test_info_is_a_command_listed_in_help(chat):
    assert "info" in COMMANDS
    turn = chat().reply("/help")
    assert "/info" in turn.notice


def test_info_lists_every_card_and_keeps_the_question(chat):
    conversation = chat()
    turn = conversation.reply("/info")
    assert turn.outcome is Outcome.ASK and turn.question.path.endswith("want")
    listed = turn.messages[0]
    for number, card in enumerate(conversation.cards.cards, 1):
        assert f"{number}. {card.title}" in listed
    assert conversation.answered == 0


@pytest.mark.parametrize("region, shown, not_shown", [
    ("uk", "smartrecovery.org.uk", "smartrecovery.org (Meetings"),
    ("ca-us", "Visit smartrecovery.org", "smartrecovery.org.uk"),
])
def test_a_card_shows_its_words_the_regions_help_and_its_sources(chat, region, shown, not_shown):
    turn = chat(region).reply("/info groups-beyond-aa")
    text = turn.messages[0]
    assert text.startswith("Groups other than AA") and "twelve steps" in text
    assert shown in text and not_shown not in text
    assert "Based on: SMART Recovery" in text
    assert turn.question.text == "What would you like to work on?"


def test_a_card_is_found_by_its_number_and_by_the_start_of_its_id(chat):
    conversation = chat()
    number = conversation.cards.ids().index("medication-questions") + 1
    assert conversation.reply(f"/info {number}").messages == conversation.reply("/INFO medic").messages


@pytest.mark.parametrize("key", ["zz", "99", "0", "x" * 500, "../etc/passwd"])
def test_no_such_card_says_so_and_lists_them(chat, key):
    turn = chat().reply(f"/info {key}")
    assert turn.notice.startswith("There is no page called") and len(turn.notice) < 200
    assert turn.messages[0].startswith("Here are some pages")


def test_other_commands_still_take_no_word_after_them(chat):
    turn = chat().reply("/back please")
    assert "is not a command I know" in turn.notice


def test_an_answer_that_only_asks_is_kept_offered_the_card_and_the_question_comes_again(chat):
    conversation = chat()
    turn = conversation.reply("is there a group that isn't AA?")
    assert turn.outcome is Outcome.ASK and turn.question.text == "What would you like to work on?"
    assert "Groups other than AA" in turn.notice and "/info groups-beyond-aa" in turn.notice
    note = conversation.log[-1]
    assert (note.kind, note.value, note.text) == (EntryKind.NOTE, "card:groups-beyond-aa",
                                                  "is there a group that isn't AA?")
    assert conversation.answered == 0
    conversation.reply("/info groups-beyond-aa")
    turn = conversation.reply("find a group")  # now an answer: the dialogue goes on
    assert turn.question.path.endswith("found") and conversation.variables()["want"] == "find a group"


def test_an_answer_that_also_asks_is_kept_as_the_answer_and_the_card_offered(chat):
    conversation = chat()
    turn = conversation.reply("I want to stop drinking. Will the pills make me a zombie?")
    assert conversation.variables()["want"] == "I want to stop drinking. Will the pills make me a zombie?"
    assert turn.question.path.endswith("found")
    assert turn.messages[0].startswith('You asked: "Will the pills make me a zombie?"')
    assert "/info medication-questions" in turn.messages[0]


def test_a_question_that_asks_for_questions_takes_one_as_its_answer(chat):
    conversation = chat()
    conversation.reply("my sleep")
    turn = conversation.reply("will the pills make me a zombie?")
    assert turn.outcome is Outcome.FINISHED and conversation.variables()["ask"] == "will the pills make me a zombie?"
    assert any("/info medication-questions" in said for said in turn.messages)


@pytest.mark.parametrize("answer", ["I went to an AA group last week.", "paying the rent on time",
                                    "The pills make me sleepy", "What helps is my sister"])
def test_an_ordinary_answer_is_offered_nothing(chat, answer):
    conversation = chat()
    turn = conversation.reply(answer)
    assert turn.question.path.endswith("found") and not turn.notice
    assert not any("/info" in said for said in turn.messages)


def test_no_card_is_offered_to_a_trainee_or_at_a_question_with_options(load, messages):
    trainee = DIALOGUE.replace("audience: client", "audience: trainee")
    conversation = Conversation(load(trainee), messages, "main")
    turn = conversation.reply("is there a group that isn't AA?")
    assert turn.question.path.endswith("found")
    options = DIALOGUE.replace("type: text\n    save: want", "type: yesno\n    save: want", 1)
    conversation = Conversation(load(options), messages, "main")
    turn = conversation.reply("is there a group that isn't AA?")
    assert "/info" not in (turn.notice or "") and not any("/info" in said for said in turn.messages)


def test_words_of_danger_are_answered_by_the_safety_net_not_a_card(chat):
    conversation = chat()
    turn = conversation.reply("will the pills kill me if I take them all?")
    assert not any("/info" in said for said in turn.messages) and "/info" not in (turn.notice or "")


def test_an_offer_survives_going_back_and_resuming(chat, load, messages):
    conversation = chat()
    conversation.reply("is there a group that isn't AA?")
    conversation.reply("find a group")
    conversation.reply("/back")
    again = Conversation(load(DIALOGUE), messages, "main", conversation.log)
    assert again.question().path.endswith("want")
    assert any(e.value == "card:groups-beyond-aa" for e in again.log)


def test_cards_that_cannot_be_read_never_stop_a_conversation(load, messages, monkeypatch):
    import engine.conversation.offers as offers
    from engine.ground.errors import DialogueLoadError

    def broken():
        raise DialogueLoadError([])

    monkeypatch.setattr(offers, "bundled_cards", broken)
    conversation = Conversation(load(DIALOGUE), messages, "main")
    assert conversation.reply("/info").question.path.endswith("want")
    turn = conversation.reply("is there a group that isn't AA?")
    assert turn.question.path.endswith("found")  # taken as the answer, as before there were cards


def test_the_command_line_reports_a_broken_card_before_the_first_question(tmp_path, monkeypatch, capsys):
    import engine.cli.setup as setup
    from engine.cli import main
    from engine.dialogue.cards import read_card

    bad = tmp_path / "bad.yaml"
    bad.write_text("title: A\ntopic: nope\ntext: Hi.\nsources: [x]\n", encoding="utf-8")
    monkeypatch.setattr(setup, "bundled_cards", lambda: read_card(bad))
    monkeypatch.setenv("PEERCOACH_STORE", str(tmp_path / "store"))
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("a walk\n"))
    code = main(["--plain", "--person", "Robin", "run", "strengths"])
    out, err = capsys.readouterr()
    assert code != 0 and "bad.yaml:2:8: `topic` should be one of" in err and "Traceback" not in err
