"""python-aiml (PyAIML): the workload as AIML categories (workload/coaching.aiml), one kernel
shared by every session, each session an AIML session id (its predicates are the session).
Topics keep which question is waiting; ``<condition>`` takes the loop and the summary's branch;
the closing template quotes the predicates."""

from __future__ import annotations

import contextlib
import io
import itertools
import json
from pathlib import Path
from typing import Any

import aiml

from benchmarks.peers.common import WORKLOAD, generated, main

NAME = "aiml"
PACKAGE = "python-aiml"
CATEGORIES = WORKLOAD / "coaching.aiml"


def kernel(path: Path) -> aiml.Kernel:
    bot = aiml.Kernel()
    bot.verbose(False)
    with contextlib.redirect_stdout(io.StringIO()):  # learn() prints "Loading ... done" regardless
        bot.learn(str(path))
    return bot


class Session:
    def __init__(self, bot: aiml.Kernel, sid: str):
        self.bot, self.sid = bot, sid
        self.finished = False
        self.last = ""

    def start(self) -> str:
        return self.bot.respond("start", self.sid)

    def answer(self, text: str) -> str:
        said = self.bot.respond(text, self.sid)
        if self.bot.getPredicate("topic", self.sid) == "FINISH":
            self.finished, self.last = True, said
        return said

    def summary(self) -> str:
        return self.last

    def serialise(self) -> str:
        return json.dumps(self.bot.getSessionData(self.sid), ensure_ascii=False)


class AimlEngine:
    name = NAME

    def __init__(self, path: Path = CATEGORIES):
        self.bot = kernel(path)
        self.ids = itertools.count()

    def session(self) -> Session:
        return Session(self.bot, f"s{next(self.ids)}")

    def release(self, session: Session) -> None:
        self.bot._sessions.pop(session.sid, None)  # PyAIML has no public way to end a session


def engine() -> AimlEngine:
    return AimlEngine()


# -- generated dialogues ---------------------------------------------------------------------
def generated_aiml(n: int) -> str:
    """The generated dialogue as AIML: one topic per question waiting for its answer."""
    nodes = generated(n)
    text = {node.index: node.text for node in nodes}

    def ask(target: str) -> str:
        said = text[int(target[1:])] if target != "finish" else "Done."
        return f'<think><set name="topic">{target.upper()}</set></think>{said}'

    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<aiml version="1.0.1">',
             f"<category><pattern>START</pattern><template>{ask('q0')}</template></category>"]
    for node in nodes:
        lines.append(f'<topic name="Q{node.index}">')
        if node.yes_no:
            lines.append(f"<category><pattern>YES</pattern><template>{ask(node.next)}</template></category>")
            lines.append(f"<category><pattern>*</pattern><template>{ask(node.skip)}</template></category>")
        else:
            lines.append(f"<category><pattern>*</pattern><template>{ask(node.next)}</template></category>")
        lines.append("</topic>")
    lines.append("</aiml>")
    return "\n".join(lines) + "\n"


def prepare(n: int, folder: Path) -> Any:
    path = folder / f"generated-{n}.aiml"
    path.write_text(generated_aiml(n), encoding="utf-8")
    return path


def build(prepared: Any) -> aiml.Kernel:
    return kernel(prepared)


if __name__ == "__main__":
    main(engine)
