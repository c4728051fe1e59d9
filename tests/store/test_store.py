"""The store, on SQLite and on PostgreSQL (the ``open_store`` fixture) where a test is about what
both keep, on SQLite alone where it is about the file: round trips, append-only saves, owner-only files, damaged, foreign, newer and
locked stores left alone, migration from an older schema, people and their progress, deletion."""

from __future__ import annotations

import json
import sqlite3
import stat

import pytest

from engine.conversation.session import Entry, EntryKind, Fact, SessionRecord, Status
from engine.ground.errors import StoreError
from engine.store.place import database_file, default_location
from engine.store.schema import SCHEMA_VERSION, migrate
from engine.store.sqlite import SqliteStore


def record(session_id="s1", status=Status.ACTIVE, updated="2026-11-23T10:00:00", person="Sam", log=None,
           facts=(), created=None):
    log = log if log is not None else [Entry(node="strengths:name", value="Sam", text="Sam", display="Sam"),
                                       Entry(node="strengths:hard_time", kind=EntryKind.BACK)]
    return SessionRecord(id=session_id, dialogue="strengths", status=status, updated=updated, person=person,
                         created=created or updated, log=list(log), facts=list(facts),
                         context={"person": {"name": person, "goals": []}})


def answer(text, node="strengths:q", at=None):
    return Entry(node=node, value=text, text=text, display=text, at=at)


def test_round_trip(open_store, tmp_path):
    store = open_store()
    store.save(record())
    loaded = store.load("s1")
    assert loaded == record()
    assert loaded.log[1].kind is EntryKind.BACK and loaded.person == "Sam"
    assert loaded.context == {"person": {"name": "Sam", "goals": []}}


def test_saving_appends_only_the_new_answers(open_store, tmp_path):
    store = open_store()
    saved = record(log=[answer("one")])
    store.save(saved)
    saved.log.append(answer("two"))
    store.save(saved)
    store.save(saved)  # saving again adds nothing
    assert [e.text for e in store.load("s1").log] == ["one", "two"]
    assert store.db.execute("SELECT count(*) FROM entries").fetchone()[0] == 2


def test_a_stale_copy_never_overwrites_what_is_saved(open_store, tmp_path):
    store = open_store()
    store.save(record(log=[answer("one"), answer("two")]))
    with pytest.raises(StoreError, match="open somewhere else"):
        store.save(record(log=[answer("one")]))
    assert [e.text for e in store.load("s1").log] == ["one", "two"]


def test_files_are_readable_by_their_owner_only(tmp_path):
    store = SqliteStore(tmp_path / "store")
    store.save(record())
    assert stat.S_IMODE((tmp_path / "store").stat().st_mode) == 0o700
    for name in ("peercoach.db", "peercoach.db-wal", "peercoach.db-shm"):
        assert stat.S_IMODE((tmp_path / "store" / name).stat().st_mode) == 0o600, name


def test_a_named_file_and_its_folder(tmp_path):
    (tmp_path / "shared").mkdir(mode=0o755)
    SqliteStore(tmp_path / "shared" / "mine.db").save(record())
    assert stat.S_IMODE((tmp_path / "shared" / "mine.db").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "shared").stat().st_mode) == 0o755  # not ours to change
    assert database_file(tmp_path / "folder") == tmp_path / "folder" / "peercoach.db"
    assert database_file(tmp_path / "x.sqlite") == tmp_path / "x.sqlite"


def test_wal_mode_and_schema_version(tmp_path):
    store = SqliteStore(tmp_path)
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_damaged_file_is_reported_and_left_alone(tmp_path):
    path = tmp_path / "peercoach.db"
    path.write_bytes(b"this is not a database at all" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="damaged or is not a peercoach store"):
        SqliteStore(tmp_path)
    assert path.read_bytes() == before


def test_a_truncated_store_is_reported_and_left_alone(tmp_path):
    store = SqliteStore(tmp_path)
    for n in range(200):
        store.save(record(f"s{n}", log=[answer("x" * 500)]))
    store.close()
    path = tmp_path / "peercoach.db"
    damaged = bytearray(path.read_bytes())
    damaged[4096 * 3: 4096 * 6] = b"\xff" * (4096 * 3)  # scribble over some pages
    path.write_bytes(bytes(damaged))
    with pytest.raises(StoreError, match="damaged"):
        SqliteStore(tmp_path)
    assert path.read_bytes() == bytes(damaged)


