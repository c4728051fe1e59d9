"""Walking every client dialogue along many paths, with answers in several styles (plain,
non-answers, names with capitals, low, high, hedging), and collecting every text a person is shown
on the way: each question, its options, what is said, each notice, and the summary at the end
in Markdown and HTML. The grammar and reading-level tests read what these walks collect."""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from engine.conversation.machine import Conversation, Outcome, Question, Turn
from engine.conversation.messages import Messages
from engine.conversation.session import Status
from engine.dialogue.model import Audience, Call, Library
from engine.render.summary import render_summary
from engine.understanding.listening import listen

MAX_TURNS = 220
TODAY = "2026-11-20"

GOAL_WALKING = {
    "id": "s1/1", "text": "Walk for 20 minutes three times a week by the end of January", "area": "my health",
    "due": "2027-01-31", "review": "2026-11-13", "set": "2026-11-01", "status": "open", "replaces": None,
    "steps": [{"text": "buy walking shoes", "due": "2026-11-07"}, {"text": "walk with Jo", "due": None}],
    "checkins": [{"day": "2026-11-08", "progress": 4, "notes": "went twice", "status": "open",
                  "next_step": "walk on Monday", "decision": None},
                 {"day": "2026-11-13", "progress": 4, "notes": "same", "status": "open",
                  "next_step": None, "decision": "keep"}],
    "ratings": [4, 4], "history": []}
GOAL_BILLS = {
    "id": "s2/1", "text": "pay the phone bill by Friday", "area": "home and money", "due": "2026-11-13",
    "review": None, "set": "2026-11-02", "status": "open", "replaces": None,
    "steps": [{"text": "find the bill", "due": "2026-11-03"}], "checkins": [], "ratings": [], "history": []}

GIVEN: dict[str, dict[str, Any]] = {
    "nobody yet": {"today": TODAY},
    "new": {"person": {"name": "Sam", "goals": [], "done": [], "strengths": [], "supports": [], "safety_plan": None},
            "today": TODAY},
    "one goal": {"person": {"name": "Robin", "goals": [GOAL_BILLS], "done": [], "strengths": ["patient"],
                            "supports": ["Jo"], "safety_plan": None}, "today": TODAY},
    "history": {"person": {"name": "Ellie", "goals": [GOAL_WALKING, GOAL_BILLS], "done": ["stop smoking"],
                           "strengths": ["patient", "Funny", "good with Dr Patel's forms"],
                           "supports": ["Jo", "Dr Patel", "the Tuesday group"], "safety_plan": None},
                "today": TODAY,
                "finding_help": [{"name": "211", "reach": "Call 2-1-1", "hours": "24 hours"}]},
}

# Answers in each style, by answer type; a list is tried in turn when the question comes again.
STYLES: dict[str, dict[str, list[str]]] = {
    "plain": {"text": ["going for a walk with my sister", "a walk", "talking to my sister"],
              "list": ["my sister, the park", "cooking"], "scale": ["6"], "number": ["5"], "yesno": ["yes"],
              "yesno_unsure": ["yes"], "when": ["next Friday"],
              "goal": ["walk for 20 minutes three times a week by the end of January"]},
    "nonanswers": {"text": ["I don't know", "nothing really", "a walk"], "list": ["I don't know", "nothing really"],
                   "scale": ["I don't know", "3"], "number": ["dunno", "2"], "yesno": ["not sure", "no"],
                   "yesno_unsure": ["I don't know", "no"], "when": ["I don't know", "next week"],
                   "goal": ["I don't know", "be happier", "go out more", "twice a week", "by Christmas"]},
    "names": {"text": ["I went to meetings with my sponsor Gary and my daughter Ellie",
                       "I stick with things, like Ellie says", "ask Dr Patel"],
              "list": ["my sponsor Gary, Dr Patel, my daughter Ellie", "St Mary's church, Tuesdays at the Hub"],
              "scale": ["7"], "number": ["4"], "yesno": ["yes I did"], "yesno_unsure": ["I already see Anne"],
              "when": ["on Saturday"], "goal": ["call Dr Patel about my tablets by Friday"]},
    "low": {"text": ["not great, I have been low", "staying in bed", "the bills"], "list": ["work", "nobody really"],
            "scale": ["1"], "number": ["1"], "yesno": ["no"], "yesno_unsure": ["no"], "when": ["tomorrow"],
            "goal": ["get out of the house once this week"]},
    "high": {"text": ["it went really well, I did it every day", "my routine", "keep going"],
             "list": ["kind, funny, hard-working", "my partner"], "scale": ["9"], "number": ["9"],
             "yesno": ["yes"], "yesno_unsure": ["yes"], "when": ["in two weeks"],
             "goal": ["run 5k by the end of March"]},
    # One of everything, and every optional question left out: the counts are 1 ("1 support").
    "single": {"text": ["a walk"], "list": ["my sister"], "scale": ["4"], "number": ["1"], "yesno": ["yes"],
               "yesno_unsure": ["not sure"], "when": ["tomorrow"], "goal": ["call the bank by Friday"]},
    "hedging": {"text": ["maybe, I guess I could try", "sort of a walk", "I suppose my sister"],
                "list": ["not much, but my cat I suppose", "maybe the library"], "scale": ["3 maybe. I know what helps but…"],
                "number": ["about 5"], "yesno": ["yeah I guess"], "yesno_unsure": ["maybe"], "when": ["by the end of the month probably"],
                "goal": ["maybe look for a job, sort of", "apply for two jobs a week", "by the end of the month"]},
}


