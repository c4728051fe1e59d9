"""How tests/store/data/store-v3.db was made (by peercoach 0.1.0, schema version 3, on 2026-12-02).

Run again only to make a fixture for a new schema version; the file itself must stay what that
release wrote, so later releases are tested against it:

    python tests/store/make_fixture.py tests/store/data/store-v3.db
"""

from __future__ import annotations

import sys
from pathlib import Path

from engine.conversation.session import Entry, EntryKind, Fact, SessionRecord, Status
from engine.store.sqlite import SqliteStore


def main(path: Path) -> None:
    store = SqliteStore(path)
    store.remember_person("Robin")
    store.save(SessionRecord(
        id="20261101-090000-aaaaaa", dialogue="goals", status=Status.FINISHED, person="Robin",
        created="2026-11-01T09:00:00+00:00", updated="2026-11-01T09:20:00+00:00",
        log=[Entry(node="goals:area", value="health", text="2", display="Health", question="Which area?",
                   type="choice", at="2026-11-01T09:01:00+00:00"),
             Entry(node="goals:goal", value={"text": "Walk 20 minutes a day"}, text="Walk 20 minutes a day",
                   display="Walk 20 minutes a day", question="What is your goal?", type="goal",
                   at="2026-11-01T09:05:00+00:00")],
        facts=[Fact("goal", {"text": "Walk 20 minutes a day", "area": "health", "steps": ["buy shoes"]},
                    "2026-11-01T09:05:00+00:00", "goals:record")]))
    store.save(SessionRecord(
        id="20261108-090000-bbbbbb", dialogue="mindset", status=Status.PAUSED, person="Robin",
        created="2026-11-08T09:00:00+00:00", updated="2026-11-08T09:04:00+00:00",
        log=[Entry(node="mindset:cant", text="I can't go to the gym", display="I can't go to the gym",
                   question="What feels impossible right now?", type="text", at="2026-11-08T09:02:00+00:00"),
             Entry(node="mindset:cant", kind=EntryKind.BACK, at="2026-11-08T09:03:00+00:00"),
             Entry(node="mindset:cant", text="I can't walk every day", display="I can't walk every day",
                   question="What feels impossible right now?", type="text", at="2026-11-08T09:04:00+00:00")]))
    store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
