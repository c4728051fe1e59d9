"""A dialogue drawn as a graph, for facilitators: Mermaid, Graphviz DOT, or a self-contained HTML
page with the drawing as inline SVG (no script, nothing fetched).

Nodes are shaped by kind (a question, something said, a computed step, a call to another
dialogue, a record kept, an end); each edge is labelled with its condition or the choice that
takes it; a fall-through to the node below is drawn dashed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape

from engine.dialogue.model import Ask, Call, Dialogue, End, Node, Record, Say, SetVars

FORMATS = ("mermaid", "dot", "html")
_LABEL_MAX = 48


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str
    implicit: bool = False


def kind_of(node: Node) -> str:
    return {Ask: "ask", Say: "say", SetVars: "set", Call: "call", Record: "record", End: "end"}[type(node)]


def caption(node_id: str, node: Node) -> str:
    """What a node's box says: its id, and what it asks, says or calls, shortened."""
    if isinstance(node, (Ask, Say)):
        words = " ".join(node.text.source.split())
    elif isinstance(node, Call):
        words = f"calls the dialogue chosen at {node.chosen}" if node.chosen else f"calls {node.dialogue}"
    elif isinstance(node, Record):
        words = f"keeps a {node.kind}"
    elif isinstance(node, SetVars):
        words = "sets " + ", ".join(name for name, _ in node.assignments)
    else:
        words = " ".join((node.text.source if node.text else "end").split())
    return f"{node_id}: {_short(words)}"


def edges(dialogue: Dialogue) -> Iterator[Edge]:
    for node_id, node in dialogue.nodes.items():
        if isinstance(node, Ask):
            for option in node.answer.options:
                if option.offered:  # drawn once, as its offer
                    continue
                for branch in option.next:
                    yield Edge(node_id, branch.target, _short(option.label.source))
            for offer in node.answer.offers:
                for branch in offer.next:
                    yield Edge(node_id, branch.target, f"a {offer.audience.value} dialogue of another folder")
        for branch in node.next:
            label = _short(branch.condition.source) if branch.condition is not None else (
                "else" if len(node.next) > 1 else "")
            yield Edge(node_id, branch.target, label, branch.implicit)


_TAG = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_SHOWN = re.compile(r"\{\{\s*(.*?)\s*\}\}", re.DOTALL)


def _short(text: str) -> str:
    """A text for a label: template tags left out, ``{{ name }}`` shown as [name], at most one line."""
    text = " ".join(_SHOWN.sub(r"[\1]", _TAG.sub("", text)).split())
    return text if len(text) <= _LABEL_MAX else text[:_LABEL_MAX - 1] + "\u2026"


# -- Mermaid ------------------------------------------------------------------------------
_MERMAID_SHAPES = {"ask": ('["', '"]'), "say": ('("', '")'), "set": ('[/"', '"/]'), "call": ('[["', '"]]'),
                   "record": ('[("', '")]'), "end": ('(("', '"))')}


def mermaid(dialogue: Dialogue) -> str:
    lines = ["flowchart TD"]
    ids = {node_id: f"n{index}" for index, node_id in enumerate(dialogue.nodes)}
    for node_id, node in dialogue.nodes.items():
        left, right = _MERMAID_SHAPES[kind_of(node)]
        lines.append(f"    {ids[node_id]}{left}{_mermaid_text(caption(node_id, node))}{right}")
    for edge in edges(dialogue):
        arrow = "-.->" if edge.implicit else "-->"
        label = f"|{_mermaid_text(edge.label)}|" if edge.label else ""
        lines.append(f"    {ids[edge.source]} {arrow}{label} {ids[edge.target]}")
    lines.append(f"    start((start)) --> {ids[dialogue.start]}")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("|", "#124;")


# -- Graphviz -------------------------------------------------------------------------------
_DOT_SHAPES = {"ask": "box", "say": "note", "set": "parallelogram", "call": "box3d", "record": "cylinder",
               "end": "doublecircle"}


