"""NLTK's ELIZA machinery (``nltk.chat.util.Chat``): pattern and response pairs, no memory.

A ``Chat`` answers one line with the response of the first pattern it matches, and keeps nothing
between lines; its ``%1`` fills in what the pattern caught, but lower-cased and with "my" turned
into "your". So the adapter keeps what ELIZA cannot: which question is waiting and the answers
as typed. Each question has its own ``Chat`` whose response names where the answer leads (the
yes/no question's patterns are the branch); prompts and the summary are Python format strings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nltk.chat.util import Chat

from benchmarks.peers.common import AFTER_STEPS, PROMPTS, STEPS, main, plan_state, plan_summary

NAME = "eliza"
PACKAGE = "nltk"
ANYTHING = r"(.*)"
# question -> its patterns, each with the response ELIZA gives: the question that comes next.
PAIRS: dict[str, list[tuple[str, list[str]]]] = {
    "area": [(ANYTHING, ["now"])],
    "now": [(ANYTHING, ["goal"])],
    "goal": [(ANYTHING, ["why"])],
    "why": [(ANYTHING, ["tried"])],
    "tried": [(r"\s*(yes|y)\s*$", ["tried_what"]), (r"\s*(no|n)\s*$", ["first_try"]), (ANYTHING, ["tried"])],
    "tried_what": [(ANYTHING, ["step"])],
    "first_try": [(ANYTHING, ["step"])],
    "step": [(ANYTHING, ["step_when"])],
    "step_when": [(ANYTHING, ["step"])],  # the third step's time leads on to the questions after the loop
    **{name: [(ANYTHING, [following])] for name, following in zip(AFTER_STEPS, (*AFTER_STEPS[1:], "finish"),
                                                                   strict=True)},
}


class Session:
    def __init__(self, chats: dict[str, Chat]):
        self.chats = chats
        self.state = "area"
        self.v: dict[str, Any] = {"steps": []}
        self.finished = False

    def start(self) -> str:
        return self.prompt()

    def prompt(self) -> str:
        return PROMPTS[self.state].format(area=self.v.get("area"), n=len(self.v["steps"]) + 1)

    def answer(self, text: str) -> str:
        following = self.chats[self.state].respond(text)
        if self.state == "tried":
            if following != "tried":
                self.v["tried"] = following == "tried_what"
        elif self.state == "step_when":
            self.v["steps"].append((self.v["step"], text))
            if len(self.v["steps"]) == STEPS:
                following = AFTER_STEPS[0]
        else:
            self.v[self.state] = text
        self.state = following
        if following == "finish":
            self.finished = True
            return self.summary()
        return self.prompt()

    def summary(self) -> str:
        return plan_summary(self.v)

    def serialise(self) -> str:
        return plan_state(self.state, self.v)


class ElizaEngine:
    name = NAME

    def __init__(self) -> None:
        self.chats = {question: Chat(pairs, {}) for question, pairs in PAIRS.items()}

    def session(self) -> Session:
        return Session(self.chats)


def engine() -> ElizaEngine:
    return ElizaEngine()


# A pattern list is not a dialogue: there is nothing of a generated dialogue to load into ELIZA.
prepare = None


def build(prepared: Path) -> Any:
    raise NotImplementedError("ELIZA has no dialogue to load")


if __name__ == "__main__":
    main(engine)
