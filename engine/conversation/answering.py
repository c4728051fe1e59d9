"""Reading a line typed to the current question: what the question's parser makes of it (with its
labels and the day it was typed), the log entry an answer gives, whether a saved answer still fits
a question edited since, and whether a client's free answer gives nothing for its question."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from engine.conversation.safetynet import SafetyNet
from engine.conversation.session import Entry, EntryKind
from engine.conversation.values import day_of, still_allowed
from engine.dialogue.choosing import shuffled
from engine.dialogue.model import AnswerSpec, Ask, Audience, Dialogue
from engine.safety import Finding, Level
from engine.understanding.answers import PARSERS, Accepted, Asking, Rejected, Result, display
from engine.understanding.listening import nonanswer

NONANSWER = "nonanswer"  # the value of a note kept for an answer that gave nothing for its question


def shown(ask: Ask, variables: dict[str, Any]) -> AnswerSpec:
    """The question's answer with its options in the order shown: as written or, with ``shuffle``,
    in this session's own order (by its seed and the question's id, so a replay shows the same)."""
    if not ask.shuffle:
        return ask.answer
    by_value = {repr(option.value): option for option in ask.answer.options}
    order = shuffled([repr(option.value) for option in ask.answer.options], variables.get("session_seed") or "", ask.id)
    return replace(ask.answer, options=tuple(by_value[value] for value in order))


def as_shown(ask: Ask, variables: dict[str, Any]) -> str:
    """The question's words as shown, as the log keeps them: interned, so the entries of every live
    session asked the same words hold one string ("What is step 1?")."""
    return sys.intern(ask.text.render(variables))


def labels_of(ask: Ask, variables: dict[str, Any]) -> tuple[str, ...]:
    """The question's options as shown, rendered with the dialogue's variables."""
    return tuple(option.label.render(variables) for option in shown(ask, variables).options)


def parse(ask: Ask, labels: tuple[str, ...], text: str, now: str | None, question: str = "",
          spec: AnswerSpec | None = None) -> Result:
    """What the question's parser makes of ``text``, typed at the moment ``now`` to ``question`` as
    shown (``spec``: the answer with its options in the order shown, by default as written)."""
    spec = spec or ask.answer
    return PARSERS[spec.type](Asking(spec, labels, day_of(now), question), text)


@dataclass(frozen=True)
class Answered:
    """An answer as the log keeps it, and how free words were read when that is worth saying back
    ("I already see Anne" at a yes/no question: yes)."""

    entry: Entry
    understood: str = ""


def answer_entry(ask: Ask, variables: dict[str, Any], text: str, now: str | None, *, path: str,
                 finding: Finding | None) -> Answered | Rejected:
    """The answer as the log keeps it, or why the words do not answer the question."""
    spec, labels = shown(ask, variables), labels_of(ask, variables)
    question = as_shown(ask, variables)  # rendered once, for the parser and the log
    result = parse(ask, labels, text, now, question, spec)
    if not isinstance(result, Accepted):
        return result
    value = result.value
    if finding is not None and finding.level > Level.NONE and ask.answer.type == "list":
        # "my sister, I want to kill myself": the words of danger are answered by the safety net
        # and kept in the log, but never listed as a support or a strength.
        value = [item for item in value if SafetyNet.read(str(item)) is None]
    entry = Entry(node=path, value=value, text=text, question=question, at=now,
                  display=display(spec, labels, value), type=ask.answer.type,
                  safety=finding.to_dict() if finding else None)
    return Answered(entry, result.understood)


def fit(entry: Entry, ask: Ask, variables: dict[str, Any]) -> Entry | None:
    """A saved answer as the current question takes it, or None when it no longer fits."""
    if entry.kind is EntryKind.SKIP:
        return entry if ask.optional else None
    if entry.kind is not EntryKind.ANSWER:
        return entry
    spec, labels = shown(ask, variables), labels_of(ask, variables)
    if entry.type in (None, ask.answer.type) and still_allowed(ask.answer, entry.value):
        return entry
    # The question changed kind (or lost the option chosen): read the words again.
    result = parse(ask, labels, entry.text, entry.at, entry.question, spec)
    if not isinstance(result, Accepted):
        return None
    return entry.replaced(value=result.value, display=display(spec, labels, result.value),
                   type=ask.answer.type)


def gives_nothing(dialogue: Dialogue, ask: Ask, entry: Entry) -> bool:
    """A client's free answer that gives nothing usable for this question (listening rules)."""
    if ask.answer.type not in ("text", "list") or dialogue.audience is not Audience.CLIENT:
        return False
    return nonanswer(entry.text, question=entry.question)


def offered_examples(in_force: Sequence[Entry], path: str) -> bool:
    """Whether the question at ``path`` was already asked again with examples after a non-answer."""
    last = in_force[-1] if in_force else None
    return last is not None and last.kind is EntryKind.NOTE and last.value == NONANSWER and last.node == path
