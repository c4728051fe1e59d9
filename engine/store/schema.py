"""The store's schema, one migration step per version (kept in ``PRAGMA user_version``): a store
made by an older peercoach is brought up to date when it is opened, in one exclusive transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from engine.conversation.session import count_answers
from engine.store.rows import Damaged, entry_row

APPLICATION_ID = 0x50434348  # "PCCH": marks a SQLite file as a peercoach store


# -- the schema, one step per version -----------------------------------------------------------
def _script(db: sqlite3.Connection, script: str) -> None:
    """Run a migration's statements one by one.

    Not ``executescript``: it commits the open transaction first, so a migration killed half way
    would leave half a schema, and another process could see the tables before the store is marked
    as peercoach's.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""


def _v1_sessions(db: sqlite3.Connection) -> None:
    _script(db, """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY, dialogue TEXT NOT NULL, source TEXT, status TEXT NOT NULL,
            created TEXT, updated TEXT);
        CREATE TABLE entries (
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL, entry TEXT NOT NULL,  -- one Entry as JSON, never rewritten
            PRIMARY KEY (session_id, seq));
    """)


def _v2_people(db: sqlite3.Connection) -> None:
    _script(db, """
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
    """)
    # Sessions saved by version 1 had no answer count yet: count them from their logs (an entry
    # that cannot be read counts as nothing; the session is reported when it is opened).
    for (session_id,) in db.execute("SELECT id FROM sessions").fetchall():
        log = []
        for (text,) in db.execute("SELECT entry FROM entries WHERE session_id = ? ORDER BY seq", (session_id,)):
            try:
                log.append(entry_row(text))
            except Damaged:
                continue
        db.execute("UPDATE sessions SET answers = ? WHERE id = ?", (count_answers(log), session_id))


def _v3_leases(db: sqlite3.Connection) -> None:
    # Which peercoach has the session open (a ``Holder`` as JSON), or NULL: taken at resume and
    # on a new session's first save, checked at every save, given up on pause and at the end.
    db.execute("ALTER TABLE sessions ADD COLUMN lease TEXT")


def _v4_plans(db: sqlite3.Connection) -> None:
    # A plan carried from week to week: the goal's review date, each check-in's next step, and
    # what a reassessment decided (so the next stall is known as a second one).
    _script(db, """
        ALTER TABLE goals ADD COLUMN review TEXT;
        ALTER TABLE checkins ADD COLUMN next_step TEXT;
        ALTER TABLE checkins ADD COLUMN decision TEXT;
    """)


def _v5_outcomes(db: sqlite3.Connection) -> None:
    # Ratings of how things are changing (feeling in charge, confidence, hope...), one row each,
    # kept with the day they were given, so a person's growth can be shown over time.
    _script(db, """
        CREATE TABLE outcomes (
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL, day TEXT NOT NULL, name TEXT NOT NULL, value REAL NOT NULL,
            PRIMARY KEY (session_id, position));
    """)


def _v6_access_codes(db: sqlite3.Connection) -> None:
    # Personal access codes for the web front end (engine.store.codes): the code's first group as
    # its name, a salted scrypt hash of the rest (never the code), and failed sign-ins counted.
    _script(db, """
        CREATE TABLE access_codes (
            name TEXT PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            salt BLOB NOT NULL, hash BLOB NOT NULL, created TEXT NOT NULL, used TEXT, revoked TEXT,
            failed INTEGER NOT NULL DEFAULT 0, failed_since TEXT);
        CREATE INDEX access_codes_by_person ON access_codes(person_id);
    """)


def _v7_rulers(db: sqlite3.Connection) -> None:
    # The importance and confidence rulers of each goal, with the day they were given (they were
    # asked and thrown away before), so their change over time can be shown.
    _script(db, """
        CREATE TABLE rulers (
            goal_id TEXT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            day TEXT NOT NULL, importance REAL, confidence REAL,
            PRIMARY KEY (goal_id, session_id));
    """)


def _v8_sign_in_tries(db: sqlite3.Connection) -> None:
    # Sign-in tries per address (engine.store.attempts), so every worker and machine shares one limit.
    _script(db, """
        CREATE TABLE sign_in_tries (address TEXT PRIMARY KEY, times TEXT NOT NULL, last REAL NOT NULL);
        CREATE INDEX sign_in_tries_by_last ON sign_in_tries(last);
    """)


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1_sessions, _v2_people, _v3_leases, _v4_plans,
                                                                 _v5_outcomes, _v6_access_codes, _v7_rulers,
                                                                 _v8_sign_in_tries)
SCHEMA_VERSION = len(MIGRATIONS)


def _version(db: sqlite3.Connection) -> int:
    version: int = db.execute("PRAGMA user_version").fetchone()[0]
    return version


def migrate(db: sqlite3.Connection, upto: int = SCHEMA_VERSION) -> None:
    """Bring the schema to version ``upto``: every step in one exclusive transaction.

    The version that decides what to do is read inside the transaction, so of many processes
    opening an old store at once the first brings it up to date and the others find nothing left
    to do; a migration that is killed leaves the store as it was.
    """
    if _version(db) >= upto:
        return  # the usual case, without taking the write lock
    db.execute("BEGIN EXCLUSIVE")
    try:
        version = _version(db)
        for number in range(version + 1, upto + 1):
            MIGRATIONS[number - 1](db)
        if version < upto:
            db.execute(f"PRAGMA user_version = {upto}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
