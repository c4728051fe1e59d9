"""Reading the values of the dialogue format from YAML nodes, each checked and located.

``DialogueReader`` extends the generic strict ``Reader`` (engine.ground.yamlreader) with what
only dialogue files need. The builder (dialogue files) and the catalogue reader stand on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import yaml

from engine.dialogue.expressions import CompileError, Expression, Text
from engine.dialogue.model import Audience
from engine.ground.files import display_path
from engine.ground.yamlreader import Reader

C = TypeVar("C", Text, Expression)

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]*")
NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class DialogueReader(Reader):
    """The typed readers the dialogue format adds to the generic ones: ids, templates and
    expressions (compiled, located), one-of values, audiences and source lists."""

    def __init__(self, path: Path):
        super().__init__(path, display_path(path))
        self.compiled: list[Text | Expression] = []  # checked for unknown variables at the end

    # -- typed readers only dialogues need (the generic ones are in engine.ground.yamlreader.Reader) --
    def identifier(self, node: yaml.Node, what: str, pattern: re.Pattern[str] = NAME_PATTERN) -> str | None:
        value = self.string(node, what)
        if value is not None and not pattern.fullmatch(value):
            rule = ("lower-case letters, digits, `-` and `_`" if pattern is ID_PATTERN
                    else "letters, digits and `_`, not starting with a digit")
            self.error(node, f"{what} `{value}` should use only {rule}")
            return None
        return value

    def text(self, node: yaml.Node, what: str, allow_empty: bool = False) -> Text | None:
        source = self.string(node, what, allow_empty)
        if source is None:
            return None
        return self._compiled(node, what, lambda: Text.compile(source, self.span(node)), "template",
                              "check that every `{{` has a matching `}}` and every `{%` a `%}`")

    def expression(self, node: yaml.Node, what: str) -> Expression | None:
        source = self.string(node, what)
        if source is None:
            return None
        return self._compiled(node, what, lambda: Expression.compile(source, self.span(node)), "expression",
                              "write a Jinja expression such as `confidence < 5` or `answer == 'yes'`")

    def _compiled(self, node: yaml.Node, what: str, compile: Callable[[], C], label: str, hint: str) -> C | None:
        try:
            compiled = compile()
        except CompileError as exc:
            self.error(self.inner_span(node, exc.line), f"{label} error in {what}: {exc.message}", exc.hint or hint)
            return None
        self.compiled.append(compiled)  # checked for unknown variables once the file is read
        return compiled

    def audience(self, node: yaml.Node) -> Audience | None:
        value = self.one_of(node, "`audience`", [a.value for a in Audience])
        return Audience(value) if value is not None else None
