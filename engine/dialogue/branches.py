"""Reading where a node goes next: ``next`` as one node id, or as ``if:``/``then:`` branches
ending with ``else:``; without it, the node listed after it. Every target is kept, to be checked
once the whole file is read. ``NodeFields`` are what every kind of node has, its ways out among them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict

import yaml

from engine.dialogue.model import BRANCH_KEYS, Branch
from engine.dialogue.reader import DialogueReader
from engine.ground.source import Span

Entries = dict[str, tuple[yaml.Node, yaml.Node]]


class NodeFields(TypedDict):
    """What every kind of node has, read before its own fields."""

    id: str
    span: Span
    section: str | None
    next: tuple[Branch, ...]


class BranchReader(DialogueReader):
    """Reads a node's ways out; ``targets`` keeps every node id they name, with where."""

    def __init__(self, path: Path):
        super().__init__(path)
        self.targets: list[tuple[str, Span]] = []  # every `next` target, checked at the end

    def ways_out(self, entries: Entries, kind: str, what: str, key: yaml.Node,
                 following: str | None) -> tuple[Branch, ...]:
        """A node's `next`: as written, else the node listed after it; none for an `end`."""
        if kind == "end":
            if "next" in entries:
                self.error(entries["next"][0], f"{what} is an `end`, so it cannot have `next`",
                           "remove `next`, or change the node to `say`")
            return ()
        if "next" in entries:
            return self.transition(entries["next"][1])
        if following is not None:
            return (Branch(following, None, self.span(key), implicit=True),)  # falls through to the node below
        self.error(key, f"{what} is the last node, so it needs `next` or should be an `end`",
                   "add `next: <node id>`, or add an `end` node after it")
        return ()

    def transition(self, node: yaml.Node) -> tuple[Branch, ...]:
        if isinstance(node, yaml.ScalarNode):
            target = self.string(node, "`next`")
            if target is None:
                return ()
            self.targets.append((target, self.span(node)))
            return (Branch(target, None, self.span(node)),)
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.error(node, "`next` should be a node id, or a list of `if:` / `then:` branches "
                       "ending with `else:`")
            return ()
        branches: list[Branch] = []
        for index, item in enumerate(node.value):
            entries = self.mapping(item, "a branch of `next`")
            if entries is None:
                continue
            self.check_keys(entries, BRANCH_KEYS, "a branch of `next`")
            last = index == len(node.value) - 1
            if "else" in entries:
                if "if" in entries or "then" in entries:
                    self.error(item, "a branch has either `if:` and `then:`, or `else:` alone")
                if not last:
                    self.error(entries["else"][0], "`else:` must be the last branch",
                               "branches are tried in order, so nothing after `else:` is ever used")
                target_node, condition = entries["else"][1], None
            elif "if" in entries and "then" in entries:
                condition = self.expression(entries["if"][1], "the `if` condition")
                target_node = entries["then"][1]
            else:
                missing = "then" if "if" in entries else "if"
                self.error(item, f"this branch is missing `{missing}:`",
                           "write `- if: <condition>` and `then: <node id>` on the next line")
                continue
            target = self.string(target_node, "a branch target")
            if target is not None:
                self.targets.append((target, self.span(target_node)))
                branches.append(Branch(target, condition, self.span(item)))
        if branches and branches[-1].condition is not None:
            self.error(node, "`if` branches need a final `else:` saying where to go otherwise",
                       "add `- else: <node id>` as the last branch")
        return tuple(branches)
