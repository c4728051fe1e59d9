"""The state machine: a pure core that takes what a person typed and returns the next turn.

No I/O, no clock, no randomness. A ``Conversation`` keeps an append-only log of answers; the
state (the call stack of frames, each with its node and variables) is what replaying that log
through the dialogue gives. An answer moves the state forward from where it is, so a turn costs
the same at answer 3 and answer 300; only ``/back`` and resuming replay the log from the start.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from engine.conversation.messages import Messages
from engine.conversation.safetynet import Interlude, SafetyNet, about_someone_else, safety_events
from engine.conversation.safetynet import concern as concern_of
from engine.conversation.session import Entry, EntryKind, Fact, NodePath, answers_in_force
from engine.conversation.turns import Frame, Outcome, Question, State, Turn
from engine.conversation.values import chosen_option, closest, day_of, still_allowed, storable
from engine.dialogue.model import (
    CHECKIN_STATUSES,
    Ask,
    Audience,
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
from engine.dialogue.progress import questions_left
from engine.ground.errors import DialogueRuntimeError
from engine.safety import About, Finding
from engine.safety.resources import Resources
from engine.understanding.answers import PARSERS, Accepted, Asking, display
from engine.understanding.listening import listen
from engine.understanding.textnorm import without_surrogates

# The machine's public face: what callers take from here (the types are defined beside it).
__all__ = ["COMMANDS", "COMMAND_PREFIX", "MAX_ANSWER", "Conversation", "Frame", "Interlude", "Outcome", "Question",
           "State", "Turn", "chosen_option"]

COMMAND_PREFIX = "/"
COMMANDS = ("help", "back", "skip", "repeat", "summary", "pause")
STEP_LIMIT = 10_000  # nodes run between two questions before we call it a runaway loop
MAX_CALL_DEPTH = 32
NONANSWER = "nonanswer"  # the value of a note kept for an answer that gave nothing for its question
MAX_ANSWER = 10_000  # characters kept of one answer (about four pages); the rest is cut, with a notice


class Conversation:
    """One person's walk through one dialogue."""

    def __init__(self, library: Library, messages: Messages, dialogue_id: str,
                 log: Sequence[Entry] = (), *, step_limit: int = STEP_LIMIT,
                 resources: Resources | None = None, given: dict[str, Any] | None = None):
        self.library = library
        # What every dialogue may read without setting it (``person``: the person's open goals...).
        # Handed in once when the session starts and kept with it, so a replay sees the same.
        self.given = copy.deepcopy(given or {})
        self.messages = messages
        self.dialogue = library[dialogue_id]
        self.step_limit = step_limit
        self.resources = resources
        self.safety_net = SafetyNet(messages, resources)
        self._history: list[Entry] = list(log)  # append-only: nothing typed is ever removed
        self._replay(answers_in_force(self._history))
        if self.reasked:  # the dialogue was edited: note where the saved answers stop applying
            self._history.append(Entry(node=self._path(), kind=EntryKind.REPLAYED, value=self._replayed))

    # -- reading the state --------------------------------------------------------------
    @property
    def log(self) -> tuple[Entry, ...]:
        """Everything that happened, including answers later undone with /back."""
        return tuple(self._history)

    def log_since(self, count: int) -> list[Entry]:
        """The log's entries after its first ``count`` (a store appends only these)."""
        return self._history[count:]

    @property
    def answered(self) -> int:
        """How many answers (and skips) are in force: what ``sessions list`` shows."""
        return self._answer_count

    @property
    def answers(self) -> tuple[Entry, ...]:
        """The answers (and skips) in force, in the order they were given."""
        return tuple(self._log)

    @property
    def finished(self) -> bool:
        return self.state.finished

    @property
    def facts(self) -> list[Fact]:
        """What the dialogue's ``record`` nodes noted so far, for the store and the summary."""
        return [Fact.from_dict(fact.to_dict()) for fact in self.state.facts]  # copies: fields are mutable

    def variables(self) -> dict[str, Any]:
        """The session's variables, each called dialogue's nested under its namespace."""
        merged = copy.deepcopy(self.state.frames[0].variables)
        inner = merged
        for frame in self.state.frames[1:]:
            assert frame.namespace is not None  # a called dialogue's frame always has one
            inner[frame.namespace] = copy.deepcopy(frame.variables)
            inner = inner[frame.namespace]
        return merged

    def current_turn(self) -> Turn:
        """What to show now: anything said since the last question, then the question.

        While the safety net is open, only its own words are shown: the dialogue's next
        messages wait until the person has chosen how to go on.
        """
        if self.state.interlude is Interlude.ACUTE:
            return Turn(Outcome.ASK, (self.safety_net.crisis_text(),), question=self.question())
        if self.state.interlude is Interlude.CHECK:
            return Turn(Outcome.ASK, notice=self.messages("safety.check_hint"), question=self.question())
        if self.state.interlude is Interlude.SETTLE:
            return Turn(Outcome.ASK, question=self.question())
        if self.state.finished:
            return Turn(Outcome.FINISHED, tuple(self.state.pending))
        return Turn(Outcome.ASK, tuple(self.state.pending), question=self.question())

    def question(self) -> Question:
        step = self._answered() + 1  # answers in force, so /back moves the count back too
        total = max(step, self._answered() + (self._remaining() if not self.state.finished else 0))
        pause = self.state.interlude
        if pause is not None:
            text, kind, options = self.safety_net.question(pause)
            return Question(path=self._safety_path(), text=text, type=kind, options=options,
                            optional=pause is Interlude.SETTLE, minimum=None, maximum=None,
                            title=self.dialogue.title, section=None, step=step, total=total)
        frame, ask = self._frame(), self._ask()
        return Question(path=self._path(), text=ask.text.render(frame.variables), type=ask.answer.type,
                        options=self._labels(ask), optional=ask.optional, minimum=ask.answer.minimum,
                        maximum=ask.answer.maximum, title=self.dialogue.title, section=ask.section,
                        step=step, total=total)

    def safety_events(self) -> list[dict[str, Any]]:
        """Every time the safety net noticed something, with how the person answered it (read from
        the full log, so going back never hides an event from a reviewer)."""
        return safety_events(self._history)

    # -- acting on input ----------------------------------------------------------------
    def reply(self, text: str, *, now: str | None = None) -> Turn:
        """Handle one line from the person: a command (``/back``...) or an answer.

        An answer longer than ``MAX_ANSWER`` characters is cut there, and the turn says so.
        """
        text = without_surrogates(text)  # bytes that were not UTF-8: kept as U+FFFD, storable
        if len(text) <= MAX_ANSWER:
            return self._reply(text, now)
        turn = self._reply(text[:MAX_ANSWER], now)
        cut = self.messages("notices.answer_cut", limit=f"{MAX_ANSWER:,}")
        return Turn(turn.outcome, turn.messages, f"{cut} {turn.notice}" if turn.notice else cut, turn.question)

    def _reply(self, text: str, now: str | None) -> Turn:
        if self.state.finished and self.state.interlude is None:
            return Turn(Outcome.FINISHED)
        stripped = text.strip()
        if stripped.startswith(COMMAND_PREFIX * 2):
            text = stripped[1:]  # "//x" is the literal answer "/x"
        elif stripped.startswith(COMMAND_PREFIX):
            return self.command(stripped[1:].strip().lower(), now=now)
        if self.state.interlude is not None:
            return self._answer_safety(text, now)
        ask = self._ask()
        if not stripped and ask.optional:
            return self.skip(now=now)  # Enter on its own leaves an optional question out
        finding = self._check(text)
        entry = self._entry(ask, text, now, finding)
        if entry is not None and finding is None and self._gives_nothing(ask, entry):
            if not self._offered_examples():
                # "I don't know", "nobody really": the words are kept, and the question comes
                # again once with examples or a smaller version of it.
                note = Entry(node=self._path(), kind=EntryKind.NOTE, value=NONANSWER, text=text, at=now,
                             question=entry.question)
                turn = self._advance(note)
                return Turn(turn.outcome, turn.messages, self._examples(ask), turn.question)
            # Asked twice: kept as "none yet", never as a strength, a support or a step.
            entry = replace(entry, value=[] if ask.answer.type == "list" else None,
                            display=self.messages("listening.none_yet"))
        if entry is None:
            if finding is None:
                return self._ask_again(self._reask(ask, text, now))
            # Not an answer, but never ignored: the words are kept, and answered.
            entry = Entry(node=self._path(), kind=EntryKind.NOTE, text=text, at=now, safety=finding.to_dict(),
                          question=ask.text.render(self._frame().variables))
        turn = self._advance(entry)
        if about_someone_else(finding):  # say how to help them, without stopping
            return Turn(turn.outcome, (self.safety_net.helping_text(), *turn.messages),
                        turn.notice, turn.question)
        return turn

    def _entry(self, ask: Ask, text: str, now: str | None, finding: Finding | None) -> Entry | None:
        """The answer as the log keeps it, or None when the words do not answer the question."""
        labels = self._labels(ask)
        result = PARSERS[ask.answer.type](Asking(ask.answer, labels, day_of(now)), text)
        if not isinstance(result, Accepted):
            return None
        return Entry(node=self._path(), value=result.value, text=text,
                     question=ask.text.render(self._frame().variables), at=now,
                     display=display(ask.answer, labels, result.value), type=ask.answer.type,
                     safety=finding.to_dict() if finding else None)

    def _gives_nothing(self, ask: Ask, entry: Entry) -> bool:
        """A client's free answer that gives nothing usable for this question (listening rules)."""
        dialogue = self.library[self._frame().dialogue]
        if ask.answer.type not in ("text", "list") or dialogue.audience is not Audience.CLIENT:
            return False
        return listen(entry.text, question=entry.question).nonanswer

    def _offered_examples(self) -> bool:
        """Whether this question was already asked again with examples after a non-answer."""
        last = self._log[-1] if self._log else None
        return last is not None and last.kind is EntryKind.NOTE and last.value == NONANSWER \
            and last.node == self._path()

    def _examples(self, ask: Ask) -> str:
        """What is said when the question comes again: its own help (examples), else a gentle nudge."""
        own = ask.help.render(self._frame().variables) if ask.help else None
        return self.messages("listening.examples", examples=own)

    def _reask(self, ask: Ask, text: str, now: str | None) -> str:
        result = PARSERS[ask.answer.type](Asking(ask.answer, self._labels(ask), day_of(now)), text)
        assert not isinstance(result, Accepted)
        return self.messages(result.message, **result.params)

    def command(self, word: str, *, now: str | None = None) -> Turn:
        handlers = {
            "help": lambda: self._ask_again(self._help()),
            "repeat": lambda: self._ask_again(None),
            "pause": lambda: Turn(Outcome.PAUSE, question=self.question()),
            "summary": lambda: Turn(Outcome.SUMMARY, question=self.question()),
            "back": lambda: self.back(now=now),
            "skip": lambda: self.skip(now=now),
        }
        if word in handlers:
            return handlers[word]()
        return self._ask_again(self.messages("commands.unknown", word=word,
                                             suggestion=closest(word, COMMANDS)))

    def skip(self, *, now: str | None = None) -> Turn:
        if self.state.interlude is Interlude.SETTLE:  # "how are you feeling?" may be left unanswered
            return self._answer_safety("", now)
        # A safety question always needs an answer; so does a question not marked optional.
        if self.state.interlude is not None or not self._ask().optional:
            return self._ask_again(self.messages("notices.skip_not_allowed"))
        ask = self._ask()
        entry = Entry(node=self._path(), kind=EntryKind.SKIP,
                      question=ask.text.render(self._frame().variables), at=now)
        turn = self._advance(entry)
        return Turn(turn.outcome, turn.messages, self.messages("notices.skipped"), turn.question)

    def back(self, *, now: str | None = None) -> Turn:
        """Undo the last answer and everything it led to, by replaying the answers before it."""
        answered = [e for e in self._log if e.kind in (EntryKind.ANSWER, EntryKind.SKIP)]
        if not answered:
            return self._ask_again(self.messages("notices.back_at_start"))
        undone = answered[-1]
        self._history.append(Entry(node=self._path(), kind=EntryKind.BACK, at=now))
        self._replay(answers_in_force(self._history))
        notice = self.messages("notices.went_back", answer=undone.display or undone.text)
        return Turn(Outcome.ASK, notice=notice, question=self.question())

    # -- moving through the dialogue ----------------------------------------------------
    def _replay(self, answers: Sequence[Entry]) -> None:
        """Rebuild the state from saved answers, as far as the dialogue (perhaps edited since) allows.

        An answer to a question that no longer exists is left out (``dropped``); where the
        dialogue now asks something else, or a question's answer no longer fits it, replay stops
        and those answers are asked again (``reasked``).
        """
        start = self.dialogue
        self.state = State([Frame(start.id, start.start, self._variables_for(start))])
        self._log: list[Entry] = []  # the answers in force
        self._answer_count = 0  # answers and skips among them, kept as we go: a turn never walks the log
        self._moment: str | None = None  # when the answer being applied was given (stamps facts)
        self.dropped: list[Entry] = []  # saved answers to questions the dialogue no longer has
        self.reasked: list[Entry] = []  # saved answers that no longer fit: their questions come again
        self.problem: DialogueRuntimeError | None = None  # the dialogue's own error, if it stopped the replay
        self._replayed = len(answers)
        self.state.pending = self._run()
        for index, entry in enumerate(answers):
            if entry.kind is EntryKind.SAFETY:
                if self.state.interlude is not None:  # else: the rules have changed since; let it be
                    self._log.append(entry)
                    self._resolve(entry)
                continue
            if self.state.interlude is not None:
                self.state.interlude = None  # an old session whose safety question went unanswered
            if not self.state.finished and entry.node == self._path():
                fitted = self._fit(entry)
                if fitted is not None:
                    try:
                        self._apply(fitted)
                        continue
                    except DialogueRuntimeError as problem:  # saved before the dialogue broke here:
                        self._replay(answers[:index])  # stop just before this answer (rare: replay again)
                        self.problem = problem
                        self._replayed = index
                        self.reasked = [e for e in answers[index:] if e.kind in (EntryKind.ANSWER, EntryKind.SKIP)]
                        return
            elif not self.state.finished and self.asked(entry) is None and entry.kind is not EntryKind.NOTE:
                self.dropped.append(entry)  # its question is gone: leave it out, replay the rest
                continue
            self._replayed = index
            self.reasked = [e for e in answers[index:] if e.kind in (EntryKind.ANSWER, EntryKind.SKIP)]
            return

    def _fit(self, entry: Entry) -> Entry | None:
        """A saved answer as the current question takes it, or None when it no longer fits."""
        ask = self._ask()
        if entry.kind is EntryKind.SKIP:
            return entry if ask.optional else None
        if entry.kind is not EntryKind.ANSWER:
            return entry
        labels = self._labels(ask)
        if entry.type in (None, ask.answer.type) and still_allowed(ask.answer, entry.value):
            return entry
        # The question changed kind (or lost the option chosen): read the words again.
        result = PARSERS[ask.answer.type](Asking(ask.answer, labels, day_of(entry.at)), entry.text)
        if not isinstance(result, Accepted):
            return None
        return replace(entry, value=result.value, display=display(ask.answer, labels, result.value),
                       type=ask.answer.type)

    def _advance(self, entry: Entry) -> Turn:
        self._history.append(entry)
        try:
            self._apply(entry)
        except DialogueRuntimeError as problem:
            # The dialogue went wrong, not the person: their words stay in the log, the answer is
            # undone (a recorded /back), and they can answer differently, go back or pause.
            self._history.append(Entry(node=entry.node, kind=EntryKind.BACK, at=entry.at))
            self._replay(answers_in_force(self._history))
            return self._broken(problem)
        return self.current_turn()

    def _broken(self, problem: DialogueRuntimeError) -> Turn:
        self.problem = problem
        return Turn(Outcome.ASK, notice=self.messages("notices.dialogue_broken", problem=str(problem)),
                    question=self.question())

    def _apply(self, entry: Entry) -> None:
        self._moment = entry.at
        concern = concern_of(entry)
        if concern is not None:
            self.state.interlude = concern
        if entry.kind is EntryKind.NOTE:  # the same question comes again, without what was said before it
            self._log.append(entry)
            self.state.pending = []
            return
        self._answer_count += 1
        frame, ask = self._frame(), self._ask()
        frame.variables[ask.save] = copy.deepcopy(entry.value)
        branches = ask.next
        chosen = chosen_option(ask, entry)
        if chosen is not None and chosen.next:
            branches = chosen.next
        frame.node = self._choose(branches, frame.variables, ask)
        self._log.append(entry)
        # An option may explain itself (a knowledge check's feedback): said before what comes next.
        explained = [chosen.explain.render(frame.variables)] if chosen is not None and chosen.explain else []
        said = explained + self._run()
        # Words the dialogue wrote for an ordinary answer ("Great!") are not said to a person in crisis.
        self.state.pending = [] if concern is not None else said

    def _run(self) -> list[str]:
        """Run say, set, call and end nodes until a question is waiting or the dialogue ends."""
        said: list[str] = []
        frames = self.state.frames
        for _ in range(self.step_limit):
            frame = frames[-1]
            node = self.library[frame.dialogue].nodes[frame.node]
            if isinstance(node, Ask):
                return said
            if isinstance(node, Say):
                said.append(node.text.render(frame.variables))
                frame.node = self._choose(node.next, frame.variables, node)
            elif isinstance(node, SetVars):
                for name, expression in node.assignments:
                    frame.variables[name] = storable(expression.evaluate(frame.variables), node, name)
                frame.node = self._choose(node.next, frame.variables, node)
            elif isinstance(node, Call):
                frames.append(self._enter(node, frame))
            elif isinstance(node, Record):
                self.state.facts.append(self._fact(node, frame))
                frame.node = self._choose(node.next, frame.variables, node)
            elif isinstance(node, End):
                if node.text is not None:
                    said.append(node.text.render(frame.variables))
                if len(frames) == 1:
                    self.state.finished = True
                    return said
                done = frames.pop()
                caller = frames[-1]
                assert done.namespace is not None  # a called dialogue's frame always has one
                caller.variables[done.namespace] = done.variables
                call = self.library.node(caller.dialogue, caller.node, Call)
                caller.node = self._choose(call.next, caller.variables, call)
        raise DialogueRuntimeError(node.span, f"ran {self.step_limit} steps without asking anything; "
                                   "the dialogue seems to loop forever")

    # -- the safety net ------------------------------------------------------------------
    def _check(self, text: str) -> Finding | None:
        """Free words in a dialogue with the safety net on (always, for clients)."""
        if not any(self.library[f.dialogue].safety for f in self.state.frames):
            return None
        return self.safety_net.read(text)

    def _answer_safety(self, text: str, now: str | None) -> Turn:
        before = self.state.interlude
        assert before is not None
        question = self.question()
        entry = self.safety_net.answer(before, text, path=question.path, question=question.text, now=now)
        if isinstance(entry, str):
            return self._ask_again(entry)
        self._history.append(entry)
        self._log.append(entry)
        self._resolve(entry)
        after = self.state.interlude
        if after in (Interlude.ACUTE, Interlude.CHECK):  # "yes" to the gentle check, or new words of danger
            return self.current_turn()
        if before is Interlude.ACUTE and entry.value == "stop":
            outcome = Outcome.FINISHED if self.state.finished else Outcome.PAUSE
            return Turn(outcome, (self.messages("safety.stopping"),))
        if after is Interlude.SETTLE:
            return Turn(Outcome.ASK, (self.messages("safety.continuing"),), question=self.question())
        said = self.messages("safety.settled" if before is Interlude.SETTLE else "safety.check_no")
        if before is Interlude.SETTLE and entry.safety and entry.safety.get("about") == About.OTHER.value:
            said = self.safety_net.helping_text() + "\n\n" + said
        turn = self.current_turn()
        return Turn(turn.outcome, (said, *turn.messages), turn.notice, turn.question)

    def _resolve(self, entry: Entry) -> None:
        self.state.interlude = self.safety_net.after(self.state.interlude, entry)

    def _safety_path(self) -> str:
        return str(self._where().in_safety(self.state.interlude.value if self.state.interlude else None))

    def _answered(self) -> int:
        return self._answer_count

    def _variables_for(self, dialogue: Dialogue) -> dict[str, Any]:
        return {**dialogue.initial_variables(), **copy.deepcopy(self.given)}

    def _fact(self, node: Record, frame: Frame) -> Fact:
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
        return Fact(node.kind, fields, self._moment, self._path())

    def _enter(self, call: Call, caller: Frame) -> Frame:
        if len(self.state.frames) >= MAX_CALL_DEPTH:
            raise DialogueRuntimeError(call.span, f"dialogues call each other more than {MAX_CALL_DEPTH} deep")
        callee: Dialogue = self.library[call.dialogue]
        variables = self._variables_for(callee)
        for name, expression in call.arguments:
            variables[name] = storable(expression.evaluate(caller.variables), call, name)
        return Frame(callee.id, callee.start, variables, call.namespace)

    @staticmethod
    def _choose(branches: Sequence[Branch], variables: dict[str, Any], node: Node) -> str:
        for branch in branches:
            if branch.condition is None or branch.condition.evaluate(variables):
                return branch.target
        raise DialogueRuntimeError(node.span, "no branch of `next` applies (is `else:` missing?)")

    # -- helpers ------------------------------------------------------------------------
    def _frame(self) -> Frame:
        return self.state.frames[-1]

    def _ask(self) -> Ask:
        frame = self._frame()
        return self.library.node(frame.dialogue, frame.node, Ask)

    def asked(self, entry: Entry) -> Ask | None:
        """The question an answer in the log was given to, if the dialogue still has it."""
        path = NodePath.parse(entry.node)
        if path.safety is not None or not path.steps:
            return None
        dialogue_id, node_id = path.last
        node = self.library[dialogue_id].nodes.get(node_id) if dialogue_id in self.library else None
        return node if isinstance(node, Ask) else None

    def _where(self) -> NodePath:
        return NodePath(tuple((f.dialogue, f.node) for f in self.state.frames))

    def _path(self) -> str:
        return str(self._where())

    def _labels(self, ask: Ask) -> tuple[str, ...]:
        variables = self._frame().variables
        return tuple(option.label.render(variables) for option in ask.answer.options)

    def _ask_again(self, notice: str | None) -> Turn:
        return Turn(Outcome.ASK, notice=notice, question=self.question())

    def _help(self) -> str:
        frame = self._frame()
        if self.state.interlude is not None:
            own = self.messages("safety.help")
        else:
            ask, dialogue = self._ask(), self.library[frame.dialogue]
            source = ask.help or dialogue.help or self.dialogue.help
            own = source.render(frame.variables) if source else self.messages("notices.no_help")
        lines = [own, "", self.messages("commands.intro")]
        lines += ["  " + self.messages(f"commands.{word}") for word in COMMANDS]
        lines.append(self.messages("commands.literal"))
        return "\n".join(lines)

    def _remaining(self) -> int:
        """About how many questions are left, counting the current one."""
        return questions_left(self.library, [(f.dialogue, f.node) for f in self.state.frames])
