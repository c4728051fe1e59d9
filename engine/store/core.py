"""What every part of the shared store stands on, whichever database runs it: ``Connection`` (what
the shared statements, written with ``?`` marks, are run on) and ``StoreCore``, the hooks each
backend gives (its errors, its transactions, compacting, closing) with the little that every part
uses: who is called what, who has a session open, whether anything may be written."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from engine.ground.errors import StoreError
from engine.store.leases import Holder, this_process


class Rows(Protocol):
    """What a statement answers with (a cursor's ways)."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """What the shared SQL is run on: a sqlite3 connection, or ``postgres_pool.Database``."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Rows: ...

    def executemany(self, sql: str, parameters: Sequence[Sequence[Any]], /) -> Rows: ...


class StoreCore(ABC):
    """The hooks a backend fills and what every part of the store shares."""

    db: Connection
    # Added to the statement that reads who holds a session, to lock its row where a server can.
    lock_session_row = ""

    def __init__(self, path: Path, read_only: str | None):
        self.path = path  # what messages name: a file, or a server's address without its password
        # Why this store can only be read (its owner made it read-only), or None.
        self.read_only = read_only
        # The facts last committed for each session saved here, so an unchanged set is not rewritten.
        self._facts_written: dict[str, list[dict[str, Any]]] = {}

    @abstractmethod
    def _errors(self, doing: str) -> AbstractContextManager[None]:
        """The database's failures as one clear line that says nothing was overwritten."""

    @abstractmethod
    def _transaction(self, doing: str) -> AbstractContextManager[Connection]:
        """``db`` inside one transaction: all of it is committed, or none of it."""

    @abstractmethod
    def compact(self) -> None:
        """Give back the space of what was deleted, so deleted text is gone."""

    @abstractmethod
    def close(self) -> None: ...

    def require_writable(self, doing: str) -> None:
        """Refuse to start something that would have to write to a read-only store."""
        if self.read_only:
            raise StoreError(f"cannot {doing}: {self.read_only}, so nothing can be saved; it has been left as "
                             f"it is (make it writable with `chmod u+w` to use it)")

    @staticmethod
    def _person_id(db: Connection, name: str) -> int:
        db.execute("INSERT INTO people (name) VALUES (?) ON CONFLICT (name) DO NOTHING", (name,))
        return int(db.execute("SELECT id FROM people WHERE name = ?", (name,)).fetchone()[0])

    def _held_elsewhere(self, db: Connection, session_id: str) -> Holder | None:
        """The other, still running peercoach that has this session open, if any (on a server, with
        the session's row locked until the transaction ends: a second worker saving the same
        session waits here, then sees what the first saved)."""
        row = db.execute(f"SELECT lease FROM sessions WHERE id = ?{self.lock_session_row}", (session_id,)).fetchone()
        holder = Holder.from_json(row[0]) if row else None
        if holder is None or holder.same_process(this_process()) or not holder.running():
            return None  # free, ours, or left by a peercoach that has stopped (killed, say)
        return holder
