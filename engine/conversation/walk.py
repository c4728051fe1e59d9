"""Walking a dialogue: the ``State`` (the call stack of frames, each with its node and variables)
and how answers move it on. ``apply`` takes one answer from where the state is, so a turn costs
the same at answer 3 and answer 300; ``replay`` rebuilds the state from saved answers, as far as
the dialogue (perhaps edited since) allows; ``run`` goes through the say, set, call, record and
end nodes between two questions. No I/O, no clock: the moment of an answer comes with it."""

from __future__ import annotations

import copy
import sys
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Generic, NamedTuple, TypeVar, overload

from engine.conversation.answering import fit, labels_of
from engine.conversation.safetynet import SafetyNet
from engine.conversation.safetynet import concern as concern_of
from engine.conversation.session import Entry, EntryKind, Fact, NodePath
from engine.conversation.turns import Frame, State
from engine.conversation.values import chosen_option, storable
from engine.dialogue.model import (
    CHECKIN_STATUSES,
    Ask,
    Branch,
    Call,
    Dialogue,
    End,
    Library,
    Node,
    Record,
    Say,
    SetVars,
)
from engine.ground.errors import DialogueRuntimeError

STEP_LIMIT = 10_000  # nodes run between two questions before we call it a runaway loop
MAX_CALL_DEPTH = 32



class Step(NamedTuple):
    """One node run, and how deep in calls (1: the dialogue started; 2: one it called...)."""

    depth: int
    dialogue: str
    node: str

_NO_CARDS: frozenset[str] = frozenset()
T = TypeVar("T")


class _Seldom:
    """What a walk seldom has other than the usual: one shared ``_USUAL`` until one of it is set,
    then a walk's own (a live session holds a walk; seven slots for these cost 56 bytes each)."""

    __slots__ = ("trace", "given", "step_limit", "explained", "dropped", "reasked", "problem", "replayed")

    def __init__(self) -> None:
        self.trace: list[Step] | None = None  # when given, every node the walk runs is noted (coverage)
        self.given: Mapping[str, Any] = _NOTHING_GIVEN  # what every dialogue may read without setting it
        self.step_limit = STEP_LIMIT
        # What each chosen option's `explain` said when it was said, with the values of that moment
        # (the summary shows these words, not the text rendered again with the values at the end).
        self.explained: dict[int, tuple[Entry, str]] | None = None
        self.dropped: tuple[Entry, ...] = ()  # saved answers to questions the dialogue no longer has
        self.reasked: tuple[Entry, ...] = ()  # saved answers that no longer fit: their questions come again
        self.problem: DialogueRuntimeError | None = None  # the dialogue's own error, if it stopped the replay
        self.replayed = 0  # with ``reasked``: how many saved answers in force still apply

    def copy(self) -> _Seldom:
        own = _Seldom()
        for name in self.__slots__:
            setattr(own, name, getattr(self, name))
        return own


_NOTHING_GIVEN: Mapping[str, Any] = MappingProxyType({})
_USUAL = _Seldom()  # never changed: a walk's own copy is made first


