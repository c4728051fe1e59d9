"""Running dialogue test cases through the real state machine, and saying where one diverged."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.authoring.cases import Case
from engine.conversation.machine import Conversation
from engine.conversation.messages import Messages
from engine.conversation.session import Status
from engine.conversation.walk import Step
from engine.dialogue.loader import load_library
from engine.dialogue.model import Library
from engine.ground.errors import DialogueLoadError, DialogueRuntimeError
from engine.ground.files import resource_dir
from engine.render.summary import render_summary
from engine.safety import Level

_MISSING = object()


@dataclass
class Outcome:
    case: Case
    failures: list[str] = field(default_factory=list)
    trace: list[Step] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def run_case(library: Library, messages: Messages, case: Case) -> Outcome:
    """One case: its answers typed in turn, then each expectation checked."""
    outcome = Outcome(case)
    if case.folders:
        try:
            library = with_folders(library, case.folders)
        except DialogueLoadError as problems:
            outcome.failures.append(f"the dialogues added for this case have errors:\n{problems}")
            return outcome
    if case.dialogue not in library:
        outcome.failures.append(f"there is no dialogue `{case.dialogue}` to test")
        return outcome
    trace: list[Step] = []
    shown: list[str] = []
    at_answer: list[int] = []  # where each answer's steps start in the trace
    try:
        # The test's clock (engine.authoring.cases.FIXED_NOW unless it says `now:`): its day is
        # `today`, unless the case gives its own, and every answer is given at that moment.
        given = {"today": case.now[:10], **case.given}
        conversation = Conversation(library, messages, case.dialogue, given=given, trace=trace)
        turn = conversation.current_turn()
        shown += [*turn.messages, *([turn.question.text] if turn.question else [])]
        for answer in case.answers:
            at_answer.append(len(trace))
            if conversation.finished:
                outcome.failures.append(f"the dialogue ended before answer {len(at_answer)} ({answer!r})")
                break
            turn = conversation.reply(answer, now=case.now)
            shown += [*turn.messages, *([turn.notice] if turn.notice else []),
                      *([turn.question.text] if turn.question else [])]
    except DialogueRuntimeError as problem:
        outcome.failures.append(f"the dialogue stopped with an error: {problem}")
        outcome.trace = trace
        return outcome
    outcome.trace = trace
    _check_visits(outcome, trace, at_answer)
    _check_values(outcome, conversation, shown)
    return outcome


def with_folders(library: Library, folders: tuple[Path, ...]) -> Library:
    """The library loaded again with more folders (or packs): the bundled dialogues, the folders
    of the library's other dialogues, then these."""
    bundled = os.path.realpath(resource_dir("dialogues"))
    theirs = dict.fromkeys(Path(d.path).parent for d in library.dialogues.values()
                           if os.path.dirname(os.path.realpath(d.path)) != bundled)
    return load_library([*theirs, *folders])


def _named(step: Step, top: str) -> str:
    return step.node if step.dialogue == top else f"{step.dialogue}:{step.node}"


def _check_visits(outcome: Outcome, trace: list[Step], at_answer: list[int]) -> None:
    case = outcome.case
    walked = [_named(step, case.dialogue) for step in trace]
    position = 0
    for wanted in case.visits:
        try:
            position = walked.index(wanted, position) + 1
        except ValueError:
            since = " -> ".join(dict.fromkeys(walked[max(0, position - 1):position + 6])) or "nothing"
            answer = sum(1 for start in at_answer if start <= position) if position else 0
            when = f"after answer {answer} ({case.answers[answer - 1]!r})" if answer else "before any answer"
            outcome.failures.append(f"expected to visit `{wanted}`, but {when} the walk went {since}")
            return
    for unwanted in case.never:
        if unwanted in walked:
            outcome.failures.append(f"visited `{unwanted}`, which this case must never reach")


def _value(variables: dict[str, Any], dotted: str) -> Any:
    value: Any = variables
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _check_values(outcome: Outcome, conversation: Conversation, shown: Iterable[str]) -> None:
    case = outcome.case
    if case.finished is not None and conversation.finished is not case.finished:
        outcome.failures.append("expected the dialogue to " + ("finish" if case.finished else "still be going"))
    variables = conversation.variables()
    for name, wanted in case.variables.items():
        found = _value(variables, name)
        if found is _MISSING:
            outcome.failures.append(f"there is no variable `{name}`")
        elif found != wanted:
            outcome.failures.append(f"`{name}` is {found!r}, expected {wanted!r}")
    if case.safety is not None:
        levels = [str(event.get("level", "none")) for event in conversation.safety_events()]
        met = max((Level[level.upper()] for level in levels if level.upper() in Level.__members__), default=Level.NONE)
        if met.name.lower() != case.safety:
            outcome.failures.append(f"the safety net met `{met.name.lower()}`, expected `{case.safety}`")
    everything = "\n".join(shown)
    for words in case.says:
        if words not in everything:
            outcome.failures.append(f"never said {words!r}")
    if case.summary:
        status = Status.FINISHED if conversation.finished else Status.PAUSED
        summary = render_summary(conversation, "markdown", status=status)
        for words in case.summary:
            if words not in summary:
                outcome.failures.append(f"the summary does not contain {words!r}")
