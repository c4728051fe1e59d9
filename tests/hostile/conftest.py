"""Hostile dialogue files are made by the tests themselves, in tmp_path; nothing here may hang."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from dialogue_texts import GOOD

import engine.dialogue.loader

DEADLINE = 20  # seconds for a quick test; the slow ones (many processes, many trials) get ten times that


@pytest.fixture(autouse=True)
def deadline(request):
    """Each test fails, instead of hanging the run, if it takes far longer than it should."""
    seconds = DEADLINE * (10 if request.node.get_closest_marker("slow") else 1)

    def expired(signum, frame):
        raise TimeoutError(f"this took over {seconds} s: something hangs")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A dialogue folder with one good dialogue in it."""
    path = tmp_path / "dialogues"
    path.mkdir()
    (path / "good.yaml").write_text(GOOD, encoding="utf-8")
    return path


@pytest.fixture
def bundle(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the bundled dialogues standing in for them, to plant a bad file among them."""
    original = engine.dialogue.loader.resource_dir
    copy = tmp_path / "bundle"
    copy.mkdir()
    for path in original("dialogues").iterdir():
        if path.is_file():  # not dialogues/examples, a sample folder of one's own
            (copy / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(engine.dialogue.loader, "resource_dir",
                        lambda name: copy if name == "dialogues" else original(name))
    return copy
