"""The methods ``dataclasses`` writes for each record class, compiled once on this computer.

For every ``@dataclass`` Python 3.11 writes the text of ``__init__``, ``__repr__``,
``__eq__``, ``__hash__`` (and ``__setattr__``/``__delattr__`` when frozen) and compile each with
``exec``: the engine's 80-odd record classes cost a start about 50 ms, three quarters of it in
compiling those texts, before the first question. ``install()`` (done by the command line before it
imports the engine) keeps the code each text compiles to in the cache folder (engine.ground.cache:
this user's own, owner-only, keyed on the Python version), so a later process runs the same code
without compiling it again. The text, and so the code, is exactly what ``dataclasses`` makes: only
where it is compiled changes. Code new to a process is added to the cache when it ends.

On another Python (whose ``dataclasses`` works otherwise), with the cache off, or when anything is
unexpected, nothing is changed and ``dataclasses`` compiles as ever.
"""

from __future__ import annotations

import atexit
import dataclasses
import hashlib
import marshal
import sys
from types import CodeType
from typing import Any

NAME = "record-code"
_FORMAT = 1
_MOST = 4 * 1024 * 1024  # bytes of code kept at most (the engine's start needs about 0.3 MB)
# What _create_fn looks like on the Python whose text is copied below.
_SIGNATURE = ("name", "args", "body", "globals", "locals", "return_type")
# A digest of that function's compiled code: a Python 3.11 release whose _create_fn says anything
# else (a fix in a later release) keeps its own, since _create_fn below copies this one's text.
_COPIED = "d43438f2fff1542f384bcd6f394465f5"

_kept: dict[bytes, bytes] | None = None
_new: dict[bytes, bytes] = {}
_installed: list[Any] = []  # the function replaced, once installed


def _known() -> dict[bytes, bytes]:
    global _kept
    if _kept is None:
        from engine.ground import cache

        key = _key()
        found = cache.load(NAME, key, dict) if key is not None else None
        _kept = found if found is not None else {}
    return _kept


def _key() -> str | None:
    from engine.ground import cache

    if cache.cache_folder() is None:
        return None
    return cache.key_for([], [], f"{NAME}|{_FORMAT}|{sys.implementation.name}|{sys.version}", [])


def _code(text: str) -> CodeType:
    """``compile(text)`` as ``exec(text)`` compiles it, from the cache when it holds it."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest()
    written = _known().get(digest)
    if written is not None:
        try:
            code = marshal.loads(written)
            if isinstance(code, CodeType):
                return code
        except (EOFError, ValueError, TypeError):
            pass
    code = compile(text, "<string>", "exec")
    if not _new:
        atexit.register(_write)
    _new[digest] = marshal.dumps(code)
    return code


def _create_fn(name: str, args: list[str], body: list[str], *, globals: dict[str, Any] | None = None,  # noqa: A002
               locals: dict[str, Any] | None = None, return_type: Any = dataclasses.MISSING) -> Any:  # noqa: A002
    # dataclasses._create_fn of Python 3.11, word for word, but for where the text is compiled.
    if locals is None:
        locals = {}  # noqa: A001
    return_annotation = ""
    if return_type is not dataclasses.MISSING:
        locals["_return_type"] = return_type
        return_annotation = "->_return_type"
    joined = ",".join(args)
    lines = "\n".join(f"  {b}" for b in body)
    txt = f" def {name}({joined}){return_annotation}:\n{lines}"
    local_vars = ", ".join(locals.keys())
    txt = f"def __create_fn__({local_vars}):\n{txt}\n return {name}"
    ns: dict[str, Any] = {}
    exec(_code(txt), globals, ns)  # noqa: S102  # the text dataclasses wrote, as it runs it
    return ns["__create_fn__"](**locals)


def install() -> None:
    """Compile the record classes' methods through the cache from now on (see the module's text)."""
    original = getattr(dataclasses, "_create_fn", None)
    if _installed or original is None or sys.implementation.name != "cpython" or sys.version_info[:2] != (3, 11):
        return
    code = getattr(original, "__code__", None)
    if code is None or code.co_varnames[:len(_SIGNATURE)] != _SIGNATURE or code.co_kwonlyargcount != 3:
        return
    if _digest(code) != _COPIED:
        return
    if _key() is None:
        return
    _installed.append(original)
    dataclasses._create_fn = _create_fn  # type: ignore[attr-defined]


def _digest(code: CodeType) -> str:
    """What a function compiled to, as a short digest (its bytecode, constants and names; a nested
    function's code by its own digest, since its repr names where it sits in memory)."""
    consts = tuple(_digest(const) if isinstance(const, CodeType) else const for const in code.co_consts)
    seen = code.co_code + repr((consts, code.co_names, code.co_varnames)).encode("utf-8")
    return hashlib.blake2b(seen, digest_size=16).hexdigest()


def _write() -> None:
    from engine.ground import cache

    key = _key()
    if key is None or not _new:
        return
    cache.keep_merged(NAME, key, _new, [], _MOST, len)
    _new.clear()