def test_another_programs_database_is_not_touched(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE recipes (name TEXT)")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a peercoach store"):
        SqliteStore(path)
    assert path.read_bytes() == before


def test_a_store_from_a_newer_peercoach_is_refused(tmp_path):
    SqliteStore(tmp_path).close()
    with sqlite3.connect(tmp_path / "peercoach.db") as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer peercoach"):
        SqliteStore(tmp_path)


def test_a_locked_store_is_a_clear_error(tmp_path):
    SqliteStore(tmp_path).save(record())
    holder = sqlite3.connect(tmp_path / "peercoach.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        store = SqliteStore(tmp_path, timeout=0.1)
        with pytest.raises(StoreError, match="locked"):
            store.save(record(log=[answer("new")] * 3))
    finally:
        holder.execute("ROLLBACK")
    assert [e.text for e in SqliteStore(tmp_path).load("s1").log] == ["Sam", ""]


def test_migration_from_the_first_schema_keeps_every_answer(tmp_path):
    path = tmp_path / "peercoach.db"
    old = sqlite3.connect(path, isolation_level=None)
    migrate(old, upto=1)  # a store as the first SQLite version wrote it: sessions and entries only
    old.execute("INSERT INTO sessions VALUES ('old', 'strengths', NULL, 'paused', '2026-01-02', '2026-01-02')")
    for seq, entry in enumerate([answer("first"), Entry(node="x", kind=EntryKind.BACK), answer("again"),
                                 answer("more")]):
        old.execute("INSERT INTO entries VALUES ('old', ?, ?)", (seq, json.dumps(entry.to_dict())))
    old.close()

    store = SqliteStore(tmp_path)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    loaded = store.load("old")
    assert [e.text for e in loaded.log] == ["first", "", "again", "more"] and loaded.person is None
    [info] = store.sessions()
    assert info.answers == 2 and info.status is Status.PAUSED  # counted by the migration
    store.save(record("new"))  # and the new tables work
    assert store.default_person() is None and store.people() == ["Sam"]


def test_list_and_latest_unfinished(open_store, tmp_path):
    store = open_store()
    store.save(record("a", Status.PAUSED, "2026-11-20T10:00:00"))
    store.save(record("b", Status.FINISHED, "2026-11-23T10:00:00"))
    store.save(record("c", Status.ACTIVE, "2026-11-22T10:00:00", person="Jo"))
    assert [s.id for s in store.sessions([Status.PAUSED])] == ["a"]
    assert [s.id for s in store.sessions(person="sam")] == ["a", "b"]
    assert store.latest_unfinished().id == "c"
    assert store.latest_unfinished("Sam").id == "a"
    assert store.sessions()[0].to_dict() == {"id": "a", "person": "Sam", "dialogue": "strengths",
                                         "status": "paused", "answers": 0, "updated": "2026-11-20T10:00:00"}


def test_people_and_the_remembered_default(open_store, tmp_path):
    store = open_store()
    assert store.default_person() is None
    assert store.remember_person("River") == "River"
    assert store.known_person("river") == "River"  # names match whatever their case
    store.remember_person("Ash")
    assert open_store().default_person() == "Ash" and store.people() == ["Ash", "River"]


def goal_fact(text, steps=(), at="2026-11-01T09:00:00", **more):
    return Fact("goal", {"text": text, "steps": list(steps), **more}, at)


def checkin_fact(goal, progress, at, **more):
    return Fact("checkin", {"goal": goal, "progress": progress, **more}, at)


def test_goals_steps_and_checkins_across_sessions(open_store, tmp_path):
    store = open_store()
    steps = [{"text": "buy shoes", "due": {"due": "2026-11-05", "text": "by Thursday"}}, "walk once"]
    store.save(record("set", facts=[goal_fact("Walk 20 minutes daily", steps, due={"due": "2026-12-01"})],
                      created="2026-11-01T09:00:00"))
    [goal] = store.goals("Sam")
    assert goal["id"] == "set/1" and goal["due"] == "2026-12-01" and goal["status"] == "open"
    assert goal["steps"] == [{"text": "buy shoes", "due": "2026-11-05"}, {"text": "walk once", "due": None}]

    store.save(record("r1", facts=[checkin_fact("Walk 20 minutes daily", 5, "2026-11-08T10:00", goal_id="set/1")],
                      created="2026-11-08T10:00:00"))
    store.save(record("r2", facts=[checkin_fact("walk 20 minutes daily ", 3, "2026-11-15T10:00")],  # by its words
                      created="2026-11-15T10:00:00"))
    [goal] = store.context_for("Sam")["person"]["goals"]
    assert goal["ratings"] == [5, 3] and [c["day"] for c in goal["checkins"]] == ["2026-11-08", "2026-11-15"]

    store.save(record("r3", facts=[checkin_fact("Walk 20 minutes daily", 2, "2026-11-22T10:00", goal_id="set/1",
                                                status="aside")], created="2026-11-22T10:00:00"))
    assert store.context_for("Sam")["person"]["goals"] == []  # put aside: no longer open
    assert store.goals("Sam")[0]["status"] == "aside"


def test_a_reworked_goal_replaces_the_old_one(open_store, tmp_path):
    store = open_store()
    store.save(record("set", facts=[goal_fact("Run a marathon")], created="2026-11-01"))
    store.save(record("rework", facts=[checkin_fact("Run a marathon", 1, "2026-11-08", goal_id="set/1"),
                                       goal_fact("Walk 10 minutes", replaces="set/1")], created="2026-11-08"))
    assert [(g["text"], g["status"]) for g in store.goals("Sam")] == [("Run a marathon", "replaced"),
                                                                      ("Walk 10 minutes", "open")]


def test_facts_follow_the_answers_when_a_person_goes_back(open_store, tmp_path):
    store = open_store()
    store.save(record("s", facts=[goal_fact("one"), goal_fact("two"),
                                  Fact("strength", {"text": ["kind", "funny"]})]))
    store.save(record("s", facts=[goal_fact("one")]))  # after /back, only one goal was recorded
    assert [g["text"] for g in store.goals("Sam")] == ["one"]
    assert store.export("Sam")["strengths"] == []


def _rulers(store):
    return [tuple(r) for r in store.db.execute(
        "SELECT goal_id, session_id, day, importance, confidence FROM rulers ORDER BY day, session_id").fetchall()]


def test_the_rulers_a_checkin_asked_again_are_kept_with_the_goals_once(open_store):
    store = open_store()
    store.save(record("set", facts=[goal_fact("Walk daily", importance=9, confidence=3)], created="2026-11-01"))
    checkin = record("r4", facts=[checkin_fact("Walk daily", 6, "2026-11-29T10:00", goal_id="set/1",
                                               importance=8, confidence=6)], created="2026-11-29T10:00:00")
    store.save(checkin)
    store.save(checkin)  # every answer saves: saved again, still one row
    assert _rulers(store) == [("set/1", "set", "2026-11-01", 9, 3), ("set/1", "r4", "2026-11-29", 8, 6)]
    [goal] = store.goals("Sam")
    assert goal["rulers"] == [{"day": "2026-11-01", "importance": 9, "confidence": 3},
                              {"day": "2026-11-29", "importance": 8, "confidence": 6}]
    assert store.handoff("Sam", "2026-12-02")["goals"][0]["rulers"] == goal["rulers"]
    store.save(record("r4", facts=[checkin_fact("Walk daily", 6, "2026-11-29T10:00", goal_id="set/1")],
                      created="2026-11-29T10:00:00"))  # after /back the check-in has no rulers: nor the record
    assert _rulers(store) == [("set/1", "set", "2026-11-01", 9, 3)]


def test_a_checkin_without_rulers_writes_none(open_store):
    store = open_store()
    store.save(record("set", facts=[goal_fact("Walk daily")], created="2026-11-01"))
    store.save(record("r1", facts=[checkin_fact("Walk daily", 5, "2026-11-08T10:00", goal_id="set/1"),
                                   checkin_fact("Sleep by eleven", 4, "2026-11-08T10:00",
                                                importance=None, confidence="a lot", notes="fine")]))
    assert _rulers(store) == []  # none asked, and a ruler that is not a number on the scale is not kept
    assert [len(g["checkins"]) for g in store.goals("Sam")] == [1, 1]


def test_two_checkins_on_one_goal_in_a_session_keep_one_row_the_later_winning(open_store):
    store = open_store()
    store.save(record("set", facts=[goal_fact("Walk daily")], created="2026-11-01"))
    store.save(record("r", facts=[checkin_fact("Walk daily", 5, "2026-11-08T10:00", goal_id="set/1",
                                               importance=7, confidence=4),
                                  checkin_fact("Walk daily", 6, "2026-11-08T10:30", goal_id="set/1", confidence=5)],
                      created="2026-11-08T10:00:00"))
    assert _rulers(store) == [("set/1", "r", "2026-11-08", 7, 5)]  # the importance only the first asked stays


def test_a_checkin_on_an_unknown_goal_records_the_goal(open_store, tmp_path):
    store = open_store()
    store.save(record("r", facts=[checkin_fact("Sleep by eleven", 6, "2026-11-08")]))
    [goal] = store.goals("Sam")
    assert goal["text"] == "Sleep by eleven" and goal["ratings"] == [6]


def test_export_has_everything_about_a_person_and_nobody_else(open_store, tmp_path):
    store = open_store()
    store.save(record("mine", log=[answer("my words")], facts=[
        goal_fact("Walk daily"), Fact("resource", {"text": ["my sister"], "kind": "people"})]))
    store.save(record("theirs", person="Jo", log=[answer("Jo's words")]))
    exported = store.export("sam")
    assert exported["person"] == "Sam" and [s["id"] for s in exported["sessions"]] == ["mine"]
    assert exported["sessions"][0]["log"][0]["text"] == "my words"
    assert exported["goals"][0]["text"] == "Walk daily"
    assert exported["resources"] == [{"kind": "resource", "text": "my sister", "detail": "people", "session": "mine"}]
    assert "Jo's words" not in json.dumps(exported)
    with pytest.raises(StoreError, match="nobody called `Kim`"):
        store.export("Kim")


def _bytes_on_disk(folder) -> bytes:
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.name.startswith("peercoach.db"))


