"""The Python code Jinja compiles templates and expressions to, kept between runs.

Jinja turns each text it is given into Python source (lexing, parsing, checking, generating) and
compiles that: a conversation's start compiled its question texts, conditions and summary template
anew in every process, a tenth of it. Here the code of each is kept in the cache folder
(engine.ground.cache: this user's own, owner-only), keyed on the text, the environment's settings,
Jinja's version and the engine's code, and read whole at the first compile a process does; what a
process compiled that was not kept is added when it ends (at most ``_MOST`` bytes, the code used
least lately going first).

Only code that compiled without a mistake is kept, so every mistake is still found and reported
as before; code that cannot be read back (another Python, a damaged file) is compiled again.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import sys
from pathlib import Path
from types import CodeType

from engine.ground import cache

NAME = "template-code"
_FORMAT = 1
_MOST = 8 * 1024 * 1024  # bytes of code kept at most, latest used first
_CODE = [Path(__file__).resolve().parent.parent, Path(__file__).resolve().parents[2] / "render"]

_kept: dict[str, bytes] | None = None  # read from the cache folder at the first compile
_new: dict[str, bytes] = {}  # compiled by this process, written when it ends
_used: list[str] = []  # kept code this process used: kept longest when new code is written
_key_of_run: list[str | None] = []  # this process's cache key, worked out once


def _key() -> str | None:
    if not _key_of_run:
        if cache.cache_folder() is None:
            _key_of_run.append(None)
        else:
            import jinja2

            how = f"{NAME}|{_FORMAT}|{sys.version}|jinja2 {jinja2.__version__}"
            _key_of_run.append(cache.key_for([], [], how, _CODE))
    return _key_of_run[0]


def digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def _known() -> dict[str, bytes]:
    global _kept
    if _kept is None:
        key = _key()
        found = cache.load(NAME, key, dict) if key is not None else None
        _kept = found if found is not None else {}
    return _kept


def kept(name: str) -> CodeType | None:
    """The code kept as ``name`` (a ``digest`` of what it was compiled from), or None."""
    if _key() is None:
        return None
    written = _known().get(name)
    if written is None:
        return None
    try:
        code = marshal.loads(written)
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(code, CodeType):
        return None
    _used.append(name)
    return code


def keep(name: str, code: CodeType) -> None:
    """Keep ``code`` as ``name``, written to the cache when this process ends."""
    if _key() is None:
        return
    try:
        written = marshal.dumps(code)
    except ValueError:  # pragma: no cover  # code holding a constant marshal cannot write
        return
    if not _new:
        atexit.register(_write)
    _new[name] = written


def _write() -> None:
    key = _key()
    if key is None or not _new:
        return
    cache.keep_merged(NAME, key, _new, _used, _MOST, len)
    _new.clear()
