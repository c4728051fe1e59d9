"""What `--store` and PEERCOACH_STORE may be given, and what peercoach does with it (issue 13,
items 1, 9 and 12): a path that is not our store is refused in one line and left exactly as it
was (mode, owner, content, times, folder entries); only what peercoach creates gets 0700 or 0600;
a store its owner made read-only stays read-only; empty files and links to nothing are refused."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hostile_support import PEERCOACH, needs_command, needs_root, one_clear_line, snapshot, store_of_version_2

from engine.cli import main
from engine.conversation.session import SessionRecord, Status
from engine.ground.errors import StoreError
from engine.store.sqlite import SqliteStore

PASSWD = "root:x:0:0:root:/root:/bin/bash\nsam:x:1000:1000:Sam:/home/sam:/bin/bash\n"


def refused(capsys, *argv: str) -> str:
    """Run `peercoach ARGV` in-process; it must fail with one clear line (returned)."""
    assert main(list(argv)) == 1
    return one_clear_line(capsys.readouterr().err)


@pytest.fixture
def open_to_all():
    """A folder another user can reach (pytest's own temporary folders are private to us)."""
    top = Path(tempfile.mkdtemp(prefix="peercoach-hostile-"))
    os.chmod(top, 0o755)
    yield top
    shutil.rmtree(top, ignore_errors=True)


@pytest.fixture
def umask_000():
    previous = os.umask(0)
    yield
    os.umask(previous)


def a_store(folder):
    """A real store with one session, closed."""
    store = SqliteStore(folder)
    store.save(SessionRecord(id="s1", dialogue="strengths", status=Status.PAUSED, person="Sam"))
    store.close()
    return folder


# -- things that are not a store ----------------------------------------------------------------
@pytest.mark.parametrize("name", ["passwd", "passwd.db"])
def test_a_copy_of_etc_passwd_is_refused_and_left_exactly_as_it_was(tmp_path, capsys, name):
    path = tmp_path / name
    path.write_text(PASSWD)
    os.chmod(path, 0o644)
    before = snapshot(path)
    line = refused(capsys, "--store", str(path), "sessions", "list")
    assert "left as it is" in line
    assert snapshot(path) == before  # today: mode 644 -> 700 before "Not a directory"
    assert sorted(os.listdir(tmp_path)) == [name]  # nothing was created beside it


@needs_root
@pytest.mark.parametrize("name", ["null-clone", "null-clone.db"])
def test_a_character_device_in_the_environment_is_refused_and_left_alone(tmp_path, monkeypatch, capsys, name):
    device = tmp_path / name
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # our own /dev/null, never the real one
    except OSError as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    before = snapshot(device)
    monkeypatch.setenv("PEERCOACH_STORE", str(device))
    line = refused(capsys, "sessions", "list")
    assert "device" in line and "left as it is" in line
    assert snapshot(device) == before  # today: mode 666 -> 700


@needs_command
def test_a_pipe_named_like_a_store_is_refused_without_waiting_on_it(tmp_path):
    fifo = tmp_path / "store.db"
    os.mkfifo(fifo, 0o600)
    before = snapshot(fifo)
    done = subprocess.run([PEERCOACH, "--store", str(fifo), "sessions", "list"], capture_output=True, text=True,
                          timeout=30, stdin=subprocess.DEVNULL)
    assert done.returncode == 1 and "pipe" in one_clear_line(done.stderr)
    assert snapshot(fifo) == before


@pytest.mark.parametrize("mode", [0o1777, 0o777])
def test_a_folder_anyone_can_write_to_is_refused_and_left_alone(tmp_path, capsys, mode):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, mode)
    before = snapshot(shared)
    assert "anyone" in refused(capsys, "--store", str(shared), "sessions", "list")
    assert "anyone" in refused(capsys, "--store", str(shared / "mine.db"), "sessions", "list")
    assert snapshot(shared) == before  # today: chmod to 0700 (the first) or a store made in it (the second)


def test_an_empty_sqlite_database_of_another_program_is_not_adopted(tmp_path, capsys):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("PRAGMA user_version = 7").connection.close()  # valid, but no tables
    before = snapshot(path)
    assert "not a peercoach store" in refused(capsys, "--store", str(path), "sessions", "list")
    assert snapshot(path) == before


# -- empty files and links ----------------------------------------------------------------------
def test_a_zero_byte_file_is_refused_not_turned_into_a_store(tmp_path, capsys):
    path = tmp_path / "empty.db"
    path.touch(mode=0o644)
    before = snapshot(path)
    assert "empty file" in refused(capsys, "--store", str(path), "sessions", "list")
    assert snapshot(path) == before and sorted(os.listdir(tmp_path)) == ["empty.db"]


def test_a_zero_byte_store_file_in_a_store_folder_is_refused(tmp_path, capsys):
    folder = tmp_path / "store"
    folder.mkdir(mode=0o700)
    (folder / "peercoach.db").touch()
    before = snapshot(folder)
    assert "empty file" in refused(capsys, "--store", str(folder), "sessions", "list")
    assert snapshot(folder) == before and (folder / "peercoach.db").stat().st_size == 0


def test_a_db_link_to_a_zero_byte_file_is_refused(tmp_path, capsys):
    target = tmp_path / "notes.txt"
    target.touch()
    link = tmp_path / "store.db"
    link.symlink_to(target)
    before = snapshot(target)
    assert "empty file" in refused(capsys, "--store", str(link), "sessions", "list")
    assert snapshot(target) == before and target.stat().st_size == 0


