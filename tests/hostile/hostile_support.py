"""Helpers for the hostile tests: the installed command, snapshots of paths that must be left
exactly as they were, a store as peercoach 0.1.0 wrote it (schema version 2), and a small dialogue.

Every hostile file is made here or in the tests themselves; nothing binary is shipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import select
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

PEERCOACH = shutil.which("peercoach", path=str(Path(sys.executable).parent)) or shutil.which("peercoach")
needs_command = pytest.mark.skipif(PEERCOACH is None, reason="the peercoach command is not installed "
                                                             "(run the tests with `python3 run.py --tests`)")
needs_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                                reason="needs root to make files owned by another user or device nodes")
PROMPT = b"\n> "
QUESTIONS = 8


# -- paths that must not change -----------------------------------------------------------------
@dataclass(frozen=True)
class Snapshot:
    """Everything about a path that peercoach must leave alone: mode, owner, content, times, entries."""

    mode: int
    uid: int
    content: str | None  # a digest of a regular file's bytes
    mtime: int
    ctime: int  # changes with any chmod, chown, write or rename
    entries: tuple[str, ...] | None  # a folder's names


def snapshot(path: Path) -> Snapshot:
    found = os.lstat(path)
    content = entries = None
    if stat.S_ISREG(found.st_mode):
        content = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    elif stat.S_ISDIR(found.st_mode):
        entries = tuple(sorted(os.listdir(path)))
    return Snapshot(found.st_mode, found.st_uid, content, found.st_mtime_ns, found.st_ctime_ns, entries)


def one_clear_line(err: str) -> str:
    """The error output is one line, from peercoach, without a traceback; returns it."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("peercoach: ") and "Traceback" not in err, err
    return lines[0]


# -- a store as peercoach 0.1.0 wrote it --------------------------------------------------------
# The schema of store version 2 exactly as the first SQLite peercoach created it (its two
# migrations, verbatim). Frozen here on purpose: it is the fixture that proves a store written
# by that version still opens, resumes and is brought up to date.
V1_SCHEMA = """
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY, dialogue TEXT NOT NULL, source TEXT, status TEXT NOT NULL,
        created TEXT, updated TEXT);
    CREATE TABLE entries (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL, entry TEXT NOT NULL,  -- one Entry as JSON, never rewritten
        PRIMARY KEY (session_id, seq));
"""
V2_SCHEMA = """
    CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, created TEXT);
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    ALTER TABLE sessions ADD COLUMN person_id INTEGER REFERENCES people(id) ON DELETE CASCADE;
    ALTER TABLE sessions ADD COLUMN context TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE sessions ADD COLUMN answers INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX sessions_by_person ON sessions(person_id);
    CREATE TABLE goals (
        id TEXT PRIMARY KEY,  -- "<session>/<n>": the n-th goal that session recorded
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        text TEXT NOT NULL, area TEXT, due TEXT, replaces TEXT, created TEXT);
    CREATE TABLE steps (
        goal_id TEXT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
        position INTEGER NOT NULL, text TEXT NOT NULL, due TEXT,
        PRIMARY KEY (goal_id, position));
    CREATE TABLE checkins (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        goal_id TEXT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
        day TEXT NOT NULL, progress REAL NOT NULL, notes TEXT, status TEXT,
        PRIMARY KEY (session_id, position));
    CREATE TABLE items (  -- strengths and resources a person named
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        position INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, detail TEXT,
        PRIMARY KEY (session_id, position));
"""
APPLICATION_ID = 0x50434348


