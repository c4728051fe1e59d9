"""Random answer sequences, commands included, never break any bundled dialogue."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.conversation.machine import Conversation, Outcome
from engine.conversation.session import Status
from engine.dialogue.loader import load_library
from engine.render.summary import render_summary

pytestmark = pytest.mark.slow  # random answer sequences through every dialogue (hypothesis): minutes, not seconds

LIBRARY = load_library()

answers = st.one_of(
    st.sampled_from(["/help", "/back", "/skip", "/repeat", "/summary", "/pause", "/nonsense", "//x",
                     "/", "", " ", "yes", "no", "maybe", "0", "5", "10", "11", "-3", "seven", "7/10",
                     "1", "2", "7", "99", "a, b, and c", "- one\n- two"]),
    st.text(max_size=40),
    st.integers(-5, 20).map(str),
)


@pytest.mark.parametrize("dialogue_id", sorted(LIBRARY.dialogues))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=st.lists(answers, max_size=60))
def test_any_answers_end_pause_or_re_ask(messages, dialogue_id, sequence):
    conversation = Conversation(LIBRARY, messages, dialogue_id)
    turn = conversation.current_turn()
    for text in sequence:
        turn = conversation.reply(text)
        assert turn.outcome in (Outcome.ASK, Outcome.FINISHED, Outcome.PAUSE, Outcome.SUMMARY)
        if turn.outcome is Outcome.FINISHED:
            assert conversation.finished
            break
        if turn.outcome is Outcome.PAUSE and turn.question is None:  # stopping after the crisis resources
            assert not conversation.finished  # ("SH", then "2"): saved, nothing more to ask now
            break
        assert turn.question is not None and turn.question.text
        assert 1 <= turn.question.step <= turn.question.total
    again = Conversation(LIBRARY, messages, dialogue_id, conversation.log)
    assert again.state.to_dict() == conversation.state.to_dict()
    for fmt in ("markdown", "html"):
        assert render_summary(conversation, fmt, status=Status.PAUSED, generated="today")
