"""Small rules the state machine applies to values: what may be kept in a session, whether a saved
answer still fits an edited question, which option an answer chose, the day of a moment."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

from engine.conversation.session import Entry, EntryKind
from engine.dialogue.model import AnswerSpec, Ask, Node, Option
from engine.ground.errors import DialogueRuntimeError, did_you_mean


def storable(value: Any, node: Node, name: str) -> Any:
    """Values kept in a session must survive a JSON round trip."""
    if value is None or isinstance(value, (bool, int, str)):
        return value if not hasattr(value, "__html__") else str(value)
    if isinstance(value, float):
        if math.isfinite(value):
            return value
    elif isinstance(value, (list, tuple)):
        return [storable(v, node, name) for v in value]
    elif isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: storable(v, node, name) for k, v in value.items()}
    raise DialogueRuntimeError(node.span, f"`{name}` would hold a {type(value).__name__}, "
                               "which cannot be saved; use text, numbers, true/false, lists or mappings")


def still_allowed(spec: AnswerSpec, value: Any) -> bool:
    """Whether a saved value is still a possible answer (an option still offered, a number in range)."""
    if spec.type == "choice":
        return any(option.value == value for option in spec.options)
    if spec.type in ("number", "scale") and isinstance(value, (int, float)):
        return (spec.minimum is None or value >= spec.minimum) and (spec.maximum is None or value <= spec.maximum)
    return True


def chosen_option(ask: Ask | None, entry: Entry) -> Option | None:
    """The option an answer picked, when ``ask`` (the question it answered) is a choice."""
    if ask is None or entry.kind is not EntryKind.ANSWER:
        return None
    return next((o for o in ask.answer.options if o.value == entry.value), None)


def day_of(now: str | None) -> date | None:
    """The calendar day of the moment the caller handed in (an ISO timestamp), if any."""
    try:
        return date.fromisoformat(now[:10]) if now else None
    except ValueError:
        return None


def closest(word: str, words: Sequence[str]) -> str | None:
    hint = did_you_mean(word, words)
    return hint.split("`")[1] if hint else None
