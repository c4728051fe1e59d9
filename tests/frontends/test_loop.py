"""The run loop with a store that fails: the person is told, their words are shown back, and the
failure is one clear error (no traceback, nothing the store kept is lost)."""

from __future__ import annotations

import io

import pytest

from engine.conversation.machine import Conversation
from engine.conversation.session import SessionRecord, Status
from engine.frontends.loop import Run
from engine.frontends.plain import PlainConsole
from engine.ground.errors import StoreError


class FailingStore:
    """Saves the first ``good`` times, then fails like a full disk (what was saved stays)."""

    def __init__(self, good: int):
        self.good = good
        self.saved: list[SessionRecord] = []

    def save(self, record: SessionRecord) -> None:
        if len(self.saved) >= self.good:
            raise StoreError("could not save session s: the disk is full; what was saved before is safe")
        self.saved.append(SessionRecord.from_dict(record.to_dict()))

    def load(self, session_id: str) -> SessionRecord:
        return self.saved[-1]

    def sessions(self, statuses=None, person=None):
        return []


def hold(bundled, messages, answers: list[str], store: FailingStore) -> tuple[str, Run]:
    out = io.StringIO()
    console = PlainConsole(messages, stdin=io.StringIO("".join(a + "\n" for a in answers)), stdout=out, width=100)
    conversation = Conversation(bundled, messages, "mindset")
    run = Run(conversation, SessionRecord(id="s", dialogue="mindset", person="Sam"), store, console, messages)
    with pytest.raises(StoreError, match="the disk is full"):
        run.hold()
    return out.getvalue(), run


def test_an_answer_the_store_cannot_keep_is_shown_back(bundled, messages):
    words = "I can't ask for help at work"
    out, run = hold(bundled, messages, [words, "more words"], FailingStore(good=1))
    told = " ".join(out.split("could not save")[-1].split())  # as one line, whatever the wrapping
    assert words in told  # said back after the failure, so it is not lost
    assert "more words" not in out  # the loop stopped: nothing more was asked or taken
    assert [e.text for e in run.record.log if e.text] == [words]


def test_what_was_saved_before_the_failure_is_kept_whole(bundled, messages):
    store = FailingStore(good=3)
    hold(bundled, messages, ["first answer", "second answer", "third answer"], store)
    kept = [e.text for e in store.saved[-1].log if e.text]
    assert kept == ["first answer", "second answer"]
    assert store.saved[-1].status is Status.ACTIVE


def test_a_store_that_fails_at_once_asks_nothing(bundled, messages):
    out, _ = hold(bundled, messages, ["never read"], FailingStore(good=0))
    assert "never read" not in out
