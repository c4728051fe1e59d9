"""Regular expressions compiled once on this computer, not once per process.

The vocabularies' phrases compile to large regular expressions (a word class such as ``{pills}``
is spelled out in every phrase that uses it), and Python's ``re`` takes milliseconds to compile
each one: in a short conversation, compiling the phrases its answers touched was a third of the
whole run. ``compiled(pattern)`` gives what ``re.compile(pattern)`` gives, and keeps the code
``re`` compiled the pattern to in the cache folder (engine.ground.cache: this user's own,
owner-only, keyed on the Python version), so a later process hands the code straight to the
regular expression engine instead of compiling the pattern again.

Small code is kept together in one file, read whole at the first pattern a process needs (at most
``_MOST`` bytes, the code used least lately going first). Code of ``_BIG`` bytes or more (a
frame of the safety vocabulary spelled out: up to a megabyte, and seconds to compile) is kept in
a file of its own, read only when its pattern is asked for, so that holding many of them costs a
start nothing: in one file, a dozen would fill it and push out the rest, and every process would
compile them again (the test suite compiled thousands of patterns at every run, a fifth of its
time). Those files are bounded too (``_MOST_BIG`` bytes, the least lately used going first).

The engine checks any code it is handed, as it does for every pattern ``re`` compiles, so a
damaged entry is refused rather than run, and the pattern is compiled as usual. So is every
pattern when the cache is off, on a Python whose ``re`` works otherwise, or on any surprise.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import importlib
import os
import re
import sys
from array import array
from typing import Any

from engine.ground import cache

try:  # CPython's own compiler, as re.compile uses it (re/_compiler.py)
    _sre: Any = importlib.import_module("_sre")
    _compiler: Any = importlib.import_module("re._compiler")
    _parser: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover  # another Python: compiled as usual
    _sre = _compiler = _parser = None

NAME = "regexes"
BIG_NAME = "regex-code"  # one file for each pattern of _BIG bytes of code or more
_FORMAT = 2
_MOST = 4 * 1024 * 1024  # bytes of small code kept at most (a short conversation needs 1.5 MiB), latest used first
_BIG = 4096  # bytes of code from which a pattern is kept in a file of its own
_MOST_BIG = 256 * 1024 * 1024  # bytes of those files kept at most (the tests use about 70 MiB), latest used first
# The array type of the engine's code words ("" where none fits: compiled as usual).
_TYPECODE = next((code for code in "IL" if _sre is not None and array(code).itemsize == _sre.CODESIZE), "")

Kept = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]  # flags, code, groups, by name, by number

_kept: dict[bytes, Kept] | None = None  # read from the cache folder on first use
_new: dict[bytes, Kept] = {}  # compiled by this process, written out when it ends
_new_big: dict[bytes, Kept] = {}  # the same, of _BIG bytes of code or more: each written to a file of its own
_made_here: dict[bytes, re.Pattern[str]] = {}  # each pattern made once per process (as re's own cache does)
_used: list[bytes] = []  # kept code this process used: kept longest when new code is written


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from code compiled by an earlier process when there is some."""
    flags = int(flags)
    if _sre is None or not _TYPECODE:
        return re.compile(pattern, flags)
    key = _digest(pattern, flags)
    made = _made_here.get(key)
    if made is not None and made.pattern == pattern:
        return made
    kept = _known().pop(key, None)  # let go once made: the pattern is kept, not its code twice
    if kept is None:
        kept = _known_big(key)
    made = None
    if kept is not None:
        try:
            made = _made(pattern, kept)
            _used.append(key)
        except Exception:  # noqa: BLE001  # refused by the engine, or not ours: compiled as usual
            made = None
    if made is None:
        try:
            kept, made = _compile(pattern, flags)
        except Exception:  # noqa: BLE001  # anything unexpected: re.compile as ever, and say nothing
            return re.compile(pattern, flags)
        if not _new and not _new_big and _key() is not None:
            atexit.register(_keep)
        (_new_big if len(kept[1]) >= _BIG else _new)[key] = kept
    _made_here[key] = made
    return made


def _digest(pattern: str, flags: int = 0) -> bytes:
    written = f"{flags}:{pattern}" if flags else pattern
    return hashlib.blake2b(written.encode("utf-8", "surrogatepass"), digest_size=20).digest()


def _compile(pattern: str, flags: int = 0) -> tuple[Kept, re.Pattern[str]]:
    """What ``re._compiler.compile`` does, with the code it makes kept."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    by_name = dict(parsed.state.groupdict)
    by_number: list[str | None] = [None] * parsed.state.groups
    for name, number in by_name.items():
        by_number[number] = name
    kept: Kept = (flags | parsed.state.flags, array(_TYPECODE, code).tobytes(), parsed.state.groups - 1, by_name,
                  tuple(by_number))
    made: re.Pattern[str] = _sre.compile(pattern, kept[0], code, kept[2], by_name, kept[4])
    return kept, made


def _made(pattern: str, kept: Kept) -> re.Pattern[str]:
    flags, code, groups, by_name, by_number = kept
    words = array(_TYPECODE)
    words.frombytes(code)
    made: re.Pattern[str] = _sre.compile(pattern, flags, words.tolist(), groups, dict(by_name), by_number)
    return made


def _key() -> str | None:
    if cache.cache_folder() is None:
        return None
    how = f"{NAME}|{_FORMAT}|{sys.version}|{getattr(_sre, 'MAGIC', 0)}|{getattr(_sre, 'CODESIZE', 0)}"
    return cache.key_for([], [], how, [])


def _known() -> dict[bytes, Kept]:
    global _kept
    if _kept is None:
        key = _key()
        found = cache.load(NAME, key, dict) if key is not None else None
        _kept = found if found is not None else {}
    return _kept


def _big_key(key: str, digest: bytes) -> str:
    return hashlib.sha256(f"{key}|{digest.hex()}".encode()).hexdigest()


def _known_big(digest: bytes) -> Kept | None:
    """The code of a large pattern from its own file, or None. A file used is marked so (its time
    set to now), so the least lately used go first when there are too many."""
    key = _key()
    folder = cache.cache_folder()
    if key is None or folder is None:
        return None
    name = _big_key(key, digest)
    found = cache.load(BIG_NAME, name, tuple)
    if found is None:
        return None
    with contextlib.suppress(OSError):
        os.utime(folder / f"{BIG_NAME}-{name}.pickle")
    return found  # checked by the engine when made, like any kept code


def _keep() -> None:
    """At the end of a process that compiled new patterns: add them to what is kept, as another
    process may have meanwhile; the code used least lately goes first past ``_MOST`` (and, of the
    large patterns' files, past ``_MOST_BIG``)."""
    key = _key()
    if key is None:
        return
    if _new_big:
        for digest, kept in _new_big.items():
            cache.keep(BIG_NAME, _big_key(key, digest), kept, sweep=False)  # bounded below
        _new_big.clear()
        _bound_big()
    if not _new:
        return
    cache.keep_merged(NAME, key, _new, _used, _MOST, lambda kept: len(kept[1]))
    _new.clear()


def _bound_big() -> None:
    """The large patterns' files past ``_MOST_BIG`` bytes go, the least lately used first."""
    folder = cache.cache_folder()
    if folder is not None:
        cache.bound(folder, BIG_NAME, _MOST_BIG)
