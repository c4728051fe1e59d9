"""Files written with `--out` (issue 13, items 9 and 11): checked before the conversation starts,
written whole or not at all (a temporary file in the same folder, synced, renamed), owner-only
whatever the umask, and a failure is one clear line that leaves no empty or partial file."""

from __future__ import annotations

import errno
import io
import os
import stat
import subprocess
import sys

import pytest
from hostile_support import one_clear_line, snapshot, write_dialogue

from engine.cli import main
from engine.store.sqlite import SqliteStore


@pytest.fixture
def store(tmp_path, monkeypatch):
    folder = tmp_path / "store"
    monkeypatch.setenv("PEERCOACH_STORE", str(folder))
    SqliteStore(folder).remember_person("Sam")
    return folder


@pytest.fixture
def umask_000():
    previous = os.umask(0)
    yield
    os.umask(previous)


def feed(monkeypatch, lines):
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))


def sessions(store):
    opened = SqliteStore(store)
    try:
        return [opened.load(info.id) for info in opened.sessions()]
    finally:
        opened.close()


def a_finished_session(store, monkeypatch, tmp_path, capsys) -> str:
    dialogue = write_dialogue(tmp_path, questions=2)
    feed(monkeypatch, ["first", "second"])
    assert main(["--plain", "run", str(dialogue)]) == 0
    capsys.readouterr()
    [record] = sessions(store)
    return record.id


def leftovers(folder):
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


# -- checked before anything starts -------------------------------------------------------------
@pytest.mark.parametrize("command", [["run", "resource-map"], ["resume"]])
def test_out_into_a_missing_folder_is_refused_before_the_conversation(store, tmp_path, monkeypatch, capsys,
                                                                       command):
    feed(monkeypatch, ["Jo"])
    main(["--plain", "run", "resource-map"])  # something to resume
    capsys.readouterr()
    before = [(r.id, len(r.log)) for r in sessions(store)]
    feed(monkeypatch, ["these words would be asked for and then lost"] * 5)
    assert main(["--plain", *command, "--out", str(tmp_path / "missing" / "summary.md")]) == 1
    out, err = capsys.readouterr()
    assert "no folder" in one_clear_line(err)  # today: FileNotFoundError after the whole conversation
    assert "Where do you feel safe" not in out  # no question was asked
    assert [(r.id, len(r.log)) for r in sessions(store)] == before


def test_summary_out_into_a_missing_folder_is_one_line(store, tmp_path, monkeypatch, capsys):
    session = a_finished_session(store, monkeypatch, tmp_path, capsys)
    assert main(["summary", session, "--out", str(tmp_path / "missing" / "s.md")]) == 1
    assert "no folder" in one_clear_line(capsys.readouterr().err)  # today: FileNotFoundError traceback


def test_out_that_is_a_folder_is_refused(store, tmp_path, monkeypatch, capsys):
    (tmp_path / "folder.md").mkdir()
    feed(monkeypatch, ["Jo"])
    assert main(["--plain", "run", "resource-map", "--out", str(tmp_path / "folder.md")]) == 1
    assert "is a folder" in one_clear_line(capsys.readouterr().err)
    assert sessions(store) == []


def test_out_that_is_a_link_to_nothing_is_refused_and_not_created(store, tmp_path, monkeypatch, capsys):
    session = a_finished_session(store, monkeypatch, tmp_path, capsys)
    link = tmp_path / "s.md"
    link.symlink_to(tmp_path / "elsewhere.md")
    assert main(["summary", session, "--out", str(link)]) == 1
    assert "does not exist" in one_clear_line(capsys.readouterr().err)
    assert not (tmp_path / "elsewhere.md").exists()