def test_a_dangling_db_link_is_refused_and_its_target_is_not_created(tmp_path, capsys):
    link = tmp_path / "store.db"
    link.symlink_to(tmp_path / "elsewhere" / "target.db")
    line = refused(capsys, "--store", str(link), "sessions", "list")
    assert "does not exist" in line and "does not create it" in line
    assert not (tmp_path / "elsewhere").exists() and os.path.islink(link)


def test_a_dangling_folder_link_is_refused_and_its_target_is_not_created(tmp_path, capsys):
    link = tmp_path / "store"
    link.symlink_to(tmp_path / "gone")
    assert "does not exist" in refused(capsys, "--store", str(link), "sessions", "list")
    assert not (tmp_path / "gone").exists()


def test_a_link_to_a_real_store_still_works(tmp_path, capsys):
    a_store(tmp_path / "real")
    (tmp_path / "link.db").symlink_to(tmp_path / "real" / "peercoach.db")
    assert main(["--store", str(tmp_path / "link.db"), "sessions", "list"]) == 0
    assert "s1" in capsys.readouterr().out


# -- what peercoach makes, and what it does not change ------------------------------------------
def test_only_what_peercoach_creates_is_made_private(tmp_path, umask_000):
    made = tmp_path / "a" / "new" / "store"
    a_store(made)
    assert stat.S_IMODE(made.stat().st_mode) == 0o700
    assert stat.S_IMODE((made / "peercoach.db").stat().st_mode) == 0o600
    mine = tmp_path / "mine"
    mine.mkdir()
    os.chmod(mine, 0o755)  # a folder the person made: theirs to decide about
    a_store(mine)
    assert stat.S_IMODE(mine.stat().st_mode) == 0o755  # today: changed to 0700
    assert stat.S_IMODE((mine / "peercoach.db").stat().st_mode) == 0o600


def test_a_store_file_made_read_only_is_read_but_never_made_writable(tmp_path, capsys):
    folder = a_store(tmp_path / "store")
    path = folder / "peercoach.db"
    os.chmod(path, 0o400)
    before = snapshot(path)
    assert main(["--store", str(folder), "sessions", "list"]) == 0  # reading still works
    assert "s1" in capsys.readouterr().out
    line = refused(capsys, "--store", str(folder), "--person", "Sam", "run", "resource-map")
    assert "read-only" in line and "left as it is" in line
    assert "read-only" in refused(capsys, "--store", str(folder), "resume", "s1")
    assert "read-only" in refused(capsys, "--store", str(folder), "sessions", "delete", "s1", "--yes")
    assert snapshot(path) == before  # today: chmod back to 0600, then written
    with pytest.raises(StoreError, match="read-only"):
        SqliteStore(folder).remember_person("Kim")


def test_a_store_folder_made_read_only_is_not_made_writable(tmp_path, capsys):
    folder = a_store(tmp_path / "store")
    os.chmod(folder, 0o500)
    try:
        before = snapshot(folder)
        main(["--store", str(folder), "sessions", "list"])  # reads if the system lets it, else one line
        out, err = capsys.readouterr()
        assert "s1" in out or one_clear_line(err)
        assert "read-only" in refused(capsys, "--store", str(folder), "--person", "Sam", "run", "resource-map")
        assert stat.S_IMODE(folder.stat().st_mode) == 0o500  # today: chmod back to 0700
        assert snapshot(folder).entries == before.entries
    finally:
        os.chmod(folder, 0o700)


def test_an_old_read_only_store_is_refused_not_upgraded(tmp_path, capsys):
    folder = store_of_version_2(tmp_path / "old")
    os.chmod(folder / "peercoach.db", 0o400)
    before = snapshot(folder / "peercoach.db")
    assert "older peercoach" in refused(capsys, "--store", str(folder), "sessions", "list")
    assert snapshot(folder / "peercoach.db") == before


# -- another user's store -----------------------------------------------------------------------
@needs_root
def test_a_store_of_another_user_is_refused_and_left_alone(tmp_path, capsys):
    folder = a_store(tmp_path / "theirs")
    path = folder / "peercoach.db"
    os.chmod(path, 0o644)
    os.chown(path, 65534, 65534)
    before = snapshot(path)
    assert "another user" in refused(capsys, "--store", str(folder), "sessions", "list")
    assert "another user" in refused(capsys, "--store", str(path), "sessions", "list")
    assert snapshot(path) == before  # today (as root): chmod to 0600 and opened


@needs_root
@needs_command
def test_a_store_the_user_can_read_but_does_not_own_is_one_line_not_a_traceback(open_to_all):
    # As the issue found it: another user runs peercoach on a store they can write but do not own.
    top = open_to_all
    folder = a_store(top / "store")
    path = folder / "peercoach.db"
    os.chmod(path, 0o666)
    os.chown(folder, 65534, 65534)  # the folder is theirs, the file is root's
    os.chmod(folder, 0o755)
    before = snapshot(path)
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(top), "PEERCOACH_STORE": str(path),
           **{k: v for k, v in os.environ.items() if k == "PYTHONPATH"}}
    try:
        done = subprocess.run([PEERCOACH, "sessions", "list"], capture_output=True, text=True, timeout=60,
                              env=env, user=65534, group=65534, cwd=top)
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot run as another user here: {exc}")
    if "ModuleNotFoundError" in done.stderr or "Permission denied: '" + sys.prefix in done.stderr:
        pytest.skip("the installed peercoach cannot be run by another user on this machine")
    assert done.returncode == 1 and "another user" in one_clear_line(done.stderr)  # today: PermissionError
    assert snapshot(path) == before
