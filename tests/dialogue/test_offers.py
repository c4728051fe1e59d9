"""The Welcome offers a folder's client dialogues: `- offer: client` among a choice's options adds
one option for each client dialogue from another folder (by `order`, then title), and
`call: {chosen: QUESTION}` runs the one chosen; the checks (unknown dialogues, arguments, call
cycles, progress) see every dialogue such a call may run."""

from __future__ import annotations

import textwrap

import pytest

from engine.conversation.machine import Conversation
from engine.conversation.session import Status
from engine.dialogue.loader import load_library
from engine.ground.errors import DialogueLoadError
from engine.render.summary import render_summary


def _dialogue(id_: str, title: str, order: int, audience: str = "client", extra: str = "") -> str:
    return textwrap.dedent(f"""
        id: {id_}
        title: {title}
        audience: {audience}
        order: {order}
        start: q
        {extra}
        nodes:
          q:
            strategy: self_reflection
            ask: How was it?
            help: A word is fine.
            next: done
          done:
            end: Thanks.
    """).lstrip()


@pytest.fixture
def folder(tmp_path):
    ours = tmp_path / "agency"
    ours.mkdir()
    (ours / "sleep.yaml").write_text(_dialogue("sleep", "Sleep check-in", 5), encoding="utf-8")
    (ours / "walk.yaml").write_text(_dialogue("walk", "A walk", 2), encoding="utf-8")
    (ours / "drill.yaml").write_text(_dialogue("drill", "Trainee drill", 1, "trainee"), encoding="utf-8")
    return ours


def test_the_welcome_offers_a_folders_client_dialogues_by_order_after_its_own(folder):
    choose = load_library([folder])["welcome"].nodes["choose"]
    values = [o.value for o in choose.answer.options]
    assert values[:7] == ["ownership", "strengths", "goals", "review", "safety_plan", "outcomes", "unsure"]
    assert values[7:] == ["walk", "sleep"]  # order 2 then 5; the trainee's drill is not offered
    assert [o.label.render({}) for o in choose.answer.options[7:]] == ["A walk", "Sleep check-in"]


def test_without_an_added_folder_the_welcome_offers_only_its_own(bundled):
    assert [o.value for o in bundled["welcome"].nodes["choose"].answer.options][-1] == "unsure"
    assert bundled["welcome"].nodes["to_chosen"].choices == ()


def test_the_dialogue_chosen_runs_and_its_summary_is_nested(folder, messages):
    library = load_library([folder])
    conversation = Conversation(library, messages, "welcome")
    turn = conversation.reply("A walk")
    assert turn.question is not None and turn.question.text == "How was it?"
    turn = conversation.reply("lovely")
    assert conversation.finished and conversation.variables()["chosen"]["q"] == "lovely"
    summary = render_summary(conversation, "markdown", status=Status.FINISHED)
    assert "lovely" in summary


HEAD = """
id: main
title: Main
audience: client
start: pick
nodes:
  pick:
    strategy: self_reflection
    ask: Which?
    options:
      - label: Nothing
        value: nothing
        next: done
"""


@pytest.mark.parametrize("nodes, words, line", [
    ("      - offer: client\n        next: run\n  run:\n    call:\n      chosen: pik\n    as: chosen\n    next: done\n",
     "there is no question `pik` in this dialogue to choose the dialogue at", 17),
    ("      - offer: client\n        next: run\n  run:\n    call:\n      chosen: pick\n    next: done\n",
     "needs `as:`", 17),
    ("      - offer: clients\n        next: done\n", "`offer` should be one of", 13),
    ("      - offer: client\n", "an `offer` needs `next`", 13),
    ("      - label: More\n        value: more\n        next: run\n  run:\n    call:\n      chosen: pick\n"
     "    as: chosen\n    next: done\n", "the question `pick` offers no dialogues", 18),
    ("      - offer: client\n        next: run\n  run:\n    call:\n      chosn: pick\n    as: chosen\n    next: done\n",
     "unknown key `chosn` in `call`", 17),
])
def test_an_offer_or_a_chosen_call_written_wrong_is_a_located_error(problems, nodes, words, line):
    found = [p for p in problems(HEAD + nodes + "  done:\n    end: Bye\n") if p.severity == "error"]
    assert any(words in p.message and p.span.line == line for p in found), [str(p) for p in found]


CHOOSER = """
id: chooser
title: Chooser
audience: client
start: pick
nodes:
  pick:
    strategy: self_reflection
    ask: Which?
    options:
      - label: None of these
        value: none
        next: done
      - offer: client
        next: run
  run:
    call:
      chosen: pick
    as: chosen
{with_}    next: done
  done:
    end: Bye
"""


def test_a_chosen_call_that_could_run_a_caller_is_a_call_cycle(tmp_path):
    # An added dialogue offering client dialogues offers the Welcome, which offers it back.
    (tmp_path / "chooser.yaml").write_text(CHOOSER.format(with_=""), encoding="utf-8")
    with pytest.raises(DialogueLoadError) as caught:
        load_library([tmp_path])
    assert any(p.rule == "call-cycle" and "chooser -> welcome -> chooser" in p.message
               for p in caught.value.problems), str(caught.value)


def test_arguments_of_a_chosen_call_are_checked_against_every_dialogue_it_may_run(tmp_path, folder):
    (folder / "chooser.yaml").write_text(CHOOSER.format(with_="    with:\n      welcomed: true\n"), encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "sleep2.yaml").write_text(_dialogue("sleep2", "Sleep again", 3), encoding="utf-8")
    with pytest.raises(DialogueLoadError) as caught:
        load_library([folder, other], bundled=False)
    assert "dialogue `sleep2` has no variable `welcomed`" in str(caught.value)
