"""The pure core: node kinds, branches, typed answers, commands, back, replay and JSON."""

from __future__ import annotations

import json

import pytest

from engine.conversation.machine import Conversation, Outcome, State
from engine.conversation.session import Entry, EntryKind
from engine.ground.errors import DialogueRuntimeError

FLOW = """
id: main
title: Flow
audience: client
start: hello
variables:
  greeting: Hi
nodes:
  hello:
    section: Start
    say: "{{ greeting }} there"
  mood:
    ask: How are you, 0 to 10?
    type: scale
    min: 0
    max: 10
    next:
      - if: mood <= 3
        then: low
      - else: things
  low:
    ask: That sounds hard. Do you want to talk about it?
    type: yesno
    next:
      - if: low
        then: why
      - else: things
  why:
    ask: What is going on?
  things:
    section: Things
    ask: Name some good things.
    type: list
  count:
    set:
      total: things | length
      double: (things | length) * 2
  pick:
    ask: Pick one
    options:
      - label: "The first: {{ things | first }}"
        value: first
      - label: Something else
        value: other
        next: other
  same:
    say: You picked {{ things | first }}.
    next: sub
  other:
    ask: What else?
    optional: true
  sub:
    call: helper
    as: helped
    with:
      seed: total
  after:
    say: "Helper said {{ helped.word }} and seed {{ helped.seed }}"
  bye:
    end: "Bye, total {{ total }}"
"""

HELPER = """
id: helper
title: Helper
audience: client
start: word
variables:
  seed: 0
nodes:
  word:
    ask: A word please
  done:
    end: Thanks for {{ word }}
"""


@pytest.fixture
def flow(talk) -> Conversation:
    return talk(FLOW, helper=HELPER)


def answer_all(conversation: Conversation, answers: list[str]):
    turn = None
    for text in answers:
        turn = conversation.reply(text)
    return turn


def test_say_then_first_question(flow):
    turn = flow.current_turn()
    assert turn.outcome is Outcome.ASK
    assert turn.messages == ("Hi there",)
    assert turn.question.text == "How are you, 0 to 10?"
    assert turn.question.section == "Start" and turn.question.step == 1


def test_full_path_with_every_node_kind(flow):
    turn = answer_all(flow, ["2", "yes", "a rough week", "walks, music, walks, my dog", "1", "sun"])
    assert turn.outcome is Outcome.FINISHED
    assert turn.messages == ("Thanks for sun", "Helper said sun and seed 3", "Bye, total 3")
    variables = flow.variables()
    assert variables["things"] == ["walks", "music", "my dog"]  # de-duplicated
    assert variables["total"] == 3 and variables["double"] == 6
    assert variables["helped"] == {"seed": 3, "word": "sun"}  # the call's variables, namespaced
    assert variables["low"] is True and variables["why"] == "a rough week"
    assert flow.finished


def test_condition_takes_the_else_branch(flow):
    turn = flow.reply("8")
    assert turn.question.text == "Name some good things."
    assert turn.question.section == "Things"


def test_option_with_its_own_next(flow):
    turn = answer_all(flow, ["8", "tea", "2"])
    assert turn.question.text == "What else?"
    assert flow.variables()["pick"] == "other"


def test_choice_by_label_and_labels_are_templates(flow):
    turn = answer_all(flow, ["8", "tea"])
    assert turn.question.options == ("The first: tea", "Something else")
    turn = flow.reply("something else")
    assert flow.variables()["pick"] == "other"


@pytest.mark.parametrize("bad, hint", [
    ("eleven", "I read 11, but this needs a number from 0 to 10."),  # says what it understood
    ("11", "I read 11, but this needs a number from 0 to 10."),
    ("-1", "I read -1, but this needs a number from 0 to 10."),
    ("", "Please give a number from 0 to 10."),
    ("lots", "Please give a number from 0 to 10."),
])
def test_bad_number_re_asks_with_the_range(flow, bad, hint):
    turn = flow.reply(bad)
    assert turn.outcome is Outcome.ASK and turn.notice == hint
    assert turn.question.text == "How are you, 0 to 10?"
    assert flow.log == ()  # a rejected answer is not recorded


@pytest.mark.parametrize("said, value", [("7", 7), ("7/10", 7), ("7 out of 10", 7), ("seven", 7),
                                          ("about 5", 5), ("2.5", 2.5), (" 10 ", 10)])
def test_numbers_in_several_forms(flow, said, value):
    flow.reply(said)
    assert flow.variables()["mood"] == value


def test_yes_no_re_ask(flow):
    turn = answer_all(flow, ["1", "purple"])
    assert turn.notice == "Please answer yes or no."
    assert flow.reply("nope").question.text == "Name some good things."


def test_required_question_cannot_be_skipped(flow):
    turn = flow.reply("/skip")
    assert "needs an answer" in turn.notice
    assert flow.log == ()


