"""What is saved about a conversation: the append-only answer log and a little metadata.

The log is the source of truth. Where the conversation stands (node, variables, call stack)
is derived from it by replaying it through the dialogue, so a saved session is just data.
"""

from __future__ import annotations

import builtins
import copy
from dataclasses import FrozenInstanceError, dataclass, field
from enum import Enum
from typing import Any

FORMAT_VERSION = 1


class Status(str, Enum):
    ACTIVE = "active"
    PAUSED = "paused"
    FINISHED = "finished"


class EntryKind(str, Enum):
    ANSWER = "answer"
    SKIP = "skip"  # an optional question left out
    BACK = "back"  # undoes the latest answer still in force; the undone answer stays in the log
    SAFETY = "safety"  # an answer to a safety question (continue or stop; the gentle check)
    NOTE = "note"  # words that answered no question but were kept (they raised a safety concern)
    OFFER = "offer"  # yes or no to an information card offered after an answer (its `offer`)
    # The dialogue was edited since these answers were given: only the first ``value`` answers
    # in force still apply; the rest are asked again. Nothing is removed from the log.
    REPLAYED = "replayed"


_FIELDS = ("node", "value", "text", "display", "question", "kind", "at", "safety", "type", "offer")
_AS_TYPED = object()  # in an entry's shape: "the text as typed" (the value and display of a free answer)
_SHAPES: dict[tuple[Any, ...], tuple[Any, ...]] = {}  # each shape as first made, shared by equal entries
_SHAPES_KEPT = 20_000  # shapes remembered (a library asks hundreds of questions, each read a few ways)


