"""bink, the Blade Ink runtime (ink stories compiled to JSON, run by a native library): the
workload as an ink story (workload/coaching.ink, compiled to coaching.ink.json), one ``Story``
per session. Ink takes no typed text, so the adapter sets the story's ``answer`` variable (and
``said``, trimmed and lower-cased, which the story compares for its yes/no branch: ink has no
string functions) and takes the question's one choice; the story keeps the answers, loops over
the steps and writes the summary itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bink.story import Story

from benchmarks.peers.common import WORKLOAD, Generated, generated, main

NAME = "bink"
PACKAGE = "bink"
STORY = WORKLOAD / "coaching.ink.json"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")  # inkjs writes a byte-order mark


class Session:
    def __init__(self, compiled: str):
        self.story = Story(compiled)
        self.finished = False
        self.last = ""

    def start(self) -> str:
        return self.story.continue_maximally().strip()

    def answer(self, text: str) -> str:
        self.story.set_variable("answer", text)
        self.story.set_variable("said", text.strip().lower())
        self.story.choose_choice_index(0)
        said = self.story.continue_maximally().strip()
        if not self.story.can_continue() and len(self.story.get_current_choices()) == 0:
            self.finished, self.last = True, said
        return said

    def summary(self) -> str:
        return self.last

    def serialise(self) -> str:
        return self.story.save_state()


class BinkEngine:
    name = NAME

    def __init__(self, path: Path = STORY):
        self.compiled = read(path)

    def session(self) -> Session:
        return Session(self.compiled)


def engine() -> BinkEngine:
    return BinkEngine()


# -- generated dialogues ---------------------------------------------------------------------
# No ink compiler runs in Python, so the generated stories are written as compiled JSON directly,
# in exactly the form inkjs-compiler 2.4.0 gives for the same ink (generated_ink below);
# workload/generated-12.ink.json is that compiler's output, and the tests hold this to it.
def generated_ink(n: int) -> str:
    """The generated dialogue as ink source: one knot per question."""
    lines = ['VAR said = ""', "-> q0"]
    for node in generated(n):
        lines += [f"=== q{node.index} ===", node.text, "+ [answer]"]
        if node.yes_no:
            lines += ["    {", f'    - said == "yes": -> {node.next}', f"    - else: -> {node.skip}", "    }"]
        else:
            lines.append(f"    -> {node.next}")
    lines += ["=== finish ===", "Done.", "-> END"]
    return "\n".join(lines) + "\n"


def _knot(node: Generated) -> list[Any]:
    choice: list[Any] = ["\n"]
    if node.yes_no:
        choice.append(["ev", {"VAR?": "said"}, "str", "^yes", "/str", "==", "/ev", {"->": ".^.b", "c": True},
                       {"b": ["\n", {"->": node.next}, {"->": ".^.^.^.3"}, None]}])
        choice += [[{"->": ".^.b"}, {"b": ["\n", {"->": node.skip}, {"->": ".^.^.^.3"}, None]}], "nop", "\n", None]
    else:
        choice += [{"->": node.next}, None]
    return [[f"^{node.text}", "\n", "ev", "str", "^answer", "/str", "/ev", {"*": ".^.c-0", "flg": 4},
             {"c-0": choice}], None]


def generated_json(n: int) -> dict[str, Any]:
    """``generated_ink(n)`` compiled: the JSON an ink runtime loads."""
    knots: dict[str, Any] = {f"q{node.index}": _knot(node) for node in generated(n)}
    knots["finish"] = ["^Done.", "\n", "end", None]
    knots["global decl"] = ["ev", "str", "^", "/str", {"VAR=": "said"}, "/ev", "end", None]
    return {"inkVersion": 21, "root": [[{"->": "q0"}, ["done", {"#n": "g-0"}], None], "done", knots], "listDefs": {}}


def prepare(n: int, folder: Path) -> Any:
    path = folder / f"generated-{n}.ink.json"
    path.write_text(json.dumps(generated_json(n)), encoding="utf-8")
    return path


def build(prepared: Any) -> Story:
    return Story(read(prepared))


if __name__ == "__main__":
    main(engine)
