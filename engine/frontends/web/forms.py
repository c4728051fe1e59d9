"""Reading a turn's form: which button was pressed, and the answer as the engine reads it.

Radio buttons send an option's number, a scale its value, a date its day (``2026-05-04``) unless
words were typed too ("next Friday"): the same text a person types in the terminal. Typed words go
to the engine as they are, so ``/back`` typed in a text box is a command there too.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from starlette.datastructures import FormData


class Action(str, Enum):
    ANSWER = "answer"
    BACK = "back"
    SKIP = "skip"
    PAUSE = "pause"


@dataclass(frozen=True)
class TurnForm:
    action: Action
    answer: str
    version: int | None  # the stored log's length when the page was made
    path: str


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def read_turn(form: FormData) -> TurnForm | None:
    """The form as sent, or None when it is not one of ours (a missing field, a wrong button)."""
    try:
        action = Action(_text(form, "action") or "answer")
    except ValueError:
        return None
    version_text = _text(form, "version")
    version = int(version_text) if version_text.isdigit() and len(version_text) < 10 else None
    words = _text(form, "answer")
    if not words.strip():
        words = _text(form, "choice") or _text(form, "date")
    if "list" in form and "\n" in words:  # a list written one per line reads like one with commas
        words = ", ".join(line.strip() for line in words.splitlines() if line.strip())
    return TurnForm(action, words.replace("\r\n", "\n"), version, _text(form, "path"))
