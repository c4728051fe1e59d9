"""Many peercoach processes at once (issue 13, items 2 and 10).

- A brand-new store opened by 200 processes at the same instant: every one gets in (it is built
  under a temporary name and linked into place; migrations read the version inside one exclusive
  transaction). An old store opened by many at once is brought up to date once, and a migration
  that fails or is killed leaves the store as it was.
- One conversation is open in one place at a time: the session row holds a lease, taken at resume
  (and on a new session's first save) and checked at every save. A second `resume` is refused
  with a line naming the session, before it asks anything; a copy that lost its lease stops at
  its next save and shows the answer back; a holder that was killed does not block the session.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
import stress
from hostile_support import (
    PEERCOACH,
    QUESTIONS,
    V1_SCHEMA,
    Child,
    environment,
    needs_command,
    one_clear_line,
    peercoach,
    stored_answers,
    write_dialogue,
)

from engine.conversation.session import Entry, SessionRecord, Status
from engine.store import leases, schema
from engine.store.schema import SCHEMA_VERSION, migrate
from engine.store.sqlite import SqliteStore

pytestmark = pytest.mark.slow  # starts processes that race for the store

PROCESSES = 200
SESSIONS = 20000
on_linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc")


# -- a new store, many processes ----------------------------------------------------------------
def _open_and_save(location: str, number: int, barrier, results) -> None:
    try:
        barrier.wait(timeout=120)
        store = SqliteStore(Path(location))
        store.save(SessionRecord(id=f"p{number}", dialogue="hostile", person=f"P{number}", status=Status.PAUSED,
                                 log=[Entry(node="hostile:q1", value="x", text=f"from {number}")]))
        store.close()
        results.put((number, "ok"))
    except BaseException as exc:  # noqa: BLE001 - every failure is a finding, reported to the parent
        results.put((number, f"{type(exc).__name__}: {exc}"))


def at_once(location: Path, processes: int = PROCESSES) -> dict[int, str]:
    """Start ``processes`` processes that open ``location`` at the same instant; {number: outcome}."""
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(processes), context.Queue()
    children = [context.Process(target=_open_and_save, args=(str(location), n, barrier, results))
                for n in range(processes)]
    for child in children:
        child.start()
    outcomes = dict(results.get(timeout=300) for _ in children)
    for child in children:
        child.join(timeout=60)
    return outcomes


def refusals(outcomes: dict[int, str]) -> list[str]:
    return sorted({outcome for outcome in outcomes.values() if outcome != "ok"})


@pytest.mark.slow
@pytest.mark.parametrize("name", ["folder", "named.db"])
def test_200_processes_opening_a_brand_new_store_at_once_all_get_in(tmp_path, name):
    location = tmp_path / name
    outcomes = at_once(location)
    assert refusals(outcomes) == [], f"{sum(o != 'ok' for o in outcomes.values())} of {PROCESSES} refused"
    store = SqliteStore(location)
    assert len(store.sessions()) == PROCESSES and len(store.people()) == PROCESSES
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    folder = location if name == "folder" else tmp_path
    assert [n for n in os.listdir(folder) if n.endswith(".new")] == []  # no temporary store left behind


def store_of_version_1(folder: Path, sessions: int = 1) -> Path:
    """A store as the first SQLite peercoach made it: sessions and entries only (version 1)."""
    folder.mkdir(mode=0o700, parents=True)
    db = sqlite3.connect(folder / "peercoach.db", isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.executescript(V1_SCHEMA)
    db.execute("PRAGMA user_version = 1")
    db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    entry = json.dumps({"node": "hostile:q1", "text": "kept", "value": "kept"})
    db.execute("BEGIN")
    for n in range(sessions):  # many make the answer count of step 2 take a moment
        db.execute("INSERT INTO sessions VALUES (?, 'hostile', NULL, 'paused', NULL, NULL)", (f"old-{n}",))
        db.execute("INSERT INTO entries VALUES (?, 0, ?)", (f"old-{n}", entry))
    db.execute("COMMIT")
    db.close()
    return folder


@pytest.mark.slow
def test_many_processes_opening_an_old_store_bring_it_up_to_date_once(tmp_path):
    folder = store_of_version_1(tmp_path / "old")
    outcomes = at_once(folder, 50)
    assert refusals(outcomes) == [], f"{sum(o != 'ok' for o in outcomes.values())} of 50 refused"
    store = SqliteStore(folder)
    assert [e.text for e in store.load("old-0").log] == ["kept"] and len(store.sessions()) == 51
    assert store.sessions()[0].answers == 1  # counted once, by the one process that migrated
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_migration_that_fails_leaves_the_store_exactly_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "peercoach.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript(V1_SCHEMA)  # a store of version 1, as the first SQLite peercoach made it
    db.execute("PRAGMA user_version = 1")
    db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    db.execute("INSERT INTO sessions VALUES ('s', 'hostile', NULL, 'paused', NULL, NULL)")
    before = sorted(db.execute("SELECT type, name, sql FROM sqlite_schema").fetchall(), key=str)

    def broken(connection):
        connection.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("the power went out")

    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, broken))
    with pytest.raises(RuntimeError):
        migrate(db, upto=len(schema.MIGRATIONS))
    # Today: step 2 had committed (its executescript commits) and the store was left at version 2.
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    assert sorted(db.execute("SELECT type, name, sql FROM sqlite_schema").fetchall(), key=str) == before


@pytest.mark.slow
@needs_command
def test_killed_while_migrating_the_store_is_old_or_new_never_half(tmp_path):
    outcomes = []
    for trial in range(12):
        folder = store_of_version_1(tmp_path / f"store-{trial}", SESSIONS)
        child = subprocess.Popen([PEERCOACH, "--store", str(folder), "sessions", "list"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(random.Random(trial).uniform(0.3, 1.0))  # starting takes about 0.5 s, migrating 0.3 s
        child.send_signal(signal.SIGKILL)
        child.wait()
        check = sqlite3.connect(folder / "peercoach.db")
        version = check.execute("PRAGMA user_version").fetchone()[0]
        columns = {row[1] for row in check.execute("PRAGMA table_info(sessions)")}
        tables = {row[0] for row in check.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        check.close()
        # every step of the migration or none: version 1 as it was, or the newest with all it adds
        assert (version, "lease" in columns, "answers" in columns, "outcomes" in tables) in [
            (1, False, False, False), (SCHEMA_VERSION, True, True, True)], trial
        outcomes.append(version)
        store = SqliteStore(folder)  # and it opens (and is brought up to date) afterwards
        assert len(store.sessions()) == SESSIONS
        store.close()
    print(f"killed while migrating: {outcomes.count(1)} left at version 1, {outcomes.count(SCHEMA_VERSION)} at "
          f"{SCHEMA_VERSION}, 0 half")


# -- two resumes of one session -----------------------------------------------------------------
ANSWERS = [f"answer {n}" for n in range(1, QUESTIONS + 1)]


@pytest.fixture
def paused(tmp_path):
    """A paused session with its first two answers: (store, session id, environment, dialogue)."""
    dialogue = write_dialogue(tmp_path)
    store = tmp_path / "store"
    env = environment(store)
    done = peercoach("--plain", "--person", "Tester", "run", str(dialogue), env=env, stdin="answer 1\nanswer 2\n")
    assert done.returncode == 0, done.stderr
    [info] = SqliteStore(store).sessions()
    return store, info.id, env, dialogue


def answer_all(child: Child, answers: list[str], first_prompt: int = 1) -> None:
    """Give each answer once its question is up (the next prompt shows it was saved)."""
    for offset, text in enumerate(answers):
        child.read_until(first_prompt + offset)
        child.send(text)


@needs_command
def test_a_second_resume_is_refused_while_the_first_holds_the_session(paused):
    store, session, env, _ = paused
    first = Child(["--plain", "resume", session], env)
    assert first.read_until(1)
    second = peercoach("--plain", "resume", session, env=env, stdin="intruder 3\nintruder 4\n")
    line = one_clear_line(second.stderr)
    assert second.returncode == 1 and f"session {session} is already open in another peercoach" in line
    assert f"process {first.process.pid} on this computer" in line
    assert "Question number" not in second.stdout  # refused before anything was asked: nothing typed is lost
    also = peercoach("--plain", "resume", env=env, stdin="")  # the latest unfinished one is the same session
    assert also.returncode == 1 and session in one_clear_line(also.stderr)
    deleting = peercoach("sessions", "delete", session, "--yes", env=env)
    assert deleting.returncode == 1 and "Nothing was deleted" in one_clear_line(deleting.stderr)
    answer_all(first, ANSWERS[2:])
    status, out, err = first.finish()
    assert status == 0 and "All done" in out, err
    assert stored_answers(store) == (ANSWERS, "finished")  # today: interleaved, answers dropped


@needs_command
def test_a_resume_is_refused_while_the_conversation_that_started_it_runs(tmp_path):
    dialogue = write_dialogue(tmp_path)
    store = tmp_path / "store"
    env = environment(store)
    first = Child(["--plain", "--person", "Tester", "run", str(dialogue)], env)
    answer_all(first, ANSWERS[:1])
    assert first.read_until(2)
    [info] = SqliteStore(store).sessions()
    second = peercoach("--plain", "resume", info.id, env=env, stdin="intruder\n")
    assert second.returncode == 1 and "already open" in one_clear_line(second.stderr)
    answer_all(first, ANSWERS[1:], first_prompt=2)
    assert first.finish()[0] == 0
    assert stored_answers(store) == (ANSWERS, "finished")


@needs_command
@on_linux
def test_a_copy_that_lost_its_lease_stops_at_the_next_save_and_shows_the_answer_back(paused):
    store, session, env, _ = paused
    first = Child(["--plain", "resume", session], env)
    assert first.read_until(1)
    other = subprocess.Popen(["sleep", "120"])  # stands for another peercoach that took the session
    try:
        state = leases.process_state(other.pid)
        lease = leases.Holder(socket.gethostname(), other.pid, state[1], leases.boot(),
                                     datetime.now().astimezone().isoformat(timespec="seconds"))
        with sqlite3.connect(store / "peercoach.db") as db:
            db.execute("UPDATE sessions SET lease = ? WHERE id = ?", (lease.to_json(), session))
        first.send("answer 3, typed in the copy that lost the session")
        status, out, err = first.finish()
    finally:
        other.kill()
        other.wait()
    assert status == 1
    assert f"session {session} is open in another peercoach (process {other.pid}" in one_clear_line(err)
    said = " ".join(out.split())
    assert "here it is again: answer 3, typed in the copy that lost the session" in said  # shown back, not lost
    assert stored_answers(store)[0] == ANSWERS[:2]  # nothing was overwritten


@needs_command
@on_linux
def test_a_holder_that_was_killed_does_not_block_the_session(paused):
    store, session, env, _ = paused
    first = Child(["--plain", "resume", session], env)
    assert first.read_until(1)
    first.process.send_signal(signal.SIGKILL)
    time.sleep(0.3)  # not reaped yet: a zombie keeps its process id, and is still not a holder
    rest = "".join(a + "\n" for a in ANSWERS[2:])
    done = peercoach("--plain", "resume", session, env=env, stdin=rest)
    first.process.wait()
    assert done.returncode == 0, done.stderr
    assert stored_answers(store) == (ANSWERS, "finished")


def _race(number: int, root: Path, dialogue: Path) -> tuple[int, bool, list[str]]:
    """Two resumes of one paused session started together: (children that got in, refusal named
    the session, the answers stored)."""
    store = root / f"race-{number}"
    env = environment(store)
    done = peercoach("--plain", "--person", "Tester", "run", str(dialogue), env=env, stdin="answer 1\nanswer 2\n")
    assert done.returncode == 0, done.stderr
    [info] = SqliteStore(store).sessions()
    children = [Child(["--plain", "resume", info.id], env) for _ in range(2)]
    inside = [child for child in children if child.read_until(1)]
    for who, child in enumerate(inside):  # today both get in: feed them in turn, as two people would
        child.send(f"{who} answer 3")
    for child in inside:
        for n in range(4, QUESTIONS + 1):
            if child.read_until(n - 2):
                child.send(f"answer {n}")
    results = [child.finish() for child in children]
    refused = [(status, err) for (status, _, err), child in zip(results, children, strict=True)
               if child not in inside]
    named = all(status == 1 and info.id in one_clear_line(err) for status, err in refused)
    return len(inside), named, stored_answers(store)[0]


@pytest.mark.slow
@needs_command
def test_two_resumes_started_together_one_runs_the_other_is_refused(tmp_path):
    dialogue = write_dialogue(tmp_path)
    trials = [_race(n, tmp_path, dialogue) for n in range(stress.trials(quick=8, full=20))]
    got_in = [inside for inside, _, _ in trials]
    print(f"two resumes at once, {len(trials)} trials: one got in {got_in.count(1)} times, both {got_in.count(2)}")
    for inside, named, stored in trials:
        assert inside == 1 and named
        assert stored == ["answer 1", "answer 2", "0 answer 3", *ANSWERS[3:]]  # every answer once, in order


def _forge(store: Path, session: str, **changes) -> None:
    """Write a lease as another peercoach would have: this process's, with ``changes``."""
    here = leases.this_process()
    fields = {"host": here.host, "pid": here.pid, "started": here.started, "boot": here.boot, "since": here.since,
              **changes}
    with sqlite3.connect(store / "peercoach.db") as db:
        db.execute("UPDATE sessions SET lease = ? WHERE id = ?", (json.dumps(fields), session))


