"""The conversation loop shared by every front end (plain lines or the full terminal UI).

A ``Console`` (engine.frontends.console) only shows text and reads an answer; this loop asks the
core for turns, saves the session after every answer (before the next question is shown) and handles pause and the end.
"""

from __future__ import annotations

import re
import secrets
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from engine.conversation.machine import Conversation
from engine.conversation.messages import Messages
from engine.conversation.safetynet import SafetyNet
from engine.conversation.session import EntryKind, SessionRecord, Status
from engine.conversation.turns import Outcome, Question, Turn
from engine.frontends.console import Console, Tone
from engine.ground.errors import PeercoachError, StoreError
from engine.ground.files import OutputError, write_private
from engine.render.summary import format_for, render_summary
from engine.safety.resources import Resources
from engine.store.interface import SessionStore

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def new_session_id(now: datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(3)


@dataclass
class Run:
    """One conversation being held: the core, its stored record, and where things go."""

    conversation: Conversation
    record: SessionRecord
    store: SessionStore
    console: Console
    messages: Messages
    clock: Clock = system_clock
    out: Path | None = None
    # How the person starts peercoach again, as they would type it (with the store they chose).
    command: str = "peercoach"
    # `run --watch`: called before each question; a fresh conversation (the edited dialogue, the
    # answers so far replayed) when the files changed, else None. The text says what happened.
    reload: Callable[[Conversation], tuple[Conversation | None, str | None]] | None = None

    def now(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    def save(self, status: Status | None = None) -> None:
        if status is not None:
            self.record.status = status
        self.record.log.extend(self.conversation.log_since(len(self.record.log)))  # the log only grows
        self.record.facts = self.conversation.facts
        self.record.answered = self.conversation.answered
        self.record.updated = self.now()
        try:
            self.store.save(self.record)
        except StoreError as problem:
            # Say the unsaved words back, so that even a full disk does not lose them.
            typed = [e.text for e in self.record.log[-3:] if e.kind is not EntryKind.BACK and e.text]
            if typed:
                self.console.show(self.messages("session.not_saved", problem=str(problem), answer=typed[-1]),
                                  Tone.NOTICE)
            raise

    def tell_about_edits(self) -> None:
        """On resume: which saved answers an edited dialogue no longer uses or must ask again,
        and a dialogue that broke on one of them (the person answers it again)."""
        dropped, reasked = self.conversation.dropped, self.conversation.reasked
        if self.conversation.problem is not None:
            self.console.show(self.messages("notices.dialogue_broken", problem=str(self.conversation.problem)),
                              Tone.NOTICE)
        if not (dropped or reasked):
            return
        lines = [self.messages("session.edited")]
        if dropped:
            lines.append(self.messages("session.edited_dropped", questions=[e.question for e in dropped]))
        if reasked:
            lines.append(self.messages("session.edited_reasked", questions=[e.question for e in reasked]))
        self.console.show("\n".join(lines), Tone.NOTICE)

    def toolbar(self, question: Question) -> str:
        hint = self.messages("session.choice_hint" if question.type == "choice" else "session.text_hint")
        return self.messages("session.toolbar", title=question.title, section=question.section,
                             step=question.step, total=question.total, hint=hint)

    def summary(self, fmt: str = "markdown") -> str:
        status = Status.FINISHED if self.conversation.finished else self.record.status
        return render_summary(self.conversation, fmt, status=status,
                              generated=self.clock().astimezone().strftime("%d %B %Y"),
                              session_id=self.record.id)

    def write_summary(self, path: Path) -> int:
        """Write the summary (owner-only, whole or not at all); 1 when it could not be written.

        The answers are already saved by then, so a failure (the folder went away, the disk is
        full) is told to the person with the command that writes it again, not raised.
        """
        try:
            write_private(path, self.summary(format_for(path)))
        except OutputError as problem:
            self.console.show(self.messages("session.summary_not_written", problem=str(problem), path=str(path),
                                            session=self.record.id, command=self.command), Tone.NOTICE)
            return 1
        self.console.show(self.messages("session.saved_summary", path=str(path)), Tone.NOTICE)
        return 0

    def pause(self) -> int:
        self.save(Status.PAUSED)
        written = self.write_summary(self.out) if self.out is not None else 0
        self.console.show(self.messages("session.paused", session=self.record.id, command=self.command),
                          Tone.NOTICE)
        return written

    def hold(self) -> int:
        """Hold the conversation until it ends or is paused; returns the exit status.

        Ctrl-C (SIGINT), wherever it lands, pauses like /pause: the session is saved as paused,
        with every answer given, instead of being left active.
        """
        try:
            return self._hold()
        except KeyboardInterrupt:
            return self._interrupted()

    def _interrupted(self) -> int:
        with _no_interrupts():
            if self.conversation.finished:  # Ctrl-C cut the goodbye short: it stays finished
                self.save(Status.FINISHED)
                return 0
            return self.pause()

    def _hold(self) -> int:
        self.save(Status.ACTIVE)
        turn = self.conversation.current_turn()
        while True:
            self._show(turn)
            if turn.outcome is Outcome.FINISHED:
                self.save(Status.FINISHED)
                self.console.show(self.summary(), Tone.SUMMARY)
                return self.write_summary(self.out) if self.out is not None else 0
            if turn.outcome is Outcome.PAUSE:
                return self.pause()
            if turn.outcome is Outcome.SUMMARY:
                self.console.show(self.summary(), Tone.SUMMARY)
            if self.reload is not None:
                fresh, said = self.reload(self.conversation)
                if said:
                    self.console.show(said, Tone.NOTICE)
                if fresh is not None:
                    self.conversation = fresh
                    self.tell_about_edits()
                    turn = fresh.current_turn()
                    continue
            question = turn.question
            assert question is not None  # every turn that asks carries its question
            answer = self.console.ask(question, self.toolbar(question))
            if answer is None:
                return self.pause()
            before = len(self.conversation.log)
            try:
                turn = self.conversation.reply(answer, now=self.now())
            except PeercoachError:
                self.save(Status.PAUSED)  # a broken dialogue must not cost the person their answer
                raise
            if len(self.conversation.log) != before:
                self.save()  # every answer is on disk before the next question appears

    def _show(self, turn: Turn) -> None:
        # A notice is about what was just typed ("Skipped."), so it comes before what follows.
        if turn.notice:
            self.console.show(turn.notice, Tone.NOTICE)
        for message in turn.messages:
            self.console.show(message, Tone.SAY)





@contextmanager
def _no_interrupts() -> Iterator[None]:
    """A second Ctrl-C while the pause is being saved waits until it is saved."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)





NAME = re.compile(r"[^\W_][\w .'-]{0,39}")  # letters, digits, spaces, . ' - ; 1 to 40 characters


def ask_person(console: Console, messages: Messages, resources: Resources | None) -> str | None:
    """Ask who is talking (a name or nickname of their choosing); None when they stop instead.

    The answer is free text from a client, so the safety net reads it like any other.
    """
    question = Question.prompt("person", messages("person.ask"))
    while True:
        answer = console.ask(question, messages("person.hint"))
        if answer is None:
            return None
        name = " ".join(answer.split())
        said = SafetyNet(messages, resources).outside(answer)
        if said is not None:
            console.show(said, Tone.SAY)  # then the name question again
        elif NAME.fullmatch(name):
            console.show(messages("person.nice_to_meet", name=name), Tone.NOTICE)
            return name
        else:
            console.show(messages("person.invalid"), Tone.NOTICE)