class Entry:
    """One event of the log, exactly as given: an answer, a skip, or going back.

    A session keeps every entry of its log in memory, so an entry holds three things: what was
    typed, when, and its *shape*: where it was given, the question as shown, the kind, the answer
    type and how the words were read. Entries given at the same place and read the same way
    ("yes" at a yes/no question; any free answer, whose value and display are its words) share
    one shape, across sessions; a value that is a list or a record, or a safety finding, gets a
    shape of its own. The fields read as before (``entry.value``...), and the entry is frozen;
    ``replaced`` makes a changed copy (a frozen dataclass of ten slots was 112 bytes, this 56).
    """

    __slots__ = ("text", "at", "_shape")

    text: str  # what the person typed, kept word for word
    at: str | None  # ISO time handed in by the front end; the core reads no clock
    _shape: tuple[Any, ...]  # node, value, display, question, kind, safety, type, offer

    def __init__(self, node: str, value: Any = None, text: str = "", display: str = "", question: str = "",
                 kind: EntryKind = EntryKind.ANSWER, at: str | None = None, safety: dict[str, Any] | None = None,
                 type: str | None = None, offer: dict[str, str] | None = None):
        # node: where it happened, e.g. "strengths:resources > resource-map:people"; value: the parsed
        # answer (None for skip and back); display: the answer as it reads back ("yes", "Family");
        # question: as it was shown; safety: what the safety check found in ``text``, if anything;
        # the answer ``type`` the question had, so an edited dialogue can be noticed; offer: a card
        # offered after this answer, for a topic it raised: {"card": ID, "topic": "rent"}.
        typed = builtins.type(text) is str
        kept_value = _AS_TYPED if typed and builtins.type(value) is str and value == text else value
        shown: object = _AS_TYPED if typed and builtins.type(display) is str and display == text else display
        shape = (node, kept_value, shown, question, kind, safety, type, offer)
        setattr_ = object.__setattr__
        setattr_(self, "text", text)
        setattr_(self, "at", at)
        setattr_(self, "_shape", _shared(shape))

    # -- the fields ---------------------------------------------------------------------
    @property
    def node(self) -> str:
        node: str = self._shape[0]
        return node

    @property
    def value(self) -> Any:
        value = self._shape[1]
        return self.text if value is _AS_TYPED else value

    @property
    def display(self) -> str:
        display: str = self._shape[2]
        return self.text if display is _AS_TYPED else display

    @property
    def question(self) -> str:
        question: str = self._shape[3]
        return question

    @property
    def kind(self) -> EntryKind:
        kind: EntryKind = self._shape[4]
        return kind

    @property
    def safety(self) -> dict[str, Any] | None:
        safety: dict[str, Any] | None = self._shape[5]
        return safety

    @property
    def type(self) -> str | None:
        answer_type: str | None = self._shape[6]
        return answer_type

    @property
    def offer(self) -> dict[str, str] | None:
        offer: dict[str, str] | None = self._shape[7]
        return offer

    @property
    def skipped(self) -> bool:
        return self.kind is EntryKind.SKIP

    def fields(self) -> tuple[Any, ...]:
        """Every field's value, in the order of ``Entry(...)``'s parameters."""
        node, value, display, question, kind, safety, answer_type, offer = self._shape
        text = self.text
        return (node, text if value is _AS_TYPED else value, text, text if display is _AS_TYPED else display,
                question, kind, self.at, safety, answer_type, offer)

    def replaced(self, **changes: Any) -> Entry:
        """A copy with some fields changed (as ``dataclasses.replace`` did)."""
        return Entry(**{**dict(zip(_FIELDS, self.fields(), strict=True)), **changes})

    # -- a frozen value -----------------------------------------------------------------
    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Entry:
            return NotImplemented
        assert isinstance(other, Entry)
        return self.fields() == other.fields()

    def __hash__(self) -> int:
        return hash(self.fields())

    def __repr__(self) -> str:
        return "Entry(" + ", ".join(f"{name}={value!r}" for name, value in zip(_FIELDS, self.fields(),
                                                                               strict=True)) + ")"

    def __reduce__(self) -> tuple[Any, ...]:
        return Entry, self.fields()  # pickled and deep-copied as its fields (the shape is shared again)

    # -- as stored ----------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """As stored: every field that has a value (written out by hand: this runs at every save)."""
        node, value, display, question, kind, safety, answer_type, offer = self._shape
        text = self.text
        data = {"node": node, "value": text if value is _AS_TYPED else value, "text": text,
                "display": text if display is _AS_TYPED else display, "question": question, "kind": kind.value,
                "at": self.at, "safety": safety, "type": answer_type, "offer": offer}
        return {k: v for k, v in data.items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        known = {k: data[k] for k in _FIELDS if k in data}
        known["kind"] = EntryKind(known.get("kind", "answer"))
        return cls(**known)


_SHAREABLE = (str, int, bool, type(None))


def _shared(shape: tuple[Any, ...]) -> tuple[Any, ...]:
    """The one shape equal to ``shape`` (the first made), when everything in it is a plain,
    unchangeable value; else ``shape`` itself (a list value, a finding or an offer is the entry's
    own). The key holds each value's type, so ``True`` and ``1`` (equal in Python) stay apart."""
    if type(shape[4]) is not EntryKind or not all(type(part) in _SHAREABLE or part is _AS_TYPED
                                                   for part in shape[:4] + shape[5:]):
        return shape
    key = (*shape, type(shape[1]))
    kept = _SHAPES.get(key)
    if kept is not None:
        return kept
    if len(_SHAPES) < _SHAPES_KEPT:
        _SHAPES[key] = shape
    return shape


SAFETY_STEP = "safety"  # the last step of a path while the safety net has the dialogue paused
_WRITTEN: dict[tuple[tuple[tuple[str, str], ...], str | None], str] = {}  # each place as written, once
_WRITTEN_KEPT = 20_000  # places remembered (a library has hundreds of nodes; call stacks add a few)


@dataclass(frozen=True)
class NodePath:
    """Where in the dialogues something happened: the call stack as (dialogue, node) steps,
    outermost first, and the safety pause it was in, if any.

    Written in the log as ``welcome:start > goals:what`` (``... > safety:acute`` in a pause):
    ``str()`` writes that form and ``parse`` reads it, and nothing else takes it apart.
    """

    steps: tuple[tuple[str, str], ...]
    safety: str | None = None  # the pause's name ("acute", "check", "settle")

    def __str__(self) -> str:
        # One string for each place, shared by every entry given there (a log holds thousands).
        written = _WRITTEN.get((self.steps, self.safety))
        if written is None:
            steps = [f"{dialogue}:{node}" for dialogue, node in self.steps]
            if self.safety is not None:
                steps.append(f"{SAFETY_STEP}:{self.safety}")
            written = " > ".join(steps)
            if len(_WRITTEN) < _WRITTEN_KEPT:
                _WRITTEN[(self.steps, self.safety)] = written
        return written

    @classmethod
    def parse(cls, text: str) -> NodePath:
        steps = [tuple(step.split(":", 1)) for step in text.split(" > ") if ":" in step]
        safety = None
        if steps and steps[-1][0] == SAFETY_STEP:
            safety = steps.pop()[1]
        return cls(tuple((d, n) for d, n in steps), safety)

    @property
    def last(self) -> tuple[str, str]:
        """The innermost step: the dialogue and node the entry was given at."""
        return self.steps[-1]

    @property
    def callers(self) -> tuple[tuple[str, str], ...]:
        """The call nodes that led there, outermost first."""
        return self.steps[:-1]

    def in_safety(self, pause: str | None = None) -> NodePath:
        """The same place, inside the safety net's pause ``pause``."""
        return NodePath(self.steps, pause)


@dataclass(frozen=True)
class Fact:
    """What a dialogue's ``record`` node noted (a goal, a check-in, a strength, a resource): its
    fields' values, when the answer that led there was given, and the node's path. The store
    keeps the person's record in step with these; summaries chart them."""

    kind: str  # one of the kinds in ``engine.dialogue.model.RECORD_FIELDS``
    fields: dict[str, Any]
    at: str | None = None
    node: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "fields": copy.deepcopy(self.fields), "at": self.at, "node": self.node}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fact:
        return cls(data["kind"], copy.deepcopy(data.get("fields") or {}), data.get("at"), data.get("node", ""))

    @property
    def day(self) -> str | None:
        """The calendar day it was noted (the first ten characters of an ISO time), if known."""
        return self.at[:10] if self.at else None


