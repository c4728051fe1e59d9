"""The engine's own words, read from ``prompts/messages.yaml`` so they can be reworded
(or translated) without touching Python."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.dialogue.expressions import Text
from engine.dialogue.reader import DialogueReader
from engine.ground.cache import cached
from engine.ground.errors import DialogueLoadError


@dataclass(frozen=True)
class Messages:
    texts: dict[str, Text]  # "group.name" -> template

    def __call__(self, key: str, **params: Any) -> str:
        return self.texts[key].render(params)

    @classmethod
    def load(cls, path: Path) -> Messages:
        """Read the messages file strictly, with every problem located (like a dialogue file); or,
        while the file and the code that reads it are unchanged, as read last time (engine.ground.cache:
        parsing the YAML and checking every text was a few per cent of a short run)."""
        here = Path(__file__).resolve().parent
        return cached("messages", [path], [here, here.parent / "dialogue"], Messages, lambda: cls.read(path))

    @classmethod
    def read(cls, path: Path) -> Messages:
        """The messages file as written, read strictly now."""
        reader = DialogueReader(path)
        root = reader.root("the messages file needs groups of messages, e.g. `safety:` with `acute: ...`")
        groups = reader.mapping(root, "the messages file") if root is not None else None
        texts: dict[str, Text] = {}
        for group, (_, body) in (groups or {}).items():
            for name, (_, value) in (reader.mapping(body, f"the group `{group}`") or {}).items():
                text = reader.text(value, f"message `{group}.{name}`", allow_empty=True)
                if text is not None:
                    texts[f"{group}.{name}"] = text
        if reader.problems:
            raise DialogueLoadError(reader.problems)
        return cls(texts)
