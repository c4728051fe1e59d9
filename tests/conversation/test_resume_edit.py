"""Resuming after the dialogue file was edited: answers are tied to node ids; replay goes as far as
it can, leaves out answers to removed questions, and asks again what no longer fits."""

from __future__ import annotations

import io
import sys
import textwrap

from engine.cli import main
from engine.conversation.machine import Conversation
from engine.conversation.session import EntryKind
from engine.store.sqlite import SqliteStore

ORIGINAL = """\
    id: edited
    title: Edited
    audience: client
    start: name
    nodes:
      name:
        ask: What is your favourite place?
      count:
        ask: How many times did you go there last month?
      mood:
        ask: How do you feel there?
        options: [calm, busy]
      when:
        ask: When will you go next?
      done:
        end: Thanks.
    """


def talk(load, messages, text, log=()):
    return Conversation(load(textwrap.dedent(text)), messages, "edited", log)


def answered(load, messages, answers):
    conversation = talk(load, messages, ORIGINAL)
    for answer in answers:
        conversation.reply(answer, now="2026-11-20T10:00:00")
    return conversation.log


def test_an_unchanged_dialogue_replays_everything(load, messages):
    log = answered(load, messages, ["the park", "3", "calm"])
    again = talk(load, messages, ORIGINAL, log)
    assert not again.dropped and not again.reasked
    assert again.current_turn().question.text == "When will you go next?"
    assert len(again.log) == len(log)  # nothing added when nothing changed


def test_a_removed_question_is_left_out_and_the_rest_replays(load, messages):
    log = answered(load, messages, ["the park", "3", "calm"])
    edited = ORIGINAL.replace("      count:\n        ask: How many times did you go there last month?\n", "")
    again = talk(load, messages, edited, log)
    assert [e.text for e in again.dropped] == ["3"] and not again.reasked
    assert [e.text for e in again.answers] == ["the park", "calm"]
    assert again.current_turn().question.text == "When will you go next?"


def test_a_question_that_changed_type_keeps_an_answer_that_still_reads(load, messages):
    log = answered(load, messages, ["the park", "three", "calm"])
    edited = ORIGINAL.replace("last month?\n", "last month?\n        type: number\n")
    again = talk(load, messages, edited, log)
    assert not again.reasked and again.variables()["count"] == 3


def test_an_answer_that_no_longer_fits_is_asked_again(load, messages):
    log = answered(load, messages, ["the park", "lots of times", "calm"])
    edited = ORIGINAL.replace("last month?\n", "last month?\n        type: number\n")
    again = talk(load, messages, edited, log)
    assert [e.text for e in again.reasked] == ["lots of times", "calm"]
    assert again.current_turn().question.text == "How many times did you go there last month?"
    # A marker in the log says where the saved answers stopped applying, so that answering on
    # and resuming later does not trip over the old answers again.
    assert again.log[-1].kind is EntryKind.REPLAYED
    again.reply("4")
    again.reply("busy")
    later = talk(load, messages, edited, again.log)
    assert not later.reasked and [e.text for e in later.answers] == ["the park", "4", "busy"]
    assert [e.text for e in later.log if e.kind is EntryKind.ANSWER] == ["the park", "lots of times", "calm", "4", "busy"]


def test_a_removed_option_is_asked_again(load, messages):
    log = answered(load, messages, ["the park", "3", "busy"])
    again = talk(load, messages, ORIGINAL.replace("[calm, busy]", "[calm, lively, quiet]"), log)
    assert [e.text for e in again.reasked] == ["busy"]


def test_a_new_question_stops_the_replay_there(load, messages):
    log = answered(load, messages, ["the park", "3", "calm"])
    edited = ORIGINAL.replace("      count:", "      who:\n        ask: Who do you go with?\n      count:")
    again = talk(load, messages, edited, log)
    assert [e.text for e in again.reasked] == ["3", "calm"]
    assert again.current_turn().question.text == "Who do you go with?"


def test_resume_tells_the_person_what_it_must_ask_again(tmp_path, monkeypatch, capsys):
    path = tmp_path / "edited.yaml"
    path.write_text(textwrap.dedent(ORIGINAL), encoding="utf-8")
    store = tmp_path / "store"
    monkeypatch.setattr(sys, "stdin", io.StringIO("the park\nlots of times\n"))
    assert main(["--store", str(store), "--person", "Kim", "run", str(path)]) == 0
    path.write_text(textwrap.dedent(ORIGINAL).replace("last month?\n", "last month?\n    type: number\n")
                    .replace("  name:\n    ask: What is your favourite place?\n",
                             "  name:\n    ask: Where do you like to go?\n"), encoding="utf-8")
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO("5\ncalm\non Saturday with my sister\n"))
    assert main(["--store", str(store), "resume"]) == 0
    out = capsys.readouterr().out
    assert "This conversation has changed since you last saved it" in out
    assert "I need to ask you again: How many times did you go there last month?" in out
    opened = SqliteStore(store)
    record = opened.load(opened.sessions()[0].id)
    assert record.status.value == "finished"
    assert [e.text for e in record.log if e.kind is EntryKind.ANSWER] == ["the park", "lots of times", "5", "calm", "on Saturday with my sister"]