# -- private ------------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_summaries_are_owner_only_whatever_the_umask(store, tmp_path, monkeypatch, capsys, umask_000, suffix):
    session = a_finished_session(store, monkeypatch, tmp_path, capsys)
    written = tmp_path / f"summary{suffix}"
    assert main(["summary", session, "--out", str(written)]) == 0
    assert stat.S_IMODE(written.stat().st_mode) == 0o600  # today: 0666 under umask 000
    existing = tmp_path / f"existing{suffix}"
    existing.write_text("old")
    os.chmod(existing, 0o644)
    assert main(["summary", session, "--out", str(existing)]) == 0
    assert stat.S_IMODE(existing.stat().st_mode) == 0o600 and "first" in existing.read_text()
    dialogue = write_dialogue(tmp_path, questions=1)
    feed(monkeypatch, ["only"])
    run_out = tmp_path / f"run{suffix}"
    assert main(["--plain", "run", str(dialogue), "--out", str(run_out)]) == 0
    assert stat.S_IMODE(run_out.stat().st_mode) == 0o600  # today: 0666
    feed(monkeypatch, [])
    paused_out = tmp_path / f"paused{suffix}"
    assert main(["--plain", "run", str(dialogue), "--out", str(paused_out)]) == 0  # paused at once: still written
    assert stat.S_IMODE(paused_out.stat().st_mode) == 0o600
    export = tmp_path / "me.json"
    assert main(["sessions", "export", "Sam", "--out", str(export)]) == 0
    assert stat.S_IMODE(export.stat().st_mode) == 0o600
    assert leftovers(tmp_path) == []


# -- a full disk --------------------------------------------------------------------------------
class FullDisk:
    """os.write as on a full disk (SQLite writes below Python, so the store is not affected)."""

    def __init__(self, monkeypatch, after: int = 0):
        self.calls, self.after = 0, after
        real = os.write

        def write(fd, data):
            self.calls += 1
            if self.calls > self.after:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real(fd, data[: max(len(data) // 2, 1)])  # a short write first, as a nearly full disk does

        monkeypatch.setattr(os, "write", write)


def test_summary_out_on_a_full_disk_is_one_line_and_leaves_no_file(store, tmp_path, monkeypatch, capsys):
    session = a_finished_session(store, monkeypatch, tmp_path, capsys)
    FullDisk(monkeypatch, after=1)
    target = tmp_path / "summary.md"
    assert main(["summary", session, "--out", str(target)]) == 1
    line = one_clear_line(capsys.readouterr().err)
    assert "No space left on device" in line and "no file was left behind" in line
    assert not target.exists() and leftovers(tmp_path) == []


def test_a_full_disk_leaves_the_earlier_file_as_it_was(store, tmp_path, monkeypatch, capsys):
    session = a_finished_session(store, monkeypatch, tmp_path, capsys)
    target = tmp_path / "summary.md"
    target.write_text("the summary from last week")
    before = snapshot(target)
    FullDisk(monkeypatch)
    assert main(["summary", session, "--out", str(target)]) == 1
    assert "left as it was" in one_clear_line(capsys.readouterr().err)
    assert snapshot(target) == before and leftovers(tmp_path) == []


def test_the_runs_out_on_a_full_disk_keeps_the_answers_and_says_how_to_write_it_again(store, tmp_path,
                                                                                      monkeypatch, capsys):
    dialogue = write_dialogue(tmp_path, questions=2)
    target = tmp_path / "summary.html"
    FullDisk(monkeypatch)
    feed(monkeypatch, ["one", "two"])
    assert main(["--plain", "run", str(dialogue), "--out", str(target)]) == 1
    out, err = capsys.readouterr()
    assert "I could not write your summary" in out and "--out" in out and "Traceback" not in err
    assert not target.exists() and leftovers(tmp_path) == []
    [record] = sessions(store)
    assert record.status.value == "finished" and [e.text for e in record.log] == ["one", "two"]


@pytest.fixture
def tiny_disk(tmp_path):
    """A real 64 KiB file system, full but for a few bytes (needs root and tmpfs; else skipped)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs",
                                            str(mount)], capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small file system here")
    try:
        with open(mount / "filler", "wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * 1024)
            except OSError:
                pass
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def test_summary_out_on_a_really_full_disk(store, tmp_path, monkeypatch, capsys, tiny_disk):
    session = a_finished_session(store, monkeypatch, tmp_path, capsys)
    target = tiny_disk / "summary.html"
    assert main(["summary", session, "--out", str(target)]) == 1  # today: OSError traceback, a 0-byte file
    assert "No space left on device" in one_clear_line(capsys.readouterr().err)
    assert sorted(os.listdir(tiny_disk)) == ["filler"]