def store_of_version_2(folder: Path, sessions: list[dict] = (), person: str = "Tester") -> Path:
    """A store folder as peercoach 0.1.0 left it: WAL, schema version 2, owner-only, and sessions
    saved the way its ``save`` wrote them. Each session: {"id", "dialogue", "source", "status",
    "answers": [texts], "nodes": [node ids]}."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / "peercoach.db"
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA foreign_keys = ON")
    for number, script in ((1, V1_SCHEMA), (2, V2_SCHEMA)):
        db.executescript(script)
        db.execute(f"PRAGMA user_version = {number}")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("INSERT INTO people (name) VALUES (?)", (person,))
    db.execute("INSERT INTO settings (key, value) VALUES ('person', ?)", (person,))
    for session in sessions:
        context = {"person": {"name": person, "goals": []}}
        db.execute("INSERT INTO sessions (id, dialogue, source, status, created, updated, person_id, context, answers)"
                   " VALUES (?, ?, ?, ?, '2026-11-01T10:00:00+00:00', '2026-11-01T10:05:00+00:00', 1, ?, ?)",
                   (session["id"], session["dialogue"], session.get("source"), session["status"],
                    json.dumps(context), len(session["answers"])))
        for seq, (text, node) in enumerate(zip(session["answers"], session["nodes"], strict=True)):
            entry = {"node": node, "value": text, "text": text, "display": text, "question": node,
                     "kind": "answer", "at": "2026-11-01T10:01:00+00:00", "type": "text"}
            db.execute("INSERT INTO entries VALUES (?, ?, ?)", (session["id"], seq, json.dumps(entry)))
    db.close()
    os.chmod(path, 0o600)
    return folder


# -- a dialogue and the installed command -------------------------------------------------------
def write_dialogue(folder: Path, questions: int = QUESTIONS) -> Path:
    nodes = "".join(f"  q{n}:\n    ask: Question number {n}?\n" for n in range(1, questions + 1))
    path = folder / "hostile.yaml"
    path.write_text(textwrap.dedent("""\
        id: hostile
        title: Hostile test
        audience: client
        start: q1
        nodes:
        """) + nodes + "  done:\n    end: All done.\n", encoding="utf-8")
    return path


def environment(store: Path, **more: str) -> dict[str, str]:
    return {**os.environ, "PEERCOACH_STORE": str(store), "COLUMNS": "100", **more}


def peercoach(*argv: str, env: dict[str, str], stdin: str = "", timeout: float = 60,
              **more) -> subprocess.CompletedProcess:
    return subprocess.run([PEERCOACH, *argv], input=stdin, env=env, capture_output=True, text=True,
                          timeout=timeout, **more)


class Child:
    """A running peercoach in plain mode whose output is read as it comes."""

    def __init__(self, argv: list[str], env: dict[str, str]):
        self.process = subprocess.Popen([PEERCOACH, *argv], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, env=env)
        self.seen = b""

    def prompts(self) -> int:
        return self.seen.count(PROMPT)

    def read_until(self, count: int, timeout: float = 30) -> bool:
        """Read until the ``count``-th answer prompt; False if peercoach ended first."""
        deadline = time.monotonic() + timeout
        fd = self.process.stdout.fileno()
        while self.prompts() < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"prompt {count} never came; output so far:\n{self.seen.decode()}")
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    return False
                self.seen += chunk
        return True

    def send(self, line: str) -> None:
        self.process.stdin.write(line.encode() + b"\n")
        self.process.stdin.flush()

    def interrupt(self) -> None:
        self.process.send_signal(signal.SIGINT)

    def finish(self, timeout: float = 60) -> tuple[int, str, str]:
        """Close its input, wait, and return (exit status, all output, error output)."""
        try:
            out, err = self.process.communicate(timeout=timeout)  # closes its input first
        except BrokenPipeError:  # it had ended already
            out, err = self.process.stdout.read(), self.process.stderr.read()
            self.process.wait(timeout=timeout)
        self.seen += out
        return self.process.returncode, self.seen.decode(), err.decode()


def stored_answers(store: Path) -> tuple[list[str], str]:
    """(answers in the store's one session, its status), read with the library."""
    from engine.store.sqlite import SqliteStore

    opened = SqliteStore(store)
    try:
        [info] = opened.sessions()
        record = opened.load(info.id)
        return [e.text for e in record.log], record.status.value
    finally:
        opened.close()
