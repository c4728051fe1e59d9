"""What dialogue tests visit: node and branch coverage per dialogue, and what no test reaches."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from engine.conversation.walk import Step
from engine.dialogue.drawings import edges
from engine.dialogue.model import Dialogue


@dataclass(frozen=True)
class Coverage:
    dialogue: Dialogue
    nodes: frozenset[str]
    branches: frozenset[tuple[str, str]]

    @property
    def all_branches(self) -> set[tuple[str, str]]:
        return {(e.source, e.target) for e in edges(self.dialogue)}

    @property
    def node_share(self) -> float:
        return len(self.nodes & set(self.dialogue.nodes)) / max(1, len(self.dialogue.nodes))

    @property
    def branch_share(self) -> float:
        every = self.all_branches
        return len(self.branches & every) / max(1, len(every))

    def missed_nodes(self) -> list[tuple[int, str]]:
        """(line, node id) for each node no test visits, in file order."""
        return sorted((node.span.line, node_id) for node_id, node in self.dialogue.nodes.items()
                      if node_id not in self.nodes)

    def missed_branches(self) -> list[tuple[int, str, str]]:
        spans = {node_id: node.span.line for node_id, node in self.dialogue.nodes.items()}
        return sorted((spans[a], a, b) for a, b in self.all_branches - self.branches)


def coverage(dialogue: Dialogue, traces: Iterable[list[Step]]) -> Coverage:
    """What the traces visited of ``dialogue``: its nodes, and each way from one to the next taken
    at the same depth (what a call does in between is the called dialogue's)."""
    nodes: set[str] = set()
    branches: set[tuple[str, str]] = set()
    for trace in traces:
        last: dict[int, Step] = {}
        for step in trace:
            if step.dialogue == dialogue.id:
                nodes.add(step.node)
                before = last.get(step.depth)
                if before is not None and before.dialogue == dialogue.id and before.node != step.node:
                    branches.add((before.node, step.node))
            for deeper in [d for d in last if d > step.depth]:
                del last[deeper]
            last[step.depth] = step
    return Coverage(dialogue, frozenset(nodes), frozenset(branches))
