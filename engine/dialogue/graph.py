"""The shape of a dialogue as a graph: where each node can lead, the groups of nodes that can all
reach each other, and the shortest way round a loop. Checks, progress estimates and (later) lint
and drawings read dialogues through these."""

from __future__ import annotations

from engine.dialogue.model import Ask, Node


def successors(node: Node) -> list[str]:
    targets = [branch.target for branch in node.next]
    if isinstance(node, Ask):
        targets += [b.target for option in node.answer.options for b in option.next]
        targets += [b.target for offer in node.answer.offers for b in offer.next]
    return targets


# -- the library ----------------------------------------------------------------------------
def strongly_connected(edges: dict[str, list[str]]) -> list[set[str]]:
    """Tarjan's strongly connected components of a graph, iteratively (a loop of 20,000 steps
    would pass Python's recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[set[str]] = []
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(edges[target])))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                groups.append(group)
    return groups


def shortest_loop(first: str, edges: dict[str, list[str]], group: set[str]) -> list[str]:
    """The shortest way from ``first`` round to itself inside ``group`` (breadth first)."""
    came_from: dict[str, str] = {}
    frontier = [first]
    while frontier:
        following = []
        for node in frontier:
            for target in edges[node]:
                if target == first:
                    path = [node]
                    while path[-1] != first:
                        path.append(came_from[path[-1]])
                    return path[::-1]
                if target in group and target not in came_from:
                    came_from[target] = node
                    following.append(target)
        frontier = following
    return [first]