def test_deleting_a_session_leaves_no_trace_of_its_text(tmp_path):
    store = SqliteStore(tmp_path)
    secret = "zebra-crossing-7731"
    store.save(record("gone", log=[answer(f"I told nobody about {secret}")], facts=[goal_fact(f"goal {secret}")]))
    store.save(record("kept", log=[answer("ordinary words")]))
    assert secret.encode() in _bytes_on_disk(tmp_path)
    store.delete_session("gone")
    assert secret.encode() not in _bytes_on_disk(tmp_path)
    assert [s.id for s in store.sessions()] == ["kept"] and store.goals("Sam") == []
    with pytest.raises(StoreError, match="no session `gone`"):
        store.delete_session("gone")


def test_deleting_a_person_removes_everything_of_theirs(tmp_path):
    store = SqliteStore(tmp_path)
    store.remember_person("Robin-Secret-Name")
    store.save(record("r1", person="Robin-Secret-Name", log=[answer("quartz-lantern-9")],
                      facts=[goal_fact("amber-goal-5"), checkin_fact("amber-goal-5", 4, "2026-11-02")]))
    store.save(record("other", person="Jo", log=[answer("Jo stays")]))
    assert store.delete_person("robin-secret-name") == 1
    on_disk = _bytes_on_disk(tmp_path)
    for text in (b"Robin-Secret-Name", b"quartz-lantern-9", b"amber-goal-5"):
        assert text not in on_disk
    assert store.people() == ["Jo"] and store.default_person() is None
    assert [s.id for s in store.sessions()] == ["other"]


