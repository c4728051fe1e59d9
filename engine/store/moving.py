"""Moving a person from one store to another (``sessions export`` then ``sessions import``, SQLite
and PostgreSQL alike): besides the sessions, an export carries the rows of the person's record as
they are kept (goals, steps, check-ins, what they named, ratings), so the new store holds their
progress exactly, without replaying any dialogue. Access codes stay behind: they are for one
store's web front end, and a facilitator issues new ones."""

from __future__ import annotations

from typing import Any

from engine.store.core import Connection
from engine.store.rows import Damaged

EXPORT_FORMAT = "peercoach-export"

# Each table of a person's record and the columns moved; the person's own id is the new store's.
COLUMNS: dict[str, tuple[str, ...]] = {
    "goals": ("id", "session_id", "text", "area", "due", "replaces", "created", "review"),
    "steps": ("goal_id", "position", "text", "due"),
    "checkins": ("session_id", "position", "goal_id", "day", "progress", "notes", "status", "next_step", "decision"),
    "items": ("session_id", "position", "kind", "text", "detail"),
    "outcomes": ("session_id", "position", "day", "name", "value"),
    "rulers": ("goal_id", "session_id", "day", "importance", "confidence"),  # from schema step 7 on
}

_OF_PERSON = {  # which rows are the person's (? is their id)
    "goals": "person_id = ?",
    "steps": "goal_id IN (SELECT id FROM goals WHERE person_id = ?)",
    "rulers": "goal_id IN (SELECT id FROM goals WHERE person_id = ?)",
}
_BY_SESSION = "session_id IN (SELECT id FROM sessions WHERE person_id = ?)"
_KINDS = (str, int, float, type(None))


def record_rows(db: Connection, person_id: int) -> dict[str, list[dict[str, Any]]]:
    """The rows of a person's record, table by table, in the order they were written."""
    found = {}
    for table, columns in COLUMNS.items():
        rows = db.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {_OF_PERSON.get(table, _BY_SESSION)}"
                          f" ORDER BY {', '.join(columns[:2])}", (person_id,)).fetchall()
        found[table] = [dict(zip(columns, row, strict=True)) for row in rows]
    return found


def checked_rows(data: Any, sessions: set[str]) -> dict[str, list[tuple[Any, ...]]]:
    """An export's record rows, ready to insert; ``Damaged`` when they are not what an export holds
    (a missing or extra column, a value that is not text or a number, a row of another session)."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise Damaged("its `record` is not an object")
    ready: dict[str, list[tuple[Any, ...]]] = {}
    for table, rows in data.items():
        columns = COLUMNS.get(table)
        if columns is None:
            raise Damaged(f"its `record` has a table `{str(table)[:40]}` peercoach does not keep")
        if not isinstance(rows, list) or not all(isinstance(r, dict) and set(r) == set(columns) for r in rows):
            raise Damaged(f"its `record.{table}` rows do not have the columns {', '.join(columns)}")
        for row in rows:
            if not all(isinstance(row[c], _KINDS) and not isinstance(row[c], bool) for c in columns):
                raise Damaged(f"a row of its `record.{table}` holds something that is not text or a number")
            if "session_id" in row and row["session_id"] not in sessions:
                raise Damaged(f"a row of its `record.{table}` belongs to a session the export does not hold")
        ready[table] = [tuple(row[c] for c in columns) for row in rows]
    return ready


def write_rows(db: Connection, person_id: int, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    """Insert checked rows (goals first: the others point at them), inside the import's transaction."""
    for table in COLUMNS:
        if not rows.get(table):
            continue
        columns = COLUMNS[table]
        if table == "goals":
            db.executemany(f"INSERT INTO goals ({', '.join(columns)}, person_id) VALUES"
                           f" ({', '.join('?' * len(columns))}, ?)", [(*r, person_id) for r in rows[table]])
        else:
            db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                           rows[table])
