"""Where conversations and people's progress are kept by default: one SQLite file (the standard
library's sqlite3).

Why SQLite: every answer is one small transaction, committed and synced before the next question
is shown, so a killed process loses nothing and a half-written answer never exists. WAL mode lets
``peercoach sessions list`` read while a conversation is writing. A file that is damaged, locked,
foreign or from a newer peercoach is reported and left exactly as it is. One conversation is open
in one place at a time: the session row holds a lease.

What is SQLite's own is here: opening the file (``place`` finds it and says whether it is ours),
checking it, bringing it up to date (``schema``, one migration per version), its errors as one
clear line, transactions and compacting. Everything else is the shared SQL of ``SqlStore``
(``sql``), which ``PostgresStore`` (``postgres``) runs on a PostgreSQL server.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from engine.ground.errors import StoreError
from engine.store.place import StorePlace, database_file, uri
from engine.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrate
from engine.store.sql import SqlStore

BUSY_SECONDS = 5.0  # how long to wait for another peercoach that is writing


class SqliteStore(SqlStore):
    """Sessions, people and their progress in one SQLite file."""

    db: sqlite3.Connection

    def __init__(self, location: Path, *, timeout: float = BUSY_SECONDS):
        path = database_file(Path(location).expanduser())
        super().__init__(path, StorePlace(path).prepare())
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

    def compact(self) -> None:
        """Rewrite the file without free pages and empty the write-ahead log, so deleted text is gone."""
        with self._errors("compact the store"):
            self.db.execute("VACUUM")
            busy = self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            raise StoreError("the deleted data is removed, but another peercoach is using the store, so "
                             "the file could not be compacted yet; run the same command again when it is closed")