def test_optional_question_can_be_skipped(flow):
    answer_all(flow, ["8", "tea", "2"])
    turn = flow.reply("/skip")
    assert turn.notice.startswith("Skipped")
    assert flow.variables()["other"] is None
    assert flow.answers[-1].kind is EntryKind.SKIP
    assert turn.question.text == "A word please"


def test_enter_on_an_optional_question_skips_it(flow):
    answer_all(flow, ["8", "tea", "2"])
    assert flow.reply("").question.text == "A word please"


def test_back_undoes_an_answer_and_what_it_set(flow):
    answer_all(flow, ["8", "tea, cake"])
    assert flow.variables()["total"] == 2
    turn = flow.reply("/back")
    assert turn.question.text == "Name some good things."
    assert "tea, cake" in turn.notice
    assert flow.variables()["things"] is None and flow.variables()["total"] is None
    assert flow.log[-1].kind is EntryKind.BACK  # the log keeps the undone answer
    assert [e.text for e in flow.log if e.kind is EntryKind.ANSWER] == ["8", "tea, cake"]


def test_back_through_a_branch_returns_to_the_branching_question(flow):
    answer_all(flow, ["2", "no"])
    flow.reply("/back")
    turn = flow.reply("/back")
    assert turn.question.text == "How are you, 0 to 10?"
    assert flow.reply("9").question.text == "Name some good things."  # the other branch now
    assert flow.variables()["low"] is None


def test_back_out_of_a_sub_dialogue(flow):
    turn = answer_all(flow, ["8", "tea", "1"])
    assert turn.question.text == "A word please"
    assert turn.question.path == "main:sub > helper:word"
    turn = flow.reply("/back")
    assert turn.question.text == "Pick one"
    assert len(flow.state.frames) == 1


def test_back_into_a_sub_dialogue(talk):
    text = FLOW.replace("  bye:\n    end:", "  last:\n    ask: Last one?\n  bye:\n    end:")
    conversation = talk(text, helper=HELPER)
    answer_all(conversation, ["8", "tea", "1", "sun"])
    turn = conversation.reply("/back")
    assert turn.question.path == "main:sub > helper:word"
    assert conversation.variables()["helped"]["seed"] == 1


def test_back_at_the_start(flow):
    turn = flow.reply("/back")
    assert "nothing to go back to" in turn.notice
    assert flow.log == ()


def test_help_uses_question_help_then_dialogue_help(talk):
    text = FLOW.replace("    ask: Name some good things.", "    ask: Name some good things.\n    help: Anything counts.")
    conversation = talk(text, helper=HELPER)
    assert "no extra help" in conversation.reply("/help").notice
    conversation.reply("8")
    notice = conversation.reply("/help").notice
    assert notice.startswith("Anything counts.")
    for word in ("/help", "/back", "/skip", "/repeat", "/summary", "/pause", "//"):
        assert word in notice  # every command is discoverable


def test_command_words_never_swallow_answers(talk):
    conversation = talk(FLOW, helper=HELPER)
    answer_all(conversation, ["8", "tea", "2"])
    conversation.reply("//back")  # a literal answer starting with a slash
    assert conversation.variables()["other"] == "/back"


def test_plain_words_are_answers_not_commands(flow):
    answer_all(flow, ["8"])
    flow.reply("help, back, pause")
    assert flow.variables()["things"] == ["help", "back", "pause"]


def test_unknown_command_suggests_the_closest(flow):
    turn = flow.reply("/bakc")
    assert "Did you mean /back?" in turn.notice
    assert flow.log == ()


def test_pause_summary_repeat(flow):
    assert flow.reply("/pause").outcome is Outcome.PAUSE
    assert flow.reply("/summary").outcome is Outcome.SUMMARY
    turn = flow.reply("/repeat")
    assert turn.outcome is Outcome.ASK and turn.question.text == "How are you, 0 to 10?"
    assert flow.log == ()


def test_progress_counts_steps_and_estimates_the_rest(flow):
    first = flow.current_turn().question
    assert (first.step, first.total) == (1, 4)  # mood, things, pick, word on the shortest path
    second = flow.reply("2").question
    assert (second.step, second.total) == (2, 5)


def test_state_round_trips_through_json(flow):
    answer_all(flow, ["8", "tea", "1"])
    data = json.loads(json.dumps(flow.state.to_dict()))
    assert State.from_dict(data).to_dict() == flow.state.to_dict()


def test_replaying_the_log_gives_the_same_state(flow, talk, load, messages):
    answer_all(flow, ["2", "/back", "3", "yes", "x", "a, b", "/back", "c", "2", "/skip", "w"])
    saved = [Entry.from_dict(json.loads(json.dumps(e.to_dict()))) for e in flow.log]
    again = Conversation(flow.library, messages, "main", saved)
    assert again.state.to_dict() == flow.state.to_dict()
    assert again.log == flow.log and again.answers == flow.answers