@dataclass
class Shown:
    """One text shown to a person, where it was shown, and what they had typed by then."""

    text: str
    where: str  # "question", "option", "say", "notice", "summary.md", "summary.html"
    dialogue: str
    walk: str
    typed: tuple[str, ...] = ()
    nonanswers: tuple[str, ...] = ()


@dataclass
class Walk:
    dialogue: str
    style: str
    given: str
    seed: int
    shown: list[Shown] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)
    nonanswers: list[str] = field(default_factory=list)
    finished: bool = False

    @property
    def name(self) -> str:
        return f"{self.dialogue}/{self.style}/{self.given}/{self.seed}"

    def show(self, text: str, where: str) -> None:
        if text and text.strip():
            self.shown.append(Shown(text, where, self.dialogue, self.name, tuple(self.typed), tuple(self.nonanswers)))


def client_dialogues(library: Library) -> list[str]:
    return sorted(d.id for d in library.dialogues.values() if d.audience is Audience.CLIENT)


def answer_for(question: Question, style: str, seed: int, asked_before: int, index: int) -> str:
    """What a person answering in ``style`` types to ``question`` (asked ``asked_before`` times already)."""
    if asked_before >= 3:  # the walk is stuck on this question: answer it plainly
        fallback = {"choice": "1", "scale": "5", "number": "5", "yesno": "yes", "yesno_unsure": "yes",
                    "when": "next week", "goal": "walk for 20 minutes three times a week by Christmas"}
        return fallback.get(question.type, "a walk")
    if question.type == "choice":
        count = len(question.options)
        if style == "nonanswers" and asked_before == 0:
            return "I don't know"
        if style == "names" and asked_before == 0 and any("else" in o.lower() for o in question.options):
            return "being there for Ellie"
        if style == "low":
            return str(count)
        return str((seed + index) % count + 1)
    if style == "single" and question.optional and asked_before == 0:
        return ""
    answers = STYLES[style].get(question.type, STYLES[style]["text"])
    return answers[min(asked_before, len(answers) - 1)]


def walk(library: Library, messages: Messages, dialogue: str, style: str, given: str, seed: int) -> Walk:
    """One walk through ``dialogue`` to its end (or until it is stopped), with every text shown."""
    record = Walk(dialogue, style, given, seed)
    conversation = Conversation(library, messages, dialogue, given=copy.deepcopy(GIVEN[given]))
    turn: Turn = conversation.current_turn()
    asked: dict[str, int] = {}
    for index in range(MAX_TURNS):
        for said in turn.messages:
            record.show(said, "say")
        if turn.notice:
            record.show(turn.notice, "notice")
        if turn.outcome is not Outcome.ASK or turn.question is None:
            break
        question = turn.question
        record.show(question.text, "question")
        for option in question.options:
            record.show(option, "option")
        before = asked.get(question.path, 0)
        asked[question.path] = before + 1
        text = answer_for(question, style, seed, before, index)
        if "safety" in question.path:  # the safety net's own questions: carry on, answer its check
            text = "1" if question.type == "choice" else ("no" if question.type.startswith("yesno") else "")
        record.typed.append(text)
        if question.type in ("text", "list", "goal") and listen(text, question.text).nonanswer:
            record.nonanswers.append(text)  # what the engine itself hears as giving nothing
        turn = conversation.reply(text, now=f"{TODAY}T10:{index // 60:02d}:{index % 60:02d}+00:00")
    record.finished = conversation.finished
    status = Status.FINISHED if conversation.finished else Status.PAUSED
    record.show(render_summary(conversation, "markdown", status=status, generated="20 November 2026"), "summary.md")
    record.show(html_text(render_summary(conversation, "html", status=status, generated="20 November 2026")),
                "summary.html")
    return record


def html_text(page: str) -> str:
    """An HTML summary's words as a reader sees them: the body, tags gone, entities read."""
    body = page.split("<main>", 1)[-1].split("</main>", 1)[0]
    body = re.sub(r"<(svg|style|script)\b.*?</\1>", " ", body, flags=re.DOTALL)
    body = re.sub(r"</(?:dt|dd|li|p|h\d|figcaption)>", "\n", body)
    body = re.sub(r"<dt>", "\n- ", body)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def seeds_for(library: Library, dialogue: str, style: str) -> int:
    """How many walks a style takes through a dialogue: plain answers take every option of its
    longest choice (seed ``k`` picks option ``k + 1`` at the first question), the others two."""
    if style != "plain":
        return 2
    widest = [len(node.answer.options) for d in _reached(library, dialogue) for node in library[d].nodes.values()
              if getattr(getattr(node, "answer", None), "type", None) == "choice"]
    return max([2, *widest])


def _reached(library: Library, dialogue: str) -> set[str]:
    """The dialogue and every one it calls, however deep."""
    found, todo = set(), [dialogue]
    while todo:
        current = todo.pop()
        if current in found or current not in library.dialogues:
            continue
        found.add(current)
        todo += [node.dialogue for node in library[current].nodes.values() if isinstance(node, Call)]
    return found


def every_walk(library: Library, messages: Messages, whole: bool = True) -> Iterator[Walk]:
    """Every style's walks through every client dialogue, for each of the people in ``GIVEN``; or,
    when not ``whole`` (the inner loop), for one of those people per walk, taken in turn, so that
    each style, seed and person is still walked, a quarter of the walks in all."""
    people = list(GIVEN)
    for d, dialogue in enumerate(client_dialogues(library)):
        for s, style in enumerate(STYLES):
            for seed in range(seeds_for(library, dialogue, style)):
                chosen = people if whole else [people[(d + s + seed) % len(people)]]
                for given in chosen:
                    yield walk(library, messages, dialogue, style, given, seed)
