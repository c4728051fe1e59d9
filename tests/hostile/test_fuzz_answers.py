"""Arbitrary Unicode and bytes as answers to every bundled dialogue (issue 13): no traceback,
every answer kept, and nothing a front end prints or a summary holds can drive a terminal."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.conversation.machine import MAX_ANSWER, Conversation, Outcome
from engine.conversation.session import EntryKind, Status
from engine.dialogue.loader import load_library
from engine.frontends.plain import PlainConsole
from engine.render.summary import render_summary

LIBRARY = load_library()
RAW = "\x1b\x07\x00\x9b\u202e\u2066"
CONTROL = st.sampled_from(["\x1b[2J", "\x1b]52;c;eA==\x07", "\x00", "\u202e", "\x9b", "\r", "\x08" * 3])

# What people could send: any Unicode, undecodable bytes as they arrive (surrogates), control
# sequences mixed with words, and the engine's own commands.
answers = st.one_of(
    st.text(max_size=60),
    st.binary(max_size=40).map(lambda raw: raw.decode("utf-8", "surrogateescape")),
    st.lists(st.one_of(CONTROL, st.sampled_from(["yes", "no", "3", "I am fine", "<script>", "[x](javascript:1)"])),
             max_size=6).map(" ".join),
    st.sampled_from(["/back", "/skip", "/summary", "/help", "", "1", "2", "x" * (MAX_ANSWER + 5)]),
)


def clean(text: str) -> bool:
    return not any(character in text for character in RAW)


@pytest.mark.slow
@pytest.mark.parametrize("dialogue_id", sorted(LIBRARY.dialogues))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=st.lists(answers, min_size=1, max_size=25))
def test_hostile_answers(messages, dialogue_id, sequence):
    conversation = Conversation(LIBRARY, messages, dialogue_id)
    screen = io.StringIO()
    console = PlainConsole(messages, stdin=io.StringIO(), stdout=screen, width=70)
    turn = conversation.current_turn()
    for text in sequence:
        before = len(conversation.log)
        turn = conversation.reply(text)
        if not text.strip().startswith("/") and turn.outcome is not Outcome.FINISHED:
            kept = conversation.log[before:]
            # Every answer is kept (cut to the limit, surrogates as U+FFFD), unless it was re-asked.
            assert all(e.text == e.text.encode("utf-8", "strict").decode() for e in kept)
        for said in turn.messages:
            console.show(said)
        if turn.notice:
            console.show(turn.notice)
        if turn.outcome is Outcome.FINISHED:
            break
        if turn.question is not None:
            console._print(turn.question.text)
            for label in turn.question.options:
                console._print(label)
    assert clean(screen.getvalue())
    typed = [e for e in conversation.log if e.kind in (EntryKind.ANSWER, EntryKind.NOTE, EntryKind.SAFETY) and e.text]
    assert all(len(e.text) <= MAX_ANSWER for e in typed)
    again = Conversation(LIBRARY, messages, dialogue_id, conversation.log)
    assert again.state.to_dict() == conversation.state.to_dict()  # replays to the same place
    for fmt in ("markdown", "html"):
        assert clean(render_summary(conversation, fmt, status=Status.PAUSED, generated="today"))