def dot(dialogue: Dialogue) -> str:
    lines = [f'digraph "{_dot_text(dialogue.id)}" {{', "    rankdir=TB;", '    node [fontname="sans-serif"];',
             '    start [shape=point];']
    for node_id, node in dialogue.nodes.items():
        lines.append(f'    "{_dot_text(node_id)}" [shape={_DOT_SHAPES[kind_of(node)]}, '
                     f'label="{_dot_text(caption(node_id, node))}"];')
    lines.append(f'    start -> "{_dot_text(dialogue.start)}";')
    for edge in edges(dialogue):
        style = ", style=dashed" if edge.implicit else ""
        lines.append(f'    "{_dot_text(edge.source)}" -> "{_dot_text(edge.target)}" '
                     f'[label="{_dot_text(edge.label)}"{style}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


# -- HTML with inline SVG -------------------------------------------------------------------
_FILL = {"ask": "#e8f1fa", "say": "#f3f6ea", "set": "#f5f0fa", "call": "#fdf1e4", "record": "#eef5f3",
         "end": "#f0f0f0"}
_BOX_W, _BOX_H, _GAP_X, _GAP_Y = 230, 44, 40, 46


def layers(dialogue: Dialogue) -> dict[str, int]:
    """Each node's row: its distance from the start (unreached nodes go below the rest)."""
    depth = {dialogue.start: 0}
    todo = [dialogue.start]
    following = {node_id: [e.target for e in edges(dialogue) if e.source == node_id] for node_id in dialogue.nodes}
    while todo:
        current = todo.pop(0)
        for target in following[current]:
            if target in dialogue.nodes and target not in depth:
                depth[target] = depth[current] + 1
                todo.append(target)
    bottom = max(depth.values(), default=0) + 1
    return {node_id: depth.get(node_id, bottom) for node_id in dialogue.nodes}


def html(dialogue: Dialogue) -> str:
    rows = layers(dialogue)
    by_row: dict[int, list[str]] = {}
    for node_id in dialogue.nodes:
        by_row.setdefault(rows[node_id], []).append(node_id)
    widest = max(len(ids) for ids in by_row.values())
    width = widest * (_BOX_W + _GAP_X) + _GAP_X
    place = {}
    for row, ids in by_row.items():
        offset = (width - len(ids) * (_BOX_W + _GAP_X) + _GAP_X) / 2
        for column, node_id in enumerate(ids):
            place[node_id] = (offset + column * (_BOX_W + _GAP_X), _GAP_Y + row * (_BOX_H + _GAP_Y))
    height = (max(by_row) + 1) * (_BOX_H + _GAP_Y) + _GAP_Y
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
             f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label="{escape(dialogue.title)}">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#56606e"/></marker></defs>']
    for edge in edges(dialogue):
        (x1, y1), (x2, y2) = place[edge.source], place[edge.target]
        start = (x1 + _BOX_W / 2, y1 + _BOX_H)
        end = (x2 + _BOX_W / 2, y2) if y2 > y1 else (x2 + _BOX_W, y2 + _BOX_H / 2)
        dash = ' stroke-dasharray="5 4"' if edge.implicit else ""
        parts.append(f'<path d="M {start[0]:.0f} {start[1]:.0f} C {start[0]:.0f} {start[1] + 30:.0f}, '
                     f'{end[0]:.0f} {end[1] - 30:.0f}, {end[0]:.0f} {end[1]:.0f}" fill="none" stroke="#56606e"'
                     f'{dash} marker-end="url(#arrow)"><title>{escape(edge.source)} to {escape(edge.target)}'
                     f'{": " + escape(edge.label) if edge.label else ""}</title></path>')
        if edge.label:
            parts.append(f'<text x="{(start[0] + end[0]) / 2:.0f}" y="{(start[1] + end[1]) / 2:.0f}" '
                         f'font-size="10" fill="#8a4b16" text-anchor="middle">{escape(edge.label)}</text>')
    for node_id, node in dialogue.nodes.items():
        x, y = place[node_id]
        kind = kind_of(node)
        radius = 22 if kind == "end" else 6
        parts.append(f'<g><rect x="{x:.0f}" y="{y:.0f}" width="{_BOX_W}" height="{_BOX_H}" rx="{radius}" '
                     f'fill="{_FILL[kind]}" stroke="#56606e"/><text x="{x + 8:.0f}" y="{y + 18:.0f}" font-size="11" '
                     f'font-weight="bold">{escape(node_id)} ({kind})</text><text x="{x + 8:.0f}" y="{y + 34:.0f}" '
                     f'font-size="10">{escape(_short(caption(node_id, node).split(": ", 1)[-1])[:40])}</text>'
                     f'<title>{escape(caption(node_id, node))}</title></g>')
    parts.append("</svg>")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(dialogue.title)}: the shape of the dialogue</title>\n"
            "<style>body{font-family:sans-serif;margin:1.5rem;color:#1d2430}svg{max-width:100%;height:auto}"
            "</style>\n</head>\n<body>\n"
            f"<h1>{escape(dialogue.title)}</h1>\n<p>Each box is a step (question, something said, a computed "
            "step, a call, a record, an end); arrows show where it leads, labelled with the condition or "
            "choice; dashed arrows go on to the step written below.</p>\n"
            + "\n".join(parts) + "\n</body>\n</html>\n")


def draw(dialogue: Dialogue, fmt: str) -> str:
    return {"mermaid": mermaid, "dot": dot, "html": html}[fmt](dialogue)
