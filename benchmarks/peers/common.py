"""What every engine runs, and the one interface every adapter has.

The workload is a short coaching conversation of 19 answers: free-text questions (one quotes an
earlier answer back), a yes/no branch, a loop collecting three steps with a time for each, and a
closing summary that quotes the answers. Each engine has it written in its own language (a
peercoach dialogue, a state machine, a RiveScript script, an ink story, AIML categories, ELIZA
pairs); ``reference`` walks it in plain Python and is what the correctness test holds every
engine to: the same prompts in the same order, and the same summary lines.

An adapter module (``<engine>_peer.py``) provides:

- ``NAME`` and ``PACKAGE`` (what ``pip install`` needs);
- ``engine() -> Engine``: the workload loaded, ready to start sessions;
- ``prepare(n, folder)`` and ``build(prepared)``: a generated dialogue of ``n`` questions in the
  engine's own form (``prepare``, not timed, writes or assembles it; ``build`` is what the load
  figure times). ``prepare`` is None where the engine has nothing a dialogue could be loaded into;
- and runs as a whole program with ``main`` below (the cold-start figure).
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

WORKLOAD = Path(__file__).resolve().parent.parent / "workload"

PROMPTS = {
    "area": "Which part of your life would you like to work on?",
    "now": "How are things with {area} right now?",
    "goal": "What would you like to achieve?",
    "why": "Why does that matter to you?",
    "tried": "Have you tried something like this before? (yes or no)",
    "tried_what": "What did you try, and what did you learn from it?",
    "first_try": "What would make a first try easier?",
    "step": "What is step {n}?",
    "step_when": "When will you do step {n}?",
    "barrier": "What might get in the way?",
    "plan": "What could you do if that happens?",
    "support": "Who could support you?",
    "helped": "What has helped you before when things got hard?",
    "review": "When would you like to look back at how it went?",
    "celebrate": "How will you mark it when you have done it?",
    "word": "In one word, how do you feel about this plan?",
}
# The free-text questions after the loop, in order.
AFTER_STEPS = ("barrier", "plan", "support", "helped", "review", "celebrate", "word")
STEPS = 3
YES = ("yes", "y")
NO = ("no", "n")


def answers(path: Path = WORKLOAD / "answers.txt") -> list[str]:
    """The 19 answers every engine is given (the yes branch). They hold no `.`, `!` or `?`:
    AIML reads those as the end of a sentence and would answer each part separately."""
    return path.read_text(encoding="utf-8").splitlines()


def summary_lines(v: dict[str, Any]) -> list[str]:
    """The closing summary, one line per answer quoted: what every engine must print."""
    lines = [f"- Area: {v['area']}", f"- Right now: {v['now']}", f"- Goal: {v['goal']}",
             f"- Why it matters: {v['why']}"]
    if v["tried"]:
        lines.append(f"- Tried before: {v['tried_what']}")
    else:
        lines.append(f"- A first try would be easier with: {v['first_try']}")
    lines += [f"- Step {n}: {step} ({when})" for n, (step, when) in enumerate(v["steps"], start=1)]
    lines += [f"- In the way: {v['barrier']}", f"- If it does: {v['plan']}", f"- Support: {v['support']}",
              f"- What helped before: {v['helped']}", f"- Look back: {v['review']}",
              f"- Celebrate: {v['celebrate']}", f"- Feeling: {v['word']}"]
    return lines


def plan_summary(v: dict[str, Any]) -> str:
    """The closing words of the peers that keep their answers in a plain dict of variables."""
    return "Thank you. Here is your plan.\n" + "\n".join(summary_lines(v))


def plan_state(state: str, v: dict[str, Any]) -> str:
    """What those peers would keep to carry on: where they are and the answers so far."""
    return json.dumps({"state": state, "v": v}, ensure_ascii=False)


def quoted(summary: str) -> list[str]:
    """The summary's answer lines (``- Label: answer``), whatever else an engine prints around them."""
    return [line.strip() for line in summary.splitlines() if line.strip().startswith("- ")]