def test_a_turn_does_not_replay_the_log(flow, monkeypatch):
    def refuse(*args):
        raise AssertionError("an answer must not replay the log")

    from engine.conversation.walk import Walk

    monkeypatch.setattr(Walk, "replay", refuse)  # every replay goes through it (the session is slotted)
    answer_all(flow, ["8", "tea", "1", "sun"])
    assert flow.finished


def test_long_sessions_stay_one_step_per_answer(talk):
    text = """
    id: main
    title: Loop
    audience: client
    start: q
    nodes:
      q:
        ask: Again?
        type: yesno
        next:
          - if: q
            then: q
          - else: done
      done:
        end:
    """
    conversation = talk(text)
    for _ in range(300):
        conversation.reply("yes")
    assert len(conversation.answers) == 300
    assert conversation.reply("no").outcome is Outcome.FINISHED


class _NoWalking(list):
    def __iter__(self):
        raise AssertionError("a turn must not walk the log")


def test_a_turn_never_walks_the_log(talk):
    conversation = talk(FLOW, helper=HELPER)
    conversation.reply("8")
    conversation.walk.in_force = _NoWalking(conversation.walk.in_force)
    if conversation._history is not None:  # else the log is the list of answers in force
        conversation._history = _NoWalking(conversation._history)
    turn = conversation.reply("tea, coffee")
    assert turn.question.step == 3  # counted without reading the log


def test_replay_stops_where_the_dialogue_no_longer_fits(flow, messages):
    log = [Entry(node="main:mood", value=8, text="8"), Entry(node="main:gone", value="x", text="x")]
    conversation = Conversation(flow.library, messages, "main", log)
    assert [e.text for e in conversation.dropped] == ["x"]
    assert conversation.current_turn().question.text == "Name some good things."


def test_step_limit_guards_a_runaway(talk):
    text = "id: main\ntitle: T\naudience: client\nstart: a\nnodes:\n" + "".join(
        f"  s{i}:\n    say: step {i}\n" for i in range(10)) + "  a:\n    say: go\n    next: s0\n  z:\n    end:\n"
    text = text.replace("    say: step 9\n", "    say: step 9\n    next: z\n")
    library_conversation = talk(text)  # loads fine: no loop
    assert library_conversation.finished
    with pytest.raises(DialogueRuntimeError, match="without asking anything"):
        Conversation(library_conversation.library, library_conversation.messages, "main", step_limit=5)


def test_runtime_error_names_the_node(talk):
    text = FLOW.replace("      double: (things | length) * 2", "      double: (things | length) / 0")
    conversation = talk(text, helper=HELPER)
    conversation.reply("8")
    turn = conversation.reply("tea")  # reported, not raised: the person can answer again or go back
    line = text.lstrip("\n").splitlines().index("      double: (things | length) / 0") + 1
    assert conversation.problem.span.line == line and "ZeroDivisionError" in str(conversation.problem)
    assert "ZeroDivisionError" in turn.notice and conversation.log[-2].text == "tea"  # the words are kept
    assert conversation.log[-1].kind.value == "back" and conversation.answers[-1].text == "8"


def test_values_that_cannot_be_saved_are_refused(talk):
    text = FLOW.replace("      double: (things | length) * 2", "      double: range(3)")
    conversation = talk(text, helper=HELPER)
    conversation.reply("8")
    conversation.reply("tea")
    assert "cannot be saved" in str(conversation.problem)


def test_finished_conversation_ignores_further_input(flow):
    answer_all(flow, ["8", "tea", "1", "sun"])
    assert flow.reply("more").outcome is Outcome.FINISHED


def test_free_words_taken_as_an_answer_are_said_back(bundled, messages):
    conversation = Conversation(bundled, messages, "goals")
    turn = conversation.reply("learning to drive")  # no option says this: it is "something else"
    assert turn.messages[0] == 'I took that as: something else: "learning to drive". If that\'s not right, type /back.'
    money = Conversation(bundled, messages, "goals").reply("the money side of things, bills mostly")
    assert money.messages[0] == "I took that as: home and money. If that's not right, type /back."
    exact = Conversation(bundled, messages, "goals").reply("my health")
    assert not any(said.startswith("I took that as") for said in exact.messages)  # nothing to say back


def test_a_script_error_after_a_skip_is_said_not_hidden(write, messages):
    from engine.dialogue.loader import load_library

    path = write("broken.yaml", """
        id: broken
        title: Broken
        audience: client
        start: first
        nodes:
          first:
            ask: Anything to add?
            help: A word is fine.
            optional: true
          oops:
            say: "{{ (first or none).upper() }}"
          done:
            end: Bye
    """)
    library = load_library([path], bundled=False)
    conversation = Conversation(library, messages, "broken")
    turn = conversation.reply("/skip")
    assert turn.notice.startswith("Something went wrong in this conversation's script") and "Skipped" not in turn.notice
