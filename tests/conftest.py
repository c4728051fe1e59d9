"""Shared helpers: write small dialogues into a temporary folder and load them."""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path

import pytest

from engine.conversation.machine import Conversation
from engine.conversation.messages import Messages
from engine.dialogue.loader import load_library
from engine.dialogue.model import Library
from engine.ground.errors import DialogueLoadError, Problem
from engine.ground.files import resource_dir

# The checked-library cache goes to a folder of this run's own (and every process the tests start
# inherits it), never into the person's ~/.cache.
os.environ.setdefault("PEERCOACH_CACHE", tempfile.mkdtemp(prefix="peercoach-test-cache-"))


@pytest.fixture(scope="session")
def messages() -> Messages:
    return Messages.load(resource_dir("prompts") / "messages.yaml")


@pytest.fixture(scope="session")
def bundled() -> Library:
    return load_library()


@pytest.fixture
def write(tmp_path: Path):
    """write("name.yaml", yaml_text) -> path; the text is dedented."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def load(write):
    """load(yaml_text, **more_files) -> Library of just these files (no bundled dialogues)."""

    def _load(text: str, **others: str) -> Library:
        paths = [write("main.yaml", text)]
        paths += [write(f"{name}.yaml", body) for name, body in others.items()]
        return load_library(paths, bundled=False)

    return _load


@pytest.fixture
def problems(load):
    """problems(yaml_text) -> the list of Problems loading it raises (fails if it loads)."""

    def _problems(text: str, **others: str) -> list[Problem]:
        with pytest.raises(DialogueLoadError) as caught:
            load(text, **others)
        return caught.value.problems

    return _problems


@pytest.fixture
def talk(load, messages):
    """talk(yaml_text, dialogue_id="main") -> a Conversation over that dialogue."""

    def _talk(text: str, dialogue_id: str = "main", **others: str) -> Conversation:
        return Conversation(load(text, **others), messages, dialogue_id)

    return _talk
