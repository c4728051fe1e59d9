"""The strategy catalogue (`strategies.yaml`): the strategies and pitfalls the source documents
name, which questions and options point at with `strategy:`."""

from __future__ import annotations

from pathlib import Path

import yaml

from engine.dialogue.model import STRATEGY_AUDIENCES, STRATEGY_KEYS, STRATEGY_KINDS, Strategy
from engine.dialogue.reader import ID_PATTERN, DialogueReader
from engine.ground.errors import Problem
from engine.ground.yamlfile import plain_value


class CatalogueReader(DialogueReader):
    def read_catalogue(self) -> dict[str, Strategy]:
        """The strategy catalogue: ``strategies:`` mapping each id to its name, description and sources."""
        root = self.root("the catalogue needs `strategies:` with one entry per strategy")
        if root is None:
            return {}
        top = self.mapping(root, "the strategy catalogue")
        if top is None:
            return {}
        self.check_keys(top, ("strategies",), "the strategy catalogue")
        if "strategies" not in top:
            self.require(top, ("strategies",), root, "the strategy catalogue")
            return {}
        entries = self.mapping(top["strategies"][1], "`strategies`") or {}
        found: dict[str, Strategy] = {}
        for strategy_id, (key_node, body) in entries.items():
            what = f"strategy `{strategy_id}`"
            self.identifier(key_node, "a strategy id", ID_PATTERN)
            fields = self.mapping(body, what)
            if fields is None:
                continue
            self.check_keys(fields, STRATEGY_KEYS, what)
            self.require(fields, STRATEGY_KEYS, body, what)
            if any(key not in fields for key in STRATEGY_KEYS):
                continue
            name = self.string(fields["name"][1], "`name`")
            description = self.string(fields["description"][1], "`description`")
            sources = self.sources(fields["sources"][1])
            audience = self.one_of(fields["audience"][1], "`audience`", STRATEGY_AUDIENCES)
            kind = self.one_of(fields["kind"][1], "`kind`", STRATEGY_KINDS)
            if name is not None and description is not None and sources is not None and audience is not None \
                    and kind is not None:
                found[strategy_id] = Strategy(strategy_id, name, description, sources, audience, kind,
                                              self.span(key_node))
        return found

    def sources(self, node: yaml.Node) -> tuple[int, ...] | None:
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        values = [plain_value(item) if isinstance(item, yaml.ScalarNode) else None for item in items]
        numbers = [n for n in values if isinstance(n, int) and not isinstance(n, bool) and n > 0]
        if not values or len(numbers) < len(values):
            self.error(node, "`sources` should list document numbers", "for example `sources: [1, 2]`")
            return None
        return tuple(numbers)


def read_catalogue(path: Path) -> tuple[dict[str, Strategy], list[Problem]]:
    """The strategies of one catalogue file, and everything wrong with it."""
    reader = CatalogueReader(path)
    return reader.read_catalogue(), reader.problems
