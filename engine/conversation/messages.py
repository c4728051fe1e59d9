"""The engine's own words, read from ``prompts/messages.yaml`` so they can be reworded
(or translated) without touching Python."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from engine.dialogue.expressions import CompileError, Text
from engine.ground.errors import DialogueLoadError, Problem
from engine.ground.source import Span
from engine.ground.yamlreader import compose, structural_problems


@dataclass(frozen=True)
class Messages:
    texts: dict[str, Text]  # "group.name" -> template

    def __call__(self, key: str, **params: Any) -> str:
        return self.texts[key].render(params)

    @classmethod
    def load(cls, path: Path) -> Messages:
        name = str(path)
        root = compose(path.read_text(encoding="utf-8"), name)
        problems = structural_problems(root, name)
        texts: dict[str, Text] = {}
        if not isinstance(root, yaml.MappingNode):
            raise DialogueLoadError([Problem(Span(name, 1, 1), "expected groups of messages")])
        for group, entries in root.value:
            if not isinstance(entries, yaml.MappingNode):
                problems.append(Problem(Span.of(entries, name), f"`{group.value}` should hold messages"))
                continue
            for key, value in entries.value:
                span = Span.of(value, name)
                if not isinstance(value, yaml.ScalarNode):
                    problems.append(Problem(span, f"message `{key.value}` should be text"))
                    continue
                try:
                    texts[f"{group.value}.{key.value}"] = Text.compile(value.value, span)
                except CompileError as exc:
                    problems.append(Problem(span, f"template error: {exc.message}"))
        if problems:
            raise DialogueLoadError(problems)
        return cls(texts)
