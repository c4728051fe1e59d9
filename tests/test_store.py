"""The file store: round trips, owner-only permissions, damaged files left alone."""

from __future__ import annotations

import stat

import pytest

from engine.errors import StoreError
from engine.session import Entry, EntryKind, SessionRecord, Status
from engine.store import FileStore, default_location, latest_unfinished


def record(session_id="s1", status=Status.ACTIVE, updated="2026-11-23T10:00:00"):
    return SessionRecord(id=session_id, dialogue="strengths", status=status, updated=updated,
                         log=[Entry(node="strengths:name", value="Sam", text="Sam", display="Sam"),
                              Entry(node="strengths:hard_time", kind=EntryKind.BACK)])


def test_round_trip(tmp_path):
    store = FileStore(tmp_path / "store")
    store.save(record())
    loaded = store.load("s1")
    assert loaded == record()
    assert loaded.log[1].kind is EntryKind.BACK


def test_files_are_readable_by_their_owner_only(tmp_path):
    store = FileStore(tmp_path / "store")
    store.save(record())
    assert stat.S_IMODE((tmp_path / "store").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "store" / "sessions").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "store" / "sessions" / "s1.json").stat().st_mode) == 0o600


def test_saving_leaves_no_temporary_files(tmp_path):
    store = FileStore(tmp_path)
    for _ in range(3):
        store.save(record())
    assert [p.name for p in (tmp_path / "sessions").iterdir()] == ["s1.json"]


def test_damaged_file_is_reported_and_left_alone(tmp_path):
    store = FileStore(tmp_path)
    path = tmp_path / "sessions" / "s1.json"
    path.write_text("{ not json")
    with pytest.raises(StoreError, match="damaged"):
        store.load("s1")
    assert path.read_text() == "{ not json"
    assert store.list() == []  # listing skips it rather than failing


def test_unknown_and_unsafe_ids(tmp_path):
    store = FileStore(tmp_path)
    with pytest.raises(StoreError, match="no session `nope`"):
        store.load("nope")
    with pytest.raises(StoreError, match="not a session id"):
        store.load("../../etc/passwd")


def test_list_and_latest_unfinished(tmp_path):
    store = FileStore(tmp_path)
    store.save(record("a", Status.PAUSED, "2026-11-20T10:00:00"))
    store.save(record("b", Status.FINISHED, "2026-11-23T10:00:00"))
    store.save(record("c", Status.ACTIVE, "2026-11-22T10:00:00"))
    assert [r.id for r in store.list([Status.PAUSED])] == ["a"]
    assert latest_unfinished(store).id == "c"


def test_location_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("PEERCOACH_STORE", str(tmp_path / "x"))
    assert default_location() == tmp_path / "x"
    monkeypatch.delenv("PEERCOACH_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_location() == tmp_path / "data" / "peercoach"


def test_unwritable_location_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreError, match="cannot use"):
        FileStore(blocker / "store")
