"""`peercoach people` and `peercoach due`: what a peer supporter or facilitator needs to see first,
without reading anyone's words (counts and dates only). `people --details` adds each person's open
goals in their own words, but only for those whose latest answer to sharing with their peer
supporter was yes (the consent a review asks for, as for `sessions handoff`)."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from typing import Any

from engine.cli.setup import opened_store
from engine.ground.printable import json_text, printable
from engine.store.sql import SqlStore


def cmd_people(args: argparse.Namespace) -> int:
    """Everyone in the store, the most urgent first, each with the reason."""
    store = opened_store(args)
    rows = store.overview(date.today().isoformat())
    if args.details:
        for row in rows:
            row["details"] = _details(store, row["person"])
    if args.json:
        print(json_text(rows, indent=2))
        return 0
    if not rows:
        print("Nobody is in this store yet.")
        return 0
    width = max(len(printable(r["person"])) for r in rows)
    for row in rows:
        events = row["safety_events"]
        counts = ", ".join(f"{events[level]} {level}" for level in ("acute", "possible") if events[level])
        print(f"{printable(row['person']):<{width}}  last active {row['last_active'] or 'never'}  "
              f"open goals {row['open_goals']}  reassessments {row['reassessments']}  "
              f"overdue {len(row['overdue_reviews'])}  safety {counts or 'none'}"
              + (f"\n{'':<{width}}  first: {row['reason']}" if row["reason"] else ""))
        if args.details:
            print("\n".join(f"{'':<{width}}  {line}" for line in _detail_lines(row["details"])))
    return 0


def _details(store: SqlStore, person: str) -> dict[str, Any]:
    """A person's open goals in their own words, with their latest ratings, review date and notes;
    none of it without their yes to sharing (``shared`` says which)."""
    consent = store.handoff_consent(person)
    if consent is None or not consent["given"]:
        return {"shared": False, "consent": consent, "goals": []}
    goals = [{"text": goal["text"], "ratings": goal["ratings"][-3:], "review": goal["review"],
              "next_step": next((c["next_step"] for c in reversed(goal["checkins"]) if c["next_step"]), None),
              "notes": next((c["notes"] for c in reversed(goal["checkins"]) if c["notes"]), None)}
             for goal in store.goals(person, open_only=True)]
    return {"shared": True, "consent": consent, "goals": goals}


def _detail_lines(details: dict[str, Any]) -> list[str]:
    if not details["shared"]:
        consent = details["consent"]
        why = f"they said no on {consent['day']}" if consent else "they have not been asked yet"
        return [f"details: not shared ({why})"]
    if not details["goals"]:
        return ["details: no open goals"]
    lines = []
    for goal in details["goals"]:
        ratings = ", ".join(str(r) for r in goal["ratings"]) or "none yet"
        lines.append(f"goal: {printable(goal['text'])}  (ratings {ratings}; review {goal['review'] or 'not set'})")
        if goal["next_step"]:
            lines.append(f"  next step: {printable(goal['next_step'])}")
        if goal["notes"]:
            lines.append(f"  latest notes: {printable(goal['notes'])}")
    return lines


def cmd_due(args: argparse.Namespace) -> int:
    """The reviews that fall due within --days (and those already overdue), soonest first."""
    today = date.today()
    rows = opened_store(args).due(today.isoformat(), (today + timedelta(days=args.days)).isoformat())
    if args.json:
        print(json_text(rows, indent=2))
        return 0
    if not rows:
        print(f"No reviews fall due in the next {args.days} days.")
        return 0
    for row in rows:
        when = f"overdue since {row['review']}" if row["overdue"] else f"due {row['review']}"
        print(f"{when:<24}  {printable(row['person'])}: {printable(row['goal'])}")
    return 0
