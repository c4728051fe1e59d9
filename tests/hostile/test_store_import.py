"""Sessions saved as JSON files by earlier versions (issue 13, item 12): never brought in silently
when a store is created (whoever wrote them, and `resume` would carry on with a planted one); only
by `peercoach sessions import`, which says what it imported and what it skipped, and why."""

from __future__ import annotations

import json
import os

import pytest
from hostile_support import needs_root, snapshot

from engine.cli import main
from engine.conversation.session import Entry, SessionRecord, Status
from engine.store.sqlite import SqliteStore


def session_file(folder, session_id, status="paused", words="kept from before"):
    record = SessionRecord(id=session_id, dialogue="strengths", status=Status(status), person="Sam",
                           created="2026-01-02T10:00:00", updated="2026-01-02T10:00:00",
                           log=[Entry(node="strengths:name", value=words, text=words, display=words)])
    path = folder / f"{session_id}.json"
    path.write_text(json.dumps(record.to_dict()))
    return path


@pytest.fixture
def beside(tmp_path, monkeypatch):
    """A store folder (not created yet) with a `sessions` folder of JSON files beside the store."""
    folder = tmp_path / "store"
    (folder / "sessions").mkdir(parents=True, mode=0o700)
    os.chmod(folder, 0o700)
    monkeypatch.setenv("PEERCOACH_STORE", str(folder))
    return folder


def test_creating_a_store_does_not_bring_in_files_found_beside_it(beside, capsys, monkeypatch):
    session_file(beside / "sessions", "planted", status="active", words="words someone else wrote")
    assert main(["sessions", "list"]) == 0
    assert "No sessions yet." in capsys.readouterr().out  # today: the planted session is listed
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(""))
    assert main(["--plain", "resume"]) == 1
    assert "no unfinished conversation" in capsys.readouterr().out  # today: it carries on with it


def test_sessions_import_says_what_it_brought_in_and_what_it_skipped(beside, capsys, tmp_path):
    old = beside / "sessions"
    good = session_file(old, "2026-older")
    (old / "broken.json").write_text("{ not json")
    (old / "list.json").write_text("[1, 2, 3]")
    (old / "odd-status.json").write_text(json.dumps({"id": "odd", "dialogue": "strengths", "status": "bogus"}))
    (old / "lone-surrogate.json").write_text('{"id": "s", "dialogue": "d", "log": [{"node": "a", "text": "\\ud800"}]}')
    os.mkfifo(old / "pipe.json")
    (old / "notes.txt").write_text("not a session file, and not a .json")
    before = {name: snapshot(old / name) for name in os.listdir(old)}
    assert main(["sessions", "import"]) == 1  # some files could not be brought in
    out = capsys.readouterr().out
    assert f"Imported 2026-older (strengths, paused, 1 answer) from {good}" in out
    for name, why in [("broken.json", "not valid JSON"), ("list.json", "JSON list, not a session"),
                      ("odd-status.json", "status 'bogus'"), ("lone-surrogate.json", "not valid Unicode"),
                      ("pipe.json", "a pipe, not an ordinary file")]:
        assert f"Skipped {old / name}: " in out and why in out, name
    assert "notes.txt" not in out and "1 session imported, 5 skipped." in out
    assert {name: snapshot(old / name) for name in os.listdir(old)} == before  # the files are left as they are
    assert [e.text for e in SqliteStore(beside).load("2026-older").log] == ["kept from before"]

    assert main(["sessions", "import", str(good)]) == 0  # again: nothing overwritten, and not a problem
    assert "session 2026-older is already in the store" in capsys.readouterr().out
    assert main(["sessions", "import", str(tmp_path / "nowhere")]) == 1
    assert "there is no such file or folder" in capsys.readouterr().out


def test_an_imported_session_never_overwrites_one_in_the_store(beside, capsys):
    store = SqliteStore(beside)
    store.save(SessionRecord(id="same", dialogue="strengths", status=Status.PAUSED, person="Sam",
                             log=[Entry(node="strengths:name", text="mine", value="mine")]))
    session_file(beside / "sessions", "same", words="someone else's")
    assert main(["sessions", "import"]) == 0
    assert [e.text for e in SqliteStore(beside).load("same").log] == ["mine"]


@needs_root
def test_a_file_of_another_user_is_not_imported(beside, capsys):
    path = session_file(beside / "sessions", "theirs")
    os.chown(path, 65534, 65534)
    assert main(["sessions", "import"]) == 1
    assert "belongs to another user" in capsys.readouterr().out
    assert SqliteStore(beside).sessions() == []
