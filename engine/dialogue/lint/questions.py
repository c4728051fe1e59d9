"""`no-help`: a client's free-text question carries help."""

from __future__ import annotations

from collections.abc import Iterator

from engine.dialogue.lint.settings import LintSettings
from engine.dialogue.model import Ask, Audience, Library
from engine.ground.errors import Problem

FREE_TEXT = ("text", "list")


def no_help(library: Library, settings: LintSettings) -> Iterator[Problem]:
    """A client's free-text question has help: shown on /help, and again after an answer that gave
    nothing ("I don't know"), so it should make answering easier (examples, a smaller version)."""
    for dialogue in library.dialogues.values():
        if dialogue.audience is not Audience.CLIENT:
            continue
        for node_id, node in dialogue.nodes.items():
            if isinstance(node, Ask) and node.answer.type in FREE_TEXT and node.help is None:
                yield Problem(node.span, f"question `{node_id}` has no `help`",
                              'add `help:` with an example or two, such as "For example: ..."')
