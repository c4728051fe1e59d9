"""peercoach itself, driven in process as the CLI drives it: the real loader, ``Conversation``
(typed parsing, the safety check on every answer: the workload is a client dialogue) and the
summary rendered through the dialogue's Jinja template.

As a whole program the cold-start figure does not use ``main`` here but the real command,
``python -m engine --plain run benchmarks/workload/coaching.yaml`` (see benchmarks/run.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from benchmarks.peers.common import WORKLOAD, Generated, generated, main
from engine.conversation.machine import Conversation, Outcome
from engine.conversation.messages import Messages
from engine.conversation.session import SessionRecord, Status
from engine.dialogue.loader import load_library
from engine.dialogue.model import Library
from engine.ground.files import resource_dir
from engine.render.summary import render_summary
from engine.safety.resources import Resources, load_resources

NAME = "peercoach"
PACKAGE = "peercoach"
DIALOGUE = WORKLOAD / "coaching.yaml"
NOW = "2026-12-01T10:00:00+00:00"  # the front end hands the core the time; a constant here


class Session:
    def __init__(self, engine: PeercoachEngine):
        self.engine = engine
        self.conversation = Conversation(engine.library, engine.messages, "coaching", resources=engine.resources)
        self.finished = False

    def start(self) -> str:
        turn = self.conversation.current_turn()
        assert turn.question is not None
        return turn.question.text

    def answer(self, text: str) -> str:
        turn = self.conversation.reply(text, now=NOW)
        if turn.outcome is Outcome.FINISHED:
            self.finished = True
            return "\n".join((*turn.messages, self.summary()))
        assert turn.question is not None
        return turn.question.text

    def summary(self) -> str:
        return render_summary(self.conversation, "markdown", status=Status.FINISHED, generated="1 December 2026")

    def record(self) -> SessionRecord:
        return SessionRecord(id="20261201-100000-abcdef", dialogue="coaching", log=list(self.conversation.log),
                             status=Status.FINISHED if self.finished else Status.ACTIVE, source=str(DIALOGUE),
                             created=NOW, updated=NOW, person="Sam")

    def serialise(self) -> str:
        """The session as peercoach keeps it: the record with its answer log, as JSON (the state is
        derived from the log by replaying it; ``state_json`` is that derived state)."""
        return json.dumps(self.record().to_dict(), ensure_ascii=False)

    def state_json(self) -> str:
        return json.dumps(self.conversation.state.to_dict(), ensure_ascii=False)


class PeercoachEngine:
    name = NAME

    def __init__(self, library: Library, messages: Messages, resources: Resources):
        self.library, self.messages, self.resources = library, messages, resources

    def session(self) -> Session:
        return Session(self)


def engine(path: Path = DIALOGUE) -> PeercoachEngine:
    """The workload with the bundled library beside it, as ``peercoach run FILE`` loads it
    (the bundled strategy catalogue is what the workload's questions name)."""
    return PeercoachEngine(load_library([path]), Messages.load(resource_dir("prompts") / "messages.yaml"),
                           load_resources("ca-us"))


# -- generated dialogues ---------------------------------------------------------------------
def generated_yaml(n: int) -> str:
    """A dialogue of ``n`` questions in peercoach's format (``generated`` in common)."""
    lines = [f"id: generated-{n}", f"title: Generated, {n} questions", "audience: client", "start: q0", "nodes:"]
    for node in generated(n):
        lines += _node(node)
    lines += ["  finish:", "    end: Done."]
    return "\n".join(lines) + "\n"


def _node(node: Generated) -> list[str]:
    lines = [f"  q{node.index}:", f"    ask: \"{node.text}\""]
    if node.yes_no:
        lines += ["    type: yesno", "    next:", f"      - if: q{node.index}", f"        then: {node.next}",
                  f"      - else: {node.skip}"]
    elif node.next == "finish":
        lines.append("    next: finish")
    return lines


def prepare(n: int, folder: Path) -> Any:
    path = folder / f"generated-{n}.yaml"
    path.write_text(generated_yaml(n), encoding="utf-8")
    return path


def build(prepared: Any) -> Library:
    """Cold load of one generated file: parsed, checked, templates compiled (no bundled library)."""
    return load_library([prepared], bundled=False)


# A load that the engine's own cache serves, for the "from cache" figure: the same call as ``build``,
# timed after ``build`` filled the cache (engine/dialogue/cache.py, keyed on the files' sizes and
# times, the loader's own code and the engine version).
build_cached = build


if __name__ == "__main__":
    main(engine)
