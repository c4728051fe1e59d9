"""Reading an ``ask`` node: its question, the answer type and what goes with it (``min`` and
``max`` for numbers and scales, ``options`` for a choice, each option's value, way out and
explanation), where the answer is saved, and whether it may be skipped."""

from __future__ import annotations

from typing import Any

import yaml

from engine.dialogue.branches import BranchReader, Entries, NodeFields
from engine.dialogue.model import OFFER_KEYS, OPTION_KEYS, AnswerSpec, Ask, Audience, Branch, Offer, Option
from engine.dialogue.reader import ID_PATTERN
from engine.ground.errors import did_you_mean
from engine.ground.source import Span
from engine.ground.yamlfile import kind_name, plain_value
from engine.understanding.answers import PARSERS


class QuestionReader(BranchReader):
    def ask(self, node_id: str, entries: Entries, common: NodeFields) -> Ask | None:
        what = f"node `{node_id}`"
        def get(key: str) -> yaml.Node:
            return entries[key][1]  # only for keys that are there
        text = self.text(get("ask"), f"the question of {what}")
        answer_type = "choice" if "options" in entries and "type" not in entries else "text"
        if "type" in entries:
            answer_type = self.string(get("type"), "`type`") or "text"
            if answer_type not in PARSERS:
                self.error(get("type"), f"unknown answer type `{answer_type}`",
                           did_you_mean(answer_type, PARSERS)
                           or "use one of " + ", ".join(f"`{t}`" for t in PARSERS))
                answer_type = "text"
        minimum = self.number(get("min"), "`min`") if "min" in entries else None
        maximum = self.number(get("max"), "`max`") if "max" in entries else None
        for bound in ("min", "max"):
            if bound in entries and answer_type not in ("number", "scale"):
                self.error(entries[bound][0], f"`{bound}` only applies to `number` and `scale` questions")
        if answer_type == "scale" and (minimum is None or maximum is None):
            self.error(common["span"], f"the `scale` question {what} needs both `min` and `max`",
                       "for example `min: 0` and `max: 10`")
        if minimum is not None and maximum is not None and minimum >= maximum:
            self.error(get("max"), f"`max` ({maximum}) should be bigger than `min` ({minimum})")
        self.offers: list[Offer] = []
        options = self.options(get("options"), what) if "options" in entries else ()
        offers = tuple(self.offers)
        if answer_type == "choice" and len(options) < 2 and "options" not in entries:
            self.error(common["span"], f"the `choice` question {what} needs `options`",
                       "list at least two options, each with a `label`")
        elif "options" in entries and answer_type != "choice":
            self.error(entries["options"][0], f"`options` only apply to `choice` questions, "
                       f"but {what} has `type: {answer_type}`")
        save = node_id.replace("-", "_")
        if "save" in entries:
            save = self.identifier(get("save"), "`save`") or save
        optional = bool(self.boolean(get("optional"), "`optional`")) if "optional" in entries else False
        shuffle = bool(self.boolean(get("shuffle"), "`shuffle`")) if "shuffle" in entries else False
        if shuffle and answer_type != "choice":
            self.error(entries["shuffle"][0], f"`shuffle` only applies to `choice` questions, "
                       f"but {what} has `type: {answer_type}`", "take `shuffle` out, or give the question `options`")
        help_text = self.text(get("help"), f"the help of {what}") if "help" in entries else None
        strategy = self.identifier(get("strategy"), "`strategy`", ID_PATTERN) if "strategy" in entries else None
        if text is None:
            return None
        return Ask(text=text, answer=AnswerSpec(answer_type, minimum, maximum, options, offers), save=save,
                   optional=optional, shuffle=shuffle, help=help_text, strategy=strategy,
                   strategy_span=self.span(get("strategy")) if strategy else None, **common)

    def offer(self, item: yaml.Node, entries: Entries) -> None:
        """``- offer: client`` with its ``next``: the library's dialogues of that audience, as options."""
        self.check_keys(entries, OFFER_KEYS, "an `offer`")
        audience = self.one_of(entries["offer"][1], "`offer`", [a.value for a in Audience])
        if "next" not in entries:
            self.error(item, "an `offer` needs `next`: the node that runs the dialogue chosen",
                       "for example a node with `call: {chosen: <this question's id>}`")
            return
        branches = self.transition(entries["next"][1])
        if audience is not None:
            self.offers.append(Offer(Audience(audience), branches, self.span(item)))

    def options(self, node: yaml.Node, what: str) -> tuple[Option, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"`options` of {what} should be a list (lines starting with `- `)")
            return ()
        if len(node.value) < 2:
            self.error(node, f"a choice needs at least two options, {what} has {len(node.value)}")
        options: list[Option] = []
        seen: dict[Any, Span] = {}
        for item in node.value:
            branches: tuple[Branch, ...] = ()
            explain, strategy, strategy_span = None, None, None
            if isinstance(item, yaml.ScalarNode):
                label, value_node = self.text(item, "an option"), item
                value = self.string(item, "an option")
            else:
                entries = self.mapping(item, "an option")
                if entries is None:
                    continue
                if "offer" in entries:
                    self.offer(item, entries)
                    continue
                self.check_keys(entries, OPTION_KEYS, "an option")
                if "label" not in entries:
                    self.error(item, "this option is missing `label`", "add `label: <what the person sees>`")
                    continue
                label = self.text(entries["label"][1], "an option `label`")
                given = entries["value"][1] if "value" in entries else entries["label"][1]
                if not isinstance(given, yaml.ScalarNode):
                    self.error(given, f"an option's `value` should be text or a number, not {kind_name(given)}")
                    continue
                value_node = given
                value = plain_value(value_node)
                if "next" in entries:
                    branches = self.transition(entries["next"][1])
                if "explain" in entries:
                    explain = self.text(entries["explain"][1], "an option's `explain`")
                if "strategy" in entries:
                    strategy = self.identifier(entries["strategy"][1], "`strategy`", ID_PATTERN)
                    strategy_span = self.span(entries["strategy"][1])
            if label is None:
                continue
            if value in seen:
                self.error(value_node, f"two options have the value `{value}`",
                           "give each option its own `value` so answers can be told apart")
            seen[value] = self.span(value_node)
            options.append(Option(label, value, self.span(item), branches, explain, strategy, strategy_span))
        return tuple(options)