_FOLLOW_UPS = (EntryKind.SAFETY, EntryKind.NOTE, EntryKind.OFFER)


def answers_in_force(log: list[Entry] | tuple[Entry, ...]) -> list[Entry]:
    """The entries that still count once every ``back`` has undone its answer (and what
    followed from that answer). The full log keeps everything, safety events included."""
    kept: list[Entry] = []
    for entry in log:
        if entry.kind is EntryKind.REPLAYED:
            del kept[entry.value:]
        elif entry.kind is EntryKind.BACK:
            while kept and kept[-1].kind in _FOLLOW_UPS:
                kept.pop()
            if kept:
                kept.pop()
        else:
            kept.append(entry)
    return kept


def count_answers(log: list[Entry] | tuple[Entry, ...]) -> int:
    """Answers (and skips) still in force: what `sessions list` reports as ``answers``."""
    return sum(e.kind in (EntryKind.ANSWER, EntryKind.SKIP) for e in answers_in_force(log))


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
    person: str | None = None  # the pseudonym of whoever is talking
    # What the dialogue was given at the start (the person's open goals...). Kept with the
    # session so that replaying it later gives the same conversation, whatever changed since.
    context: dict[str, Any] = field(default_factory=dict)
    # What the dialogue's ``record`` nodes produced (goals, check-ins...): derived from the log,
    # handed to the store so that it can keep the person's progress in step with the answers.
    facts: list[Fact] = field(default_factory=list, compare=False)
    # How many answers are in force, when the caller already knows it (a running conversation
    # does); otherwise it is counted from the log. Kept so a save costs the same at any length.
    answered: int | None = field(default=None, compare=False)

    @property
    def answers(self) -> int:
        return self.answered if self.answered is not None else count_answers(self.log)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "id": self.id,
            "dialogue": self.dialogue,
            "source": self.source,
            "status": self.status.value,
            "created": self.created,
            "updated": self.updated,
            "person": self.person,
            "context": self.context,
            "answers": self.answers,
            "log": [entry.to_dict() for entry in self.log],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionRecord:
        return cls(
            id=data["id"],
            dialogue=data["dialogue"],
            log=[Entry.from_dict(e) for e in data.get("log", [])],
            status=Status(data.get("status", "active")),
            source=data.get("source"),
            created=data.get("created"),
            updated=data.get("updated"),
            person=data.get("person"),
            context=data.get("context") or {},
        )
