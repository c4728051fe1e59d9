"""`fall-through`: a node with no `next` goes on to the one written below it.

Usually meant (most dialogues read top to bottom), so it is only `info`; but a node written at
the bottom as "never reached" is reached this way, and is said."""

from __future__ import annotations

from collections.abc import Iterator

from engine.dialogue.lint.settings import LintSettings
from engine.dialogue.model import Library
from engine.ground.errors import Problem


def fall_through(library: Library, settings: LintSettings) -> Iterator[Problem]:
    for dialogue in library.dialogues.values():
        for node_id, node in dialogue.nodes.items():
            if len(node.next) == 1 and node.next[0].implicit:
                target = node.next[0].target
                yield Problem(node.span, f"`{node_id}` has no `next`, so it goes on to `{target}`, the node below it",
                              f"write `next: {target}` if that is meant")
