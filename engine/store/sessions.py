"""Sessions kept in the store: opening one in one place at a time (its lease), saving each answer,
reading a session back, and listing them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from engine.conversation.session import SessionRecord, Status
from engine.ground.errors import StoreError
from engine.store.core import Connection, StoreCore
from engine.store.facts import Facts
from engine.store.interface import SessionInfo
from engine.store.leases import Holder, this_process
from engine.store.rows import Damaged, info_row, record_row, where


class Sessions(StoreCore):
    """Claiming, saving, loading and listing sessions."""

    # -- who has a session open -----------------------------------------------------------
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

    # -- saving ---------------------------------------------------------------------------
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

    def _write(self, db: Connection, record: SessionRecord, lease: str | None) -> list[dict[str, Any]] | None:
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

    # -- reading --------------------------------------------------------------------------
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
