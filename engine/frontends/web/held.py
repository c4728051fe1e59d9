"""One request's hold on a conversation: read the session from the store, hand the answer to the
engine's core through the run loop's ``Run`` (the same saving as in the terminal), save, let go.

A worker keeps nothing between requests: every page is built from what the store holds, so any
worker (or machine) serving the store can take the next request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from engine.conversation.machine import Conversation
from engine.conversation.session import SessionRecord, Status
from engine.conversation.turns import Outcome, Turn
from engine.frontends.console import Tone
from engine.frontends.loop import Run, new_session_id, system_clock
from engine.frontends.web.config import WebConfig
from engine.frontends.web.store import WebStore


class Shown:
    """A ``Console`` that keeps what the run loop would show (a save that failed says the answer back)."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def show(self, text: str, tone: Tone = Tone.SAY) -> None:
        self.said.append(text)

    def ask(self, question: object, toolbar: str) -> str | None:  # pragma: no cover - never asked
        return None


@dataclass
class Held:
    """A conversation as the store has it, ready to show or to answer."""

    record: SessionRecord
    run: Run
    version: int  # entries in the stored log: a form made from an older page is stale
    shown: Shown = field(default_factory=Shown)

    @property
    def conversation(self) -> Conversation:
        return self.run.conversation

    def turn(self) -> Turn:
        return self.conversation.current_turn()

    def save(self, status: Status | None = None) -> None:
        self.run.save(status)

    def changed(self) -> bool:
        return len(self.conversation.log) != self.version


def open_held(config: WebConfig, store: WebStore, record: SessionRecord) -> Held:
    conversation = Conversation(config.library, config.messages, record.dialogue, record.log,
                                resources=config.resources, given=record.context)
    shown = Shown()
    run = Run(conversation, record, store, shown, config.messages, command="peercoach serve")
    return Held(record, run, len(record.log), shown)


def new_record(config: WebConfig, store: WebStore, person: str, dialogue_id: str,
               now: datetime | None = None) -> SessionRecord:
    """A new session of ``dialogue_id`` for ``person``, given what the command line gives one."""
    moment = now or system_clock()
    dialogue = config.library[dialogue_id]
    session = new_session_id(moment)
    return SessionRecord(id=session, dialogue=dialogue.id, source=config.source_of(dialogue),
                         created=moment.isoformat(timespec="seconds"),
                         person=person, context=config.new_context(store, person, moment, dialogue))


def after(turn: Turn) -> Status:
    """The status an answer's turn leaves the session in."""
    if turn.outcome is Outcome.FINISHED:
        return Status.FINISHED
    if turn.outcome is Outcome.PAUSE:
        return Status.PAUSED
    return Status.ACTIVE
