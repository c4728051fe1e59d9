"""SIGKILL while peercoach deletes a session or writes a summary (issue 13, "How it is checked"):
the store is whole and the file is the old one or the new one, never half of either.

Each trial starts the installed command and kills it after a random delay, so the kill lands
anywhere from start-up to the last write; the figures are printed for the closing notes.
"""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import time

import pytest
import stress
from hostile_support import PEERCOACH, QUESTIONS, environment, needs_command, peercoach, write_dialogue

pytestmark = [pytest.mark.slow, needs_command]


def _conversations(tmp_path, count):
    """A store holding ``count`` finished conversations; returns (store, env, their ids)."""
    store = tmp_path / "store"
    env = environment(store)
    dialogue = write_dialogue(tmp_path)
    for n in range(count):
        answers = "".join(f"conversation {n} answer {i}\n" for i in range(1, QUESTIONS + 1))
        done = peercoach("--plain", "--person", "Tester", "run", str(dialogue), env=env, stdin=answers)
        assert done.returncode == 0, done.stderr
    listed = peercoach("sessions", "list", "--json", env=env)
    return store, env, [row["id"] for row in json.loads(listed.stdout)]


def _killed(argv, env, delay):
    child = subprocess.Popen([PEERCOACH, *argv], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    return child.wait()


def _answers(store_folder, session_id):
    from engine.store.sqlite import SqliteStore

    opened = SqliteStore(store_folder)
    try:
        return [e.text for e in opened.load(session_id).log if e.text]
    finally:
        opened.close()


def test_a_kill_during_sessions_delete_leaves_the_session_whole_or_gone(tmp_path):
    rng = random.Random(13)
    outcomes = {"kept whole": 0, "deleted": 0}
    whole_run = None
    for trial in range(stress.trials(quick=6, full=30)):
        folder = tmp_path / f"trial{trial}"
        folder.mkdir()
        store, env, (first, second) = _conversations(folder, 2)
        expected = _answers(store, first)
        if whole_run is None:  # time one whole delete, in a store of its own, to aim the kills
            timing = folder / "timing"
            timing.mkdir()
            _, timing_env, (third,) = _conversations(timing, 1)
            started = time.monotonic()
            peercoach("sessions", "delete", third, "--yes", env=timing_env)
            whole_run = time.monotonic() - started
        _killed(["sessions", "delete", first, "--yes"], env, rng.uniform(0.5, 1.1) * whole_run)
        database = next(store.glob("*.db"))
        assert sqlite3.connect(database).execute("PRAGMA quick_check").fetchone() == ("ok",)
        listed = peercoach("sessions", "list", "--json", env=env)
        assert listed.returncode == 0, listed.stderr
        ids = {row["id"] for row in json.loads(listed.stdout)}
        assert second in ids and len(_answers(store, second)) == QUESTIONS  # the other one untouched
        if first in ids:
            assert _answers(store, first) == expected  # all of it, or (below) none of it
            outcomes["kept whole"] += 1
        else:
            outcomes["deleted"] += 1
    print(f"sessions delete killed: {outcomes}")


def test_a_kill_during_summary_out_leaves_the_old_file_or_the_new_one(tmp_path):
    store, env, (session,) = _conversations(tmp_path, 1)
    target = tmp_path / "summary.md"
    target.write_text("the summary from last time\n", encoding="utf-8")
    reference = tmp_path / "reference.md"
    started = time.monotonic()
    assert peercoach("summary", session, "--out", str(reference), env=env).returncode == 0
    whole_run = time.monotonic() - started  # kills land anywhere from start-up to the end
    new = reference.read_text(encoding="utf-8")
    rng = random.Random(31)
    outcomes = {"old": 0, "new": 0}
    for _ in range(stress.trials(quick=10, full=40)):
        target.write_text("the summary from last time\n", encoding="utf-8")
        _killed(["summary", session, "--out", str(target)], env, rng.uniform(0.5, 1.1) * whole_run)
        text = target.read_text(encoding="utf-8")
        assert text in ("the summary from last time\n", new), text[:200]
        outcomes["old" if text.startswith("the summary from last time") else "new"] += 1
        assert oct(target.stat().st_mode & 0o777) in ("0o600", "0o644")  # ours (0600) or the one we left
    leftovers = [p.name for p in tmp_path.glob(".summary.md.*.tmp")]
    print(f"summary --out killed: {outcomes}; temporary files left: {len(leftovers)}")
