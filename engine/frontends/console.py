"""The contract between the run loop and a front end: a ``Console`` shows text in a ``Tone`` and
reads an answer to a ``Question``. Plain lines, the terminal UI and (later) the web each
implement it; what every front end shows the same way (the hints under a question, how a
paragraph is wrapped) is here too, so no front end imports the loop that drives it."""

from __future__ import annotations

import textwrap
from enum import Enum
from typing import Protocol

from engine.conversation.messages import Messages
from engine.conversation.turns import Question
from engine.understanding.answers import tidy_number


class Tone(str, Enum):
    SAY = "say"  # what the dialogue says
    NOTICE = "notice"  # re-ask hints, help, command notes
    SUMMARY = "summary"  # the Markdown summary, which a console shows in its own way (as plain text on a terminal)


class Console(Protocol):
    def show(self, text: str, tone: Tone = Tone.SAY) -> None: ...

    def ask(self, question: Question, toolbar: str) -> str | None:
        """The person's answer, or None when they want to stop (end of input, Ctrl-C, Ctrl-D)."""


_TYPE_HINTS = {"list": "notices.list_hint", "when": "notices.when_hint", "yesno_unsure": "notices.unsure_hint"}


def question_hints(question: Question, messages: Messages) -> list[str]:
    """Short notes under a question: its range, that it may be skipped, how to answer a list."""
    hints = []
    if question.type == "scale":
        low, high = tidy_number(question.minimum), tidy_number(question.maximum)
        hints.append(messages("notices.scale_hint", min=low, max=high))
    elif question.type in _TYPE_HINTS:
        hints.append(messages(_TYPE_HINTS[question.type]))
    if question.optional:
        hints.append(messages("notices.optional"))
    return hints


KEPT_WHOLE = "    "  # a line indented this far is a command to type (or a chart): never reflowed


def wrap(paragraph: str, width: int, indent: str = "") -> str:
    """Fill one paragraph to ``width``, keeping its own leading indent on every line.

    A line indented by four spaces or more is shown as it is, however long: it holds a command
    to type as one line ("python3 run.py resume ..."), which a line break would cut in two.
    """
    if not paragraph.strip():
        return ""
    own = paragraph[: len(paragraph) - len(paragraph.lstrip())]
    if own.startswith(KEPT_WHOLE):
        return indent + paragraph.rstrip()
    hanging = "  " if own else ""  # an indented line reads as a list item: hang its continuation
    return textwrap.fill(paragraph.strip(), width, initial_indent=indent + own,
                         subsequent_indent=indent + own + hanging, break_long_words=False, break_on_hyphens=False)
