"""Where conversations and people's progress are kept: one SQLite file (the standard library's sqlite3).

Why SQLite: every answer is one small transaction, committed and synced before the next question
is shown, so a killed process loses nothing and a half-written answer never exists. WAL mode lets
``peercoach sessions list`` read while a conversation is writing. The file and its folder are
readable by their owner only; a file that is damaged, locked, foreign or from a newer peercoach is
reported and left exactly as it is.

Front ends talk to the ``SessionStore`` interface. The schema is built by ``MIGRATIONS``, one step
per version (kept in ``PRAGMA user_version``): a store made by an older peercoach is brought up to
date when it is opened, one transaction per step.
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Protocol

from engine.errors import StoreError
from engine.session import Entry, SessionRecord, Status, count_answers

STORE_ENV = "PEERCOACH_STORE"
DATABASE_NAME = "peercoach.db"
DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
APPLICATION_ID = 0x50434348  # "PCCH": marks a SQLite file as a peercoach store
BUSY_SECONDS = 5.0  # how long to wait for another peercoach that is writing


class SessionStore(Protocol):
    def save(self, record: SessionRecord) -> None: ...

    def load(self, session_id: str) -> SessionRecord: ...

    def list(self, statuses: Iterable[Status] | None = None, person: str | None = None) -> list["SessionInfo"]: ...


@dataclass(frozen=True)
class SessionInfo:
    """One line of ``sessions list``: a session without its answers."""

    id: str
    person: str | None
    dialogue: str
    status: Status
    answers: int
    created: str | None
    updated: str | None
    source: str | None = None

    @classmethod
    def of(cls, record: SessionRecord) -> "SessionInfo":
        return cls(record.id, record.person, record.dialogue, record.status, count_answers(record.log),
                   record.created, record.updated, record.source)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "person": self.person, "dialogue": self.dialogue, "status": self.status.value,
                "answers": self.answers, "updated": self.updated}


# -- where the store is -------------------------------------------------------------------------
def default_location() -> Path:
    """``$PEERCOACH_STORE``, else ``$XDG_DATA_HOME/peercoach``, else ``~/.local/share/peercoach``."""
    if os.environ.get(STORE_ENV):
        return Path(os.environ[STORE_ENV]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "peercoach"


def database_file(location: Path) -> Path:
    """A location is either the database file itself (``*.db``) or a folder that holds one."""
    location = Path(location).expanduser()
    if location.suffix.lower() in DATABASE_SUFFIXES and not location.is_dir():
        return location
    return location / DATABASE_NAME


# -- the schema, one step per version -----------------------------------------------------------
def _v1_sessions(db: sqlite3.Connection) -> None:
    db.executescript("""
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY, dialogue TEXT NOT NULL, source TEXT, status TEXT NOT NULL,
            created TEXT, updated TEXT);
        CREATE TABLE entries (
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL, entry TEXT NOT NULL,  -- one Entry as JSON, never rewritten
            PRIMARY KEY (session_id, seq));
    """)


def _v2_people(db: sqlite3.Connection) -> None:
    db.executescript("""
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
    # Sessions saved by version 1 had no answer count yet: count them from their logs.
    for (session_id,) in db.execute("SELECT id FROM sessions").fetchall():
        log = [Entry.from_dict(json.loads(e)) for (e,) in
               db.execute("SELECT entry FROM entries WHERE session_id = ? ORDER BY seq", (session_id,))]
        db.execute("UPDATE sessions SET answers = ? WHERE id = ?", (count_answers(log), session_id))


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1_sessions, _v2_people)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: sqlite3.Connection, upto: int = SCHEMA_VERSION) -> None:
    """Bring the schema to version ``upto``, one step per transaction."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    for number in range(version + 1, upto + 1):
        with db:
            db.execute("BEGIN IMMEDIATE")
            MIGRATIONS[number - 1](db)
            db.execute(f"PRAGMA user_version = {number}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


# -- the store ----------------------------------------------------------------------------------
class SqliteStore:
    """Sessions, people and their progress in one SQLite file."""

    def __init__(self, location: Path, *, timeout: float = BUSY_SECONDS):
        self.path = database_file(location)
        created = self._prepare(Path(location).expanduser())
        try:
            self.db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}") from None
        try:
            with self._errors("open"):
                self._check(created)
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = FULL")  # an answer is on disk when save() returns
                self.db.execute("PRAGMA foreign_keys = ON")
                self.db.execute("PRAGMA secure_delete = ON")  # deleted text is overwritten, not left behind
                migrate(self.db)
        except StoreError:
            self.db.close()
            raise
        os.chmod(self.path, 0o600)
        if created:
            self._import_json_sessions(self.path.parent / "sessions")

    def _import_json_sessions(self, folder: Path) -> None:
        """Sessions saved by peercoach before it used SQLite (one JSON file each) come along.

        The files are left where they are; a damaged one is skipped, never changed.
        """
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
            try:
                self.save(SessionRecord.from_dict(json.loads(path.read_text(encoding="utf-8"))))
            except (OSError, ValueError, KeyError, TypeError, StoreError):
                continue

    # -- opening --------------------------------------------------------------------------
    def _prepare(self, location: Path) -> bool:
        """Create the folder (0700) and an empty file (0600) if needed; True when the file is new."""
        folder = self.path.parent
        try:
            if not folder.exists():
                folder.mkdir(parents=True, mode=0o700)
                os.chmod(folder, 0o700)
            elif folder == location:  # a folder of our own (not, say, the folder a named .db is in)
                os.chmod(folder, 0o700)
            if self.path.exists():
                return False
            os.close(os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            return True
        except FileExistsError:
            return False
        except OSError as exc:
            raise StoreError(f"cannot use {folder} to keep sessions: {exc.strerror}") from None

    def _check(self, created: bool) -> None:
        """Refuse, and leave alone, a file that is not a peercoach store we can read."""
        application, version = (self.db.execute(f"PRAGMA {p}").fetchone()[0]
                                for p in ("application_id", "user_version"))
        tables = self.db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
        if tables and application != APPLICATION_ID:
            raise StoreError(f"{self.path} is not a peercoach store; it has been left as it is "
                             "(use --store to choose another file)")
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was made by a newer peercoach (store version {version}, "
                             f"this one reads up to {SCHEMA_VERSION}); please update peercoach")
        problem = self.db.execute("PRAGMA quick_check").fetchone()[0]
        if problem != "ok":
            raise StoreError(f"{self.path} is damaged ({problem}); it has been left as it is. "
                             "Keep a copy and try `sqlite3 FILE .recover`")

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """SQLite's failures as one clear line that says nothing was overwritten."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if "locked" in text or "busy" in text:
                raise StoreError(f"the store {self.path} is in use by another program (it is locked); "
                                 f"nothing was changed. Close it and try again") from None
            if "full" in text:
                raise StoreError(f"could not {doing}: the disk is full; what was saved before is safe") from None
            raise StoreError(f"could not {doing} in {self.path}: {text}") from None
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is damaged or is not a peercoach store ({exc}); "
                             "it has been left as it is") from None

    @contextmanager
    def _transaction(self, doing: str) -> Iterator[sqlite3.Connection]:
        with self._errors(doing):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    # -- sessions -------------------------------------------------------------------------
    def save(self, record: SessionRecord) -> None:
        """Append the entries not yet stored and update the session and what it recorded, atomically."""
        with self._transaction(f"save session {record.id}") as db:
            person_id = self._person_id(db, record.person) if record.person else None
            db.execute(
                "INSERT INTO sessions (id, dialogue, source, status, created, updated, person_id, context, answers)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status,"
                " updated = excluded.updated, answers = excluded.answers",
                (record.id, record.dialogue, record.source, record.status.value, record.created, record.updated,
                 person_id, json.dumps(record.context, ensure_ascii=False), count_answers(record.log)))
            stored = db.execute("SELECT count(*) FROM entries WHERE session_id = ?", (record.id,)).fetchone()[0]
            if stored > len(record.log):
                raise StoreError(f"session {record.id} has {stored} saved entries but this copy has only "
                                 f"{len(record.log)}; is it open somewhere else? Nothing was overwritten")
            db.executemany("INSERT INTO entries (session_id, seq, entry) VALUES (?, ?, ?)",
                           [(record.id, seq, json.dumps(entry.to_dict(), ensure_ascii=False))
                            for seq, entry in enumerate(record.log[stored:], start=stored)])
            if person_id is not None:
                _Facts(db, record, person_id).write()

    def load(self, session_id: str) -> SessionRecord:
        with self._errors(f"read session {session_id}"):
            row = self.db.execute(
                "SELECT s.id, s.dialogue, s.source, s.status, s.created, s.updated, p.name, s.context"
                " FROM sessions s LEFT JOIN people p ON p.id = s.person_id WHERE s.id = ?", (session_id,)).fetchone()
            if row is None:
                raise StoreError(f"there is no session `{session_id}` in {self.path} "
                                 "(`peercoach sessions list` shows them)")
            entries = self.db.execute("SELECT entry FROM entries WHERE session_id = ? ORDER BY seq", (session_id,))
            try:
                log = [Entry.from_dict(json.loads(text)) for (text,) in entries]
                context = json.loads(row[7])
            except (ValueError, KeyError, TypeError) as exc:
                raise StoreError(f"session {session_id} in {self.path} is damaged ({exc}); "
                                 "it has been left as it is") from None
        return SessionRecord(id=row[0], dialogue=row[1], source=row[2], status=Status(row[3]), created=row[4],
                             updated=row[5], person=row[6], context=context, log=log)

    def list(self, statuses: Iterable[Status] | None = None, person: str | None = None) -> list[SessionInfo]:
        """Sessions in the order they were started, optionally only some statuses or one person's."""
        query = ("SELECT s.id, p.name, s.dialogue, s.status, s.answers, s.created, s.updated, s.source"
                 " FROM sessions s LEFT JOIN people p ON p.id = s.person_id"
                 " WHERE ? IS NULL OR p.name = ?"  # names compare without case (the column's collation)
                 " ORDER BY s.created, s.rowid")
        with self._errors("list sessions"):
            rows = self.db.execute(query, (person, person)).fetchall()
        wanted = set(statuses) if statuses is not None else None
        infos = [SessionInfo(r[0], r[1], r[2], Status(r[3]), r[4], r[5], r[6], r[7]) for r in rows]
        return [i for i in infos if wanted is None or i.status in wanted]

    def latest_unfinished(self, person: str | None = None) -> SessionInfo | None:
        """The most recently updated session that was paused or interrupted."""
        open_sessions = self.list([Status.ACTIVE, Status.PAUSED], person)
        # Ties (two saves in one second) go to the session started later: ``list`` is in that order.
        return max(reversed(open_sessions), key=lambda s: s.updated or s.created or "", default=None)

    # -- people ---------------------------------------------------------------------------
    @staticmethod
    def _person_id(db: sqlite3.Connection, name: str) -> int:
        db.execute("INSERT INTO people (name) VALUES (?) ON CONFLICT (name) DO NOTHING", (name,))
        return db.execute("SELECT id FROM people WHERE name = ?", (name,)).fetchone()[0]

    def people(self) -> list[str]:
        with self._errors("list people"):
            return [name for (name,) in self.db.execute("SELECT name FROM people ORDER BY name")]

    def known_person(self, name: str) -> str | None:
        """The name as first stored (names match whatever their case), or None."""
        with self._errors("look up a person"):
            row = self.db.execute("SELECT name FROM people WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def default_person(self) -> str | None:
        """Who used peercoach last on this machine (remembered so they are not asked each time)."""
        with self._errors("read the settings"):
            row = self.db.execute("SELECT p.name FROM settings s JOIN people p ON p.name = s.value"
                                  " WHERE s.key = 'person'").fetchone()
        return row[0] if row else None

    def remember_person(self, name: str) -> str:
        """Make ``name`` this machine's default; returns the name as stored."""
        with self._transaction("remember who you are") as db:
            self._person_id(db, name)
            stored = db.execute("SELECT name FROM people WHERE name = ?", (name,)).fetchone()[0]
            db.execute("INSERT INTO settings (key, value) VALUES ('person', ?)"
                       " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (stored,))
        return stored

    # -- progress -------------------------------------------------------------------------
    def goals(self, person: str, *, open_only: bool = False) -> list[dict[str, Any]]:
        """A person's goals, oldest first, each with its steps, check-ins and ``status``."""
        with self._errors("read goals"):
            rows = self.db.execute(
                "SELECT g.id, g.text, g.area, g.due, g.replaces, g.created, g.session_id FROM goals g"
                " JOIN people p ON p.id = g.person_id JOIN sessions s ON s.id = g.session_id"
                " WHERE p.name = ? ORDER BY s.created, s.rowid, g.rowid", (person,)).fetchall()
            replaced = {r[4] for r in rows if r[4]}
            goals = []
            for goal_id, text, area, due, replaces, created, session_id in rows:
                steps = [{"text": t, "due": d} for t, d in self.db.execute(
                    "SELECT text, due FROM steps WHERE goal_id = ? ORDER BY position", (goal_id,))]
                checkins = [{"day": day, "progress": _number(p), "notes": notes, "status": status}
                            for day, p, notes, status in self.db.execute(
                                "SELECT c.day, c.progress, c.notes, c.status FROM checkins c"
                                " JOIN sessions s ON s.id = c.session_id WHERE c.goal_id = ?"
                                " ORDER BY c.day, s.created, s.rowid, c.position", (goal_id,))]
                latest = next((c["status"] for c in reversed(checkins) if c["status"]), "open")
                status = "replaced" if goal_id in replaced else latest
                if open_only and status != "open":
                    continue
                goals.append({"id": goal_id, "text": text, "area": area, "due": due, "set": (created or "")[:10],
                              "session": session_id, "replaces": replaces, "status": status, "steps": steps,
                              "checkins": checkins, "ratings": [c["progress"] for c in checkins]})
        return goals

    def context_for(self, person: str) -> dict[str, Any]:
        """What a dialogue is given about a person when a session starts (``person`` in YAML)."""
        return {"person": {"name": person, "goals": self.goals(person, open_only=True)}}

    def export(self, person: str) -> dict[str, Any]:
        """Everything kept about a person, as plain JSON-ready data."""
        name = self.known_person(person)
        if name is None:
            raise StoreError(f"there is nobody called `{person}` in {self.path}")
        sessions = []
        for info in self.list(person=name):
            record = self.load(info.id)
            sessions.append({**info.to_dict(), "created": info.created, "source": info.source,
                             "log": [e.to_dict() for e in record.log]})
        with self._errors("read strengths and resources"):
            items = [{"kind": k, "text": t, "detail": d, "session": s} for k, t, d, s in self.db.execute(
                "SELECT i.kind, i.text, i.detail, i.session_id FROM items i JOIN sessions s ON s.id = i.session_id"
                " JOIN people p ON p.id = s.person_id WHERE p.name = ? ORDER BY s.created, i.position", (name,))]
        return {"person": name, "sessions": sessions, "goals": self.goals(name),
                "strengths": [i for i in items if i["kind"] == "strength"],
                "resources": [i for i in items if i["kind"] == "resource"]}

    # -- deleting -------------------------------------------------------------------------
    def delete_session(self, session_id: str) -> None:
        with self._transaction(f"delete session {session_id}") as db:
            if db.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount == 0:
                raise StoreError(f"there is no session `{session_id}` in {self.path}")
        self.compact()

    def delete_person(self, person: str) -> int:
        """Remove a person, their sessions and everything recorded in them; returns the sessions removed."""
        with self._transaction(f"delete {person}") as db:
            row = db.execute("SELECT id, name FROM people WHERE name = ?", (person,)).fetchone()
            if row is None:
                raise StoreError(f"there is nobody called `{person}` in {self.path}")
            removed = db.execute("DELETE FROM sessions WHERE person_id = ?", (row[0],)).rowcount
            db.execute("DELETE FROM settings WHERE key = 'person' AND value = ?", (row[1],))
            db.execute("DELETE FROM people WHERE id = ?", (row[0],))
        self.compact()
        return removed

    def compact(self) -> None:
        """Rewrite the file without free pages and empty the write-ahead log, so deleted text is gone."""
        with self._errors("compact the store"):
            self.db.execute("VACUUM")
            busy = self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            raise StoreError("the deleted data is removed, but another peercoach is using the store, so "
                             "the file could not be compacted yet; run the same command again when it is closed")


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


class _Facts:
    """Keeps a session's goals, check-ins, strengths and resources in step with its answers.

    Run inside ``save``'s transaction. Goal ids are stable ("<session>/<n>") so check-ins made
    in later sessions keep pointing at them; everything else the session recorded is replaced.
    """

    def __init__(self, db: sqlite3.Connection, record: SessionRecord, person_id: int):
        self.db, self.record, self.person_id = db, record, person_id
        self.kept: list[str] = []

    def write(self) -> None:
        session = self.record.id
        self.db.execute("DELETE FROM checkins WHERE session_id = ?", (session,))
        self.db.execute("DELETE FROM items WHERE session_id = ?", (session,))
        facts = self.record.facts
        for fact in (f for f in facts if f["kind"] == "goal"):
            self._goal(fact["fields"], self._day(fact), f"{session}/{len(self.kept) + 1}")
        checkins = [f for f in facts if f["kind"] == "checkin"]
        for position, fact in enumerate(checkins, start=1):
            self._checkin(fact["fields"], self._day(fact), position)
        items = [(f["kind"], text, f["fields"].get("kind")) for f in facts if f["kind"] in ("strength", "resource")
                 for text in _texts(f["fields"].get("text"))]
        self.db.executemany("INSERT INTO items (session_id, position, kind, text, detail) VALUES (?, ?, ?, ?, ?)",
                            [(session, n, kind, text, detail) for n, (kind, text, detail) in enumerate(items, 1)])
        marks = ",".join("?" * len(self.kept))
        self.db.execute(f"DELETE FROM goals WHERE session_id = ? AND id NOT IN ({marks})", (session, *self.kept))

    def _day(self, fact: dict[str, Any]) -> str:
        return (fact.get("at") or self.record.updated or self.record.created or "")[:10]

    def _goal(self, fields: dict[str, Any], day: str, goal_id: str) -> None:
        self.db.execute(
            "INSERT INTO goals (id, person_id, session_id, text, area, due, replaces, created)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET text = excluded.text,"
            " area = excluded.area, due = excluded.due, replaces = excluded.replaces",
            (goal_id, self.person_id, self.record.id, str(fields["text"]), _text(fields.get("area")),
             _due(fields.get("due")), _text(fields.get("replaces")), day))
        self.db.execute("DELETE FROM steps WHERE goal_id = ?", (goal_id,))
        steps = [s if isinstance(s, dict) else {"text": s} for s in fields.get("steps") or []]
        self.db.executemany("INSERT INTO steps (goal_id, position, text, due) VALUES (?, ?, ?, ?)",
                            [(goal_id, n, str(s["text"]), _due(s.get("due")))
                             for n, s in enumerate((s for s in steps if s.get("text")), start=1)])
        self.kept.append(goal_id)

    def _checkin(self, fields: dict[str, Any], day: str, position: int) -> None:
        goal_id = self._goal_for(fields)
        self.db.execute("INSERT INTO checkins (session_id, position, goal_id, day, progress, notes, status)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (self.record.id, position, goal_id, day, float(fields["progress"]),
                         _text(fields.get("notes")), _text(fields.get("status"))))

    def _goal_for(self, fields: dict[str, Any]) -> str:
        """The stored goal a check-in is about: by id, else an open goal with the same words, else a new one."""
        wanted = fields.get("goal_id")
        if wanted and self.db.execute("SELECT 1 FROM goals WHERE id = ? AND person_id = ?",
                                      (wanted, self.person_id)).fetchone():
            return wanted
        text = str(fields["goal"]).strip()
        row = self.db.execute("SELECT id FROM goals WHERE person_id = ? AND lower(trim(text)) = lower(?)"
                              " AND id NOT IN (SELECT replaces FROM goals WHERE replaces IS NOT NULL)"
                              " ORDER BY created DESC LIMIT 1", (self.person_id, text)).fetchone()
        if row:
            return row[0]
        goal_id = f"{self.record.id}/{len(self.kept) + 1}"
        self._goal({"text": text}, self._day({}), goal_id)
        return goal_id


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _texts(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [str(v).strip() for v in items if v is not None and str(v).strip()]


def _due(value: Any) -> str | None:
    """A due date: a ``when`` answer's ``due`` (or its words), or plain text."""
    if isinstance(value, dict):
        return _text(value.get("due") or value.get("text"))
    return _text(value)
