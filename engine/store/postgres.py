"""Sessions, people and their progress in a PostgreSQL database (``--store postgresql://...``),
for an agency whose workers or machines outgrow one SQLite file.

The same store as ``SqliteStore``, and the same code wherever SQL is the same (``SqlStore``,
``sql``): saving, loading, listing, leases, facts, a person's record, access codes, export and
import all run the shared statements through ``postgres_pool.Database``. What is PostgreSQL's
own is here: opening through the process's connection pool, the schema (``postgres_schema``),
transactions, the row lock a save takes on its session (``SELECT ... FOR UPDATE``: two workers
answering one session take turns, and the second finds the first's answer), and the server's
errors as one clear line.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

import psycopg
from psycopg import errors

from engine.ground.errors import StoreError
from engine.store import postgres_pool
from engine.store.core import Connection
from engine.store.postgres_pool import Database, borrow, give_back, shown, unreachable
from engine.store.postgres_schema import migrate
from engine.store.sql import SqlStore


class Address(str):
    """What messages name for a server store (its address without the password), where a file store
    has its path. A server has no folder beside it: ``parent`` is the current folder (so
    ``sessions import`` with no files named looks in ./sessions)."""

    @property
    def parent(self) -> Path:
        return Path(".")


class PostgresStore(SqlStore):
    """The store on a PostgreSQL server: one connection of this process's pool, held until ``close``."""

    # A save reads who holds its session with the row locked until the transaction ends: a second
    # worker saving the same session waits, then sees what the first saved.
    lock_session_row = " FOR UPDATE"

    def __init__(self, url: str):
        super().__init__(cast(Path, Address(shown(url))), None)  # what messages name: never the password
        self.url = url
        self.connection = borrow(url)
        try:
            with self._errors("open"):
                migrate(self.connection, shown(url))
        except StoreError:
            give_back(url, self.connection)
            raise
        # The shared SQL takes this as it takes a sqlite3 connection (the same calls, ``?`` marks).
        self.db = Database(self.connection)

    def __repr__(self) -> str:
        return f"PostgresStore({shown(self.url)!r})"

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """The server's failures as one clear line that says nothing was overwritten."""
        try:
            yield
        except StoreError:
            raise
        except (errors.LockNotAvailable, errors.SerializationFailure, errors.DeadlockDetected):
            raise StoreError(f"the store {shown(self.url)} is in use by another worker (it is locked); "
                             "nothing was changed. Try again") from None
        except errors.UniqueViolation:
            raise StoreError(f"could not {doing}: another worker saved the same thing at the same moment; "
                             "nothing was overwritten. Try again") from None
        except errors.DiskFull:
            raise StoreError(f"could not {doing}: the server's disk is full; what was saved before is safe") from None
        except psycopg.OperationalError as exc:
            self._reconnect()
            raise unreachable(self.url, exc) from None
        except psycopg.Error as exc:
            why = " ".join(str(exc).split()) or type(exc).__name__
            raise StoreError(f"could not {doing} in {shown(self.url)}: {why}") from None

    @contextmanager
    def _transaction(self, doing: str) -> Iterator[Connection]:
        with self._errors(doing), self.connection.transaction():
            yield self.db

    def _reconnect(self) -> None:
        """After a lost connection (the server restarted, say), the next call gets a fresh one."""
        if not self.connection.broken and not self.connection.closed:
            return
        give_back(self.url, self.connection)  # the pool throws a broken one away
        try:
            self.connection = borrow(self.url)
        except StoreError:
            return  # still unreachable: tried again at the next failure
        self.db = Database(self.connection)

    def close(self) -> None:
        give_back(self.url, self.connection)

    def compact(self) -> None:
        """Deleted rows are gone from every query at once; VACUUM gives their space back."""
        with self._errors("compact the store"):
            self.connection.execute("VACUUM")


def close_pools() -> None:
    postgres_pool.close_pools()
