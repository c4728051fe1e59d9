"""What a session recorded (goals, check-ins, strengths, resources, rulers), written to the person's
record when the session is saved."""

from __future__ import annotations

from typing import Any

from engine.conversation.session import Fact, SessionRecord
from engine.store.core import Connection


def number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


class Facts:
    """Keeps a session's goals, check-ins, strengths and resources in step with its answers.

    Run inside ``save``'s transaction. Goal ids are stable ("<session>/<n>") so check-ins made
    in later sessions keep pointing at them; everything else the session recorded is replaced.
    Rulers are kept per goal and session: those given when a goal was set, and those a check-in
    asked again (on a goal of an earlier session, most often).
    """

    def __init__(self, db: Connection, record: SessionRecord, person_id: int):
        self.db, self.record, self.person_id = db, record, person_id
        self.kept: list[str] = []

    def write(self) -> None:
        session = self.record.id
        self.db.execute("DELETE FROM checkins WHERE session_id = ?", (session,))
        self.db.execute("DELETE FROM items WHERE session_id = ?", (session,))
        self.db.execute("DELETE FROM outcomes WHERE session_id = ?", (session,))
        # Every answer saves: the rulers this session wrote (its goals' and its check-ins') are
        # written again below, never twice.
        self.db.execute("DELETE FROM rulers WHERE session_id = ?", (session,))
        ratings = [(self._day(f), name, float(value)) for f in self.record.facts if f.kind == "outcome"
                   for name, value in f.fields.items() if _rating(value)]
        self.db.executemany("INSERT INTO outcomes (session_id, position, day, name, value) VALUES (?, ?, ?, ?, ?)",
                            [(session, n, day, name, value) for n, (day, name, value) in enumerate(ratings, 1)])
        facts = self.record.facts
        for fact in (f for f in facts if f.kind == "goal"):
            self._goal(fact.fields, self._day(fact), f"{session}/{len(self.kept) + 1}")
        checkins = [f for f in facts if f.kind == "checkin"]
        for position, fact in enumerate(checkins, start=1):
            self._checkin(fact.fields, self._day(fact), position)
        items = [(f.kind, text, f.fields.get("kind")) for f in facts if f.kind in ("strength", "resource")
                 for text in _texts(f.fields.get("text"))]
        items += [("safety_plan", text, step) for f in facts if f.kind == "safety_plan"  # kind: the plan's step
                  for step, value in f.fields.items() for text in _texts(value)]
        items += [("consent", "yes" if f.fields.get("handoff") is True else "no", "handoff")  # only a true yes
                  for f in facts if f.kind == "consent"]
        self.db.executemany("INSERT INTO items (session_id, position, kind, text, detail) VALUES (?, ?, ?, ?, ?)",
                            [(session, n, kind, text, detail) for n, (kind, text, detail) in enumerate(items, 1)])
        marks = ",".join("?" * len(self.kept))
        self.db.execute(f"DELETE FROM goals WHERE session_id = ? AND id NOT IN ({marks})", (session, *self.kept))

    def _day(self, fact: Fact | None) -> str:
        """The day a fact was noted, else the session's."""
        return (fact and fact.day) or (self.record.updated or self.record.created or "")[:10]

    def _goal(self, fields: dict[str, Any], day: str, goal_id: str) -> None:
        self.db.execute(
            "INSERT INTO goals (id, person_id, session_id, text, area, due, replaces, created, review)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET text = excluded.text,"
            " area = excluded.area, due = excluded.due, replaces = excluded.replaces, review = excluded.review",
            (goal_id, self.person_id, self.record.id, str(fields["text"]), _text(fields.get("area")),
             _due(fields.get("due")), _text(fields.get("replaces")), day, _due(fields.get("review"))))
        self.db.execute("DELETE FROM steps WHERE goal_id = ?", (goal_id,))
        steps = [s if isinstance(s, dict) else {"text": s} for s in fields.get("steps") or []]
        self.db.executemany("INSERT INTO steps (goal_id, position, text, due) VALUES (?, ?, ?, ?)",
                            [(goal_id, n, str(s["text"]), _due(s.get("due")))
                             for n, s in enumerate((s for s in steps if s.get("text")), start=1)])
        self.db.execute("DELETE FROM rulers WHERE goal_id = ? AND session_id = ?", (goal_id, self.record.id))
        importance, confidence = (_ruler(fields.get(key)) for key in ("importance", "confidence"))
        if importance is not None or confidence is not None:
            self.db.execute("INSERT INTO rulers (goal_id, session_id, day, importance, confidence)"
                            " VALUES (?, ?, ?, ?, ?)", (goal_id, self.record.id, day, importance, confidence))
        self.kept.append(goal_id)

    def _checkin(self, fields: dict[str, Any], day: str, position: int) -> None:
        goal_id = self._goal_for(fields)
        self.db.execute("INSERT INTO checkins (session_id, position, goal_id, day, progress, notes, status,"
                        " next_step, decision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (self.record.id, position, goal_id, day, float(fields["progress"]),
                         _text(fields.get("notes")), _text(fields.get("status")),
                         _text(fields.get("next_step")), _text(fields.get("decision"))))
        importance, confidence = (_ruler(fields.get(key)) for key in ("importance", "confidence"))
        if importance is not None or confidence is not None:
            # One row per goal and session: a later check-in on the goal in this session (or the goal
            # set in it) gives way to this one, keeping a ruler this one did not ask.
            self.db.execute("INSERT INTO rulers (goal_id, session_id, day, importance, confidence)"
                            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (goal_id, session_id) DO UPDATE SET"
                            " day = excluded.day,"
                            " importance = coalesce(excluded.importance, rulers.importance),"
                            " confidence = coalesce(excluded.confidence, rulers.confidence)",
                            (goal_id, self.record.id, day, importance, confidence))

    def _goal_for(self, fields: dict[str, Any]) -> str:
        """The stored goal a check-in is about: by id, else an open goal with the same words, else a new one."""
        wanted = fields.get("goal_id")
        if wanted and self.db.execute("SELECT 1 FROM goals WHERE id = ? AND person_id = ?",
                                      (wanted, self.person_id)).fetchone():
            return str(wanted)
        text = str(fields["goal"]).strip()
        row = self.db.execute("SELECT id, session_id FROM goals WHERE person_id = ? AND lower(trim(text)) = lower(?)"
                              " AND id NOT IN (SELECT replaces FROM goals WHERE replaces IS NOT NULL)"
                              " ORDER BY created DESC LIMIT 1", (self.person_id, text)).fetchone()
        if row:
            if row[1] == self.record.id:  # made by an earlier save of this session: still this session's
                self.kept.append(str(row[0]))
            return str(row[0])
        goal_id = f"{self.record.id}/{len(self.kept) + 1}"
        self._goal({"text": text}, self._day(None), goal_id)
        return goal_id


def _rating(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


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


def _ruler(value: Any) -> float | None:
    """A 0-10 ruler as kept, or None (not asked, skipped, or not a number on the scale)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 10:
        return None
    return float(value)
