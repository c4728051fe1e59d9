"""Who the store knows: the people by name (a name matches whatever its case), who used peercoach
last on this machine (the one setting), and everything kept about one person as an export."""

from __future__ import annotations

from typing import Any

from engine.ground.errors import StoreError
from engine.store.moving import record_rows
from engine.store.person import PersonRecords
from engine.store.rows import Damaged
from engine.store.sessions import Sessions


class People(Sessions, PersonRecords):
    """The people, the default person, and ``sessions export``."""

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
