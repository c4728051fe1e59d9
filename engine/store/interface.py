"""What front ends ask of a store (``SessionStore``), and the small values it answers with."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from engine.conversation.session import SessionRecord, Status


class SessionStore(Protocol):
    def save(self, record: SessionRecord) -> None: ...

    def load(self, session_id: str) -> SessionRecord: ...

    def sessions(self, statuses: Iterable[Status] | None = None, person: str | None = None) -> list[SessionInfo]: ...

    def context_for(self, person: str) -> dict[str, Any]:
        """What a new conversation is given about the person: open goals, what they named before."""
        ...


@dataclass(frozen=True)
class SessionInfo:
    """One line of ``sessions list``: a session without its answers."""

    id: str
    person: str | None
    dialogue: str
    status: Status
    answers: int
    created: str | None
    updated: str | None
    source: str | None = None

    @classmethod
    def of(cls, record: SessionRecord) -> SessionInfo:
        return cls(record.id, record.person, record.dialogue, record.status, record.answers,
                   record.created, record.updated, record.source)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "person": self.person, "dialogue": self.dialogue, "status": self.status.value,
                "answers": self.answers, "updated": self.updated}


@dataclass(frozen=True)
class Imported:
    """What ``sessions import`` made of one file: the session it brought in, or why it skipped it."""

    path: Path
    session: SessionInfo | None = None
    skipped: str | None = None  # why the file was left out
    present: bool = False  # skipped because the store already has that session (not a problem)
