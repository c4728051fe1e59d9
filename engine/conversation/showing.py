"""What a conversation shows where it stands: the ``Turn`` (anything said since the last question,
then the question), the ``Question`` with its step and the questions left, and what ``/help``
says. Only reads the walk: nothing here moves it on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.conversation.commands import help_text
from engine.conversation.information import mention_offer
from engine.conversation.messages import Messages
from engine.conversation.safetynet import Interlude, SafetyNet
from engine.conversation.turns import Outcome, Question, Turn
from engine.conversation.walk import Walk
from engine.dialogue.cards import Card
from engine.dialogue.expressions import CompileError, Text
from engine.dialogue.progress import questions_left
from engine.ground.errors import DialogueRuntimeError
from engine.ground.source import Span


def section_text(section: str | None, variables: dict[str, Any]) -> str | None:
    """A section heading as shown: it may hold the dialogue's words ("{{ goal.text }}")."""
    if section is None or "{" not in section:
        return section
    try:
        return Text.compile(section, Span("<section>", 1, 1)).render(variables) or None
    except (CompileError, DialogueRuntimeError):
        return section  # the heading is only a label: never a reason to stop


def turn_shown(walk: Walk, safety_net: SafetyNet, messages: Messages, question: Callable[[], Question]) -> Turn:
    """What to show now: anything said since the last question, then the question (``question``
    makes it: a finished dialogue has none).

    While the safety net is open, only its own words are shown: the dialogue's next messages
    wait until the person has chosen how to go on.
    """
    state = walk.state
    if state.interlude is Interlude.ACUTE:
        return Turn(Outcome.ASK, (safety_net.crisis_text(),), question=question())
    if state.interlude is Interlude.CHECK:
        plan = safety_net.plan_text()  # their own plan first, before the gentle question
        return Turn(Outcome.ASK, (plan,) if plan else (), notice=messages("safety.check_hint"), question=question())
    if state.interlude is Interlude.SETTLE:
        return Turn(Outcome.ASK, question=question())
    if state.finished:
        return Turn(Outcome.FINISHED, tuple(state.pending))
    return Turn(Outcome.ASK, tuple(state.pending), question=question())


def question_shown(walk: Walk, safety_net: SafetyNet, messages: Messages, offered: tuple[Card, str] | None) -> Question:
    """The question waiting for an answer: the safety net's while it is paused, else a card offered
    for a topic (``offered``), else the dialogue's own."""
    state, title = walk.state, walk.dialogue.title
    step = walk.count + 1  # answers in force, so /back moves the count back too
    total = max(step, walk.count + (_remaining(walk) if not state.finished else 0))
    pause = state.interlude
    if pause is not None:
        text, kind, options = safety_net.question(pause)
        return Question(path=safety_path(walk), text=text, type=kind, options=options,
                        optional=pause is Interlude.SETTLE, minimum=None, maximum=None,
                        title=title, section=None, step=step, total=total)
    if offered is not None:  # "You mentioned rent. Would you like to see ...?" before the next question
        card, topic = offered
        return Question(path=walk.path(), text=mention_offer(messages, card, topic), type="yesno", options=(),
                        optional=True, minimum=None, maximum=None, title=title, section=None, step=step, total=total)
    frame, ask = walk.frame(), walk.ask()
    return Question(path=walk.path(), text=ask.text.render(frame.variables), type=ask.answer.type,
                    options=walk.labels(ask), optional=ask.optional, minimum=ask.answer.minimum,
                    maximum=ask.answer.maximum, title=title, section=section_text(ask.section, frame.variables),
                    step=step, total=total)


def safety_path(walk: Walk) -> str:
    """Where the safety net's question is asked: the dialogue's place, inside its pause."""
    interlude = walk.state.interlude
    return str(walk.where().in_safety(interlude.value if interlude else None))


def help_shown(walk: Walk, messages: Messages) -> str:
    """What ``/help`` says: the question's own help (else its dialogue's), then the commands."""
    frame = walk.frame()
    if walk.state.interlude is not None:
        own = messages("safety.help")
    else:
        ask, dialogue = walk.ask(), walk.library[frame.dialogue]
        source = ask.help or dialogue.help or walk.dialogue.help
        own = source.render(frame.variables) if source else messages("notices.no_help")
    return help_text(messages, own)


def _remaining(walk: Walk) -> int:
    """About how many questions are left, counting the current one."""
    return questions_left(walk.library, [(f.dialogue, f.node) for f in walk.state.frames])
