"""`run --watch`: a dialogue writer edits the file while trying it, and the conversation carries on
in the edited dialogue with the answers so far replayed; an edit with mistakes is reported and the
version before keeps running."""

from __future__ import annotations

import io
import os
import sys
import textwrap

import pytest

from engine.cli import main

DIALOGUE = """
    id: trial
    title: Trial
    audience: client
    start: first
    nodes:
      first:
        strategy: self_reflection
        ask: How was your week?
        help: A word is fine.
      second:
        strategy: self_reflection
        ask: What went well?
        help: A word is fine.
      done:
        end: Thanks.
"""


class Editing(io.StringIO):
    """Answers, with the dialogue file rewritten once the first answer has been read."""

    def __init__(self, lines: list[str], path, edited: str):
        super().__init__("".join(line + "\n" for line in lines))
        self.path, self.edited, self.reads = path, edited, 0

    def readline(self, *args):  # noqa: ANN002 - as io.StringIO's
        self.reads += 1
        if self.reads == 2:  # while the first answer is typed, the writer saves an edit
            self.path.write_text(self.edited, encoding="utf-8")
            stat = self.path.stat()
            os.utime(self.path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
        return super().readline(*args)


@pytest.fixture
def dialogue(tmp_path, monkeypatch):
    monkeypatch.setenv("PEERCOACH_STORE", str(tmp_path / "store"))
    path = tmp_path / "trial.yaml"
    path.write_text(textwrap.dedent(DIALOGUE).lstrip(), encoding="utf-8")
    return path


def test_an_edit_is_loaded_and_the_answers_replayed(dialogue, monkeypatch, capsys):
    edited = dialogue.read_text(encoding="utf-8").replace("What went well?", "What went well, even a little?")
    monkeypatch.setattr(sys, "stdin", Editing(["Robin", "busy", "I slept"], dialogue, edited))
    assert main(["--plain", "run", str(dialogue), "--watch"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # as read, whatever the wrapping
    assert "The dialogue file changed, so it was loaded again" in out
    assert "What went well, even a little?" in out and "Thanks." in out


def test_an_edit_with_mistakes_keeps_the_version_before(dialogue, monkeypatch, capsys):
    broken = dialogue.read_text(encoding="utf-8").replace("ask: What went well?", "ask: What went {{ well | reflct }}?")
    monkeypatch.setattr(sys, "stdin", Editing(["Robin", "busy", "I slept"], dialogue, broken))
    assert main(["--plain", "run", str(dialogue), "--watch"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # as read, whatever the wrapping
    assert "it has mistakes now, so the version before is still running" in out and "reflct" in out
    assert "What went well?" in out and "Thanks." in out


def test_without_watch_an_edit_waits_for_the_next_run(dialogue, monkeypatch, capsys):
    edited = dialogue.read_text(encoding="utf-8").replace("What went well?", "What went well, even a little?")
    monkeypatch.setattr(sys, "stdin", Editing(["Robin", "busy", "I slept"], dialogue, edited))
    assert main(["--plain", "run", str(dialogue)]) == 0
    assert "What went well, even a little?" not in capsys.readouterr().out
