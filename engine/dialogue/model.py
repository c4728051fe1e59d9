"""The dialogue model: what a loaded dialogue *is*, independent of YAML and of running it.

Every node keeps the span it came from, so runtime errors and lint can point at the file.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar

from engine.dialogue.expressions import Expression, Text
from engine.ground.errors import Problem
from engine.ground.source import Span


class Audience(str, Enum):
    CLIENT = "client"
    TRAINEE = "trainee"
    FACILITATOR = "facilitator"


@dataclass(frozen=True)
class Branch:
    """One way out of a node: taken when ``condition`` is true (None means always)."""

    target: str
    condition: Expression | None
    span: Span
    implicit: bool = False  # no `next` was written: the node goes on to the one below it


@dataclass(frozen=True)
class Option:
    """One labelled choice of a ``choice`` question; ``next`` overrides the node's own."""

    label: Text
    value: Any
    span: Span
    next: tuple[Branch, ...] = ()
    explain: Text | None = None  # said right after this option is chosen, and kept for the summary
    strategy: str | None = None  # the strategy (or pitfall) this option puts into practice
    strategy_span: Span | None = None
    offered: bool = False  # made by an `offer:` entry from a dialogue of the library (engine.dialogue.offers)


@dataclass(frozen=True)
class Offer:
    """``- offer: client`` among a choice's options: one more option for each dialogue of that
    audience from another folder than the asking dialogue's (a facilitator's own), by `order`
    then title, after the options written out; choosing one goes on to ``next``."""

    audience: Audience
    next: tuple[Branch, ...]
    span: Span


@dataclass(frozen=True)
class AnswerSpec:
    """What kind of answer a question takes, and its limits."""

    type: str = "text"
    minimum: float | None = None
    maximum: float | None = None
    options: tuple[Option, ...] = ()
    offers: tuple[Offer, ...] = ()


@dataclass(frozen=True, kw_only=True)
class NodeBase:
    id: str
    span: Span
    section: str | None = None
    # Ordered branches; the last one has no condition. Empty only for an ``end``.
    next: tuple[Branch, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Say(NodeBase):
    text: Text


@dataclass(frozen=True, kw_only=True)
class Ask(NodeBase):
    text: Text
    answer: AnswerSpec
    save: str
    optional: bool = False
    shuffle: bool = False  # a choice's options in an order of the session's own (engine.dialogue.choosing)
    help: Text | None = None
    strategy: str | None = None  # the id in dialogues/strategies.yaml this question serves
    strategy_span: Span | None = None


@dataclass(frozen=True, kw_only=True)
class SetVars(NodeBase):
    assignments: tuple[tuple[str, Expression], ...]


@dataclass(frozen=True, kw_only=True)
class Call(NodeBase):
    dialogue: str  # "" when the dialogue is the one chosen at a question (``chosen``)
    namespace: str
    arguments: tuple[tuple[str, Expression], ...] = ()
    dialogue_span: Span | None = None
    # ``call: {chosen: QUESTION}``: the dialogue whose id the answer to that question holds, one of
    # ``choices`` (the dialogues its `offer:` offers, filled in once the library is loaded).
    chosen: str | None = None
    choices: tuple[str, ...] = ()

    @property
    def targets(self) -> tuple[str, ...]:
        """Every dialogue this call may run."""
        return self.choices if self.chosen is not None else (self.dialogue,)


@dataclass(frozen=True, kw_only=True)
class Record(NodeBase):
    """Keeps something in the person's record (a goal, a check-in...) when the dialogue passes here.

    The core only notes it; the store writes it when the session is saved.
    """

    kind: str
    fields: tuple[tuple[str, Expression], ...]


@dataclass(frozen=True, kw_only=True)
class End(NodeBase):
    text: Text | None = None


Node = Say | Ask | SetVars | Call | Record | End
N = TypeVar("N", Say, Ask, SetVars, Call, Record, End)

# The YAML key that names each kind of node, and the keys each kind accepts.
# The loader reads these tables, and a test checks the JSON schema agrees with them.
NODE_KINDS: dict[str, type] = {"say": Say, "ask": Ask, "set": SetVars, "call": Call, "record": Record, "end": End}
COMMON_NODE_KEYS = ("next", "section")
NODE_KEYS: dict[str, tuple[str, ...]] = {
    "say": ("say",),
    "ask": ("ask", "type", "save", "optional", "shuffle", "help", "min", "max", "options", "strategy"),
    "set": ("set",),
    "call": ("call", "as", "with"),
    "record": ("record", "with"),
    "end": ("end",),
}
# What a ``record`` node can keep: each kind's (required fields, optional fields).
RECORD_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # ``importance`` and ``confidence``: the 0-10 rulers as asked when the goal was set, kept with
    # their day so their change over a goal and the goals that rework it can be shown.
    "goal": (("text",), ("area", "due", "steps", "replaces", "review", "importance", "confidence")),
    # ``next_step``: what the person means to do next (the next review starts from it);
    # ``decision``: what a reassessment decided (rework, keep, pause), so a later stall is known as a repeat;
    # ``importance`` and ``confidence``: the rulers when a review asks them again (kept as a goal's are).
    "checkin": (("goal", "progress"), ("goal_id", "notes", "status", "next_step", "decision", "importance",
                                       "confidence")),
    "strength": (("text",), ()),
    # Five 0-10 ratings of how things are changing (outcomes.yaml), kept with their date.
    "outcome": (("in_charge", "confidence", "hope", "where_to_turn", "supported"), ()),
    # The steps of a personal safety plan (each a list; at least one step filled in).
    "safety_plan": ((), ("signs", "on_my_own", "distractions", "people", "professionals", "safer", "reasons")),
    "resource": (("text",), ("kind",)),
    # The person's yes or no to a hand-off summary for their peer supporter (`sessions handoff`).
    "consent": (("handoff",), ()),
}
CHECKIN_STATUSES = ("open", "done", "aside")  # "aside": the person chose to put the goal aside
# Variables every dialogue is given by the front end rather than setting itself:
# ``person`` is {name, goals: [...], strengths: [...], supports: [...]}: the person's open goals
# with their steps and check-ins, and what they named in earlier conversations; ``today`` is the
# day the session started ("2026-12-02"), so a dialogue can notice an overdue date; ``finding_help``
# are the region's non-crisis services for finding a professional (name, reach, hours);
# ``session_seed`` is fixed when the session starts (``pick`` chooses among lines by it, so a resume
# or /back shows the same line); ``feedback`` is true when the person wants feedback as they go (the
# command line gives it, false with ``--no-feedback``).
GIVEN_NAMES = ("person", "today", "finding_help", "session_seed", "feedback")
DIALOGUE_KEYS = ("id", "title", "audience", "description", "start", "variables", "nodes",
                 "summary", "help", "order", "safety")
