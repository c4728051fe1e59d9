"""`peercoach people` and `peercoach due`: what a peer supporter or facilitator needs to see first,
without reading anyone's words (counts and dates only)."""

from __future__ import annotations

import argparse
from datetime import date, timedelta

from engine.cli.setup import opened_store
from engine.ground.printable import json_text, printable


def cmd_people(args: argparse.Namespace) -> int:
    """Everyone in the store, the most urgent first, each with the reason."""
    rows = opened_store(args).overview(date.today().isoformat())
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
    return 0


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
