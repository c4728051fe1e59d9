"""A store written by this release (schema version 3, tests/store/data/store-v3.db, made by
tests/store/make_fixture.py) still opens, lists, exports and resumes with every later change."""

from __future__ import annotations

import shutil
from pathlib import Path

from engine.conversation.machine import Conversation
from engine.conversation.session import Status
from engine.store.sqlite import SqliteStore

FIXTURE = Path(__file__).parent / "data" / "store-v3.db"


def opened(tmp_path: Path) -> SqliteStore:
    copy = tmp_path / "peercoach.db"
    shutil.copyfile(FIXTURE, copy)
    copy.chmod(0o600)
    return SqliteStore(copy)


def test_the_stored_sessions_and_the_person_are_read(tmp_path):
    store = opened(tmp_path)
    sessions = {s.id: s for s in store.sessions()}
    assert sessions["20261101-090000-aaaaaa"].status is Status.FINISHED
    assert sessions["20261108-090000-bbbbbb"].status is Status.PAUSED
    assert sessions["20261108-090000-bbbbbb"].answers == 1  # the /back undid the first answer
    assert store.default_person() == "Robin"
    [goal] = store.goals("Robin")
    assert goal["text"] == "Walk 20 minutes a day" and goal["area"] == "health"


def test_a_paused_session_resumes_where_it_stopped(tmp_path, bundled, messages):
    store = opened(tmp_path)
    record = store.load("20261108-090000-bbbbbb")
    conversation = Conversation(bundled, messages, record.dialogue, record.log)
    assert [e.text for e in conversation.answers] == ["I can't walk every day"]
    assert conversation.question().text.startswith("If a good friend told you that")
    exported = store.export("Robin")
    assert {s["id"] for s in exported["sessions"]} == {"20261101-090000-aaaaaa", "20261108-090000-bbbbbb"}
