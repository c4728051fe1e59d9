"""Scripted client runs (issue 16): answers files written the way people really answer (terse,
rambling, low, off-topic, hedging, grieving, anxious, sure they are good at nothing, week after
week at the same number, a goal reached), each driving the real command line in plain mode, in
process, on the days it names, with what it expects: what is said back (and what is not), what
is kept in the person's record (and that no non-answer is kept as a strength, a support, a goal
or a step), and what the summary holds.

The runs are in ``runs.yaml`` beside this file. Each has a ``person`` and one or more
``sessions``, each with a ``dialogue``, a ``day``, the ``answers`` (one a line, as piped to
``peercoach --plain run``; lines starting with ``#`` are comments, as in any answers file) and
its expectations:

- ``says`` / ``never_says``: words that are / are not in what peercoach printed;
- ``summary`` / ``not_in_summary``: words that are / are not in the Markdown summary (``--out``);
- ``status``: how the session ended (``finished`` unless it says ``paused``).

After its sessions, a run's ``stored`` names exactly what the person's record holds (from
``peercoach sessions export``): ``strengths``, ``resources``, ``goals`` (their texts), ``steps``
and ``ratings`` (per goal); ``not_stored`` lists words that no stored strength, resource, goal
or step may contain. Every text is compared with its whitespace run together, so line wrapping
never decides a result.
"""

from __future__ import annotations

import io
import json
import os
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

import engine.frontends.loop as loop
from engine.cli import main
from engine.store.sqlite import SqliteStore

RUNS_FILE = Path(__file__).with_name("runs.yaml")
RUNS: list[dict[str, Any]] = yaml.safe_load(RUNS_FILE.read_text(encoding="utf-8"))


def flat(text: str) -> str:
    """Whitespace run together, so that a wrapped line reads as the sentence it is."""
    return " ".join(str(text).split())


@dataclass
class Session:
    out: str  # everything peercoach printed
    summary: str  # the Markdown summary it wrote
    code: int