def test_location_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("PEERCOACH_STORE", str(tmp_path / "x"))
    assert default_location() == tmp_path / "x"
    monkeypatch.delenv("PEERCOACH_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_location() == tmp_path / "data" / "peercoach"


def test_unknown_session(open_store, tmp_path):
    with pytest.raises(StoreError, match="no session `nope`"):
        open_store().load("nope")


def test_unwritable_location_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreError, match="cannot use"):
        SqliteStore(blocker / "store")


def test_sessions_saved_as_json_files_by_earlier_versions_come_along_when_asked(open_store, tmp_path):
    old = tmp_path / "sessions"
    old.mkdir()
    saved = record("2026-older", Status.PAUSED, person=None, log=[answer("kept from before")])
    (old / "2026-older.json").write_text(json.dumps(saved.to_dict()))
    (old / "broken.json").write_text("{ not json")
    store = open_store()
    assert store.sessions() == []  # opening a store never brings in files it finds beside it
    results = store.import_sessions([old])
    assert [(r.path.name, r.session and r.session.id, bool(r.skipped)) for r in results] == [
        ("2026-older.json", "2026-older", False), ("broken.json", None, True)]
    assert "not valid JSON" in results[1].skipped
    assert [e.text for e in store.load("2026-older").log] == ["kept from before"]
    assert [s.id for s in store.sessions()] == ["2026-older"]
    assert (old / "2026-older.json").exists() and (old / "broken.json").read_text() == "{ not json"
    [again] = store.import_sessions([old / "2026-older.json"])  # a second import overwrites nothing
    assert again.present and "already in the store" in again.skipped


