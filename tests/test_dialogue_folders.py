"""A facilitator's own folder of dialogues in front of clients: `--dialogues DIR` (repeatable) and
$PEERCOACH_DIALOGUES add its dialogues to `list`, `menu`, `run` and `resume`, with its own
strategies and templates; an id that clashes names both files; a bad folder is a clear error."""

from __future__ import annotations

import io
import json
import sys
import textwrap
from pathlib import Path

import pytest

from engine.cli import main
from engine.store.sqlite import SqliteStore

SLEEP = """
    id: sleep
    title: Sleep check-in
    audience: client
    order: 5
    description: A few questions about sleep.
    summary:
      markdown: sleep.md.j2
    start: hours
    nodes:
      hours:
        strategy: sleep_routine
        ask: How many hours did you sleep last night?
        type: number
        min: 0
        max: 24
      better:
        strategy: sleep_routine
        ask: What is one thing that might help you sleep?
        help: For example, no phone in bed.
      done:
        end: Sleep well.
"""
CATALOGUE = """
    strategies:
      sleep_routine:
        name: A steady sleep routine
        description: Small habits around bedtime.
        sources: [our agency's sleep guide]
        audience: client
"""


@pytest.fixture
def folder(tmp_path) -> Path:
    ours = tmp_path / "agency"
    ours.mkdir()
    (ours / "sleep.yaml").write_text(textwrap.dedent(SLEEP).lstrip(), encoding="utf-8")
    (ours / "strategies.yaml").write_text(textwrap.dedent(CATALOGUE).lstrip(), encoding="utf-8")
    (ours / "sleep.md.j2").write_text("# {{ dialogue.title }}\nHours: {{ vars.hours }}\n", encoding="utf-8")
    return ours


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "store"
    monkeypatch.setenv("PEERCOACH_STORE", str(path))
    SqliteStore(path).remember_person("Sam")
    return path


def feed(monkeypatch, lines: list[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))


def listed(capsys, *options: str) -> list[str]:
    assert main([*options, "list", "--json"]) == 0
    return [row["id"] for row in json.loads(capsys.readouterr().out)]


def test_a_folder_adds_its_dialogues_to_list_by_order(folder, capsys):
    assert "sleep" not in listed(capsys)
    ids = listed(capsys, "--dialogues", str(folder))
    assert "sleep" in ids and ids.index("welcome") < ids.index("sleep") < ids.index("strengths")  # 0, 5, 10


def test_the_environment_names_folders_too(folder, capsys, monkeypatch):
    monkeypatch.setenv("PEERCOACH_DIALOGUES", str(folder))
    assert "sleep" in listed(capsys)


def test_menu_offers_it_and_run_and_resume_find_it(folder, store, capsys, monkeypatch):
    feed(monkeypatch, ["2", "7", "/pause"])  # after the Welcome (order 0), the folder's (order 5)
    assert main(["--plain", "--dialogues", str(folder), "menu"]) == 0
    out = capsys.readouterr().out
    assert "Sleep check-in: A few questions about sleep." in out and "What is one thing" in out
    [session] = SqliteStore(store).sessions()
    feed(monkeypatch, ["no phone in bed"])
    assert main(["--plain", "resume", session.id]) == 0  # found again without naming the folder
    assert "Hours: 7" in capsys.readouterr().out


def test_a_clashing_id_names_both_files(folder, capsys):
    (folder / "mine.yaml").write_text(textwrap.dedent(SLEEP).replace("id: sleep", "id: strengths"), encoding="utf-8")
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr()
    found = err.out + err.err
    assert "dialogue id `strengths` is used twice" in found and "dialogues/strengths.yaml" in found
    assert "mine.yaml" in found


def test_a_folder_that_is_not_there_is_a_clear_error(tmp_path, capsys):
    assert main(["--dialogues", str(tmp_path / "nowhere"), "list"]) != 0
    err = capsys.readouterr().err
    assert "--dialogues" in err and "is not a folder of dialogues" in err and "Traceback" not in err


def test_the_welcome_offers_the_folders_client_dialogue_and_runs_it(folder, store, capsys, monkeypatch):
    # The Welcome's seven choices, then the folder's sleep check-in (order 5) as choice 8.
    feed(monkeypatch, ["8", "7", "no phone in bed"])
    assert main(["--plain", "--dialogues", str(folder), "run", "welcome"]) == 0
    out = capsys.readouterr().out
    assert "8. Sleep check-in" in out and "How many hours did you sleep last night?" in out
    assert "Sleep well." in out and "Thank you for spending this time on yourself." in out


def test_without_the_folder_the_welcome_has_its_own_seven_choices(store, capsys, monkeypatch):
    feed(monkeypatch, ["/pause"])
    main(["--plain", "run", "welcome"])
    out = capsys.readouterr().out
    assert "7. I'm not sure yet" in out and "8." not in out
