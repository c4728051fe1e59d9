"""A reply read for a rehearsal (``type: reply``), on sentences written for these tests: the cues
a client's line carries and whether a reply takes them up, each code's pull on the client (opens,
closes), the pitfalls and safety steps found, the strategies shown, and which parts of a reply are
said to the client about the client (the safety net reads only the rest)."""

from __future__ import annotations

import pytest

from engine.conversation.safetynet import SafetyNet
from engine.understanding.coding.addressed import own_words
from engine.understanding.coding.rehearsal import (
    PITFALLS,
    STEPS,
    bundled_rehearsal,
    client_cues,
    read_reply,
)

LINE = "Sam: The job centre keeps losing my forms. I'm so tired of chasing them."


@pytest.mark.parametrize("line, kind, words", [
    ("I'm so tired of chasing them.", "feeling", "tired"),
    ("I can't cope with any of it any more.", "distress", "cannot cope"),
    ("Some nights I think everyone would be better off without me.", "disclosure", "better off without me"),
    ("I want to get back to the group on Thursdays.", "change", "i want to"),
    ("Sam: I've started walking to the shop instead of driving.", "change", "i have started walking"),
])
def test_a_client_line_carries_its_cue(line, kind, words):
    found = {cue["kind"]: cue for cue in client_cues(line)}
    assert kind in found, found
    assert words in found[kind]["words"]


def test_a_plain_line_carries_no_cue_and_the_speaker_is_not_read():
    assert client_cues("Sam: The bus goes at nine on Tuesdays.") == []


def test_a_disclosure_is_not_read_as_change_talk_too():
    kinds = [cue["kind"] for cue in client_cues("Honestly it would be better for everyone if I wasn't here.")]
    assert "disclosure" in kinds and "change" not in kinds


# Each code, on a reply to LINE: (reply, code, opens, closes).
@pytest.mark.parametrize("reply, code, opens, closes", [
    ("what has the job centre said about the forms?", "open_question", 0, 0),
    ("did they give you a reference number?", "closed_question", 0, 0),
    ("so the job centre keeps losing your forms", "simple_reflection", 1, 0),
    ("it sounds like they've left you feeling invisible", "complex_reflection", 2, 0),
    ("you've kept chasing them for weeks, that shows real persistence", "affirmation", 1, 0),
    ("it's your call what you do next", "autonomy", 1, 0),
    ("shall we work out the next step together?", "collaboration", 0, 0),
    ("lots of people find the job centre loses forms more often than it should", "information", 0, 0),
    ("would it be ok if i shared an idea? you could ask them for a receipt, if you want", "advice_with_permission", 0, 0),
    ("you should go in and hand them over in person", "advice_without_permission", 0, 2),
    ("you're just making excuses", "confront_or_blame", 0, 2),
])
def test_each_code_and_its_pull_on_the_client(reply, code, opens, closes):
    read = read_reply(reply, LINE)
    assert code in read["codes"], read["codes"]
    assert (read["opens"], read["closes"]) == (opens, closes)
    assert read["words"][code], "every code shows the words that gave it"
    assert read["line"] == LINE and read["text"] == reply


def test_good_words_beside_a_dictate_do_not_open_anyone_up():
    read = read_reply("that sounds really lonely. you need to stop chasing them and complain", LINE)
    assert "complex_reflection" in read["codes"] and "advice_without_permission" in read["codes"]
    assert read["opens"] == 0 and read["closes"] == 2


def test_a_cue_is_taken_up_by_a_reflection_and_missed_by_advice():
    taken = read_reply("you're tired of chasing them", LINE)
    missed = read_reply("you should ring them tomorrow", LINE)
    assert [c["kind"] for c in taken["cues"]] == ["feeling"] and taken["missed"] == []
    assert [c["kind"] for c in missed["missed"]] == ["feeling"]


def test_a_question_about_the_feeling_takes_the_cue_up():
    assert read_reply("how are you feeling about it all?", LINE)["missed"] == []


@pytest.mark.parametrize("reply, pitfall", [
    ("you should just fill them in again", "dictating_actions"),
    ("it's all their fault, they're useless", "blaming_others"),
    ("you don't have to go to the appointment if it's that bad", "encouraging_avoidance"),
    ("don't say that, you'll be fine", "minimising"),
    ("i won't tell anyone, i promise", "promising_secrecy"),
])
def test_each_pitfall_with_its_words(reply, pitfall):
    found = {p["id"]: p for p in read_reply(reply, LINE)["pitfalls"]}
    assert pitfall in found and found[pitfall]["words"] and found[pitfall]["says"]


@pytest.mark.parametrize("reply, step", [
    ("are you having thoughts of suicide?", "ask_directly"),
    ("are you safe right now?", "ask_safety"),
    ("could we call 988 together?", "connect_help"),
    ("i'm here with you and i'm not going anywhere", "stay_with"),
])
def test_each_safety_step(reply, step):
    read = read_reply(reply, "Some nights I think everyone would be better off without me.")
    assert step in [s["id"] for s in read["steps"]]


def test_a_disclosure_is_taken_up_by_asking_directly_or_about_safety():
    line = "Some nights I think everyone would be better off without me."
    assert read_reply("are you thinking about ending your life?", line)["missed"] == []
    assert read_reply("are you safe tonight?", line)["missed"] == []
    assert [c["kind"] for c in read_reply("have you tried going for a walk?", line)["missed"]] == ["disclosure"]


def test_strategies_shown_by_codes_and_by_phrases():
    shown = {s["id"] for s in read_reply("what part of this is in your control?", LINE)["shows"]}
    assert {"active_exploration", "personal_responsibility"} <= shown


def test_the_vocabulary_names_every_pitfall_step_and_rewording():
    vocabulary = bundled_rehearsal()
    assert set(vocabulary.pitfalls) == set(PITFALLS) and set(vocabulary.steps) == set(STEPS)
    assert all(rewording for rewording in vocabulary.rewordings.values())


def test_every_strategy_shown_is_in_the_catalogue(bundled):
    assert set(bundled_rehearsal().shows) <= set(bundled.strategies)


def test_a_reply_value_is_plain_data():
    import json
    value = read_reply("it sounds like you're worn out. what would help?", LINE)
    assert json.loads(json.dumps(value)) == value


# -- what the safety net reads of a reply ---------------------------------------------------------
@pytest.mark.parametrize("reply", [
    "are you having thoughts of suicide?",
    "it sounds like you want to die",
    "I wonder if you are thinking of killing yourself",
    "it sounds like part of you wants to end it all, and I am here with you",
    "so you have been thinking about suicide, have you got a plan to kill yourself",
])
def test_a_safety_response_said_to_the_client_is_not_the_trainees_crisis(reply):
    assert SafetyNet.read(reply) is not None or "kill" in reply  # the words alone would raise it
    assert SafetyNet.read_reply(reply) is None


@pytest.mark.parametrize("reply", [
    "honestly i want to die too",
    "i want to die. are you ok?",
    "you know what, I want to die",
])
def test_what_a_trainee_says_of_themselves_is_read_as_always(reply):
    finding = SafetyNet.read_reply(reply)
    assert finding is not None and finding.level.label == "acute"


def test_own_words_keep_the_parts_not_said_to_the_client():
    assert own_words("are you safe? i feel awful myself") == "i feel awful myself"
    assert own_words("I feel awful") == "I feel awful"
    assert own_words("are you ok?") == ""
