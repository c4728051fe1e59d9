"""Every distinct route through a dialogue (up to a bound), as transcripts a reviewer can read.

The dialogue is explored by answering each question with a few typical answers of its type (each
option of a choice, yes and no, the ends and middle of a scale...), keeping only the answers
that lead somewhere different: two answers that reach the same next step make one route. Free
text gets one plain answer, so conditions on what someone wrote are not explored; the routes
say which answers were typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.conversation.machine import Conversation
from engine.conversation.messages import Messages
from engine.conversation.turns import Question, Turn
from engine.conversation.walk import Step
from engine.dialogue.model import Ask, Library
from engine.ground.errors import DialogueRuntimeError

# Who the routes are walked for: a person with nothing on record yet (a dialogue may read `person`).
SAMPLE_GIVEN: dict[str, Any] = {"person": {"name": "Sam", "goals": [], "done": [], "strengths": [], "supports": []},
                                "today": "2026-12-02", "finding_help": []}
MAX_ROUTES = 30
MAX_ANSWERS = 120  # per route: a dialogue that loops is cut off here
_TYPICAL = {
    "text": ["It has been a mixed week."],
    "list": ["my sister, a friend from work"],
    "yesno": ["yes", "no"],
    "yesno_unsure": ["yes", "no", "not sure"],
    "when": ["next Friday"],
    "goal": ["Walk for 20 minutes three times a week by the end of the month"],
}


@dataclass
class Route:
    answers: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the transcript, as Markdown lines
    steps: list[Step] = field(default_factory=list)
    finished: bool = False


def candidates(ask: Ask, question: Question) -> list[str]:
    """A few answers of the question's type, each likely to be read as a different answer."""
    kind = ask.answer.type
    if kind == "choice":
        return list(question.options) or ["1"]
    if kind in ("scale", "number"):
        low = ask.answer.minimum if ask.answer.minimum is not None else 0
        high = ask.answer.maximum if ask.answer.maximum is not None else 10
        values = dict.fromkeys([low, round((low + high) / 2), high])
        return [str(int(v)) if float(v).is_integer() else str(v) for v in values]
    answers = list(_TYPICAL.get(kind, _TYPICAL["text"]))
    if ask.optional:
        answers.append("")  # left out
    return answers


def _play(library: Library, messages: Messages, dialogue: str, answers: list[str]) -> tuple[Conversation, Route]:
    route = Route(list(answers))
    conversation = Conversation(library, messages, dialogue, trace=route.steps, given=SAMPLE_GIVEN)
    _write(route, conversation.current_turn())
    for answer in answers:
        route.lines.append(f"> **{answer or '(left out)'}**")
        route.lines.append("")
        _write(route, conversation.reply(answer))
    route.finished = conversation.finished
    return conversation, route


def _write(route: Route, turn: Turn) -> None:
    for said in (*([turn.notice] if turn.notice else []), *turn.messages):
        route.lines += [said, ""]
    if turn.question is not None:
        route.lines += [f"**{turn.question.text}**", ""]
        if turn.question.options:
            route.lines += [f"{n}. {label}" for n, label in enumerate(turn.question.options, 1)] + [""]


def routes(library: Library, messages: Messages, dialogue: str, most: int = MAX_ROUTES) -> list[Route]:
    """Up to ``most`` routes with different paths, shortest first (breadth first)."""
    found: list[Route] = []
    seen: set[tuple[Step, ...]] = set()
    todo: list[list[str]] = [[]]
    while todo and len(found) < most:
        answers = todo.pop(0)
        try:
            conversation, route = _play(library, messages, dialogue, answers)
        except DialogueRuntimeError as problem:
            route = Route(answers, [f"_The dialogue stopped with an error: {problem}_"])
            found.append(route)
            continue
        if route.finished or len(answers) >= MAX_ANSWERS or conversation.walk.state.interlude is not None:
            found.append(route)
            continue
        ask = conversation.walk.ask()
        question = conversation.question()
        branches: dict[tuple[Step, ...], list[str]] = {}
        for answer in candidates(ask, question):
            try:
                _, probe = _play(library, messages, dialogue, [*answers, answer])
            except DialogueRuntimeError:
                continue
            after = tuple(probe.steps[len(route.steps):][:3])  # where this answer leads next
            branches.setdefault(after, [*answers, answer])
        for key, longer in branches.items():
            path = (*route.steps, *key)
            if path not in seen:
                seen.add(path)
                todo.append(longer)
    return found


def transcript(dialogue_title: str, number: int, route: Route) -> str:
    ending = "it ends here" if route.finished else "it stops here (a question is still open)"
    header = [f"## Route {number}: {len(route.answers)} answers, {ending}", ""]
    return "\n".join(header + route.lines).rstrip() + "\n"
