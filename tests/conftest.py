"""Shared helpers: write small dialogues into a temporary folder and load them."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
import textwrap
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from postgres_cluster import Cluster, server_binaries

from engine.conversation.machine import Conversation
from engine.conversation.messages import Messages
from engine.dialogue.loader import load_library
from engine.dialogue.model import Library
from engine.ground import regexes
from engine.ground.errors import DialogueLoadError, Problem
from engine.ground.files import resource_dir


def _test_cache() -> str:
    """The tests' own cache folder (engine.ground.cache), never the person's ~/.cache: one per user,
    owner-only, kept between runs, so a run does not compile the safety and listening vocabularies
    again (about 2 s, in every test process) while their files and code are unchanged. An entry is
    keyed on what it was made from, so a stale one is never used. Should the folder be someone
    else's or open to others, this run gets a folder of its own."""
    folder = Path(tempfile.gettempdir()) / f"peercoach-test-cache-{os.getuid() if hasattr(os, 'getuid') else 0}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        found = os.lstat(folder)
        if stat.S_ISDIR(found.st_mode) and not found.st_mode & 0o077 and \
                (not hasattr(os, "getuid") or found.st_uid == os.getuid()):
            return str(folder)
    except OSError:
        pass
    return tempfile.mkdtemp(prefix="peercoach-test-cache-")


# Every process the tests start inherits it (an xdist worker too, whose TMPDIR may be another).
if "PEERCOACH_CACHE" not in os.environ:
    os.environ["PEERCOACH_CACHE"] = _test_cache()

RAM_TMP = Path("/dev/shm")
RAM_TMP_FREE = 1024**3  # bytes free it must have to be used


def _ram_tmp() -> Path | None:
    """Linux's shared-memory folder, when the tests may put their temporary files there: the
    tests' stores, dialogues and throwaway PostgreSQL cluster are written, synced and removed by
    the thousand, and on a disk each sync waits on it (ext4 mounted with ``discard`` also waits on
    each removal): 91 -> 75 s wall and 46 -> 37 s CPU for the store, command-line and hostile
    tests on a busy 2-core machine. Only where it is the usual world-writable, sticky folder with
    room to spare, and only when the person has not chosen a folder with ``TMPDIR`` (``TMPDIR=/tmp``
    keeps the disk). What a test checks does not change: syncing is never tested by the quick
    tests, and a process killed with SIGKILL leaves its written files behind on either."""
    if os.environ.get("TMPDIR") or not sys.platform.startswith("linux"):
        return None
    try:
        found = os.stat(RAM_TMP)
        space = os.statvfs(RAM_TMP)
    except OSError:
        return None
    world = stat.S_IWOTH | stat.S_IXOTH | stat.S_ISVTX
    if not stat.S_ISDIR(found.st_mode) or found.st_mode & world != world or found.st_uid != 0 \
            or space.f_bavail * space.f_frsize < RAM_TMP_FREE or not os.access(RAM_TMP, os.W_OK | os.X_OK):
        return None
    return RAM_TMP


# After the cache's folder is chosen, which stays on the disk (kept between runs and reboots). The
# processes the tests start, and the xdist workers, inherit it; pytest's tmp_path follows it.
if (_ram := _ram_tmp()) is not None:
    os.environ["TMPDIR"] = str(_ram)
    tempfile.tempdir = None  # chosen again from TMPDIR at the next use
# Python's own cache of compiled modules, even where the machine turns it off (some containers set
# PYTHONDONTWRITEBYTECODE): without it every test process rewrites the tests' asserts again and every
# peercoach process a test starts compiles the engine from source (about 4 s and 0.7 s each).
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
KEEP = {"library": 400}  # entries of each kind kept after a run, newest first (3 of any other kind)


def pytest_sessionfinish(session):
    """Entries of files and code long changed go: the newest few of each kind stay (a run's dialogues
    in tmp_path give a hundred small library entries, a vocabulary edit one large entry). With the
    tests spread over cores, only the process that started them tidies, once the others are done."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    folder = Path(os.environ["PEERCOACH_CACHE"])
    if not folder.name.startswith("peercoach-test-cache-") or not folder.is_dir():
        return  # off, or a folder someone chose: theirs to keep
    kinds: dict[str, list[tuple[float, Path]]] = defaultdict(list)
    for entry in folder.glob("*.pickle"):
        try:
            kinds[entry.stem[:-65]].append((entry.stat().st_mtime, entry))
        except OSError:
            continue
    for kind, entries in kinds.items():
        if kind == regexes.BIG_NAME:
            continue  # one file per large pattern, bounded by engine.ground.regexes itself
        for _, entry in sorted(entries, reverse=True)[KEEP.get(kind, 3):]:
            entry.unlink(missing_ok=True)


# A throwaway PostgreSQL cluster for the tests that run on both store backends (tests/store, the web's
# shared sign-in limit): started once per test process, a new database for each test.
@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    binaries = server_binaries()
    if binaries is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl) on this machine: "
                    "install the postgresql package to run the PostgreSQL store tests")
    cluster = Cluster(binaries)
    try:
        cluster.start()
    except subprocess.CalledProcessError as exc:
        cluster.stop()
        pytest.fail(f"could not start a throwaway PostgreSQL cluster: {exc.stderr.decode(errors='replace')}")
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> Iterator[str]:
    from engine.store.postgres import close_pools
    name = pg_cluster.new_database()
    yield pg_cluster.url(name)
    close_pools()
    pg_cluster.drop_database(name)


@pytest.fixture
def quick_code_hashes(monkeypatch) -> None:
    """Access codes hashed at a tiny scrypt cost (n = 16, not 16,384) in this test: each code
    issued or tried costs 50 ms at the engine's own cost, and the web and store tests issue and try
    about 150. For tests about what codes do, in this one process; a test that hands a code to
    another process (a server) must not use it. tests/store/test_store.py checks the engine's cost."""
    from engine.store import codes
    monkeypatch.setitem(codes._SCRYPT, "n", 2**4)


@pytest.fixture(scope="session")
def messages() -> Messages:
    return Messages.load(resource_dir("prompts") / "messages.yaml")


@pytest.fixture(scope="session")
def bundled() -> Library:
    return load_library()


@pytest.fixture
def write(tmp_path: Path):
    """write("name.yaml", yaml_text) -> path; the text is dedented."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def load(write):
    """load(yaml_text, **more_files) -> Library of just these files (no bundled dialogues)."""

    def _load(text: str, **others: str) -> Library:
        paths = [write("main.yaml", text)]
        paths += [write(f"{name}.yaml", body) for name, body in others.items()]
        return load_library(paths, bundled=False)

    return _load


@pytest.fixture
def problems(load):
    """problems(yaml_text) -> the list of Problems loading it raises (fails if it loads)."""

    def _problems(text: str, **others: str) -> list[Problem]:
        with pytest.raises(DialogueLoadError) as caught:
            load(text, **others)
        return caught.value.problems

    return _problems


@pytest.fixture
def talk(load, messages):
    """talk(yaml_text, dialogue_id="main") -> a Conversation over that dialogue."""

    def _talk(text: str, dialogue_id: str = "main", **others: str) -> Conversation:
        return Conversation(load(text, **others), messages, dialogue_id)

    return _talk
