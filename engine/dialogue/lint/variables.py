"""`unused-variable`: a variable is set (under `variables:` or in a `set` node) but nothing in the
library reads it: no text, condition, computed value or summary template names it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from engine.dialogue.files import template_dirs_for
from engine.dialogue.lint.settings import LintSettings
from engine.dialogue.lint.texts import expressions, texts
from engine.dialogue.model import Library, SetVars
from engine.ground.errors import Problem

_NAME = re.compile(r"[A-Za-z_]\w*")


def _read_names(library: Library) -> set[str]:
    """Every identifier any text, expression or summary template of the library holds: a name read
    through a call's namespace (`plan.smart_goal`) counts for the dialogue it was called as."""
    names: set[str] = set()
    folders: set[Path] = set()
    for dialogue in library.dialogues.values():
        for _, text in texts(dialogue):
            names.update(_NAME.findall(text.source))
        for _, expression in expressions(dialogue):
            names.update(_NAME.findall(expression.source))
        folders.update(template_dirs_for(dialogue.path))
    for folder in folders:
        for template in sorted(folder.glob("*.j2")) if folder.is_dir() else ():
            try:
                names.update(_NAME.findall(template.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError):
                continue
    return names


def unused(library: Library, settings: LintSettings) -> Iterator[Problem]:
    read = _read_names(library)
    for dialogue in library.dialogues.values():
        for name in dialogue.variables:
            if name not in read:
                yield Problem(dialogue.span, f"variable `{name}` of `{dialogue.id}` is never read",
                              "remove it, or use it in a text, a condition or the summary")
        for node_id, node in dialogue.nodes.items():
            if isinstance(node, SetVars):
                for name, _ in node.assignments:
                    if name not in read:
                        yield Problem(node.span, f"`{node_id}` sets `{name}`, but nothing reads it",
                                      "remove it, or use it in a text, a condition or the summary")
