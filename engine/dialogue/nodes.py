"""Reading a dialogue's nodes: each node's kind (one of say, ask, set, call, record, end), its
keys (each belongs to its kind or to every node), its section and ways out, then what its kind
needs. Questions are read in ``questions``, ways out in ``branches``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from engine.dialogue.branches import Entries, NodeFields
from engine.dialogue.expressions import Expression
from engine.dialogue.model import (
    CALL_KEYS,
    COMMON_NODE_KEYS,
    NODE_KEYS,
    NODE_KINDS,
    RECORD_FIELDS,
    Call,
    End,
    Node,
    Record,
    Say,
    SetVars,
)
from engine.dialogue.questions import QuestionReader
from engine.dialogue.reader import ID_PATTERN, NAME_PATTERN
from engine.ground.errors import did_you_mean
from engine.ground.yamlfile import is_null

ALL_NODE_KEYS = sorted({k for keys in NODE_KEYS.values() for k in keys} | set(COMMON_NODE_KEYS))


class NodeReader(QuestionReader):
    """Reads the nodes of one dialogue; ``declared`` keeps every node id written, even of a node with mistakes."""

    def __init__(self, path: Path):
        super().__init__(path)
        self.declared: set[str] = set()  # every node id written, even if the node has mistakes

    def nodes(self, node: yaml.Node) -> dict[str, Node]:
        entries = self.mapping(node, "`nodes`")
        if not entries:
            if entries is not None:
                self.error(node, "`nodes` is empty", "add at least one node, ending with an `end`")
            return {}
        ids = list(entries)
        self.declared.update(ids)
        result: dict[str, Node] = {}
        section: str | None = None
        for index, node_id in enumerate(ids):
            key, value = entries[node_id]
            if not ID_PATTERN.fullmatch(node_id) and not NAME_PATTERN.fullmatch(node_id):
                self.error(key, f"node id `{node_id}` should use only letters, digits, `-` and `_`")
            following = ids[index + 1] if index + 1 < len(ids) else None
            built = self.node(node_id, key, value, following, section)
            if built is not None:
                section = built.section
                result[node_id] = built
        return result

    def node(self, node_id: str, key: yaml.Node, value: yaml.Node, following: str | None,
             section: str | None) -> Node | None:
        what = f"node `{node_id}`"
        entries = self.mapping(value, what)
        if entries is None:
            return None
        kinds = [k for k in entries if k in NODE_KINDS]
        if not kinds:
            near = [did_you_mean(k, NODE_KINDS) for k in entries]
            self.error(key, f"{what} does not say what it does",
                       next((h for h in near if h), None)
                       or "give it one of " + ", ".join(f"`{k}`" for k in NODE_KINDS))
            return None
        if len(kinds) > 1:
            self.error(entries[kinds[1]][0], f"{what} has both `{kinds[0]}` and `{kinds[1]}`",
                       "a node does one thing: split it into two nodes")
            return None
        kind = kinds[0]
        self.check_node_keys(entries, kind, what)
        span = self.span(key)
        if "section" in entries:
            section = self.string(entries["section"][1], "`section`") or section
        branches = self.ways_out(entries, kind, what, key, following)
        common = NodeFields(id=node_id, span=span, section=section, next=branches)
        body = entries[kind][1]
        if kind == "say":
            text = self.text(body, f"`say` of {what}")
            return Say(text=text, **common) if text else None
        if kind == "ask":
            return self.ask(node_id, entries, common)
        if kind == "set":
            return self.set_node(body, what, common)
        if kind == "call":
            return self.call(node_id, entries, common)
        if kind == "record":
            return self.record(node_id, entries, common)
        text = None if is_null(body) else self.text(body, f"`end` of {what}")
        return End(text=text, **common)

    def check_node_keys(self, entries: Entries, kind: str, what: str) -> None:
        """Each key of a node belongs to its kind (or to every node); a key of another kind says so."""
        allowed = NODE_KEYS[kind] + COMMON_NODE_KEYS
        for name, (name_node, _) in entries.items():
            if name in allowed:
                continue
            owner = next((k for k, keys in NODE_KEYS.items() if name in keys), None)
            hint = did_you_mean(name, allowed)
            if owner and not hint:
                self.error(name_node, f"`{name}` belongs to `{owner}` nodes, not to `{kind}` nodes")
            else:
                self.error(name_node, f"unknown key `{name}` in {what}",
                           hint or did_you_mean(name, ALL_NODE_KEYS)
                           or "allowed keys here: " + ", ".join(f"`{k}`" for k in allowed))

    def assignments(self, entries: Entries, what: Callable[[str], str]) -> tuple[tuple[str, Expression], ...]:
        """Variable names, each with the expression it gets (``set``, and a ``call``'s ``with``)."""
        found = []
        for name, (key, value) in entries.items():
            expression = self.expression(value, what(name))
            if self.identifier(key, "a variable name") is not None and expression is not None:
                found.append((name, expression))
        return tuple(found)

    def set_node(self, body: yaml.Node, what: str, common: NodeFields) -> SetVars | None:
        entries = self.mapping(body, f"`set` of {what}")
        if entries is None:
            return None
        return SetVars(assignments=self.assignments(entries, lambda name: f"the value of `{name}`"), **common)

    def call(self, node_id: str, entries: Entries, common: NodeFields) -> Call | None:
        body = entries["call"][1]
        chosen = None
        if isinstance(body, yaml.MappingNode):  # `call: {chosen: QUESTION}`: the dialogue chosen there
            fields = self.mapping(body, "`call`") or {}
            self.check_keys(fields, CALL_KEYS, "`call`")
            if "chosen" not in fields:
                self.error(body, "`call` names a dialogue, or `chosen:` and the question it is chosen at",
                           "for example `call: strengths` or `call: {chosen: choose}`")
                return None
            chosen = self.identifier(fields["chosen"][1], "the question the dialogue is chosen at")
            if chosen is None:
                return None
            if "as" not in entries:
                self.error(body, "a call of the dialogue chosen at a question needs `as:`",
                           "the name its answers are kept under, for example `as: chosen`")
                return None
            dialogue = ""
        else:
            found = self.identifier(body, "the dialogue to call", ID_PATTERN)
            if found is None:
                return None
            dialogue = found
        namespace = dialogue.replace("-", "_")
        if "as" in entries:
            namespace = self.identifier(entries["as"][1], "`as`") or namespace
        arguments: tuple[tuple[str, Expression], ...] = ()
        if "with" in entries:
            passed = self.mapping(entries["with"][1], "`with`") or {}
            arguments = self.assignments(passed, lambda name: f"the value passed as `{name}`")
        return Call(dialogue=dialogue, namespace=namespace, arguments=arguments,
                    dialogue_span=self.span(body), chosen=chosen, **common)

    def record(self, node_id: str, entries: Entries, common: NodeFields) -> Record | None:
        what = f"the `record` node `{node_id}`"
        kind = self.one_of(entries["record"][1], "what to record", RECORD_FIELDS)
        if kind is None:
            return None
        required, optional = RECORD_FIELDS[kind]
        body = entries["with"][1] if "with" in entries else None
        given = (self.mapping(body, f"`with` of {what}") or {}) if body is not None else {}
        fields = []
        for name, (key, value) in given.items():
            if name not in required + optional:
                self.error(key, f"a `{kind}` record has no field `{name}`",
                           did_you_mean(name, required + optional)
                           or "its fields are " + ", ".join(f"`{f}`" for f in required + optional))
                continue
            expression = self.expression(value, f"the `{name}` of {what}")
            if expression is not None:
                fields.append((name, expression))
        missing = [f for f in required if f not in given]
        if missing:
            self.error(entries["record"][0], f"{what} needs " + " and ".join(f"`{f}`" for f in missing),
                       "add them under `with:`, e.g. `with: {" + ", ".join(f"{f}: ..." for f in missing) + "}`")
        return Record(kind=kind, fields=tuple(fields), **common)
