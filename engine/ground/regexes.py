"""Regular expressions compiled once on this computer, not once per process.

The vocabularies' phrases compile to large regular expressions (a word class such as ``{pills}``
is spelled out in every phrase that uses it), and Python's ``re`` takes milliseconds to compile
each one: in a short conversation, compiling the phrases its answers touched was a third of the
whole run. ``compiled(pattern)`` gives what ``re.compile(pattern)`` gives, and keeps the code
``re`` compiled the pattern to in the cache folder (engine.ground.cache: this user's own,
owner-only, keyed on the Python version), so a later process hands the code straight to the
regular expression engine instead of compiling the pattern again.

The engine checks any code it is handed, as it does for every pattern ``re`` compiles, so a
damaged entry is refused rather than run, and the pattern is compiled as usual. So is every
pattern when the cache is off, on a Python whose ``re`` works otherwise, or on any surprise.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib
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
_FORMAT = 1
_MOST = 16 * 1024 * 1024  # bytes of code kept at most, the newest first
# The array type of the engine's code words ("" where none fits: compiled as usual).
_TYPECODE = next((code for code in "IL" if _sre is not None and array(code).itemsize == _sre.CODESIZE), "")

Kept = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]  # flags, code, groups, by name, by number

_kept: dict[bytes, Kept] | None = None  # read from the cache folder on first use
_new: dict[bytes, Kept] = {}  # compiled by this process, written out when it ends
_made_here: dict[bytes, re.Pattern[str]] = {}  # each pattern made once per process (as re's own cache does)


def compiled(pattern: str) -> re.Pattern[str]:
    """``re.compile(pattern)``, from code compiled by an earlier process when there is some."""
    if _sre is None or not _TYPECODE:
        return re.compile(pattern)
    key = _digest(pattern)
    made = _made_here.get(key)
    if made is not None and made.pattern == pattern:
        return made
    kept = _known().pop(key, None)  # let go once made: the pattern is kept, not its code twice
    made = None
    if kept is not None:
        try:
            made = _made(pattern, kept)
        except Exception:  # noqa: BLE001  # refused by the engine, or not ours: compiled as usual
            made = None
    if made is None:
        try:
            kept, made = _compile(pattern)
        except Exception:  # noqa: BLE001  # anything unexpected: re.compile as ever, and say nothing
            return re.compile(pattern)
        if not _new and _key() is not None:
            atexit.register(_keep)
        _new[key] = kept
    _made_here[key] = made
    return made


def _digest(pattern: str) -> bytes:
    return hashlib.blake2b(pattern.encode("utf-8", "surrogatepass"), digest_size=20).digest()


def _compile(pattern: str) -> tuple[Kept, re.Pattern[str]]:
    """What ``re._compiler.compile`` does, with the code it makes kept."""
    parsed = _parser.parse(pattern, 0)
    code = _compiler._code(parsed, 0)
    by_name = dict(parsed.state.groupdict)
    by_number: list[str | None] = [None] * parsed.state.groups
    for name, number in by_name.items():
        by_number[number] = name
    kept: Kept = (parsed.state.flags, array(_TYPECODE, code).tobytes(), parsed.state.groups - 1, by_name,
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


def _keep() -> None:
    """At the end of a process that compiled new patterns: add them to what is kept (the newest
    last, the oldest let go past ``_MOST``), as another process may have meanwhile."""
    key = _key()
    if key is None or not _new:
        return
    found = cache.load(NAME, key, dict)
    merged: dict[bytes, Any] = dict(found or {})
    merged.update(_new)
    size = 0
    for name in reversed(list(merged)):
        size += len(merged[name][1])
        if size > _MOST:
            del merged[name]
    cache.keep(NAME, key, merged)
    _new.clear()
