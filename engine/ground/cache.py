"""What is slow to build from files (the checked library, the compiled safety and listening
vocabularies), kept between runs.

An entry is keyed on everything it was made from: each file and folder it read (path, size,
modification time), the code that builds it (the same) and the engine's version. Any change gives
another key, so a stale entry is never found; one that cannot be read (damaged, from another
Python, not ours) is ignored and made again. Only this user's own files in an owner-only folder
are read: a cache is never trusted from anywhere else.

``PEERCOACH_CACHE`` names the folder (default ``$XDG_CACHE_HOME/peercoach``, else
``~/.cache/peercoach``); ``PEERCOACH_CACHE=off`` turns the cache off.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import secrets
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic, TypeVar

from engine import __version__
from engine.ground.files import owner

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")

CACHE_ENV = "PEERCOACH_CACHE"
_FORMAT = 1  # bumped when what is pickled changes shape


def cache_folder() -> Path | None:
    """Where cache files go, or None when the cache is off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "peercoach"


def _stamp(path: Path) -> str:
    try:
        found = os.stat(path)
    except OSError:
        return f"{path}:missing"
    return f"{path}:{found.st_size}:{found.st_mtime_ns}"


def key_for(files: Iterable[Path], folders: Iterable[Path], how: str, code: Iterable[Path]) -> str:
    """The key of what was made from ``files`` (read whole) and ``folders`` (looked up in) by the
    Python code under the folders ``code``."""
    digest = hashlib.sha256(f"{_FORMAT}|{__version__}|{how}".encode())
    digest.update(_code_stamps(tuple(code)))
    for path in files:
        digest.update(_stamp(path).encode("utf-8", "surrogateescape") + b"\n")
    for folder in folders:
        digest.update(_stamp(folder).encode("utf-8", "surrogateescape") + b"\n")
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            digest.update(_stamp(entry).encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()


_CODE_STAMPS: dict[Path, list[tuple[Path, bytes]]] = {}


_ENGINE = Path(__file__).resolve().parent.parent


def _code_stamps(code: tuple[Path, ...]) -> bytes:
    """Every Python file under the folders ``code``, with its size and time. The engine's own
    folders are looked at once a process, each folder once however many keys name it: the engine
    code a process runs is what it imported, and a start made several keys, each walking the same
    folders again (engine/understanding for the listening, the safety and the cards' keys)."""
    found: list[tuple[Path, bytes]] = []
    for folder in code:
        stamps = _CODE_STAMPS.get(folder)
        if stamps is None:
            stamps = [(path, _stamp(path).encode("utf-8", "surrogateescape") + b"\n")
                      for path in _python_files(folder)]
            if folder.is_relative_to(_ENGINE):
                _CODE_STAMPS[folder] = stamps
        found.extend(stamps)
    return b"".join(stamp for _, stamp in sorted(found))


def _python_files(folder: Path) -> list[Path]:
    """The ``.py`` files under ``folder``, outside ``__pycache__`` (``os.scandir``: a tenth of
    ``Path.rglob``'s time)."""
    files: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return files
    for entry in entries:
        if entry.name == "__pycache__":
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                files.extend(_python_files(Path(entry.path)))
            elif entry.name.endswith(".py"):
                files.append(Path(entry.path))
        except OSError:
            continue
    return files


def _ours(found: os.stat_result, private: int) -> bool:
    me = owner()
    return (me is None or found.st_uid == me) and not found.st_mode & private


def load(name: str, key: str, kind: type[T]) -> T | None:
    """The ``kind`` kept as ``name`` under ``key``, or None (none kept, or one that cannot be
    trusted or read)."""
    folder = cache_folder()
    if folder is None:
        return None
    path = folder / f"{name}-{key}.pickle"
    try:
        if not _ours(os.stat(folder), 0o077):
            return None
        with open(path, "rb") as stream:
            status = os.fstat(stream.fileno())
            if not stat.S_ISREG(status.st_mode) or not _ours(status, 0o077):
                return None
            kept = _unpickled(stream)
    except Exception:  # noqa: BLE001  # missing, damaged or foreign: made again, never trusted
        return None
    if not isinstance(kept, tuple) or len(kept) != 2 or kept[0] != key or not isinstance(kept[1], kind):
        return None
    found: T = kept[1]
    return found


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off while many lasting objects are made at once.

    It runs a full collection each time the objects made since the last one outnumber a quarter
    of those that lived through it, and each walks every object alive: building a library (or
    reading a cache) of hundreds of thousands of objects, none of them garbage, made it walk them
    again and again, so a 10,000-question dialogue took 15 times a 1,000-question one, not 10.

    When it is back on (as it was before, even after an error), what was made is filed with the
    oldest objects at once (``gc.freeze`` then ``gc.unfreeze``: two splices of lists, nothing
    walked): left among the young, the first collection after would walk every one of them, a
    quarter of the time of reading a 10,000-question library from the cache. Cycles left meanwhile
    are collected by the next full collection. (Nothing in peercoach freezes objects for good, which
    this would undo.)"""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _unpickled(stream: Any) -> Any:
    """What a cache file holds: hundreds of thousands of small objects (phrases, word sets), none
    of them garbage, so the collector is held off while they are made (it would otherwise walk
    them again and again: half the time of loading the safety rules)."""
    with collector_paused():
        return pickle.load(stream)


class Packed(Generic[T]):
    """A part of a cached value that most runs never use, kept as its own pickle inside the entry
    and unpickled only when first asked for (``unpacked``): reading an entry then costs only the
    parts a run needs (a conversation's answers are checked for non-answers by the listening rules,
    while their topics and feelings are read only by the few dialogues that ask for them)."""

    __slots__ = ("_made", "_pickled")

    def __init__(self, value: T):
        self._made: T | None = value
        self._pickled: bytes | None = None

    @classmethod
    def _of(cls, pickled: bytes) -> Packed[Any]:
        packed: Packed[Any] = cls.__new__(cls)
        packed._made, packed._pickled = None, pickled
        return packed

    def __reduce__(self) -> tuple[Any, ...]:
        pickled = self._pickled
        if pickled is None:
            pickled = pickle.dumps(self._made, protocol=pickle.HIGHEST_PROTOCOL)
        return (Packed._of, (pickled,))

    def unpacked(self) -> T:
        if self._pickled is not None:
            with collector_paused():
                self._made = pickle.loads(self._pickled)
            self._pickled = None
        made: T = self._made  # type: ignore[assignment]  # set above, or given
        return made

    @property
    def is_unpacked(self) -> bool:
        return self._pickled is None


def unpacked(value: T | Packed[T]) -> T:
    """``value`` itself, or what a ``Packed`` holds."""
    return value.unpacked() if isinstance(value, Packed) else value


def keep(name: str, key: str, value: Any, *, sweep: bool = True) -> None:
    """Keep ``value`` as ``name`` under ``key``; a cache that cannot be written is simply not kept.
    Entries of the same name go first when they are a week old or, newest kept, once they pass
    ``KIND_BYTES`` together (each edit of the safety vocabulary makes an entry of some 20 MB), unless
    ``sweep`` is off (for a kind with many entries, written many at a time, that bounds them itself)."""
    folder = cache_folder()
    if folder is None:
        return
    temporary = folder / f".{name}-{key}.{secrets.token_hex(4)}.tmp"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _ours(os.stat(folder), 0o077):
            return  # a folder others can read or write is no place for it
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            pickle.dump((key, value), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, folder / f"{name}-{key}.pickle")
        if sweep:
            _sweep(folder, name)  # after: the entry just written is the newest, counted first
    except (OSError, pickle.PicklingError, RecursionError):
        temporary.unlink(missing_ok=True)



def keep_merged(name: str, key: str, new: dict[K, V], used: list[K], most: int, size: Callable[[V], int]) -> None:
    """Add ``new`` to the dictionary kept as ``name`` under ``key`` (another process may have added
    to it meanwhile), with what ``used`` names last in line to go, and the least lately used going
    first past ``most`` (each value's part of it its ``size``): the code caches' end of a process."""
    merged: dict[K, V] = dict(load(name, key, dict) or {})
    for seen in used:
        if seen in merged:
            merged[seen] = merged.pop(seen)
    merged.update(new)
    total = 0
    for entry in reversed(list(merged)):
        total += size(merged[entry])
        if total > most:
            del merged[entry]
    keep(name, key, merged)


KIND_BYTES = 128 * 1024 * 1024  # bytes of the entries of one name kept at most (newest first)


def _sweep(folder: Path, name: str) -> None:
    """Entries of ``name`` of sources long changed, or past the kind's bytes, go (newest stay)."""
    bound(folder, name, KIND_BYTES, older_than=7 * 24 * 3600)


def bound(folder: Path, name: str, most: int, *, older_than: float | None = None) -> None:
    """The entries of ``name`` past ``most`` bytes go, the least lately written (or touched) first;
    the newest always stays, however large. With ``older_than`` (seconds), entries that old go too."""
    oldest = None if older_than is None else time.time() - older_than
    entries: list[tuple[float, int, Path]] = []
    for old in folder.glob(f"{name}-*.pickle"):
        try:
            found = old.stat()
        except OSError:
            continue
        if oldest is not None and found.st_mtime < oldest:
            old.unlink(missing_ok=True)
        else:
            entries.append((found.st_mtime, found.st_size, old))
    total = 0
    for index, (_, size, old) in enumerate(sorted(entries, key=lambda entry: entry[0], reverse=True)):
        total += size
        if total > most and index:
            old.unlink(missing_ok=True)


def cached(name: str, files: Iterable[Path], code: Iterable[Path], kind: type[T], build: Callable[[], T]) -> T:
    """``build()``, or what it built last time from the same ``files`` with the same ``code``."""
    key = key_for(list(files), (), name, list(code)) if cache_folder() is not None else None
    found = load(name, key, kind) if key is not None else None
    if found is not None:
        return found
    made = build()
    if key is not None:
        keep(name, key, made)
    return made
