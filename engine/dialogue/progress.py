"""How far each node is from the end of its dialogue, counted in questions: the progress a person
is shown ("step 3 of about 7") is read from this estimate."""

from __future__ import annotations

import heapq

from engine.dialogue.graph import successors
from engine.dialogue.model import Ask, Call, End, Library

UNREACHABLE = 10**9


def remaining_questions(library: Library) -> dict[tuple[str, str], int]:
    """The fewest questions from each node to the end of its dialogue.

    Dijkstra's algorithm run backwards from the `end` nodes, so a dialogue of 20,000 steps takes
    a moment, not the minutes that sweeping every node until nothing changes took. A question
    costs one, a call what the called dialogue asks at least; a node's count is final when it
    is the smallest left, and each count that becomes final updates the nodes leading to it.
    """
    rest = {(d.id, n): UNREACHABLE for d in library.dialogues.values() for n in d.nodes}
    leads_here: dict[tuple[str, str], list[tuple[str, str]]] = {key: [] for key in rest}
    calls_here: dict[tuple[str, str], list[tuple[str, str]]] = {key: [] for key in rest}
    queue: list[tuple[int, tuple[str, str]]] = []
    for dialogue in library.dialogues.values():
        for node_id, node in dialogue.nodes.items():
            key = (dialogue.id, node_id)
            for target in successors(node):
                if (dialogue.id, target) in leads_here:
                    leads_here[(dialogue.id, target)].append(key)
            if isinstance(node, Call):
                for target in (t for t in node.targets if t in library):
                    calls_here[(target, library[target].start)].append(key)
            if isinstance(node, End):
                rest[key] = 0
                queue.append((0, key))
    done: set[tuple[str, str]] = set()
    while queue:
        count, key = heapq.heappop(queue)
        if key in done or count > rest[key]:
            continue
        done.add(key)
        for before in leads_here[key]:
            _lower(rest, queue, before, count + _own_cost(library, rest, before))
        for caller in calls_here[key]:  # what the call costs is known now
            dialogue_id, node_id = caller
            after = successors(library[dialogue_id].nodes[node_id])
            nearest = min((rest.get((dialogue_id, t), UNREACHABLE) for t in after), default=UNREACHABLE)
            _lower(rest, queue, caller, nearest + count)
    return rest


def _own_cost(library: Library, rest: dict[tuple[str, str], int], key: tuple[str, str]) -> int:
    """The questions a node itself asks: one for a question, at least the callee's for a call."""
    node = library[key[0]].nodes[key[1]]
    if isinstance(node, Ask):
        return 1
    if isinstance(node, Call):
        return min((rest[(t, library[t].start)] for t in node.targets if t in library), default=0)
    return 0


Key = tuple[str, str]  # (dialogue id, node id)


def _lower(rest: dict[Key, int], queue: list[tuple[int, Key]], key: Key, count: int) -> None:
    count = min(count, UNREACHABLE)
    if count < rest[key]:
        rest[key] = count
        heapq.heappush(queue, (count, key))


def questions_left(library: Library, frames: list[Key]) -> int:
    """About how many questions are left from a call stack of (dialogue, node) frames, counting the
    current one: the innermost frame's estimate, and what each caller still asks after its call."""
    remaining = library.remaining
    count = remaining.get(frames[-1], 1)
    for (dialogue_id, node_id), (callee, _) in zip(frames[:-1], frames[1:], strict=True):
        library.node(dialogue_id, node_id, Call)  # each frame but the last waits at a call
        after = remaining[(dialogue_id, node_id)] - remaining[(callee, library[callee].start)]
        count += max(after, 0)
    return count if count < 10**8 else 1
