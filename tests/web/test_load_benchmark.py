"""The load benchmark's own correctness (benchmarks/bench_web_load.py), not its times: a tiny run
(3 people, 3 seconds, SQLite) saves answers with no errors and finds every one in the store, and
its check does notice an answer the store has lost."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # this checkout's benchmarks package

from benchmarks.bench_web_load import missing_answers, run  # noqa: E402

pytestmark = pytest.mark.slow


def test_a_tiny_run_loses_nothing_and_its_check_sees_a_lost_answer(tmp_path):
    location = str(tmp_path / "store" / "peercoach.db")
    result = run("sqlite", location, sessions=3, seconds=3, workers=2, think=0.05, root=tmp_path)
    assert result.tally.problems == [] and result.missing == []
    assert result.answers >= 1  # the first pages of a fresh worker can take most of the 3 s on a busy machine
    assert len(result.tally.times["answer"]) == result.answers and result.tally.times["sign in"]
    session, text = result.tally.saved[0]
    db = sqlite3.connect(location)
    with db:
        db.execute("DELETE FROM entries WHERE session_id = ? AND entry LIKE ?", (session, f"%{text}%"))
    db.close()
    assert missing_answers(location, result.tally.saved) == [(session, text)]
