"""A store written by peercoach 0.1.0 (schema version 2, made by ``store_of_version_2``) still
opens, resumes with the installed command and is brought up to the current schema, which then is
exactly what a new store has (the migrations are frozen: an old store and a new one never differ)."""

from __future__ import annotations

import sqlite3

import pytest
from hostile_support import QUESTIONS, environment, needs_command, peercoach, store_of_version_2, write_dialogue

from engine.conversation.session import Status
from engine.store.schema import SCHEMA_VERSION
from engine.store.sqlite import SqliteStore


def schema(path) -> list[tuple]:
    """Every table and index with its SQL (whitespace aside: it depends on the indentation of the script)."""
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema").fetchall()
    return sorted(((kind, name, table, " ".join((sql or "").split())) for kind, name, table, sql in rows), key=str)


@needs_command
@pytest.mark.slow  # two runs of the installed command (tests/store/test_store.py migrates old stores in process)
def test_a_store_of_version_2_opens_resumes_and_is_brought_up_to_date(tmp_path):
    dialogue = write_dialogue(tmp_path)
    folder = store_of_version_2(tmp_path / "old", sessions=[
        {"id": "old-paused", "dialogue": "hostile", "source": str(dialogue.resolve()), "status": "paused",
         "answers": ["answer 1", "answer 2"], "nodes": ["hostile:q1", "hostile:q2"]},
        {"id": "old-active", "dialogue": "hostile", "source": str(dialogue.resolve()), "status": "active",
         "answers": ["only one"], "nodes": ["hostile:q1"]}])
    store = SqliteStore(folder)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert {s.id: (s.status, s.answers) for s in store.sessions()} == {
        "old-paused": (Status.PAUSED, 2), "old-active": (Status.ACTIVE, 1)}
    assert store.default_person() == "Tester"
    store.close()
    env = environment(folder)
    rest = "".join(f"answer {n}\n" for n in range(3, QUESTIONS + 1))
    done = peercoach("--plain", "resume", "old-paused", env=env, stdin=rest)
    assert done.returncode == 0 and "All done" in done.stdout, done.stderr
    done = peercoach("--plain", "resume", "old-active", env=env, stdin="")  # interrupted under 0.1.0: no lease
    assert done.returncode == 0, done.stderr
    store = SqliteStore(folder)
    record = store.load("old-paused")
    assert [e.text for e in record.log] == [f"answer {n}" for n in range(1, QUESTIONS + 1)]
    assert record.status is Status.FINISHED and store.load("old-active").status is Status.PAUSED
    store.close()
    fresh = SqliteStore(tmp_path / "new")
    fresh.close()
    assert schema(folder / "peercoach.db") == schema(tmp_path / "new" / "peercoach.db")