class _SeldomField(Generic[T]):
    """A walk's field kept in its ``_Seldom``: read from it, and set in the walk's own copy."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, walk: None, owner: type) -> _SeldomField[T]: ...
    @overload
    def __get__(self, walk: Walk, owner: type) -> T: ...
    def __get__(self, walk: Walk | None, owner: type) -> T | _SeldomField[T]:
        if walk is None:
            return self
        value: T = getattr(walk._seldom, self.name)
        return value

    def __set__(self, walk: Walk, value: T) -> None:
        if walk._seldom is _USUAL:
            usual = getattr(_USUAL, self.name)
            if usual is value or (type(value) is int and value == usual):
                return
            walk._seldom = _USUAL.copy()
        setattr(walk._seldom, self.name, value)


class Walk:
    """One walk through ``dialogue`` (and the dialogues it calls): where it is, and the answers in force.

    A live session holds one, so it keeps no more than it needs: slots, and what is usually empty
    or the same for every walk (the explained options, the answers dropped or asked again, what it
    was given, the trace, the step limit) in one shared ``_Seldom`` until one of them is set.
    """

    __slots__ = ("library", "dialogue", "safety_net", "state", "in_force", "count", "offered", "alarmed", "_seldom")

    trace = _SeldomField[list[Step] | None]()
    given = _SeldomField[Mapping[str, Any]]()
    step_limit = _SeldomField[int]()
    explained = _SeldomField[dict[int, tuple[Entry, str]] | None]()
    dropped = _SeldomField[tuple[Entry, ...]]()
    reasked = _SeldomField[tuple[Entry, ...]]()
    problem = _SeldomField[DialogueRuntimeError | None]()
    replayed = _SeldomField[int]()

    def __init__(self, library: Library, dialogue: Dialogue, given: Mapping[str, Any], step_limit: int,
                 safety_net: SafetyNet, trace: list[Step] | None = None):
        self._seldom = _USUAL
        self.library = library
        self.trace = trace
        self.dialogue = dialogue
        self.given = given
        self.step_limit = step_limit
        self.safety_net = safety_net

    def replay(self, answers: Sequence[Entry]) -> None:
        """Rebuild the state from saved answers, as far as the dialogue (perhaps edited since) allows.

        An answer to a question that no longer exists is left out (``dropped``); where the
        dialogue now asks something else, or a question's answer no longer fits it, replay stops
        and those answers are asked again (``reasked``).
        """
        start = self.dialogue
        self.state = State([Frame(start.id, start.start, self.variables_for(start))])
        self.in_force: list[Entry] = []  # the answers in force
        self.explained = None
        self.count = 0  # answers and skips among them, kept as we go: a turn never walks the log
        self.dropped = ()
        self.reasked = ()
        self.problem = None
        self.replayed = 0
        self.offered: frozenset[str] = _NO_CARDS  # the cards offered for a topic so far (each once a session)
        self.alarmed = False  # the safety net met danger in an answer: no card is offered after that
        self.state.pending = self.run()
        for index, entry in enumerate(answers):
            if entry.kind is EntryKind.OFFER:
                if self.state.offer is not None:  # else: the offer is gone (its card was taken out)
                    self.in_force.append(entry)
                    self.settle_offer(entry)
                continue
            self.state.offer = None  # an old session whose offer went unanswered
            if entry.kind is EntryKind.SAFETY:
                if self.state.interlude is not None:  # else: the rules have changed since; let it be
                    self.in_force.append(entry)
                    self.resolve(entry)
                continue
            if self.state.interlude is not None:
                self.state.interlude = None  # an old session whose safety question went unanswered
            if not self.state.finished and entry.node == self.path():
                fitted = fit(entry, self.ask(), self.frame().variables)
                if fitted is not None:
                    try:
                        self.apply(fitted)
                        continue
                    except DialogueRuntimeError as problem:  # saved before the dialogue broke here:
                        self.replay(answers[:index])  # stop just before this answer (rare: replay again)
                        self.problem = problem
                        self.replayed = index
                        self.reasked = _still_to_ask(answers[index:])
                        return
            elif not self.state.finished and self.asked(entry) is None and entry.kind is not EntryKind.NOTE:
                self.dropped += (entry,)  # its question is gone: leave it out, replay the rest
                continue
            self.replayed = index
            self.reasked = _still_to_ask(answers[index:])
            return

    def apply(self, entry: Entry) -> None:
        """Move on from the current question by one answer (or skip, or note)."""
        concern = concern_of(entry)
        if concern is not None:
            self.state.interlude = concern
            self.alarmed = True
        if entry.kind is EntryKind.NOTE:  # the same question comes again, without what was said before it
            self.in_force.append(entry)
            self.state.pending = ()
            return
        self.count += 1
        frame, ask = self.frame(), self.ask()
        frame.variables[ask.save] = copy.deepcopy(entry.value)
        branches = ask.next
        chosen = chosen_option(ask, entry)
        if chosen is not None and chosen.next:
            branches = chosen.next
        frame.node = choose(branches, frame.variables, ask)
        self.in_force.append(entry)
        # An option may explain itself (a knowledge check's feedback): said before what comes next.
        explained = (chosen.explain.render(frame.variables),) if chosen is not None and chosen.explain else ()
        if explained:
            if self.explained is None:
                self.explained = {}
            self.explained[id(entry)] = (entry, explained[0])
        said = explained + self.run(entry.at)
        # Words the dialogue wrote for an ordinary answer ("Great!") are not said to a person in crisis.
        self.state.pending = () if concern is not None else said
        offer = entry.offer
        if isinstance(offer, dict) and isinstance(offer.get("card"), str) and concern is None \
                and not self.state.finished:
            self.state.offer = offer  # asked before the next question (a session ending is not held up)
            self.offered = self.offered | {offer["card"]}

    def settle_offer(self, entry: Entry) -> None:
        """Where a yes or no to an offered card leaves the walk: at the next question, or, when the
        reply held words of danger, in the safety net's pause."""
        self.state.offer = None
        self.state.pending = ()
        concern = concern_of(entry)
        if concern is not None:
            self.state.interlude = concern
            self.alarmed = True

    def resolve(self, entry: Entry) -> None:
        """Where an answer to the safety net's question leaves its pause."""
        self.state.interlude = self.safety_net.after(self.state.interlude, entry)

    def run(self, moment: str | None = None) -> tuple[str, ...]:
        """Run say, set, call and end nodes until a question is waiting or the dialogue ends: what they
        said (``moment``: when the answer that led there was given, which stamps what is recorded)."""
        said: list[str] = []
        frames = self.state.frames
        for _ in range(self.step_limit):
            frame = frames[-1]
            if self.trace is not None:
                self.trace.append(Step(len(frames), frame.dialogue, frame.node))
            node = self.library[frame.dialogue].nodes[frame.node]
            if isinstance(node, Ask):
                return tuple(said)
            if isinstance(node, Say):
                text = node.text.render(frame.variables)
                if text.strip():  # a say whose conditions all fell through says nothing, not a blank line
                    said.append(text)
                frame.node = choose(node.next, frame.variables, node)
            elif isinstance(node, SetVars):
                for name, expression in node.assignments:
                    frame.variables[name] = storable(expression.evaluate(frame.variables), node, name)
                frame.node = choose(node.next, frame.variables, node)
            elif isinstance(node, Call):
                frames.append(self._enter(node, frame))
            elif isinstance(node, Record):
                self.state.facts = (*self.state.facts, self._fact(node, frame, moment))
                frame.node = choose(node.next, frame.variables, node)
            elif isinstance(node, End):
                if node.text is not None:
                    said.append(node.text.render(frame.variables))
                if len(frames) == 1:
                    self.state.finished = True
                    return tuple(said)
                done = frames.pop()
                caller = frames[-1]
                assert done.namespace is not None  # a called dialogue's frame always has one
                caller.variables[done.namespace] = done.variables
                call = self.library.node(caller.dialogue, caller.node, Call)
                caller.node = choose(call.next, caller.variables, call)
        raise DialogueRuntimeError(node.span, f"ran {self.step_limit} steps without asking anything; "
                                   "the dialogue seems to loop forever")

    def _fact(self, node: Record, frame: Frame, moment: str | None) -> Fact:
        """What a ``record`` node notes: its fields' values (those that have one) and when."""
        fields = {}
        for name, expression in node.fields:
            value = storable(expression.evaluate(frame.variables), node, name)
            if value is not None and value != "":
                fields[name] = value
        if node.kind == "checkin":
            progress = fields.get("progress")
            if isinstance(progress, bool) or not isinstance(progress, (int, float)) or not 0 <= progress <= 10:
                raise DialogueRuntimeError(node.span, f"a check-in's `progress` should be a number from 0 to 10, "
                                           f"not {progress!r}")
            if fields.get("status", "open") not in CHECKIN_STATUSES:
                raise DialogueRuntimeError(node.span, "a check-in's `status` should be one of "
                                           + ", ".join(CHECKIN_STATUSES))
        return Fact(node.kind, fields, moment, self.path())

    def _enter(self, call: Call, caller: Frame) -> Frame:
        if len(self.state.frames) >= MAX_CALL_DEPTH:
            raise DialogueRuntimeError(call.span, f"dialogues call each other more than {MAX_CALL_DEPTH} deep")
        dialogue_id = call.dialogue
        if call.chosen is not None:  # the dialogue chosen at a question that offers them
            chosen = caller.variables.get(call.chosen)
            if chosen not in call.choices or chosen not in self.library:
                raise DialogueRuntimeError(call.span, f"the answer to `{call.chosen}` ({chosen!r}) is not a "
                                           "dialogue this call can run")
            dialogue_id = str(chosen)
        callee: Dialogue = self.library[dialogue_id]
        variables = self.variables_for(callee)
        for name, expression in call.arguments:
            variables[name] = storable(expression.evaluate(caller.variables), call, name)
        return Frame(callee.id, callee.start, variables, call.namespace)

    def variables_for(self, dialogue: Dialogue) -> dict[str, Any]:
        variables = dialogue.initial_variables()  # a fresh dict
        if self.given:
            variables.update(copy.deepcopy(self.given))
        return key_shared(variables)

    # -- where it is ----------------------------------------------------------------------------
    def frame(self) -> Frame:
        return self.state.frames[-1]

    def ask(self) -> Ask:
        frame = self.frame()
        return self.library.node(frame.dialogue, frame.node, Ask)

    def explanation(self, entry: Entry) -> str | None:
        """What the `explain` of the option chosen by this answer in force said, as it was said."""
        kept = self.explained.get(id(entry)) if self.explained is not None else None
        return kept[1] if kept is not None and kept[0] is entry else None

    def asked(self, entry: Entry) -> Ask | None:
        """The question an answer in the log was given to, if the dialogue still has it."""
        path = NodePath.parse(entry.node)
        if path.safety is not None or not path.steps:
            return None
        dialogue_id, node_id = path.last
        node = self.library[dialogue_id].nodes.get(node_id) if dialogue_id in self.library else None
        return node if isinstance(node, Ask) else None

    def variables(self) -> dict[str, Any]:
        """The variables of every frame, each called dialogue's nested under its namespace (a copy)."""
        merged = copy.deepcopy(self.state.frames[0].variables)
        inner = merged
        for frame in self.state.frames[1:]:
            assert frame.namespace is not None  # a called dialogue's frame always has one
            inner[frame.namespace] = copy.deepcopy(frame.variables)
            inner = inner[frame.namespace]
        return merged

    def where(self) -> NodePath:
        return NodePath(tuple((f.dialogue, f.node) for f in self.state.frames))

    def path(self) -> str:
        return str(self.where())

    def labels(self, ask: Ask) -> tuple[str, ...]:
        return labels_of(ask, self.frame().variables)


