"""The state machine: a pure core that takes what a person typed and returns the next turn.

No I/O, no clock, no randomness. A ``Conversation`` keeps an append-only log of answers; the
state (the call stack of frames, each with its node and variables) is what replaying that log
through the dialogue gives. An answer moves the state forward from where it is, so a turn costs
the same at answer 3 and answer 300; only ``/back`` and resuming replay the log from the start.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Sequence

from engine.answers import PARSERS, Accepted, display
from engine.errors import DialogueRuntimeError, did_you_mean
from engine.messages import Messages
from engine.model import Ask, Branch, Call, Dialogue, End, Library, Node, Say, SetVars
from engine.session import Entry, EntryKind, answers_in_force

COMMAND_PREFIX = "/"
COMMANDS = ("help", "back", "skip", "repeat", "summary", "pause")
STEP_LIMIT = 10_000  # nodes run between two questions before we call it a runaway loop
MAX_CALL_DEPTH = 32


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


@dataclass(frozen=True)
class Turn:
    outcome: Outcome
    messages: tuple[str, ...] = ()  # things said before the question (say and end nodes)
    notice: str | None = None  # a re-ask hint, help text, or a note about a command
    question: Question | None = None


@dataclass
class Frame:
    """One dialogue on the call stack: where it is and its own variables."""

    dialogue: str
    node: str
    variables: dict[str, Any]
    namespace: str | None = None  # the caller's variable that receives ours on return

    def to_dict(self) -> dict[str, Any]:
        return {"dialogue": self.dialogue, "node": self.node,
                "variables": self.variables, "namespace": self.namespace}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Frame":
        return cls(data["dialogue"], data["node"], copy.deepcopy(data["variables"]), data.get("namespace"))


@dataclass
class State:
    frames: list[Frame]
    finished: bool = False
    pending: list[str] = field(default_factory=list)  # said since the last question

    def to_dict(self) -> dict[str, Any]:
        return {"frames": [f.to_dict() for f in self.frames], "finished": self.finished,
                "pending": list(self.pending)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "State":
        return cls([Frame.from_dict(f) for f in data["frames"]], data["finished"], list(data["pending"]))


class Conversation:
    """One person's walk through one dialogue."""

    def __init__(self, library: Library, messages: Messages, dialogue_id: str,
                 log: Sequence[Entry] = (), *, step_limit: int = STEP_LIMIT):
        self.library = library
        self.messages = messages
        self.dialogue = library[dialogue_id]
        self.step_limit = step_limit
        self.dropped: list[Entry] = []  # saved answers that no longer fit the dialogue
        self._history: list[Entry] = list(log)  # append-only: nothing typed is ever removed
        self._replay(answers_in_force(self._history))

    # -- reading the state --------------------------------------------------------------
    @property
    def log(self) -> tuple[Entry, ...]:
        """Everything that happened, including answers later undone with /back."""
        return tuple(self._history)

    @property
    def answers(self) -> tuple[Entry, ...]:
        """The answers (and skips) in force, in the order they were given."""
        return tuple(self._log)

    @property
    def finished(self) -> bool:
        return self.state.finished

    def variables(self) -> dict[str, Any]:
        """The session's variables, each called dialogue's nested under its namespace."""
        merged = copy.deepcopy(self.state.frames[0].variables)
        inner = merged
        for frame in self.state.frames[1:]:
            inner[frame.namespace] = copy.deepcopy(frame.variables)
            inner = inner[frame.namespace]
        return merged

    def current_turn(self) -> Turn:
        """What to show now: anything said since the last question, then the question."""
        if self.state.finished:
            return Turn(Outcome.FINISHED, tuple(self.state.pending))
        return Turn(Outcome.ASK, tuple(self.state.pending), question=self.question())

    def question(self) -> Question:
        frame, ask = self._frame(), self._ask()
        step = len(self._log) + 1  # answers in force, so /back moves the count back too
        return Question(
            path=self._path(), text=ask.text.render(frame.variables), type=ask.answer.type,
            options=self._labels(ask), optional=ask.optional, minimum=ask.answer.minimum,
            maximum=ask.answer.maximum, title=self.dialogue.title, section=ask.section,
            step=step, total=max(step, len(self._log) + self._remaining()))

    # -- acting on input ----------------------------------------------------------------
    def reply(self, text: str, *, now: str | None = None) -> Turn:
        """Handle one line from the person: a command (``/back``...) or an answer."""
        if self.state.finished:
            return Turn(Outcome.FINISHED)
        stripped = text.strip()
        if stripped.startswith(COMMAND_PREFIX * 2):
            text = stripped[1:]  # "//x" is the literal answer "/x"
        elif stripped.startswith(COMMAND_PREFIX):
            return self.command(stripped[1:].strip().lower(), now=now)
        ask = self._ask()
        if not stripped and ask.optional:
            return self.skip(now=now)  # Enter on its own leaves an optional question out
        labels = self._labels(ask)
        result = PARSERS[ask.answer.type](ask.answer, labels, text)
        if not isinstance(result, Accepted):
            return self._ask_again(self.messages(result.message, **result.params))
        entry = Entry(node=self._path(), value=result.value, text=text,
                      display=display(ask.answer, labels, result.value),
                      question=ask.text.render(self._frame().variables), at=now)
        return self._advance(entry)

    def command(self, word: str, *, now: str | None = None) -> Turn:
        if word == "help":
            return self._ask_again(self._help())
        if word == "repeat":
            return self._ask_again(None)
        if word == "pause":
            return Turn(Outcome.PAUSE, question=self.question())
        if word == "summary":
            return Turn(Outcome.SUMMARY, question=self.question())
        if word == "back":
            return self.back(now=now)
        if word == "skip":
            return self.skip(now=now)
        return self._ask_again(self.messages("commands.unknown", word=word,
                                             suggestion=_closest(word, COMMANDS)))

    def skip(self, *, now: str | None = None) -> Turn:
        ask = self._ask()
        if not ask.optional:
            return self._ask_again(self.messages("notices.skip_not_allowed"))
        entry = Entry(node=self._path(), kind=EntryKind.SKIP,
                      question=ask.text.render(self._frame().variables), at=now)
        turn = self._advance(entry)
        return Turn(turn.outcome, turn.messages, self.messages("notices.skipped"), turn.question)

    def back(self, *, now: str | None = None) -> Turn:
        """Undo the last answer and everything it led to, by replaying the answers before it."""
        if not self._log:
            return self._ask_again(self.messages("notices.back_at_start"))
        undone = self._log[-1]
        self._history.append(Entry(node=self._path(), kind=EntryKind.BACK, at=now))
        self._replay(self._log[:-1])
        notice = self.messages("notices.went_back", answer=undone.display or undone.text)
        return Turn(Outcome.ASK, notice=notice, question=self.question())

    # -- moving through the dialogue ----------------------------------------------------
    def _replay(self, answers: Sequence[Entry]) -> None:
        start = self.dialogue
        self.state = State([Frame(start.id, start.start, start.initial_variables())])
        self._log: list[Entry] = []  # the answers in force
        self.state.pending = self._run()
        for index, entry in enumerate(answers):
            if self.state.finished or entry.node != self._path():
                self.dropped = list(answers[index:])
                return
            self._apply(entry)

    def _advance(self, entry: Entry) -> Turn:
        self._history.append(entry)
        self._apply(entry)
        return self.current_turn()

    def _apply(self, entry: Entry) -> None:
        frame, ask = self._frame(), self._ask()
        frame.variables[ask.save] = copy.deepcopy(entry.value)
        branches = ask.next
        if entry.kind is EntryKind.ANSWER:
            chosen = next((o for o in ask.answer.options if o.value == entry.value), None)
            if chosen is not None and chosen.next:
                branches = chosen.next
        frame.node = self._choose(branches, frame.variables, ask)
        self._log.append(entry)
        self.state.pending = self._run()

    def _run(self) -> list[str]:
        """Run say, set, call and end nodes until a question is waiting or the dialogue ends."""
        said: list[str] = []
        frames = self.state.frames
        for _ in range(self.step_limit):
            frame = frames[-1]
            node = self.library[frame.dialogue].nodes[frame.node]
            if isinstance(node, Ask):
                return said
            if isinstance(node, Say):
                said.append(node.text.render(frame.variables))
                frame.node = self._choose(node.next, frame.variables, node)
            elif isinstance(node, SetVars):
                for name, expression in node.assignments:
                    frame.variables[name] = _storable(expression.evaluate(frame.variables), node, name)
                frame.node = self._choose(node.next, frame.variables, node)
            elif isinstance(node, Call):
                frames.append(self._enter(node, frame))
            elif isinstance(node, End):
                if node.text is not None:
                    said.append(node.text.render(frame.variables))
                if len(frames) == 1:
                    self.state.finished = True
                    return said
                done = frames.pop()
                caller = frames[-1]
                caller.variables[done.namespace] = done.variables
                call = self.library[caller.dialogue].nodes[caller.node]
                caller.node = self._choose(call.next, caller.variables, call)
        raise DialogueRuntimeError(node.span, f"ran {self.step_limit} steps without asking anything; "
                                   "the dialogue seems to loop forever")

    def _enter(self, call: Call, caller: Frame) -> Frame:
        if len(self.state.frames) >= MAX_CALL_DEPTH:
            raise DialogueRuntimeError(call.span, f"dialogues call each other more than {MAX_CALL_DEPTH} deep")
        callee: Dialogue = self.library[call.dialogue]
        variables = callee.initial_variables()
        for name, expression in call.arguments:
            variables[name] = _storable(expression.evaluate(caller.variables), call, name)
        return Frame(callee.id, callee.start, variables, call.namespace)

    @staticmethod
    def _choose(branches: Sequence[Branch], variables: dict[str, Any], node: Node) -> str:
        for branch in branches:
            if branch.condition is None or branch.condition.evaluate(variables):
                return branch.target
        raise DialogueRuntimeError(node.span, "no branch of `next` applies (is `else:` missing?)")

    # -- helpers ------------------------------------------------------------------------
    def _frame(self) -> Frame:
        return self.state.frames[-1]

    def _ask(self) -> Ask:
        frame = self._frame()
        return self.library[frame.dialogue].nodes[frame.node]

    def _path(self) -> str:
        return " > ".join(f"{f.dialogue}:{f.node}" for f in self.state.frames)

    def _labels(self, ask: Ask) -> tuple[str, ...]:
        variables = self._frame().variables
        return tuple(option.label.render(variables) for option in ask.answer.options)

    def _ask_again(self, notice: str | None) -> Turn:
        return Turn(Outcome.ASK, notice=notice, question=self.question())

    def _help(self) -> str:
        frame = self._frame()
        ask, dialogue = self._ask(), self.library[frame.dialogue]
        source = ask.help or dialogue.help or self.dialogue.help
        own = source.render(frame.variables) if source else self.messages("notices.no_help")
        lines = [own, "", self.messages("commands.intro")]
        lines += ["  " + self.messages(f"commands.{word}") for word in COMMANDS]
        lines.append(self.messages("commands.literal"))
        return "\n".join(lines)

    def _remaining(self) -> int:
        """About how many questions are left, counting the current one."""
        remaining = self.library.remaining
        frames = self.state.frames
        count = remaining.get((frames[-1].dialogue, frames[-1].node), 1)
        for frame in frames[:-1]:  # each caller still has the questions after its call
            call = self.library[frame.dialogue].nodes[frame.node]
            after = remaining[(frame.dialogue, frame.node)] - remaining[(call.dialogue, self.library[call.dialogue].start)]
            count += max(after, 0)
        return count if count < 10**8 else 1


def _storable(value: Any, node: Node, name: str) -> Any:
    """Values kept in a session must survive a JSON round trip."""
    if value is None or isinstance(value, (bool, int, str)):
        return value if not hasattr(value, "__html__") else str(value)
    if isinstance(value, float):
        if math.isfinite(value):
            return value
    elif isinstance(value, (list, tuple)):
        return [_storable(v, node, name) for v in value]
    elif isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: _storable(v, node, name) for k, v in value.items()}
    raise DialogueRuntimeError(node.span, f"`{name}` would hold a {type(value).__name__}, "
                               "which cannot be saved; use text, numbers, true/false, lists or mappings")


def _closest(word: str, words: Sequence[str]) -> str | None:
    hint = did_you_mean(word, words)
    return hint.split("`")[1] if hint else None
