"""The README's example dialogue is real: it validates and runs."""

from __future__ import annotations

import re
from pathlib import Path

from engine.conversation.machine import Conversation
from engine.dialogue.loader import load_library

README = Path(__file__).resolve().parent.parent / "README.md"


def example_dialogue() -> str:
    text = README.read_text()
    section = text[text.index("## Writing dialogues"):]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)


def test_readme_example_validates_and_runs(tmp_path, messages):
    path = tmp_path / "check-in.yaml"
    path.write_text(example_dialogue())
    library = load_library([path])
    assert library.warnings == ()
    conversation = Conversation(library, messages, "check-in")
    for answer in ["2", "", "a walk, a call", "Jo", "", "", ""]:
        turn = conversation.reply(answer)
    assert conversation.finished
    assert turn.messages[-1] == "Thanks! You named 2 good things."
    assert conversation.variables()["visits"] == 1
    assert conversation.variables()["map"]["people"] == ["Jo"]


def test_readme_quick_start_is_two_commands_and_ci_runs_the_second():
    text = README.read_text()
    block = re.search(r"## Quick start.*?```sh\n(.*?)```", text, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["python3 run.py", "python3 run.py --tests"]
    ci = (README.parent / ".ci" / "run").read_text()
    assert commands[1] in ci
