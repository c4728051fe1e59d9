"""Crafted rows in a store (issue 13, item 9): a session whose row or answers are not what
peercoach writes is reported as damaged, in one line, and left as it is; the other sessions, the
person's goals and every command that lists or exports keep working."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hostile_support import one_clear_line

from engine.cli import main
from engine.conversation.session import Entry, Fact, SessionRecord, Status
from engine.ground.errors import StoreError
from engine.store.sqlite import SqliteStore


def answer(text: str, node: str = "strengths:name") -> Entry:
    return Entry(node=node, value=text, text=text, display=text, question="What?")


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A store with a good session and one that each test damages (`bad`), both Sam's."""
    folder = tmp_path / "store"
    monkeypatch.setenv("PEERCOACH_STORE", str(folder))
    opened = SqliteStore(folder)
    opened.remember_person("Sam")
    for session_id in ("good", "bad"):
        opened.save(SessionRecord(id=session_id, dialogue="strengths", status=Status.PAUSED, person="Sam",
                                  created=f"2026-11-0{1 + (session_id == 'bad')}T10:00:00",
                                  updated="2026-11-03T10:00:00", log=[answer(f"{session_id} words")],
                                  context={"person": {"name": "Sam", "goals": []}}))
    opened.close()
    return folder


def craft(folder, sql: str, *params) -> None:
    with sqlite3.connect(folder / "peercoach.db") as db:
        db.execute(sql, params)


DAMAGES = {
    "unknown status": ("UPDATE sessions SET status = 'bogus' WHERE id = 'bad'", "status"),
    "status as a number": ("UPDATE sessions SET status = 7 WHERE id = 'bad'", "status"),
    "dialogue as bytes": ("UPDATE sessions SET dialogue = x'00ff' WHERE id = 'bad'", "dialogue"),  # TEXT keeps a blob
    "answer count as text": ("UPDATE sessions SET answers = 'many' WHERE id = 'bad'", "answer count"),
}
ONLY_ON_OPENING = {
    "context that is a list": ("UPDATE sessions SET context = '[1, 2]' WHERE id = 'bad'", "context"),
    "context that is not JSON": ("UPDATE sessions SET context = '{nope' WHERE id = 'bad'", "context"),
    "answer that is a list": ("UPDATE entries SET entry = '[\"x\"]' WHERE session_id = 'bad'", "answer"),
    "answer with a numeric node": ("UPDATE entries SET entry = '{\"node\": 5}' WHERE session_id = 'bad'", "node"),
    "answer of an unknown kind": (
        "UPDATE entries SET entry = '{\"node\": \"a\", \"kind\": \"sneaky\"}' WHERE session_id = 'bad'", "kind"),
    "answer text as a number": (
        "UPDATE entries SET entry = '{\"node\": \"a\", \"text\": 3}' WHERE session_id = 'bad'", "text"),
    "answer stored as a blob": ("UPDATE entries SET entry = x'00ff' WHERE session_id = 'bad'", "answer"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_session_row_is_reported_and_the_store_still_lists(store, capsys, damage):
    sql, what = DAMAGES[damage]
    craft(store, sql)
    assert main(["sessions", "list"]) == 0  # today: ValueError for a status, the rest only when opened
    out, err = capsys.readouterr()
    assert "good" in out and "bad" not in out.replace("bad words", "")
    line = one_clear_line(err)
    assert "session bad" in line and "damaged" in line and what in line
    assert main(["sessions", "list", "--json"]) == 0
    out, err = capsys.readouterr()
    assert [row["id"] for row in json.loads(out)] == ["good"] and "session bad" in one_clear_line(err)


@pytest.mark.parametrize("damage", sorted(DAMAGES | ONLY_ON_OPENING))
def test_a_damaged_session_cannot_be_opened_but_says_why_in_one_line(store, capsys, damage):
    sql, what = (DAMAGES | ONLY_ON_OPENING)[damage]
    craft(store, sql)
    for argv in (["sessions", "show", "bad"], ["summary", "bad"], ["resume", "bad"], ["sessions", "show", "bad",
                                                                                       "--json"]):
        assert main(argv) == 1, argv  # today: ValueError or TypeError tracebacks
        line = one_clear_line(capsys.readouterr().err)
        assert "session bad" in line and "damaged" in line and "left as it is" in line, (argv, line)
    assert main(["sessions", "show", "good"]) == 0 and "good words" in capsys.readouterr().out


@pytest.mark.parametrize("damage", sorted(DAMAGES | ONLY_ON_OPENING))
def test_export_keeps_the_good_sessions_and_names_the_damaged_one(store, capsys, damage, tmp_path):
    craft(store, (DAMAGES | ONLY_ON_OPENING)[damage][0])
    out = tmp_path / "sam.json"
    assert main(["sessions", "export", "Sam", "--out", str(out)]) == 0
    exported = json.loads(out.read_text())
    assert [s["id"] for s in exported["sessions"]] == ["good"]
    assert [u["id"] for u in exported["unreadable"]] == ["bad"]
    err = capsys.readouterr().err
    assert "Traceback" not in err and [line for line in err.splitlines() if line.startswith("peercoach: ")] == [
        f"peercoach: session bad could not be exported ({exported['unreadable'][0]['problem']})"]


def test_resume_without_a_session_passes_over_a_damaged_one(store, capsys, monkeypatch):
    craft(store, "UPDATE sessions SET status = 'bogus', updated = '2027-01-01' WHERE id = 'bad'")
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(""))
    assert main(["--plain", "resume"]) == 0
    assert "Welcome back" in capsys.readouterr().out
    assert SqliteStore(store).load("good").status is Status.PAUSED


def test_a_damaged_session_id_is_named_by_its_row(store, capsys):
    craft(store, "UPDATE sessions SET id = x'0102', status = 'x' WHERE id = 'bad'")
    assert main(["sessions", "list"]) == 0
    assert "(row " in one_clear_line(capsys.readouterr().err)


def test_a_damaged_rating_does_not_stop_the_persons_next_conversation(tmp_path):
    store = SqliteStore(tmp_path)
    store.save(SessionRecord(id="g", dialogue="goals", person="Sam", created="2026-11-01", facts=[
        Fact("goal", {"text": "Walk daily"}, "2026-11-01"),
        Fact("checkin", {"goal": "Walk daily", "progress": 4}, "2026-11-02")]))
    store.db.execute("UPDATE checkins SET progress = 'lots'")  # today: ValueError in every context_for
    [goal] = store.context_for("Sam")["person"]["goals"]
    assert goal["text"] == "Walk daily" and goal["ratings"] == []


def test_the_library_raises_a_store_error_not_a_value_error(store):
    craft(store, "UPDATE sessions SET status = 'bogus' WHERE id = 'bad'")
    opened = SqliteStore(store)
    assert [s.id for s in opened.sessions()] == ["good"]
    assert opened.unreadable() == [("bad", "its status 'bogus' is not one peercoach knows (active, paused, "
                                           "finished)")]
    with pytest.raises(StoreError, match="session bad .* is damaged"):
        opened.load("bad")