def frozen_clock(day: str) -> type[datetime]:
    """``datetime`` as the front end reads it, stopped at 10:00 on ``day`` (UTC): the clock handed in."""
    moment = datetime.fromisoformat(f"{day}T10:00:00").replace(tzinfo=UTC)

    class Frozen(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Frozen:  # type: ignore[override]
            return moment.astimezone(tz) if tz else moment.replace(tzinfo=None)  # type: ignore[return-value]

    return Frozen


def run_session(monkeypatch, capsys, tmp_path: Path, person: str, spec: dict[str, Any], index: int) -> Session:
    monkeypatch.setattr(loop, "datetime", frozen_clock(str(spec["day"])))
    monkeypatch.setattr(sys, "stdin", io.StringIO(spec["answers"]))
    summary = tmp_path / f"summary-{index}.md"
    code = main(["--plain", "--person", person, "run", spec["dialogue"], "--out", str(summary)])
    out = capsys.readouterr().out
    dump = os.environ.get("PEERCOACH_SCRIPTED_DUMP")  # a folder: keep what each run printed, to read
    if dump:
        Path(dump, f"{person}-{index}-{spec['dialogue']}.txt").write_text(
            out + "\n=========== SUMMARY\n" + (summary.read_text(encoding="utf-8") if summary.exists() else ""))
    return Session(out, summary.read_text(encoding="utf-8") if summary.exists() else "", code)


def export(monkeypatch, capsys, tmp_path: Path, person: str) -> dict[str, Any]:
    target = tmp_path / "export.json"
    assert main(["sessions", "export", person, "--out", str(target)]) == 0
    capsys.readouterr()
    data: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    dump = os.environ.get("PEERCOACH_SCRIPTED_DUMP")
    if dump:
        Path(dump, f"{person}-export.json").write_text(json.dumps(stored_texts(data), indent=1))
    return data


def check_session(name: str, spec: dict[str, Any], session: Session, store: Path) -> list[str]:
    """What this session did not do that its run expects, in words."""
    wrong = []
    out, summary = flat(session.out), flat(session.summary)
    where = f"{name}, {spec['dialogue']} on {spec['day']}"
    for words in spec.get("says", []):
        if flat(words) not in out:
            wrong.append(f"{where}: never said {words!r}")
    for words in spec.get("never_says", []):
        if flat(words) in out:
            wrong.append(f"{where}: said {words!r}")
    for words in spec.get("summary", []):
        if flat(words) not in summary:
            wrong.append(f"{where}: the summary lacks {words!r}")
    for words in spec.get("not_in_summary", []):
        if flat(words).casefold() in summary.casefold():
            wrong.append(f"{where}: the summary has {words!r}")
    status = spec.get("status", "finished")
    opened = SqliteStore(store)
    try:
        latest = max(opened.sessions(), key=lambda info: info.updated or "")
        if latest.status.value != status:
            wrong.append(f"{where}: ended {latest.status.value}, not {status}")
    finally:
        opened.close()
    if session.code != 0:
        wrong.append(f"{where}: exit status {session.code}")
    return wrong


def stored_texts(data: dict[str, Any]) -> dict[str, list[Any]]:
    goals = data.get("goals", [])
    return {"strengths": [s["text"] for s in data.get("strengths", [])],
            "resources": [r["text"] for r in data.get("resources", [])],
            "goals": [g["text"] for g in goals],
            "steps": [[s["text"] for s in g.get("steps", [])] for g in goals],
            "ratings": [g.get("ratings", []) for g in goals],
            "statuses": [g.get("status") for g in goals]}


def check_record(name: str, run: dict[str, Any], data: dict[str, Any]) -> list[str]:
    wrong = []
    kept = stored_texts(data)
    for kind, expected in (run.get("stored") or {}).items():
        if kept[kind] != expected:
            wrong.append(f"{name}: stored {kind} are {kept[kind]!r}, not {expected!r}")
    everything = [*kept["strengths"], *kept["resources"], *kept["goals"], *(s for g in kept["steps"] for s in g)]
    for words in run.get("not_stored", []):
        for text in everything:
            if flat(words).casefold() in flat(text).casefold():
                wrong.append(f"{name}: {text!r} was kept, and it holds the non-answer {words!r}")
    return wrong


@pytest.mark.parametrize("run", RUNS, ids=[run["name"] for run in RUNS])
def test_a_scripted_client_run(run, tmp_path, monkeypatch, capsys):
    store = tmp_path / "store"
    monkeypatch.setenv("PEERCOACH_STORE", str(store))
    monkeypatch.setenv("PEERCOACH_REGION", "ca-us")
    monkeypatch.setenv("COLUMNS", "100")
    wrong: list[str] = []
    for index, spec in enumerate(run["sessions"]):
        session = run_session(monkeypatch, capsys, tmp_path, run["person"], spec, index)
        wrong += check_session(run["name"], spec, session, store)
    wrong += check_record(run["name"], run, export(monkeypatch, capsys, tmp_path, run["person"]))
    assert not wrong, "\n".join(wrong)


def test_there_are_enough_runs_and_each_expects_something():
    assert len(RUNS) >= 12
    assert len({run["name"] for run in RUNS}) == len(RUNS)
    for run in RUNS:
        for spec in run["sessions"]:
            assert spec.get("says") and spec.get("summary"), f"{run['name']}: say what it expects"
        assert run.get("not_stored") or run.get("stored"), f"{run['name']}: say what is kept"


# Found by these runs: everyday answers that once stopped the conversation as an emergency.
@pytest.mark.parametrize("answer, question", [
    ("pay off the phone bill by the end of the month", "What would you like to achieve? Put it in a sentence."),
    ("when my mum kicked me out at seventeen", "Think of a time when life was hard and you got through it."),
    ("when my mum threw me out at seventeen", "Think of a time when life was hard and you got through it."),
])
def test_everyday_answers_are_no_emergency(answer, question):
    from engine.safety import Level, check

    assert check(answer).level < Level.ACUTE, f"{answer!r} (to {question!r}) is read as an emergency"