REQUIRED_DIALOGUE_KEYS = ("id", "title", "audience", "start", "nodes")
OPTION_KEYS = ("label", "value", "next", "explain", "strategy")
OFFER_KEYS = ("offer", "next")  # an option entry that offers the library's dialogues of an audience
CALL_KEYS = ("chosen",)  # `call:` as a mapping: the dialogue chosen at a question
# The strategy catalogue: one file beside the dialogues, read by the loader, never run.
CATALOGUE_FILE = "strategies.yaml"
STRATEGY_KEYS = ("name", "description", "sources", "audience", "kind")
STRATEGY_KINDS = ("strategy", "pitfall")
STRATEGY_AUDIENCES = ("client", "practitioner")
BRANCH_KEYS = ("if", "then", "else")
SUMMARY_FORMATS = ("markdown", "html")


@dataclass(frozen=True)
class Strategy:
    """One peer-support strategy, or a pitfall to avoid, from the source documents."""

    id: str
    name: str
    description: str
    sources: tuple[int, ...]  # which of the source documents name it
    audience: str  # "client": a client dialogue puts it into practice; "practitioner": for PSWs only
    kind: str  # "strategy" or "pitfall"
    span: Span


@dataclass(frozen=True)
class Dialogue:
    id: str
    title: str
    audience: Audience
    description: str
    start: str
    variables: dict[str, Any]
    nodes: dict[str, Node]
    summary: dict[str, str]  # format -> template name in prompts/
    path: str
    span: Span
    help: Text | None = None
    order: int = 100
    safety: bool = True  # check free-text answers for crisis language (always on for clients)

    def initial_variables(self) -> dict[str, Any]:
        """Every name the dialogue can set starts as None, then the declared defaults apply."""
        names: dict[str, Any] = dict.fromkeys(set_by(self.nodes.values()))
        names.update(copy.deepcopy(self.variables))
        return names


def set_by(nodes: Iterable[Node]) -> Iterator[str]:
    """The names these nodes set: each question's answer, each `set`, each call's namespace."""
    for node in nodes:
        if isinstance(node, Ask):
            yield node.save
        elif isinstance(node, SetVars):
            yield from (name for name, _ in node.assignments)
        elif isinstance(node, Call):
            yield node.namespace


@dataclass(frozen=True)
class Library:
    """All dialogues loaded together, so that any one can call another."""

    dialogues: dict[str, Dialogue]
    strategies: dict[str, Strategy] = field(default_factory=dict)
    # Minimum number of questions from a node to the end of its dialogue (progress estimates).
    remaining: dict[tuple[str, str], int] = field(default_factory=dict, compare=False)
    warnings: tuple[Problem, ...] = field(default=(), compare=False)  # what does not stop loading
    # With ``load_library(skip_broken=True)``: why each file that was left out was left out.
    skipped: tuple[Problem, ...] = field(default=(), compare=False)
    # The ids of dialogues whose files have errors (known, so a call to one is not reported as
    # a call to nothing, but not in ``dialogues``).
    broken: frozenset[str] = field(default=frozenset(), compare=False)

    def __contains__(self, dialogue_id: str) -> bool:
        return dialogue_id in self.dialogues

    def node(self, dialogue_id: str, node_id: str, kind: type[N]) -> N:
        """The node at a place the caller knows is of ``kind`` (a frame waiting at a question, a
        caller at its call): anything else is a broken invariant, not a person's mistake."""
        node = self.dialogues[dialogue_id].nodes[node_id]
        if not isinstance(node, kind):
            raise TypeError(f"{dialogue_id}:{node_id} is a {type(node).__name__}, not a {kind.__name__}")
        return node

    def __getitem__(self, dialogue_id: str) -> Dialogue:
        return self.dialogues[dialogue_id]

    def listed(self, audience: Audience | None = None) -> list[Dialogue]:
        chosen = [d for d in self.dialogues.values() if audience is None or d.audience == audience]
        return sorted(chosen, key=lambda d: (d.order, d.title.lower()))
