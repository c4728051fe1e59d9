"""What is saved about a conversation: the append-only answer log and a little metadata.

The log is the source of truth. Where the conversation stands (node, variables, call stack)
is derived from it by replaying it through the dialogue, so a saved session is just data.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

FORMAT_VERSION = 1


class Status(str, Enum):
    ACTIVE = "active"
    PAUSED = "paused"
    FINISHED = "finished"


@dataclass(frozen=True)
class Entry:
    """One answer (or skip) to one question, exactly as given."""

    node: str  # where it was asked, e.g. "strengths:past_success > resource-map:people"
    value: Any  # the parsed answer (None when skipped)
    text: str = ""  # what the person typed, kept word for word
    display: str = ""  # the answer as it reads back ("yes", "Family")
    question: str = ""  # the question as it was shown
    skipped: bool = False
    at: str | None = None  # ISO time handed in by the front end; the core reads no clock

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Entry":
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


@dataclass
class SessionRecord:
    """A conversation as stored: which dialogue, its answers, and whether it is finished."""

    id: str
    dialogue: str
    log: list[Entry] = field(default_factory=list)
    status: Status = Status.ACTIVE
    source: str | None = None  # the dialogue file, when it is not one of the bundled ones
    created: str | None = None
    updated: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "id": self.id,
            "dialogue": self.dialogue,
            "source": self.source,
            "status": self.status.value,
            "created": self.created,
            "updated": self.updated,
            "log": [entry.to_dict() for entry in self.log],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "SessionRecord":
        return cls(
            id=data["id"],
            dialogue=data["dialogue"],
            log=[Entry.from_dict(e) for e in data.get("log", [])],
            status=Status(data.get("status", "active")),
            source=data.get("source"),
            created=data.get("created"),
            updated=data.get("updated"),
        )
