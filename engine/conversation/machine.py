"""The state machine: a pure core that takes what a person typed and returns the next turn.

No I/O, no clock, no randomness. A ``Conversation`` keeps an append-only log of everything typed;
the state (the call stack of frames, each with its node and variables) is what replaying that log
through the dialogue gives (``walk``). An answer moves the state forward from where it is, so a
turn costs the same at answer 3 and answer 300; only ``/back`` and resuming replay the log from the
start. Here a typed line becomes a command (``commands``), an answer read by its question's parser
(``answering``) or an answer to the safety net, and the ``Turn`` to show next.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from engine.conversation.answering import NONANSWER, Answered, answer_entry, gives_nothing, offered_examples
from engine.conversation.commands import COMMAND_PREFIX, COMMANDS, command_word, help_text, read_line
from engine.conversation.information import CARD_NOTE, card_text, mention_offer, show
from engine.conversation.messages import Messages
from engine.conversation.safetynet import Interlude, SafetyNet, about_someone_else, safety_events
from engine.conversation.session import Entry, EntryKind, Fact, answers_in_force
from engine.conversation.turns import Frame, Outcome, Question, State, Turn
from engine.conversation.values import chosen_option, closest
from engine.conversation.walk import MAX_CALL_DEPTH, STEP_LIMIT, Step, Walk
from engine.dialogue.cards import Card, Cards, Mention, bundled_cards
from engine.dialogue.expressions import CompileError, Text
from engine.dialogue.model import AnswerSpec, Ask, Audience, Library
from engine.dialogue.progress import questions_left
from engine.ground.errors import DialogueLoadError, DialogueRuntimeError
from engine.ground.source import Span
from engine.safety import About, Finding, Level
from engine.safety.resources import Resources
from engine.understanding.answers import Accepted, Asking, Rejected, display, parse_yes_no_unsure
from engine.understanding.asking import Asked
from engine.understanding.listening import default_listener
from engine.understanding.textnorm import without_surrogates

# The machine's public face: what callers take from here (the types are defined beside it).
__all__ = ["COMMANDS", "COMMAND_PREFIX", "MAX_ANSWER", "MAX_CALL_DEPTH", "NONANSWER", "STEP_LIMIT", "Conversation",
           "Frame", "Interlude", "Outcome", "Question", "State", "Turn", "chosen_option"]

MAX_ANSWER = 10_000  # characters kept of one answer (about four pages); the rest is cut, with a notice


def section_text(section: str | None, variables: dict[str, Any]) -> str | None:
    """A section heading as shown: it may hold the dialogue's words ("{{ goal.text }}")."""
    if section is None or "{" not in section:
        return section
    try:
        return Text.compile(section, Span("<section>", 1, 1)).render(variables) or None
    except (CompileError, DialogueRuntimeError):
        return section  # the heading is only a label: never a reason to stop


