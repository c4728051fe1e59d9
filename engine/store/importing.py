"""Bringing sessions in from JSON files, only ever when asked: those an earlier peercoach saved one
to a file, and a person as ``sessions export`` wrote them (from this store or another backend)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from engine.store.interface import Imported, SessionInfo
from engine.store.moving import EXPORT_FORMAT, checked_rows, write_rows
from engine.store.rows import Damaged, record_from, session_file_text
from engine.store.sessions import Sessions


class Importing(Sessions):
    """``sessions import``: nothing in the store is ever overwritten, and the files are left as they are."""

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
            json.dumps(record.to_dict(), ensure_ascii=False).encode("utf-8")  # what the database will be given
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


def _listed(imported: Imported | list[Imported]) -> list[Imported]:
    return imported if isinstance(imported, list) else [imported]