def statements_of_one_save(store, session) -> list[str]:
    said: list[str] = []
    store.db.set_trace_callback(said.append)
    store.save(session)
    store.db.set_trace_callback(None)
    return said


@pytest.mark.parametrize("length", [3, 300])
def test_a_save_costs_the_same_at_any_length_and_skips_unchanged_facts(tmp_path, length):
    store = SqliteStore(tmp_path)
    session = record("long", log=[answer(f"answer {n}") for n in range(length)],
                     facts=[Fact("strength", {"text": ["patient"]})])
    session.answered = length
    store.save(session)
    session.log.append(answer("one more"))
    session.answered = length + 1
    said = statements_of_one_save(store, session)
    assert not any("count(" in s.lower() for s in said)  # the last entry is found by the index
    assert not any(s.lstrip().upper().startswith("DELETE") for s in said)  # the facts did not change
    inserts = [s for s in said if "INSERT INTO entries" in s]
    assert len(inserts) == 1  # only the new answer
    assert store.sessions()[0].answers == length + 1
    session.facts.append(Fact("strength", {"text": ["kind"]}))  # a new fact is written at once
    store.save(session)
    assert [i["text"] for i in store.export("Sam")["strengths"]] == ["patient", "kind"]


def test_facts_that_failed_to_commit_are_written_at_the_next_save(open_store, monkeypatch):
    store = open_store()
    session = record("s", facts=[Fact("strength", {"text": ["brave"]})])
    real = store._write

    def failing(db, rec, lease):
        real(db, rec, lease)
        raise StoreError("the disk is full")

    monkeypatch.setattr(store, "_write", failing)
    with pytest.raises(StoreError):
        store.save(session)
    monkeypatch.setattr(store, "_write", real)
    store.save(session)  # the same facts: not written last time, so written now
    assert [i["text"] for i in store.export("Sam")["strengths"]] == ["brave"]


def test_a_checkin_on_a_goal_named_only_in_the_review_survives_later_saves(open_store, tmp_path):
    # The goal was never set in `goals`: the check-in makes it. Saving the session again (with
    # something new recorded) used to delete that goal, and its check-in with it.
    store = open_store()
    session = record("review", facts=[checkin_fact("Sleep by eleven", 4, "2026-11-08T10:00")])
    store.save(session)
    for more in ("calm", "patient", "kind"):
        session.facts.append(Fact("strength", {"text": [more]}))
        store.save(session)
        [goal] = store.goals("Sam")  # after every save, not every other one
        assert goal["text"] == "Sleep by eleven" and goal["ratings"] == [4]
        assert [g["text"] for g in store.export("Sam")["goals"]] == ["Sleep by eleven"]


def test_access_codes_are_hashed_at_the_engines_full_cost():
    """Most tests of codes hash them at a tiny cost (tests/conftest.py, quick_code_hashes); the
    engine's own is scrypt at n = 16,384, r = 8: about 50 ms a guess."""
    import hashlib

    from engine.store import codes
    assert codes._SCRYPT == {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
    salt = bytes(range(16))
    assert codes._hash("ABCD", salt) == hashlib.scrypt(b"ABCD", salt=salt, n=2**14, r=8, p=1, dklen=32)
