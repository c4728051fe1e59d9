"""The state machine: a pure core that takes what a person typed and returns the next turn.

No I/O, no clock, no randomness. A ``Conversation`` keeps an append-only log of everything typed;
the state (the call stack of frames, each with its node and variables) is what replaying that log
through the dialogue gives (``walk``). An answer moves the state forward from where it is, so a
turn costs the same at answer 3 and answer 300; only ``/back`` and resuming replay the log from the
start. Here a typed line becomes a command (``commands``), an answer read by its question's parser
(``answering``), a yes or no to an information card offered (``offers``) or an answer to the safety
net (``safetynet``), and the log grows by what it gives; what is shown next is ``showing``'s.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from engine.conversation.answering import NONANSWER, Answered, answer_entry, as_shown, gives_nothing, offered_examples
from engine.conversation.commands import COMMAND_PREFIX, COMMANDS, command_word, read_line
from engine.conversation.information import CARD_NOTE, card_text, show
from engine.conversation.messages import Messages
from engine.conversation.offers import card_asked, offer_reply, only_asks, readable_cards, waiting, with_mention
from engine.conversation.safetynet import Interlude, SafetyNet, about_someone_else, safety_events
from engine.conversation.session import Entry, EntryKind, Fact, answers_in_force
from engine.conversation.showing import help_shown, question_shown, turn_shown
from engine.conversation.turns import Frame, Outcome, Question, State, Turn
from engine.conversation.values import chosen_option, closest
from engine.conversation.walk import _NOTHING_GIVEN, MAX_CALL_DEPTH, STEP_LIMIT, Step, Walk
from engine.dialogue.cards import Card, Cards
from engine.dialogue.model import Ask, Dialogue, Library
from engine.ground.errors import DialogueRuntimeError
from engine.safety import About, Finding
from engine.safety.resources import Resources
from engine.understanding.answers import Rejected
from engine.understanding.textnorm import without_surrogates

# The machine's public face: what callers take from here (the types are defined beside it).
__all__ = ["COMMANDS", "COMMAND_PREFIX", "MAX_ANSWER", "MAX_CALL_DEPTH", "NONANSWER", "STEP_LIMIT", "Conversation",
           "Frame", "Interlude", "Outcome", "Question", "State", "Turn", "chosen_option"]

MAX_ANSWER = 10_000  # characters kept of one answer (about four pages); the rest is cut, with a notice


class Conversation:
    """One person's walk through one dialogue (slots: a server keeps one for each live session)."""

    # The library and the dialogue are the walk's, the words and the resources the safety net's:
    # each is held once.
    __slots__ = ("_cards", "walk", "_history")

    def __init__(self, library: Library, messages: Messages, dialogue_id: str,
                 log: Sequence[Entry] = (), *, step_limit: int = STEP_LIMIT,
                 resources: Resources | None = None, given: dict[str, Any] | None = None,
                 trace: list[Step] | None = None, cards: Cards | None = None):
        self._cards = cards  # the information cards (/info); the bundled ones, read when first needed
        person = (given or {}).get("person")
        plan = person.get("safety_plan") if isinstance(person, dict) else None  # shown first in a crisis
        safety_net = SafetyNet.shared(messages, resources, plan)
        # What every dialogue may read without setting it (``person``: the person's open goals...).
        # Handed in once when the session starts and kept with it, so a replay sees the same.
        self.walk = Walk(library, library[dialogue_id], copy.deepcopy(given) if given else _NOTHING_GIVEN,
                         step_limit, safety_net, trace)
        # The log, append-only: nothing typed is ever removed. None while it is the same as the
        # answers in force (nothing undone nor left out, as in most sessions): then the walk's list
        # is the log too, and a session holds one list of its entries, not two.
        history = list(log)
        self._history: list[Entry] | None = history
        self._replay(answers_in_force(history))
        if self.reasked:  # the dialogue was edited: note where the saved answers stop applying
            history.append(Entry(node=self.walk.path(), kind=EntryKind.REPLAYED, value=self.walk.replayed))
        in_force = self.walk.in_force
        if len(in_force) == len(history) and all(a is b for a, b in zip(in_force, history, strict=True)):
            self._history = None

    # -- reading the state --------------------------------------------------------------
    @property
    def cards(self) -> Cards:
        """The information cards: those handed in, else the bundled ones, read when first needed."""
        if self._cards is None:
            self._cards = readable_cards()
        return self._cards

    @property
    def safety_net(self) -> SafetyNet:
        """What answers words of danger (shared by every session without a safety plan of its own)."""
        return self.walk.safety_net

    @property
    def library(self) -> Library:
        return self.walk.library

    @property
    def dialogue(self) -> Dialogue:
        """The dialogue the conversation started (the dialogues it calls are the library's)."""
        return self.walk.dialogue

    @property
    def messages(self) -> Messages:
        return self.safety_net.messages

    @property
    def resources(self) -> Resources | None:
        """Where the person can find help, by region: the crisis response's and the cards' links."""
        return self.safety_net.resources

    @property
    def state(self) -> State:
        return self.walk.state

    @property
    def given(self) -> Mapping[str, Any]:
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
        return list(self.walk.dropped)

    @property
    def reasked(self) -> list[Entry]:
        """Saved answers that no longer fit the dialogue on resuming: their questions come again."""
        return list(self.walk.reasked)

    @property
    def problem(self) -> DialogueRuntimeError | None:
        """The dialogue's own error, if one stopped the replay or the last answer."""
        return self.walk.problem

    @property
    def log(self) -> tuple[Entry, ...]:
        """Everything that happened, including answers later undone with /back."""
        return tuple(self._entries())

    def log_since(self, count: int) -> list[Entry]:
        """The log's entries after its first ``count`` (a store appends only these)."""
        return self._entries()[count:]

    def _entries(self) -> list[Entry]:
        """The log itself (the answers in force while nothing was undone or left out)."""
        return self.walk.in_force if self._history is None else self._history

    def _own_history(self) -> list[Entry]:
        """The log as a list of its own, from now on: what comes next is undone or replayed."""
        if self._history is None:
            self._history = list(self.walk.in_force)
        return self._history

    def _keep(self, entry: Entry) -> None:
        """An entry for the log that is also in force (a reply to the safety net or to a card)."""
        if self._history is not None:
            self._history.append(entry)
        self.walk.in_force.append(entry)

    @property
    def answered(self) -> int:
        """How many answers (and skips) are in force: what ``sessions list`` shows."""
        return self.walk.count

    @property
    def answers(self) -> tuple[Entry, ...]:
        """The answers (and skips) in force, in the order they were given."""
        return tuple(self.walk.in_force)

    @property
    def finished(self) -> bool:
        return self.state.finished

    @property
    def facts(self) -> list[Fact]:
        """What the dialogue's ``record`` nodes noted so far, for the store and the summary."""
        return [Fact.from_dict(fact.to_dict()) for fact in self.state.facts]  # copies: fields are mutable

    def variables(self) -> dict[str, Any]:
        """The session's variables, each called dialogue's nested under its namespace (a copy)."""
        return self.walk.variables()

    def asked(self, entry: Entry) -> Ask | None:
        """The question an answer in the log was given to, if the dialogue still has it."""
        return self.walk.asked(entry)

    def explanation(self, entry: Entry) -> str | None:
        """What the chosen option's `explain` said after this answer, with the values of that moment."""
        return self.walk.explanation(entry)

    def current_turn(self) -> Turn:
        """What to show now: anything said since the last question, then the question."""
        return turn_shown(self.walk, self.safety_net, self.messages, self.question)

    def question(self) -> Question:
        return question_shown(self.walk, self.safety_net, self.messages, self._offered())

    def safety_events(self) -> list[dict[str, Any]]:
        """Every time the safety net noticed something, with how the person answered it (read from
        the full log, so going back never hides an event from a reviewer)."""
        return safety_events(self._entries())

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
        return self._answer(text, now)

    def _answer(self, text: str, now: str | None) -> Turn:
        """Words typed at the dialogue's own question: its answer (or a skip, for Enter at an optional
        one), words kept as a note (they only ask what a card answers, or give nothing for the
        question the first time), or the question again, saying what an answer to it looks like."""
        ask = self.walk.ask()
        if not text.strip() and ask.optional:
            return self.skip(now=now)  # Enter on its own leaves an optional question out
        finding = self._check(text, reply=ask.answer.type == "reply")
        variables = self.walk.frame().variables
        read = answer_entry(ask, variables, text, now, path=self.walk.path(), finding=finding)
        entry = read.entry if isinstance(read, Answered) else read
        understood = read.understood if isinstance(read, Answered) else ""
        offer = card_asked(self.cards, self.walk, ask, text) if finding is None else None
        if offer is not None and only_asks(self.cards, self.walk, ask, text):
            # "is there a group that isn't AA?": the words are kept, a card is offered, and the
            # same question comes again, so neither the question nor the person's words are lost.
            card, _ = offer
            note = Entry(node=self.walk.path(), kind=EntryKind.NOTE, value=f"{CARD_NOTE}:{card.id}", text=text,
                         at=now, question=as_shown(ask, variables))
            turn = self._advance(note)
            return Turn(turn.outcome, turn.messages,
                        self.messages("cards.offer_again", title=card.title, id=card.id), turn.question)
        if isinstance(entry, Entry) and finding is None and self._gives_nothing(ask, entry):
            if not offered_examples(self.walk.in_force, self.walk.path()):
                # "I don't know", "nobody really": the words are kept, and the question comes
                # again once with examples or a smaller version of it.
                note = Entry(node=self.walk.path(), kind=EntryKind.NOTE, value=NONANSWER, text=text, at=now,
                             question=entry.question)
                turn = self._advance(note)
                return Turn(turn.outcome, turn.messages, self._examples(ask), turn.question)
            # Asked twice: kept as "none yet", never as a strength, a support or a step.
            entry = entry.replaced(value=[] if ask.answer.type == "list" else None,
                            display=self.messages("listening.none_yet"))
        if isinstance(entry, Rejected):
            if finding is None:  # asked again, saying what an answer to it looks like
                return self._ask_again(self.messages(entry.message, **entry.params))
            # Not an answer, but never ignored: the words are kept, and answered.
            entry = Entry(node=self.walk.path(), kind=EntryKind.NOTE, text=text, at=now, safety=finding.to_dict(),
                          question=as_shown(ask, variables))
        elif finding is None and offer is None:  # a topic raised: its card offered once the answer is handled
            entry = with_mention(self.cards, self.walk, ask, entry)
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

    def _offered(self) -> tuple[Card, str] | None:
        """The card offered for a topic, waiting for yes or no, if its card is still there."""
        return waiting(self.cards, self.state.offer) if self.state.offer else None

    def _answer_offer(self, text: str, now: str | None) -> Turn:
        """Yes or no to an offered card: yes shows it, no goes on; either way the reply is kept, and
        words of danger in it are answered by the safety net first."""
        offered, question = self._offered(), self.question()
        entry = offer_reply(text, finding=self._check(text), offered=offered is not None, path=question.path,
                            question=question.text, offer=self.state.offer, now=now)
        if isinstance(entry, Rejected):
            return self._ask_again(self.messages(entry.message, **entry.params))
        self._keep(entry)
        self.walk.settle_offer(entry)
        turn = self.current_turn()
        if self.state.interlude is not None or not entry.value or offered is None:
            return turn
        return Turn(turn.outcome, (card_text(self.messages, offered[0], self.resources), *turn.messages),
                    turn.notice, turn.question)

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
            "help": lambda: self._ask_again(help_shown(self.walk, self.messages)),
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
                      question=as_shown(ask, self.walk.frame().variables), at=now)
        turn = self._advance(entry)
        if self._entries()[-1].kind is EntryKind.BACK:  # the script broke on the skip: say that, not "Skipped."
            return turn
        return Turn(turn.outcome, turn.messages, self.messages("notices.skipped"), turn.question)

    def back(self, *, now: str | None = None) -> Turn:
        """Undo the last answer and everything it led to, by replaying the answers before it."""
        answered = [e for e in self.walk.in_force if e.kind in (EntryKind.ANSWER, EntryKind.SKIP)]
        if not answered:
            return self._ask_again(self.messages("notices.back_at_start"))
        undone = answered[-1]
        history = self._own_history()
        history.append(Entry(node=self.walk.path(), kind=EntryKind.BACK, at=now))
        self._replay(answers_in_force(history))
        notice = self.messages("notices.went_back", answer=undone.display or undone.text)
        return Turn(Outcome.ASK, notice=notice, question=self.question())

    def _replay(self, answers: Sequence[Entry]) -> None:
        """Rebuild the state from the answers in force (``/back``, resuming, a broken answer undone)."""
        self.walk.replay(answers)

    def _advance(self, entry: Entry) -> Turn:
        shared, before = self._history is None, len(self.walk.in_force)
        if self._history is not None:
            self._history.append(entry)
        try:
            self.walk.apply(entry)  # in force once applied (the shared log grows by it there)
        except DialogueRuntimeError as problem:
            # The dialogue went wrong, not the person: their words stay in the log, the answer is
            # undone (a recorded /back), and they can answer differently, go back or pause.
            history = self._own_history()
            if shared:  # the log was the answers in force up to this one
                history[before:] = [entry]
            history.append(Entry(node=entry.node, kind=EntryKind.BACK, at=entry.at))
            self._replay(answers_in_force(history))
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
        self._keep(entry)
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

    # -- helpers ------------------------------------------------------------------------
    def _info(self, key: str) -> Turn:
        """``/info``: the list of cards; ``/info 2`` or ``/info groups``: that card. The question stays."""
        text, notice = show(self.messages, self.cards, key, self.resources)
        return Turn(Outcome.ASK, (text,) if text else (), notice, self.question())

    def _ask_again(self, notice: str | None) -> Turn:
        return Turn(Outcome.ASK, notice=notice, question=self.question())
