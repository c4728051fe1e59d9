"""RiveScript: the workload as a script (workload/coaching.rive), one interpreter shared by
every session, each session a RiveScript user (its variables are the session). Topics keep
which question is waiting; conditions take the yes/no branch and the loop; the closing summary
is a reply quoting the user variables."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from rivescript import RiveScript

from benchmarks.peers.common import WORKLOAD, generated, main

NAME = "rivescript"
PACKAGE = "rivescript"
SCRIPT = WORKLOAD / "coaching.rive"


class Session:
    def __init__(self, bot: RiveScript, user: str):
        self.bot, self.user = bot, user
        self.finished = False
        self.last = ""

    def start(self) -> str:
        return self.bot.reply(self.user, "start")

    def answer(self, text: str) -> str:
        # RiveScript matches the answer lower-cased and without punctuation; `raw` is kept as typed.
        self.bot.set_uservar(self.user, "raw", text)
        said = self.bot.reply(self.user, text)
        if self.bot.get_uservar(self.user, "topic") == "finish":
            self.finished, self.last = True, said
        return said

    def summary(self) -> str:
        return self.last

    def serialise(self) -> str:
        return json.dumps(self.bot.get_uservars(self.user), ensure_ascii=False)


class RivescriptEngine:
    name = NAME

    def __init__(self, script: Path = SCRIPT):
        self.bot = RiveScript(utf8=True)
        self.bot.load_file(str(script))
        self.bot.sort_replies()
        self.users = itertools.count()

    def session(self) -> Session:
        return Session(self.bot, f"user{next(self.users)}")

    def release(self, session: Session) -> None:
        self.bot.clear_uservars(session.user)


def engine() -> RivescriptEngine:
    return RivescriptEngine()


# -- generated dialogues ---------------------------------------------------------------------
def generated_script(n: int) -> str:
    """The generated dialogue as RiveScript: one topic per question waiting for its answer."""
    nodes = generated(n)
    text = {node.index: node.text for node in nodes}
    ask = lambda target: f"{text[int(target[1:])]}{{topic={target}}}" if target != "finish" else "Done.{topic=finish}"  # noqa: E731
    lines = ["! version = 2.0", "", "+ start", f"- {ask('q0')}"]
    for node in nodes:
        lines += ["", f"> topic q{node.index}"]
        if node.yes_no:
            lines += ["  + (yes|y)", f"  - {ask(node.next)}", "  + *", f"  - {ask(node.skip)}"]
        else:
            lines += ["  + *", f"  - {ask(node.next)}"]
        lines.append("< topic")
    return "\n".join(lines) + "\n"


def prepare(n: int, folder: Path) -> Any:
    path = folder / f"generated-{n}.rive"
    path.write_text(generated_script(n), encoding="utf-8")
    return path


def build(prepared: Any) -> RiveScript:
    bot = RiveScript(utf8=True)
    bot.load_file(str(prepared))
    bot.sort_replies()
    return bot


if __name__ == "__main__":
    main(engine)