_LAYOUTS: dict[tuple[str, ...], dict[str, Any] | None] = {}  # each set of names' shared layout, or None
_LAYOUTS_KEPT = 1_000
_UNSEEN: dict[str, Any] = {}


def key_shared(variables: dict[str, Any]) -> dict[str, Any]:
    """The same variables, in the same order, in a dict whose keys are shared with every other
    frame of the same names. Every session of a dialogue starts its frame with the same names (each
    one it can set, then what it was given), and a live session holds that frame: a dict of its own
    keys for 18 names is 464 bytes, one sharing them (the table CPython keeps for the attributes of
    the instances of a class) about 300. Where sharing would not be smaller (a few names), or the
    names cannot be attributes, the dict is returned as it is. Only memory differs: a key-sharing
    dict is a dict, and one given a name it does not have becomes an ordinary one."""
    names = tuple(variables)
    layout = _LAYOUTS.get(names, _UNSEEN)
    if layout is _UNSEEN:
        layout = _layout(names)
        if len(_LAYOUTS) < _LAYOUTS_KEPT:
            _LAYOUTS[names] = layout
    if layout is None:
        return variables
    shared = layout.copy()
    shared.update(variables)
    return shared


def _layout(names: tuple[str, ...]) -> dict[str, Any] | None:
    if not all(type(name) is str and not name.startswith("__") for name in names):
        return None
    holder = type("Variables", (), {})()
    for name in names:
        setattr(holder, name, None)
    layout: dict[str, Any] = vars(holder)
    if tuple(layout) != names or sys.getsizeof(layout.copy()) >= sys.getsizeof(dict.fromkeys(names)):
        return None
    return layout


def _still_to_ask(answers: Sequence[Entry]) -> tuple[Entry, ...]:
    """The answers and skips among ``answers``: their questions come again."""
    return tuple(e for e in answers if e.kind in (EntryKind.ANSWER, EntryKind.SKIP))


def choose(branches: Sequence[Branch], variables: dict[str, Any], node: Node) -> str:
    """The target of the first branch whose condition holds."""
    for branch in branches:
        if branch.condition is None or branch.condition.evaluate(variables):
            return branch.target
    raise DialogueRuntimeError(node.span, "no branch of `next` applies (is `else:` missing?)")
