"""Where conversations and people's progress are kept: one SQLite file (the standard library's sqlite3).

Why SQLite: every answer is one small transaction, committed and synced before the next question
is shown, so a killed process loses nothing and a half-written answer never exists. WAL mode lets
``peercoach sessions list`` read while a conversation is writing. A file that is damaged, locked,
foreign or from a newer peercoach is reported and left exactly as it is. One conversation is open
in one place at a time: the session row holds a lease.

The parts, each in its own module: ``place`` (where the store is and whether it is ours),
``schema`` (one migration per version), ``rows`` (rows checked as they are read), ``leases``
(who has a session open), ``facts`` (what a session recorded for the person), ``person`` (what
is read back about a person: goals, plan, what they named, the facilitators' overview), ``codes``
(the web front end's personal access codes, hashed), ``attempts`` (sign-in tries per
address, shared by every worker), ``moving`` (a person's record in an export,
and back in on import). Front ends talk to the ``SessionStore`` interface (``interface``).
``PostgresStore`` (``postgres``) runs these same statements on a PostgreSQL server.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from engine.conversation.session import SessionRecord, Status
from engine.ground.errors import StoreError
from engine.store.attempts import SignInTries
from engine.store.codes import AccessCodes
from engine.store.facts import Facts
from engine.store.interface import Imported, SessionInfo
from engine.store.leases import Holder, this_process
from engine.store.moving import EXPORT_FORMAT, checked_rows, record_rows, write_rows
from engine.store.person import PersonRecords
from engine.store.place import StorePlace, database_file, uri
from engine.store.rows import Damaged, info_row, record_from, record_row, session_file_text, where
from engine.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrate

BUSY_SECONDS = 5.0  # how long to wait for another peercoach that is writing


class SqliteStore(PersonRecords, AccessCodes, SignInTries):
    """Sessions, people and their progress in one SQLite file."""

    def __init__(self, location: Path, *, timeout: float = BUSY_SECONDS):
        location = Path(location).expanduser()
        self.path = database_file(location)
        # Why this store can only be read (its owner made it read-only), or None.
        self.read_only: str | None = StorePlace(self.path).prepare()
        # The facts last committed for each session saved here, so an unchanged set is not rewritten.
        self._facts_written: dict[str, list[dict[str, Any]]] = {}
        try:
            self.db = sqlite3.connect(self._address(), uri=True, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}") from None
        try:
            with self._errors("open"):
                self._check()
                if not self.read_only and self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = FULL")  # an answer is on disk when save() returns
                self.db.execute("PRAGMA foreign_keys = ON")
                self.db.execute("PRAGMA secure_delete = ON")  # deleted text is overwritten, not left behind
                if not self.read_only:
                    migrate(self.db)
        except StoreError:
            self.db.close()
            raise

    # -- opening --------------------------------------------------------------------------
    def _address(self) -> str:
        """How SQLite is to open the file: read-write, never creating it; or read-only.

        A read-only store with no write-ahead log beside it holds everything in the file itself, so
        it is opened as immutable: SQLite then creates no -wal or -shm file in a folder its owner
        made read-only (root could, and would leave them behind).
        """
        if not self.read_only:
            return uri(self.path, "mode=rw")
        untouched = not os.path.exists(f"{self.path}-wal")
        return uri(self.path, "mode=ro&immutable=1" if untouched else "mode=ro")

    def _check(self) -> None:
        """Refuse, and leave alone, a file that is not a peercoach store we can read."""
        application, version = (self.db.execute(f"PRAGMA {p}").fetchone()[0]
                                for p in ("application_id", "user_version"))
        if application != APPLICATION_ID:
            raise StoreError(f"{self.path} is not a peercoach store; it has been left as it is "
                             "(use --store to choose another file)")
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was made by a newer peercoach (store version {version}, "
                             f"this one reads up to {SCHEMA_VERSION}); please update peercoach")
        problem = self.db.execute("PRAGMA quick_check").fetchone()[0]
        if problem != "ok":
            raise StoreError(f"{self.path} is damaged ({problem}); it has been left as it is. "
                             "Keep a copy and try `sqlite3 FILE .recover`")
        if self.read_only and version < SCHEMA_VERSION:
            raise StoreError(f"{self.path} was made by an older peercoach and {self.read_only}, so it cannot "
                             "be brought up to date; it has been left as it is (make it writable to use it)")

    def require_writable(self, doing: str) -> None:
        """Refuse to start something that would have to write to a read-only store."""
        if self.read_only:
            raise StoreError(f"cannot {doing}: {self.read_only}, so nothing can be saved; it has been left as "
                             f"it is (make it writable with `chmod u+w` to use it)")

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
        self.require_writable(doing)
        with self._errors(doing):
            if self.db.in_transaction:  # left open by an interrupted save: it never committed
                self.db.execute("ROLLBACK")
            try:
                self.db.execute("BEGIN IMMEDIATE")
                yield self.db
                self.db.execute("COMMIT")
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self.db.close()

    # -- who has a session open -----------------------------------------------------------
    def _held_elsewhere(self, db: sqlite3.Connection, session_id: str) -> Holder | None:
        """The other, still running peercoach that has this session open, if any."""
        row = db.execute("SELECT lease FROM sessions WHERE id = ?", (session_id,)).fetchone()
        holder = Holder.from_json(row[0]) if row else None
        if holder is None or holder.same_process(this_process()) or not holder.running():
            return None  # free, ours, or left by a peercoach that has stopped (killed, say)
        return holder

    def claim(self, session_id: str, *, take_over: bool = False) -> None:
        """Open a session here: a second peercoach that tries to carry on with it is refused.

        Taken before the session is read for resuming, so what is read is what this process holds.
        ``take_over`` takes it from a holder that cannot be checked (another host or container):
        should that one still be running, its next save is refused and shows its answer back.
        """
        with self._transaction(f"open session {session_id}") as db:
            row = db.execute("SELECT status FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if row is None:
                raise StoreError(f"there is no session `{session_id}` in {self.path} "
                                 "(`peercoach sessions list` shows them)")
            if row[0] == Status.FINISHED.value:
                raise StoreError(f"session {session_id} is finished; `peercoach summary {session_id}` shows it")
            holder = self._held_elsewhere(db, session_id)
            if holder is not None and not take_over:
                unsure = "" if holder.checkable() else (
                    f"; if it is not running any more, `peercoach resume {session_id} --take-over`")
                raise StoreError(f"session {session_id} is already open in another peercoach ({holder.where()}); "
                                 f"carry on there, or pause it there first (/pause or Ctrl-D){unsure}. "
                                 "Nothing was changed")
            db.execute("UPDATE sessions SET lease = ? WHERE id = ?", (this_process().to_json(), session_id))

    def release(self, session_id: str) -> None:
        """Let go of a session this process claimed but did not go on with."""
        with self._transaction(f"close session {session_id}") as db:
            row = db.execute("SELECT lease FROM sessions WHERE id = ?", (session_id,)).fetchone()
            holder = Holder.from_json(row[0]) if row else None
            if holder is not None and holder.same_process(this_process()):
                db.execute("UPDATE sessions SET lease = NULL WHERE id = ?", (session_id,))

    # -- sessions -------------------------------------------------------------------------
    def save(self, record: SessionRecord) -> None:
        """Append the entries not yet stored and update the session and what it recorded, atomically.

        A session that is open in another running peercoach is not written: one conversation is
        held in one place at a time. Saving it as active holds it here; paused or finished lets go.
        """
        with self._transaction(f"save session {record.id}") as db:
            holder = self._held_elsewhere(db, record.id)
            if holder is not None:
                raise StoreError(f"session {record.id} is open in another peercoach ({holder.where()}), so this "
                                 "one has stopped; nothing was overwritten")
            lease = this_process().to_json() if record.status is Status.ACTIVE else None
            written = self._write(db, record, lease)
        if written is not None:  # committed: the person's record matches these facts
            self._facts_written[record.id] = written

    def _write(self, db: sqlite3.Connection, record: SessionRecord,
               lease: str | None) -> list[dict[str, Any]] | None:
        """Write the session; returns the facts as written (to skip them next time if unchanged)."""
        person_id = self._person_id(db, record.person) if record.person else None
        db.execute(
            "INSERT INTO sessions (id, dialogue, source, status, created, updated, person_id, context, answers, lease)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status,"
            " updated = excluded.updated, answers = excluded.answers, lease = excluded.lease",
            (record.id, record.dialogue, record.source, record.status.value, record.created, record.updated,
             person_id, json.dumps(record.context, ensure_ascii=False), record.answers, lease))
        # The entries stored so far: the key's index gives the last one at once, at any length.
        stored = db.execute("SELECT coalesce(max(seq) + 1, 0) FROM entries WHERE session_id = ?",
                            (record.id,)).fetchone()[0]
        if stored > len(record.log):
            raise StoreError(f"session {record.id} has {stored} saved entries but this copy has only "
                             f"{len(record.log)}; is it open somewhere else? Nothing was overwritten")
        db.executemany("INSERT INTO entries (session_id, seq, entry) VALUES (?, ?, ?)",
                       [(record.id, seq, json.dumps(entry.to_dict(), ensure_ascii=False))
                        for seq, entry in enumerate(record.log[stored:], start=stored)])
        if person_id is not None:
            written = [fact.to_dict() for fact in record.facts]
            if self._facts_written.get(record.id) != written:  # most answers record nothing new
                Facts(db, record, person_id).write()
            return written
        return None

    def load(self, session_id: str) -> SessionRecord:
        """A session with its answers; a damaged one is reported (and left as it is), never half read."""
        try:
            return self._stored(session_id)
        except Damaged as damage:
            raise StoreError(f"session {session_id} in {self.path} is damaged ({damage}); "
                             "it has been left as it is") from None

    def _stored(self, session_id: str) -> SessionRecord:
        with self._errors(f"read session {session_id}"):
            row = self.db.execute(
                "SELECT s.id, p.name, s.dialogue, s.status, s.answers, s.created, s.updated, s.source, s.context"
                " FROM sessions s LEFT JOIN people p ON p.id = s.person_id WHERE s.id = ?", (session_id,)).fetchone()
            if row is None:
                raise StoreError(f"there is no session `{session_id}` in {self.path} "
                                 "(`peercoach sessions list` shows them)")
            entries = self.db.execute("SELECT entry FROM entries WHERE session_id = ? ORDER BY seq",
                                      (session_id,)).fetchall()
        return record_row(row, entries)

    def _sessions(self, person: str | None) -> tuple[list[SessionInfo], list[tuple[str, str]]]:
        """Every session (or one person's), in the order they were started, and those that are damaged."""
        query = ("SELECT s.id, p.name, s.dialogue, s.status, s.answers, s.created, s.updated, s.source, s.rowid"
                 " FROM sessions s LEFT JOIN people p ON p.id = s.person_id"
                 " WHERE ? IS NULL OR p.name = ?"  # names compare without case (the column's collation)
                 " ORDER BY s.created, s.rowid")
        with self._errors("list sessions"):
            rows = self.db.execute(query, (person, person)).fetchall()
        infos, damaged = [], []
        for row in rows:
            try:
                infos.append(info_row(row[:8]))
            except Damaged as damage:
                damaged.append((where(row[0], row[8]), str(damage)))
        return infos, damaged

    def sessions(self, statuses: Iterable[Status] | None = None, person: str | None = None) -> list[SessionInfo]:
        """Sessions in the order they were started, optionally only some statuses or one person's.

        A damaged session is left out (``unreadable`` names it), so the others can still be used.
        """
        wanted = set(statuses) if statuses is not None else None
        return [i for i in self._sessions(person)[0] if wanted is None or i.status in wanted]

    def unreadable(self, person: str | None = None) -> list[tuple[str, str]]:
        """(session, what is wrong) for each session whose row cannot be read."""
        return self._sessions(person)[1]

    def latest_unfinished(self, person: str | None = None) -> SessionInfo | None:
        """The most recently updated session that was paused or interrupted."""
        open_sessions = self.sessions([Status.ACTIVE, Status.PAUSED], person)
        # Ties (two saves in one second) go to the session started later: ``list`` is in that order.
        return max(reversed(open_sessions), key=lambda s: s.updated or s.created or "", default=None)

    # -- sessions from JSON files ---------------------------------------------------------
    def import_sessions(self, paths: Iterable[Path]) -> list[Imported]:
        """Bring in sessions an earlier peercoach saved as JSON files; only ever when asked.

        A folder means the ``*.json`` files in it. A file is skipped, with the reason, when it is
        not an ordinary file of this user's, is not a session, or holds a session the store already
        has (nothing in the store is overwritten). The files themselves are left as they are.
        """
        results = []
        for path in (Path(p).expanduser() for p in paths):
            if path.is_dir():
                files = sorted(path.glob("*.json"))
                if not files:
                    results.append(Imported(path, skipped="there are no .json files in this folder"))
                for file in files:
                    results.extend(_listed(self._import_file(file)))
            elif os.path.lexists(path):
                results.extend(_listed(self._import_file(path)))
            else:
                results.append(Imported(path, skipped="there is no such file or folder"))
        return results

    def _import_file(self, path: Path) -> Imported | list[Imported]:
        try:
            data = json.loads(session_file_text(path))
            if isinstance(data, dict) and data.get("format") == EXPORT_FORMAT:
                return self._import_export(path, data)
            record = record_from(data)
            json.dumps(record.to_dict(), ensure_ascii=False).encode("utf-8")  # what SQLite will be given
        except Damaged as why:
            return Imported(path, skipped=str(why))
        except UnicodeEncodeError:
            return Imported(path, skipped="it holds text that is not valid Unicode")
        except ValueError as exc:
            return Imported(path, skipped=f"it is not valid JSON ({exc})")
        with self._transaction(f"import session {record.id}") as db:
            if db.execute("SELECT 1 FROM sessions WHERE id = ?", (record.id,)).fetchone():
                return Imported(path, skipped=f"session {record.id} is already in the store", present=True)
            self._write(db, record, lease=None)
        return Imported(path, session=SessionInfo.of(record))

    def _import_export(self, path: Path, data: dict[str, Any]) -> Imported | list[Imported]:
        """A person as ``sessions export`` wrote them (from this store or another backend): their
        sessions and the rows of their record, all in one transaction or, when anything is not what
        an export holds or a session is already here, nothing at all."""
        try:
            person = data.get("person")
            if not isinstance(person, str) or not person.strip():
                raise Damaged("it is an export without the person's name")
            sessions = data.get("sessions")
            if not isinstance(sessions, list):
                raise Damaged("its `sessions` is not a list")
            records = [record_from({**s, "person": person}) if isinstance(s, dict) else record_from(s)
                       for s in sessions]
            rows = checked_rows(data.get("record"), {r.id for r in records})
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except Damaged as why:
            return Imported(path, skipped=str(why))
        except UnicodeEncodeError:
            return Imported(path, skipped="it holds text that is not valid Unicode")
        with self._transaction(f"import {person}") as db:
            for record in records:
                if db.execute("SELECT 1 FROM sessions WHERE id = ?", (record.id,)).fetchone():
                    return Imported(path, skipped=f"session {record.id} is already in the store, so nothing of "
                                    f"{person} was imported", present=True)
            for record in records:
                self._write(db, record, lease=None)
            write_rows(db, self._person_id(db, person), rows)
        self._facts_written.clear()
        return [Imported(path, session=SessionInfo.of(record)) for record in records]

    # -- people ---------------------------------------------------------------------------
    @staticmethod
    def _person_id(db: sqlite3.Connection, name: str) -> int:
        db.execute("INSERT INTO people (name) VALUES (?) ON CONFLICT (name) DO NOTHING", (name,))
        return int(db.execute("SELECT id FROM people WHERE name = ?", (name,)).fetchone()[0])

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
            stored = str(db.execute("SELECT name FROM people WHERE name = ?", (name,)).fetchone()[0])
            db.execute("INSERT INTO settings (key, value) VALUES ('person', ?)"
                       " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (stored,))
        return stored

    def export(self, person: str) -> dict[str, Any]:
        """Everything kept about a person, as plain JSON-ready data."""
        name = self.known_person(person)
        if name is None:
            raise StoreError(f"there is nobody called `{person}` in {self.path}")
        sessions, unreadable = [], [{"id": i, "problem": p} for i, p in self.unreadable(name)]
        for info in self.sessions(person=name):
            try:
                record = self._stored(info.id)
            except Damaged as damage:
                unreadable.append({"id": info.id, "problem": str(damage)})
                continue
            sessions.append({**info.to_dict(), "created": info.created, "source": info.source,
                             "context": record.context, "log": [e.to_dict() for e in record.log]})
        with self._errors("read strengths and resources"):
            items = [{"kind": k, "text": t, "detail": d, "session": s} for k, t, d, s in self.db.execute(
                "SELECT i.kind, i.text, i.detail, i.session_id FROM items i JOIN sessions s ON s.id = i.session_id"
                " JOIN people p ON p.id = s.person_id WHERE p.name = ? ORDER BY s.created, i.position", (name,))]
        with self._errors("read the person's record"):
            person_id = int(self.db.execute("SELECT id FROM people WHERE name = ?", (name,)).fetchone()[0])
            kept = record_rows(self.db, person_id)
        exported = {"person": name, "sessions": sessions, "goals": self.goals(name), "record": kept,
                    "strengths": [i for i in items if i["kind"] == "strength"],
                    "resources": [i for i in items if i["kind"] == "resource"]}
        if unreadable:  # damaged sessions are named, so an export never hides that something is missing
            exported["unreadable"] = unreadable
        return exported

    # -- deleting -------------------------------------------------------------------------
    def _not_open_elsewhere(self, db: sqlite3.Connection, session_ids: Iterable[str]) -> None:
        """A session open in another peercoach is not deleted: its next save would bring it back."""
        for session_id in session_ids:
            holder = self._held_elsewhere(db, session_id)
            if holder is not None:
                raise StoreError(f"session {session_id} is open in another peercoach ({holder.where()}); "
                                 "pause or finish it there first. Nothing was deleted")

    def delete_session(self, session_id: str) -> None:
        self._facts_written.clear()
        with self._transaction(f"delete session {session_id}") as db:
            self._not_open_elsewhere(db, [session_id])
            if db.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount == 0:
                raise StoreError(f"there is no session `{session_id}` in {self.path}")
        self.compact()

    def delete_person(self, person: str) -> int:
        """Remove a person, their sessions and everything recorded in them; returns the sessions removed."""
        self._facts_written.clear()
        with self._transaction(f"delete {person}") as db:
            row = db.execute("SELECT id, name FROM people WHERE name = ?", (person,)).fetchone()
            if row is None:
                raise StoreError(f"there is nobody called `{person}` in {self.path}")
            self._not_open_elsewhere(db, [i for (i,) in db.execute(
                "SELECT id FROM sessions WHERE person_id = ?", (row[0],)).fetchall()])
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


def _listed(imported: Imported | list[Imported]) -> list[Imported]:
    return imported if isinstance(imported, list) else [imported]
