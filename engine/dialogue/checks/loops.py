"""Loops that run round and round without asking anything."""

from __future__ import annotations

from engine.dialogue.graph import shortest_loop, strongly_connected, successors
from engine.dialogue.model import Ask, Call, End, Library, Node
from engine.ground.errors import Problem


def _asks_for_sure(library: Library, node: Node) -> bool:
    if isinstance(node, Ask):
        return True
    if isinstance(node, Call):  # every dialogue it may run asks something (a call that runs none never runs)
        known = [t for t in node.targets if t in library]
        return bool(known) and all(library.remaining[(t, library[t].start)] >= 1 for t in known) \
            or node.chosen is not None and not known
    return False


def silent_loops(library: Library) -> list[Problem]:
    """One problem for each group of silent nodes that can all reach each other, showing one loop
    through its first node.

    The groups are strongly connected components, so this takes time in proportion to the
    dialogue, however many loops the group holds.
    """
    problems = []
    for dialogue in library.dialogues.values():
        silent = {n for n, node in dialogue.nodes.items()
                  if not isinstance(node, End) and not _asks_for_sure(library, node)}
        edges = {n: [t for t in successors(dialogue.nodes[n]) if t in silent] for n in dialogue.nodes if n in silent}
        for group in strongly_connected(edges):
            first = min(group, key=lambda n: dialogue.nodes[n].span)
            if len(group) == 1 and first not in edges[first]:
                continue  # a single node that does not lead to itself is no loop
            loop = shortest_loop(first, edges, group)
            shown = " -> ".join(loop + loop[:1])
            problems.append(Problem(dialogue.nodes[first].span,
                                    f"these steps loop forever without asking anything: {shown}",
                                    "put a question in the loop or give it a way out", rule="silent-loop"))
    return sorted(problems)
