"""What the state machine hands its callers and keeps between answers: a ``Turn`` with its
``Question`` and ``Outcome``, and the ``State`` (the call stack of ``Frame``s), which serialises
to JSON."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from enum import Enum
from typing import Any

from engine.conversation.safetynet import Interlude
from engine.conversation.session import Fact


class Outcome(str, Enum):
    ASK = "ask"  # a question is waiting for an answer
    FINISHED = "finished"  # the dialogue reached its end
    PAUSE = "pause"  # the person asked to stop for now
    SUMMARY = "summary"  # the person asked to see the summary so far


@dataclass(frozen=True)
class Question:
    """Everything a front end needs to show the current question."""

    path: str
    text: str
    type: str
    options: tuple[str, ...]
    optional: bool
    minimum: float | None
    maximum: float | None
    title: str
    section: str | None
    step: int
    total: int


    @classmethod
    def prompt(cls, path: str, text: str, *, type: str = "text", options: tuple[str, ...] = ()) -> Question:
        """A question asked outside any dialogue (who is talking, which conversation to have)."""
        return cls(path=path, text=text, type=type, options=options, optional=False, minimum=None,
                   maximum=None, title="peercoach", section=None, step=1, total=1)


@dataclass(frozen=True)
class Turn:
    outcome: Outcome
    messages: tuple[str, ...] = ()  # things said before the question (say and end nodes)
    notice: str | None = None  # a re-ask hint, help text, or a note about a command
    question: Question | None = None


@dataclass(slots=True)
class Frame:
    """One dialogue on the call stack: where it is and its own variables (slots, as for ``State``:
    every live session holds these)."""

    dialogue: str
    node: str
    variables: dict[str, Any]
    namespace: str | None = None  # the caller's variable that receives ours on return

    def to_dict(self) -> dict[str, Any]:
        return {"dialogue": self.dialogue, "node": self.node,
                "variables": self.variables, "namespace": self.namespace}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Frame:
        return cls(data["dialogue"], data["node"], copy.deepcopy(data["variables"]), data.get("namespace"))


@dataclass(slots=True)
class State:
    """Where a walk stands. ``pending`` and ``facts`` are tuples, replaced rather than grown: most
    of the time they are empty, and the empty tuple costs a live session nothing."""

    frames: list[Frame]
    finished: bool = False
    pending: tuple[str, ...] = ()  # said since the last question
    interlude: Interlude | None = None  # the safety net is waiting for an answer
    facts: tuple[Fact, ...] = ()  # what `record` nodes noted so far
    offer: dict[str, str] | None = None  # a card offered for a topic an answer raised, waiting for yes or no

    def to_dict(self) -> dict[str, Any]:
        return {"frames": [f.to_dict() for f in self.frames], "finished": self.finished,
                "pending": list(self.pending), "interlude": self.interlude and self.interlude.value,
                "facts": [fact.to_dict() for fact in self.facts], "offer": self.offer}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> State:
        interlude = Interlude(data["interlude"]) if data.get("interlude") else None
        return cls([Frame.from_dict(f) for f in data["frames"]], data["finished"], tuple(data["pending"]),
                   interlude, tuple(Fact.from_dict(f) for f in data.get("facts", [])), data.get("offer"))
