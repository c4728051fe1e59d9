"""A choice that offers the library's dialogues: ``- offer: client`` among a question's options
becomes one option for each client dialogue from another folder than the asking dialogue's own
(a facilitator's folder or pack added with ``--dialogues``), by ``order`` then title, after the
options written out; each goes on to the offer's ``next``, where ``call: {chosen: QUESTION}``
runs the one chosen. Worked out once the whole library is loaded, so the dialogue file says only
what it means, and the checks (calls, cycles, progress, coverage) see every dialogue it may run.
"""

from __future__ import annotations

import os
from dataclasses import replace

from engine.dialogue.expressions import Text
from engine.dialogue.model import Ask, Call, Dialogue, Node, Option


def with_offers(dialogues: dict[str, Dialogue]) -> dict[str, Dialogue]:
    """The dialogues, each question that offers dialogues given its options afresh (from those
    written out), and each call of a chosen dialogue the ids it may run."""
    ordered = sorted(dialogues.values(), key=lambda d: (d.order, d.title.lower()))
    result = {}
    for dialogue in dialogues.values():
        if not any(isinstance(n, Ask) and n.answer.offers for n in dialogue.nodes.values()):
            result[dialogue.id] = dialogue
            continue
        folder = _folder(dialogue)
        nodes: dict[str, Node] = {}
        offered: dict[str, tuple[str, ...]] = {}
        for node_id, node in dialogue.nodes.items():
            if isinstance(node, Ask) and node.answer.offers:
                written = [o for o in node.answer.options if not o.offered]
                values = {o.value for o in written}
                more: list[Option] = []
                for offer in node.answer.offers:
                    for other in ordered:
                        if other.audience is offer.audience and other.id != dialogue.id and other.id not in values \
                                and _folder(other) != folder:
                            values.add(other.id)
                            more.append(Option(_label(other), other.id, offer.span, offer.next,
                                               offered=True))
                offered[node_id] = tuple(o.value for o in more)
                node = replace(node, answer=replace(node.answer, options=(*written, *more)))
            nodes[node_id] = node
        for node_id, node in nodes.items():
            if isinstance(node, Call) and node.chosen is not None:
                nodes[node_id] = replace(node, choices=offered.get(node.chosen, ()))
        result[dialogue.id] = replace(dialogue, nodes=nodes)
    return result


def _folder(dialogue: Dialogue) -> str:
    return os.path.dirname(os.path.realpath(dialogue.path))


def _label(dialogue: Dialogue) -> Text:
    """The dialogue's title as the option's words, shown as written (never run as a template)."""
    source = dialogue.title if "{" not in dialogue.title else "{% raw %}" + dialogue.title + "{% endraw %}"
    return Text.compile(source, dialogue.span)
