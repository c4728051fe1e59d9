"""Deleting a session or a person with everything recorded in them, then compacting the store so
the deleted text is gone; never a session that is open in another peercoach."""

from __future__ import annotations

from collections.abc import Iterable

from engine.ground.errors import StoreError
from engine.store.core import Connection, StoreCore


class Deleting(StoreCore):
    """``sessions delete`` and ``people delete``."""

    def _not_open_elsewhere(self, db: Connection, session_ids: Iterable[str]) -> None:
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