def reference(given: Sequence[str]) -> tuple[list[str], list[str]]:
    """(every prompt shown, the summary lines) for ``given``, walked in plain Python."""
    state, shown = "area", [PROMPTS["area"]]
    v: dict[str, Any] = {"steps": []}
    step = ""
    for text in given:
        said = text.strip().lower()
        if state == "tried":
            if said in YES or said in NO:
                v["tried"] = said in YES
                state = "tried_what" if v["tried"] else "first_try"
        elif state == "step":
            step, state = text, "step_when"
        elif state == "step_when":
            v["steps"].append((step, text))
            state = "step" if len(v["steps"]) < STEPS else AFTER_STEPS[0]
        elif state in AFTER_STEPS:
            v[state] = text
            following = AFTER_STEPS.index(state) + 1
            if following == len(AFTER_STEPS):
                return shown, summary_lines(v)
            state = AFTER_STEPS[following]
        else:
            v[state] = text
            state = {"area": "now", "now": "goal", "goal": "why", "why": "tried",
                     "tried_what": "step", "first_try": "step"}[state]
        shown.append(PROMPTS[state].format(area=v.get("area"), n=len(v["steps"]) + 1))
    return shown, []


# -- generated dialogues, for the load figures --------------------------------------------------
@dataclass(frozen=True)
class Generated:
    """Question ``index`` of a generated dialogue: every tenth is yes/no (no skips one question)."""

    index: int
    text: str
    yes_no: bool
    next: str  # the following question's id, or "finish"
    skip: str  # where "no" goes (yes/no questions only)


def generated(n: int) -> list[Generated]:
    """A chain of ``n`` questions, as the issue's generated dialogues are, with a branch every ten."""
    def name(i: int) -> str:
        return f"q{i}" if i < n else "finish"

    nodes = []
    for i in range(n):
        yes_no = i % 10 == 9
        text = f"Question {i}: yes or no?" if yes_no else f"Question {i}: what comes next?"
        nodes.append(Generated(i, text, yes_no, name(i + 1), name(min(i + 2, n))))
    return nodes


# -- the interface ------------------------------------------------------------------------------
class Session(Protocol):
    """One person's conversation."""

    @property
    def finished(self) -> bool:
        """Whether the last answer has been given (and the summary shown)."""

    def start(self) -> str:
        """The first prompt."""

    def answer(self, text: str) -> str:
        """Take one answer; the next prompt, or (the last answer) the closing summary."""

    def summary(self) -> str:
        """The closing summary (after the last answer)."""

    def serialise(self) -> str:
        """The session as it would be kept to carry on later (JSON or the engine's own form)."""


class Engine(Protocol):
    """An engine with the workload loaded, shared by all its sessions."""

    name: str

    def session(self) -> Session: ...


@dataclass
class Adapter:
    """An engine's adapter module, or why it cannot run here."""

    name: str
    module: ModuleType | None
    skipped: str | None = None


def adapter(name: str) -> Adapter:
    """The adapter for ``name``; ``skipped`` says why when its engine is not installed or broken."""
    try:
        module = importlib.import_module(f"benchmarks.peers.{name}_peer")
    except ImportError as problem:
        return Adapter(name, None, f"not installed ({problem}); `pip install -e .[bench]` installs it")
    try:
        check = module.engine().session()
        check.start()
    except Exception as problem:  # a peer that installs but does not run here: say why, skip it
        return Adapter(name, None, f"does not run here: {type(problem).__name__}: {problem}")
    return Adapter(name, module)


def converse(session: Session, given: Sequence[str]) -> tuple[list[str], str]:
    """Every prompt a session shows for ``given``, and its summary."""
    shown = [session.start()]
    for text in given:
        if session.finished:
            break
        shown.append(session.answer(text))
    return shown, session.summary() if session.finished else ""


def main(make: Callable[[], Engine]) -> None:
    """A whole program: prompts to stdout, one answer per line from stdin, then the summary."""
    session = make().session()
    out = sys.stdout
    out.write(session.start() + "\n> ")
    for line in sys.stdin:
        said = session.answer(line.rstrip("\r\n"))
        out.write(said + "\n")
        if session.finished:
            return
        out.write("> ")
