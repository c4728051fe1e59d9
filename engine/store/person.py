"""What is read back about a person from the store: their goals with their check-ins, their
safety plan, the strengths and supports they named, and (for facilitators) an overview of
everyone. ``SqlStore`` has these; they only read."""

from __future__ import annotations

import json
from typing import Any

from engine.store.core import StoreCore
from engine.store.facts import number


class PersonRecords(StoreCore):
    """Reading a person's record; a part of ``SqlStore``."""

    def goals(self, person: str, *, open_only: bool = False) -> list[dict[str, Any]]:
        """A person's goals, oldest first, each with its steps, check-ins and ``status``."""
        with self._errors("read goals"):
            rows = self.db.execute(
                "SELECT g.id, g.text, g.area, g.due, g.replaces, g.created, g.session_id, g.review FROM goals g"
                " JOIN people p ON p.id = g.person_id JOIN sessions s ON s.id = g.session_id"
                " WHERE p.name = ? ORDER BY s.created, s.rowid, g.rowid", (person,)).fetchall()
            replaced = {r[4] for r in rows if r[4]}
            goals = []
            for goal_id, text, area, due, replaces, created, session_id, review in rows:
                steps = [{"text": t, "due": d} for t, d in self.db.execute(
                    "SELECT text, due FROM steps WHERE goal_id = ? ORDER BY position", (goal_id,))]
                checkins = [{"day": day, "progress": number(p), "notes": notes, "status": status,
                             "next_step": next_step, "decision": decision}
                            for day, p, notes, status, next_step, decision in self.db.execute(
                                "SELECT c.day, c.progress, c.notes, c.status, c.next_step, c.decision FROM checkins c"
                                " JOIN sessions s ON s.id = c.session_id WHERE c.goal_id = ?"
                                " ORDER BY c.day, s.created, s.rowid, c.position", (goal_id,))
                            if isinstance(p, (int, float))]  # a damaged rating is left out, not fatal
                rulers = [{"day": day, "importance": _maybe(i), "confidence": _maybe(c)}
                          for day, i, c in self.db.execute("SELECT r.day, r.importance, r.confidence FROM rulers r"
                                                           " JOIN sessions s ON s.id = r.session_id WHERE r.goal_id = ?"
                                                           " ORDER BY r.day, s.created, s.rowid", (goal_id,))]
                latest = next((c["status"] for c in reversed(checkins) if c["status"]), "open")
                status = "replaced" if goal_id in replaced else latest
                goals.append({"id": goal_id, "text": text, "area": area, "due": due, "review": review,
                              "set": (created or "")[:10],
                              "session": session_id, "replaces": replaces, "status": status, "steps": steps,
                              "checkins": checkins, "ratings": [c["progress"] for c in checkins], "rulers": rulers})
        by_id = {goal["id"]: goal for goal in goals}
        for goal in goals:  # a reworked goal carries on its predecessors' check-ins (its chart continues)
            history: list[dict[str, Any]] = []
            rulers_before: list[dict[str, Any]] = []  # the rulers of the goals it reworks, oldest first
            earlier, seen = by_id.get(goal["replaces"]), {goal["id"]}
            while earlier is not None and earlier["id"] not in seen:
                seen.add(earlier["id"])
                history[:0] = earlier["checkins"]
                rulers_before[:0] = earlier["rulers"]
                earlier = by_id.get(earlier["replaces"])
            goal["history"] = history
            goal["ruler_history"] = rulers_before + goal["rulers"]
        return [goal for goal in goals if goal["status"] == "open"] if open_only else goals

    def context_for(self, person: str) -> dict[str, Any]:
        """What a dialogue is given about a person when a session starts (``person`` in YAML): their
        open goals, and the strengths and supports they named before (newest first, each once), so a
        later conversation can offer them back."""
        goals = self.goals(person)
        return {"person": {"name": person, "goals": [g for g in goals if g["status"] == "open"],
                           "done": [g["text"] for g in goals if g["status"] == "done"],
                           "strengths": self._named(person, "strength"), "supports": self._named(person, "resource"),
                           "safety_plan": self.safety_plan(person), "outcomes": self.outcomes(person)}}

    def outcomes(self, person: str) -> list[dict[str, Any]]:
        """Each time the person rated how things are changing, oldest first: {day, in_charge, ...}."""
        with self._errors("read the ratings"):
            rows = self.db.execute(
                "SELECT o.session_id, o.day, o.name, o.value FROM outcomes o JOIN sessions s ON s.id = o.session_id"
                " JOIN people p ON p.id = s.person_id WHERE p.name = ? ORDER BY o.day, s.created, o.position",
                (person,)).fetchall()
        found: dict[tuple[str, str], dict[str, Any]] = {}
        for session, day, name, value in rows:
            found.setdefault((day, session), {"day": day})[name] = number(value)
        return list(found.values())

    def safety_plan(self, person: str) -> dict[str, list[str]] | None:
        """The person's latest safety plan, step by step ({"people": ["Jo 07700 900123"], ...}), or None."""
        with self._errors("read the safety plan"):
            latest = self.db.execute(
                "SELECT i.session_id FROM items i JOIN sessions s ON s.id = i.session_id"
                " JOIN people p ON p.id = s.person_id WHERE p.name = ? AND i.kind = 'safety_plan'"
                " ORDER BY s.updated DESC, s.rowid DESC LIMIT 1",
                (person,)).fetchone()
            if latest is None:
                return None
            plan: dict[str, list[str]] = {}
            rows = self.db.execute("SELECT detail, text FROM items WHERE session_id = ? AND kind = 'safety_plan'"
                                   " ORDER BY position", (latest[0],))
            for step, text in rows:
                plan.setdefault(step, []).append(text)
        return plan

    def handoff_consent(self, person: str) -> dict[str, Any] | None:
        """The person's latest answer to a hand-off summary for their peer supporter ({given, day}),
        or None when they were never asked: a later no takes back an earlier yes."""
        with self._errors("read the consent"):
            latest = self.db.execute(
                "SELECT i.text, coalesce(s.updated, s.created) FROM items i JOIN sessions s ON s.id = i.session_id"
                " JOIN people p ON p.id = s.person_id WHERE p.name = ? AND i.kind = 'consent' AND i.detail = 'handoff'"
                " ORDER BY s.updated DESC, s.rowid DESC, i.position DESC LIMIT 1", (person,)).fetchone()
        if latest is None:
            return None
        return {"given": latest[0] == "yes", "day": str(latest[1] or "")[:10]}

    def handoff(self, person: str, today: str) -> dict[str, Any]:
        """What a hand-off summary shows a peer supporter: the goals with their steps and ratings, the
        safety plan, stalls and safety events (counts and days, never the words said), and the topics
        of the information pages the person asked about. Only read after ``handoff_consent`` says yes."""
        overview = self._overview_of(person, today)
        goals = [{"text": g["text"], "status": g["status"], "set": g["set"], "due": g["due"], "review": g["review"],
                  "steps": [s["text"] for s in g["steps"]],
                  "ratings": [{"day": c["day"], "progress": c["progress"]} for c in g["history"] + g["checkins"]],
                  "stalls": sum(1 for c in g["history"] + g["checkins"] if c.get("decision")),
                  "rulers": g["ruler_history"]}
                 for g in self.goals(person) if g["status"] != "replaced"]
        with self._errors("read the pages asked about"):
            asked: dict[str, None] = {}
            for (text,) in self.db.execute("SELECT e.entry FROM entries e JOIN sessions s ON s.id = e.session_id"
                                           " JOIN people p ON p.id = s.person_id WHERE p.name = ?"
                                           " ORDER BY s.created, e.seq", (person,)):
                card = _card_of(text)
                if card:
                    asked.setdefault(card)
        return {"person": person, "today": today, "consent": self.handoff_consent(person), "goals": goals,
                "safety_plan": self.safety_plan(person), "reason": overview["reason"],
                "reassessments": overview["reassessments"], "safety_events": overview["safety_events"],
                "overdue_reviews": overview["overdue_reviews"], "last_active": overview["last_active"],
                "asked_about": list(asked)}

    def _named(self, person: str, kind: str, most: int = 8) -> list[str]:
        """What a person named of one kind in earlier sessions, newest first, each once whatever its case."""
        with self._errors("read strengths and resources"):
            rows = self.db.execute(
                "SELECT i.text FROM items i JOIN sessions s ON s.id = i.session_id JOIN people p ON p.id = s.person_id"
                " WHERE p.name = ? AND i.kind = ? ORDER BY s.created DESC, s.rowid DESC, i.position", (person, kind))
            seen: dict[str, str] = {}
            for (text,) in rows:
                seen.setdefault(text.strip().casefold(), text.strip())
                if len(seen) >= most:
                    break
        return list(seen.values())


    # -- for facilitators: everyone at a glance ---------------------------------------------
    def overview(self, today: str) -> list[dict[str, Any]]:
        """Each person with what a peer supporter should see first: last activity, open goals,
        reassessments, overdue reviews and safety events (counts and dates, never words), most
        urgent first, each with the reason it is where it is."""
        with self._errors("read the people in the store"):
            names = [n for (n,) in self.db.execute("SELECT name FROM people ORDER BY name COLLATE NOCASE")]
        rows = [self._overview_of(name, today) for name in names]
        return sorted(rows, key=lambda row: (row["priority"], -_day_number(row["last_active"]), row["person"].lower()))

    def _overview_of(self, name: str, today: str) -> dict[str, Any]:
        goals = self.goals(name)
        open_goals = [g for g in goals if g["status"] == "open"]
        with self._errors("read the people in the store"):
            last = self.db.execute("SELECT max(coalesce(s.updated, s.created)) FROM sessions s JOIN people p"
                                   " ON p.id = s.person_id WHERE p.name = ?", (name,)).fetchone()[0]
            events: list[dict[str, Any]] = []
            for (text,) in self.db.execute("SELECT e.entry FROM entries e JOIN sessions s ON s.id = e.session_id"
                                           " JOIN people p ON p.id = s.person_id WHERE p.name = ?"
                                           " ORDER BY s.created, e.seq", (name,)):
                safety = _safety_of(text)
                if safety is not None:
                    events.append(safety)
        stalls = {g["id"]: sum(1 for c in g["history"] + g["checkins"] if c.get("decision")) for g in goals}
        overdue = [{"goal": g["text"], "review": g["review"]} for g in open_goals
                   if g.get("review") and g["review"][:10] < today
                   and not any(c["day"] >= g["review"][:10] for c in g["checkins"])]
        acute = [e for e in events if e["level"] == "acute"]
        possible = [e for e in events if e["level"] == "possible"]
        reworked_stall = [g["text"] for g in goals if g["replaces"] and any(c.get("decision") for c in g["checkins"])]
        third = [g["text"] for g in goals if stalls[g["id"]] >= 3]
        if acute:
            priority, reason = 0, f"acute safety event on {acute[-1]['day']}"
        elif third:
            priority, reason = 1, f"progress stalled three times or more on \"{third[0]}\""
        elif reworked_stall:
            priority, reason = 1, f"stalled again after the goal was reworked: \"{reworked_stall[0]}\""
        elif possible:
            priority, reason = 2, f"possible safety concern on {possible[-1]['day']}"
        elif overdue:
            priority, reason = 3, f"review overdue since {overdue[0]['review'][:10]}"
        else:
            priority, reason = 4, ""
        return {"person": name, "last_active": (last or "")[:10], "priority": priority, "reason": reason,
                "open_goals": len(open_goals), "reassessments": sum(stalls.values()), "overdue_reviews": overdue,
                "safety_events": {"acute": len(acute), "possible": len(possible),
                                  "days": sorted({e["day"] for e in events})}}

    def due(self, today: str, until: str) -> list[dict[str, Any]]:
        """The open goals whose review date falls on or before ``until`` with no check-in since it,
        soonest first (overdue ones too)."""
        found = []
        with self._errors("list people"):
            names = [n for (n,) in self.db.execute("SELECT name FROM people ORDER BY name COLLATE NOCASE")]
        for name in names:
            for goal in self.goals(name, open_only=True):
                review = (goal.get("review") or "")[:10]
                if review and review <= until and not any(c["day"] >= review for c in goal["checkins"]):
                    found.append({"person": name, "goal": goal["text"], "review": review, "overdue": review < today})
        return sorted(found, key=lambda row: (row["review"], row["person"].lower()))


def _safety_of(text: Any) -> dict[str, Any] | None:
    """The safety finding an entry carries (level and day only), if any; a damaged entry is none."""
    try:
        entry = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None
    if not isinstance(entry, dict):
        return None
    safety = entry.get("safety")
    if not isinstance(safety, dict) or safety.get("level") not in ("acute", "possible"):
        return None
    return {"level": safety["level"], "day": str(entry.get("at") or "")[:10]}


def _maybe(value: Any) -> float | int | None:
    return number(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _card_of(text: Any) -> str | None:
    """The information page an answer asked about (a note "card:ID"), if any: the page's id, never the words."""
    try:
        entry = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None
    if not isinstance(entry, dict) or entry.get("kind") != "note":
        return None
    value = entry.get("value")
    return (value[5:][:40] or None) if isinstance(value, str) and value.startswith("card:") else None


def _day_number(day: str) -> int:
    return int(day.replace("-", "")) if day[:4].isdigit() and len(day) == 10 else 0