class Conversation:
    """One person's walk through one dialogue."""

    def __init__(self, library: Library, messages: Messages, dialogue_id: str,
                 log: Sequence[Entry] = (), *, step_limit: int = STEP_LIMIT,
                 resources: Resources | None = None, given: dict[str, Any] | None = None,
                 trace: list[Step] | None = None, cards: Cards | None = None):
        self.library = library
        self._cards = cards  # the information cards (/info); the bundled ones, read when first needed
        self.messages = messages
        self.dialogue = library[dialogue_id]
        self.resources = resources
        person = (given or {}).get("person")
        plan = person.get("safety_plan") if isinstance(person, dict) else None  # shown first in a crisis
        self.safety_net = SafetyNet(messages, resources, plan)
        # What every dialogue may read without setting it (``person``: the person's open goals...).
        # Handed in once when the session starts and kept with it, so a replay sees the same.
        self.walk = Walk(library, self.dialogue, copy.deepcopy(given or {}), step_limit, self.safety_net, trace)
        self._history: list[Entry] = list(log)  # append-only: nothing typed is ever removed
        self._replay(answers_in_force(self._history))
        if self.reasked:  # the dialogue was edited: note where the saved answers stop applying
            self._history.append(Entry(node=self.walk.path(), kind=EntryKind.REPLAYED, value=self.walk.replayed))

    # -- reading the state --------------------------------------------------------------
    @property
    def cards(self) -> Cards:
        """The information cards; when the bundled ones cannot be read (a front end that did not
        read them before the first question, as the command line does), none: a conversation never
        stops over an information page."""
        if self._cards is None:
            try:
                self._cards = bundled_cards()
            except DialogueLoadError:
                self._cards = Cards(())
        return self._cards

    @property
    def state(self) -> State:
        return self.walk.state

    @property
    def given(self) -> dict[str, Any]:
        return self.walk.given

    @property
    def step_limit(self) -> int:
        """Nodes run between two questions before the dialogue is taken to loop for ever."""
        return self.walk.step_limit

    @step_limit.setter
    def step_limit(self, limit: int) -> None:
        self.walk.step_limit = limit

    @property
    def dropped(self) -> list[Entry]:
        """Saved answers left out on resuming: the dialogue no longer has their questions."""
        return self.walk.dropped

    @property
    def reasked(self) -> list[Entry]:
        """Saved answers that no longer fit the dialogue on resuming: their questions come again."""
        return self.walk.reasked

    @property
    def problem(self) -> DialogueRuntimeError | None:
        """The dialogue's own error, if one stopped the replay or the last answer."""
        return self.walk.problem

    @property
    def _log(self) -> list[Entry]:  # the answers in force
        return self.walk.in_force

    @_log.setter
    def _log(self, entries: list[Entry]) -> None:
        self.walk.in_force = entries

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
        return self.walk.count

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

    def asked(self, entry: Entry) -> Ask | None:
        """The question an answer in the log was given to, if the dialogue still has it."""
        return self.walk.asked(entry)

    def explanation(self, entry: Entry) -> str | None:
        """What the chosen option's `explain` said after this answer, with the values of that moment."""
        return self.walk.explanation(entry)

    def current_turn(self) -> Turn:
        """What to show now: anything said since the last question, then the question.

        While the safety net is open, only its own words are shown: the dialogue's next
        messages wait until the person has chosen how to go on.
        """
        if self.state.interlude is Interlude.ACUTE:
            return Turn(Outcome.ASK, (self.safety_net.crisis_text(),), question=self.question())
        if self.state.interlude is Interlude.CHECK:
            plan = self.safety_net.plan_text()  # their own plan first, before the gentle question
            return Turn(Outcome.ASK, (plan,) if plan else (), notice=self.messages("safety.check_hint"),
                        question=self.question())
        if self.state.interlude is Interlude.SETTLE:
            return Turn(Outcome.ASK, question=self.question())
        if self.state.finished:
            return Turn(Outcome.FINISHED, tuple(self.state.pending))
        return Turn(Outcome.ASK, tuple(self.state.pending), question=self.question())

    def question(self) -> Question:
        step = self.walk.count + 1  # answers in force, so /back moves the count back too
        total = max(step, self.walk.count + (self._remaining() if not self.state.finished else 0))
        pause = self.state.interlude
        if pause is not None:
            text, kind, options = self.safety_net.question(pause)
            return Question(path=self._safety_path(), text=text, type=kind, options=options,
                            optional=pause is Interlude.SETTLE, minimum=None, maximum=None,
                            title=self.dialogue.title, section=None, step=step, total=total)
        offered = self._offered()
        if offered is not None:  # "You mentioned rent. Would you like to see ...?" before the next question
            card, topic = offered
            return Question(path=self.walk.path(), text=mention_offer(self.messages, card, topic), type="yesno",
                            options=(), optional=True, minimum=None, maximum=None, title=self.dialogue.title,
                            section=None, step=step, total=total)
        frame, ask = self.walk.frame(), self.walk.ask()
        return Question(path=self.walk.path(), text=ask.text.render(frame.variables), type=ask.answer.type,
                        options=self.walk.labels(ask), optional=ask.optional, minimum=ask.answer.minimum,
                        maximum=ask.answer.maximum, title=self.dialogue.title,
                        section=section_text(ask.section, frame.variables),
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
        word, text = read_line(text)
        if word is not None:
            return self.command(word, now=now)
        if self.state.interlude is not None:
            return self._answer_safety(text, now)
        if self.state.offer is not None:
            return self._answer_offer(text, now)
        ask = self.walk.ask()
        if not text.strip() and ask.optional:
            return self.skip(now=now)  # Enter on its own leaves an optional question out
        finding = self._check(text, reply=ask.answer.type == "reply")
        variables = self.walk.frame().variables
        read = answer_entry(ask, variables, text, now, path=self.walk.path(), finding=finding)
        entry = read.entry if isinstance(read, Answered) else read
        understood = read.understood if isinstance(read, Answered) else ""
        offer = self._card_asked(ask, text) if finding is None else None
        if offer is not None and self._only_asks(ask, text):
            # "is there a group that isn't AA?": the words are kept, a card is offered, and the
            # same question comes again, so neither the question nor the person's words are lost.
            card, _ = offer
            note = Entry(node=self.walk.path(), kind=EntryKind.NOTE, value=f"{CARD_NOTE}:{card.id}", text=text,
                         at=now, question=ask.text.render(variables))
            turn = self._advance(note)
            return Turn(turn.outcome, turn.messages,
                        self.messages("cards.offer_again", title=card.title, id=card.id), turn.question)
        if isinstance(entry, Entry) and finding is None and self._gives_nothing(ask, entry):
            if not offered_examples(self._log, self.walk.path()):
                # "I don't know", "nobody really": the words are kept, and the question comes
                # again once with examples or a smaller version of it.
                note = Entry(node=self.walk.path(), kind=EntryKind.NOTE, value=NONANSWER, text=text, at=now,
                             question=entry.question)
                turn = self._advance(note)
                return Turn(turn.outcome, turn.messages, self._examples(ask), turn.question)
            # Asked twice: kept as "none yet", never as a strength, a support or a step.
            entry = replace(entry, value=[] if ask.answer.type == "list" else None,
                            display=self.messages("listening.none_yet"))
        if isinstance(entry, Rejected):
            if finding is None:  # asked again, saying what an answer to it looks like
                return self._ask_again(self.messages(entry.message, **entry.params))
            # Not an answer, but never ignored: the words are kept, and answered.
            entry = Entry(node=self.walk.path(), kind=EntryKind.NOTE, text=text, at=now, safety=finding.to_dict(),
                          question=ask.text.render(variables))
        elif finding is None and offer is None:  # a topic raised: its card offered once the answer is handled
            entry = self._with_mention(ask, entry)
        turn = self._advance(entry)
        if offer is not None:  # an answer that also asks: kept as the answer, and the card offered
            card, asked = offer
            said = self.messages("cards.offer", question=asked.question[:200], title=card.title, id=card.id)
            turn = Turn(turn.outcome, (said, *turn.messages), turn.notice, turn.question)
        if about_someone_else(finding):  # say how to help them, without stopping
            return Turn(turn.outcome, (self.safety_net.helping_text(), *turn.messages),
                        turn.notice, turn.question)
        if understood:  # free words read as an answer: say how they were taken (a misreading can be undone)
            said = self.messages("notices.understood", understood=understood)
            return Turn(turn.outcome, (said, *turn.messages), turn.notice, turn.question)
        return turn

    def _card_asked(self, ask: Ask, text: str) -> tuple[Card, Asked] | None:
        """The card that answers a question a client's free answer asks, if any."""
        if ask.answer.type not in ("text", "list") or self.library[self.walk.frame().dialogue].audience \
                is not Audience.CLIENT:
            return None
        return self.cards.asked(text)

    def _with_mention(self, ask: Ask, entry: Entry) -> Entry:
        """The answer with the card to offer after it, when a client's free answer raises a topic a
        card covers ("I'm behind on the rent"), its card was not offered yet in this session and the
        safety net has met no danger in it."""
        if entry.kind is not EntryKind.ANSWER or self.walk.alarmed or ask.answer.type not in ("text", "list") \
                or self.library[self.walk.frame().dialogue].audience is not Audience.CLIENT:
            return entry
        mentioned: Mention | None = self.cards.mentioned(entry.text, leave_out=self.walk.offered)
        if mentioned is None:
            return entry
        return replace(entry, offer={"card": mentioned.card.id, "topic": mentioned.topic})

    def _offered(self) -> tuple[Card, str] | None:
        """The card offered for a topic, waiting for yes or no, if its card is still there."""
        offer = self.state.offer
        card = self.cards.find(str(offer.get("card", ""))) if offer else None
        if offer is None or card is None or card.id != offer.get("card") or not card.offer:
            return None
        return card, str(offer.get("topic") or "")

    def _answer_offer(self, text: str, now: str | None) -> Turn:
        """Yes or no to an offered card: yes shows it, no goes on; either way the reply is kept, and
        words of danger in it are answered by the safety net first."""
        offered, question = self._offered(), self.question()
        finding = self._check(text)
        result = parse_yes_no_unsure(Asking(AnswerSpec("yesno"), ()), text)
        if not isinstance(result, Accepted):
            if finding is None or finding.level is Level.NONE:
                return self._ask_again(self.messages(result.message, **result.params))
            result = Accepted(False)
        shown = result.value in (True, "unsure") and offered is not None  # "not sure": a look costs nothing
        entry = Entry(node=question.path, value=shown, text=text, question=question.text,
                      display=display(AnswerSpec("yesno"), (), shown), kind=EntryKind.OFFER, at=now,
                      safety=finding.to_dict() if finding and finding.level > Level.NONE else None,
                      offer=self.state.offer)
        self._history.append(entry)
        self._log.append(entry)
        self.walk.settle_offer(entry)
        turn = self.current_turn()
        if self.state.interlude is not None or not shown or offered is None:
            return turn
        return Turn(turn.outcome, (card_text(self.messages, offered[0], self.resources), *turn.messages),
                    turn.notice, turn.question)

    def _only_asks(self, ask: Ask, text: str) -> bool:
        """Whether the answer only asks (so it answers nothing), at a question that does not ask for
        the person's own questions ("What would you like to find out?": a question answers it)."""
        kind = default_listener().kind_of(ask.text.render(self.walk.frame().variables))
        return self.cards.finder.only_questions(text) and not (kind is not None and kind.questions_answer)

    def _gives_nothing(self, ask: Ask, entry: Entry) -> bool:
        return gives_nothing(self.library[self.walk.frame().dialogue], ask, entry)

    def _examples(self, ask: Ask) -> str:
        """What is said when the question comes again: its own help (examples), else a gentle nudge."""
        own = ask.help.render(self.walk.frame().variables) if ask.help else None
        return self.messages("listening.examples", examples=own)

    def command(self, line: str, *, now: str | None = None) -> Turn:
        word, argument = command_word(line)
        if argument and word != "info":  # only /info takes a word after it
            word = line
        handlers = {
            "info": lambda: self._info(argument),
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
        if self.state.offer is not None and self.state.interlude is None:  # /skip at an offered card: a no
            return self._answer_offer("no", now)
        if self.state.interlude is Interlude.SETTLE:  # "how are you feeling?" may be left unanswered
            return self._answer_safety("", now)
        # A safety question always needs an answer; so does a question not marked optional.
        if self.state.interlude is not None or not self.walk.ask().optional:
            return self._ask_again(self.messages("notices.skip_not_allowed"))
        ask = self.walk.ask()
        entry = Entry(node=self.walk.path(), kind=EntryKind.SKIP,
                      question=ask.text.render(self.walk.frame().variables), at=now)
        turn = self._advance(entry)
        if self._history[-1].kind is EntryKind.BACK:  # the script broke on the skip: say that, not "Skipped."
            return turn
        return Turn(turn.outcome, turn.messages, self.messages("notices.skipped"), turn.question)

    def back(self, *, now: str | None = None) -> Turn:
        """Undo the last answer and everything it led to, by replaying the answers before it."""
        answered = [e for e in self._log if e.kind in (EntryKind.ANSWER, EntryKind.SKIP)]
        if not answered:
            return self._ask_again(self.messages("notices.back_at_start"))
        undone = answered[-1]
        self._history.append(Entry(node=self.walk.path(), kind=EntryKind.BACK, at=now))
        self._replay(answers_in_force(self._history))
        notice = self.messages("notices.went_back", answer=undone.display or undone.text)
        return Turn(Outcome.ASK, notice=notice, question=self.question())

    def _replay(self, answers: Sequence[Entry]) -> None:
        """Rebuild the state from the answers in force (``/back``, resuming, a broken answer undone)."""
        self.walk.replay(answers)

    def _advance(self, entry: Entry) -> Turn:
        self._history.append(entry)
        try:
            self.walk.apply(entry)
        except DialogueRuntimeError as problem:
            # The dialogue went wrong, not the person: their words stay in the log, the answer is
            # undone (a recorded /back), and they can answer differently, go back or pause.
            self._history.append(Entry(node=entry.node, kind=EntryKind.BACK, at=entry.at))
            self._replay(answers_in_force(self._history))
            self.walk.problem = problem
            return Turn(Outcome.ASK, notice=self.messages("notices.dialogue_broken", problem=str(problem)),
                        question=self.question())
        return self.current_turn()

    # -- the safety net ------------------------------------------------------------------
    def _check(self, text: str, reply: bool = False) -> Finding | None:
        """Free words in a dialogue with the safety net on (always, for clients). A ``reply`` (a
        trainee's words to a simulated client) is read for the trainee's own danger only: what it
        asks or says back to the client ("are you having thoughts of suicide?") is not theirs."""
        if not any(self.library[f.dialogue].safety for f in self.state.frames):
            return None
        return self.safety_net.read_reply(text) if reply else self.safety_net.read(text)

    def _answer_safety(self, text: str, now: str | None) -> Turn:
        before = self.state.interlude
        assert before is not None
        question = self.question()
        entry = self.safety_net.answer(before, text, path=question.path, question=question.text, now=now)
        if isinstance(entry, str):
            return self._ask_again(entry)
        self._history.append(entry)
        self._log.append(entry)
        self.walk.resolve(entry)
        after = self.state.interlude
        if after in (Interlude.ACUTE, Interlude.CHECK):  # "yes" to the gentle check, or new words of danger
            return self.current_turn()
        offer = () if self.safety_net.plan else (self.messages("safety.plan_offer"),)
        if before is Interlude.ACUTE and entry.value == "stop":
            outcome = Outcome.FINISHED if self.state.finished else Outcome.PAUSE
            return Turn(outcome, (self.messages("safety.stopping"), *offer))
        if after is Interlude.SETTLE:
            return Turn(Outcome.ASK, (self.messages("safety.continuing"),), question=self.question())
        said = self.messages("safety.settled" if before is Interlude.SETTLE else "safety.check_no")
        if offer:
            said += "\n\n" + offer[0]
        if before is Interlude.SETTLE and entry.safety and entry.safety.get("about") == About.OTHER.value:
            said = self.safety_net.helping_text() + "\n\n" + said
        turn = self.current_turn()
        return Turn(turn.outcome, (said, *turn.messages), turn.notice, turn.question)

    def _safety_path(self) -> str:
        return str(self.walk.where().in_safety(self.state.interlude.value if self.state.interlude else None))

    # -- helpers ------------------------------------------------------------------------
    def _info(self, key: str) -> Turn:
        """``/info``: the list of cards; ``/info 2`` or ``/info groups``: that card. The question stays."""
        text, notice = show(self.messages, self.cards, key, self.resources)
        return Turn(Outcome.ASK, (text,) if text else (), notice, self.question())

    def _ask_again(self, notice: str | None) -> Turn:
        return Turn(Outcome.ASK, notice=notice, question=self.question())

    def _help(self) -> str:
        frame = self.walk.frame()
        if self.state.interlude is not None:
            own = self.messages("safety.help")
        else:
            ask, dialogue = self.walk.ask(), self.library[frame.dialogue]
            source = ask.help or dialogue.help or self.dialogue.help
            own = source.render(frame.variables) if source else self.messages("notices.no_help")
        return help_text(self.messages, own)

    def _remaining(self) -> int:
        """About how many questions are left, counting the current one."""
        return questions_left(self.library, [(f.dialogue, f.node) for f in self.state.frames])