def test_a_holder_on_another_host_is_refused_until_taken_over(paused, capsys, monkeypatch):
    from engine.cli import main

    store, session, env, _ = paused
    monkeypatch.setenv("PEERCOACH_STORE", str(store))
    _forge(store, session, host="a-container-long-gone", pid=4242)
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(""))
    assert main(["--plain", "resume", session]) == 1
    line = one_clear_line(capsys.readouterr().err)
    assert "on a-container-long-gone" in line and f"peercoach resume {session} --take-over" in line
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("".join(a + "\n" for a in ANSWERS[2:])))
    assert main(["--plain", "resume", session, "--take-over"]) == 0
    assert stored_answers(store) == (ANSWERS, "finished")


def test_a_lease_from_before_the_computer_restarted_does_not_hold(paused, capsys, monkeypatch):
    from engine.cli import main

    store, session, env, _ = paused
    if leases.this_process().boot is None:
        pytest.skip("this system does not say which boot it is")
    monkeypatch.setenv("PEERCOACH_STORE", str(store))
    _forge(store, session, pid=1, boot="an-earlier-boot", started="1")
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(""))
    assert main(["--plain", "resume", session]) == 0  # process 1 runs, but it is not that peercoach
    assert stored_answers(store) == (ANSWERS[:2], "paused")
