"""Rows and session files as they are stored, checked as they are read: anything that does not
hold what peercoach writes is ``Damaged`` (reported, and left as it is), never half read."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from engine.conversation.session import Entry, SessionRecord, Status
from engine.ground.files import file_kind, owner
from engine.store.interface import SessionInfo

MAX_IMPORT_BYTES = 20 * 1024 * 1024  # a session file bigger than this is not one peercoach wrote
SESSION_ID = re.compile(r"[\w.:-]{1,100}")  # what `new_session_id` makes, and room for older ids


# -- rows as they are stored, checked as they are read ------------------------------------------
class Damaged(Exception):
    """A row or file that does not hold what peercoach writes there (the message says what)."""


_ENTRY_FIELDS: dict[str, tuple[type, ...]] = {
    "node": (str,), "text": (str,), "display": (str,), "question": (str,), "kind": (str,),
    "at": (str, type(None)), "safety": (dict, type(None)), "type": (str, type(None))}


def _entry_from(data: Any) -> Entry:
    if not isinstance(data, dict) or "node" not in data:
        raise Damaged("an answer is not an object with a `node`")
    for key, types in _ENTRY_FIELDS.items():
        if key in data and not isinstance(data[key], types):
            raise Damaged(f"an answer's `{key}` is {type(data[key]).__name__}, not {types[0].__name__}")
    try:
        return Entry.from_dict(data)
    except ValueError:
        raise Damaged(f"an answer has an unknown kind {data.get('kind')!r}") from None


def entry_row(text: Any) -> Entry:
    """One stored log entry (JSON text), or ``Damaged``."""
    if not isinstance(text, str):
        raise Damaged("an answer is not stored as text")
    try:
        return _entry_from(json.loads(text))
    except ValueError as exc:
        raise Damaged(f"an answer is not valid JSON ({exc})") from None


def _need(value: Any, what: str, *types: type) -> Any:
    if not isinstance(value, types) or isinstance(value, bool) and bool not in types:
        raise Damaged(f"its {what} is {type(value).__name__} {str(value)[:40]!r}")
    return value


def _status(value: Any) -> Status:
    try:
        return Status(value)
    except ValueError:
        raise Damaged(f"its status {str(value)[:40]!r} is not one peercoach knows "
                       f"({', '.join(s.value for s in Status)})") from None


def _context(value: Any) -> dict[str, Any]:
    """What the dialogue was given when the session started: a JSON object, as ``save`` wrote it."""
    try:
        context = json.loads(_need(value, "context", str))
    except ValueError as exc:
        raise Damaged(f"its context is not valid JSON ({exc})") from None
    if not isinstance(context, dict):
        raise Damaged(f"its context is a JSON {type(context).__name__}, not an object")
    return context


def info_row(row: tuple[Any, ...]) -> SessionInfo:
    """A ``sessions list`` row: (id, person, dialogue, status, answers, created, updated, source)."""
    session_id, person, dialogue, status, answers, created, updated, source = row
    text, maybe = (str,), (str, type(None))
    return SessionInfo(_need(session_id, "id", *text), _need(person, "person", *maybe),
                       _need(dialogue, "dialogue", *text), _status(status), _need(answers, "answer count", int),
                       _need(created, "start time", *maybe), _need(updated, "update time", *maybe),
                       _need(source, "dialogue file", *maybe))


def record_row(row: tuple[Any, ...], entries: list[tuple[Any, ...]]) -> SessionRecord:
    """A stored session: its row (as ``info_row`` reads it, then the context) and its log entries."""
    info = info_row(row[:8])
    return SessionRecord(id=info.id, dialogue=info.dialogue, source=info.source, status=info.status,
                         created=info.created, updated=info.updated, person=info.person, context=_context(row[8]),
                         log=[entry_row(text) for (text,) in entries])


def record_from(data: Any) -> SessionRecord:
    """A session as an earlier peercoach saved it to a JSON file (``SessionRecord.to_dict``)."""
    if not isinstance(data, dict):
        raise Damaged(f"it holds a JSON {type(data).__name__}, not a session")
    session_id = data.get("id")
    if not isinstance(session_id, str) or not SESSION_ID.fullmatch(session_id):
        raise Damaged("it has no session id peercoach could have written")
    log = data.get("log", [])
    if not isinstance(log, list):
        raise Damaged("its `log` is not a list")
    context = data.get("context") or {}
    if not isinstance(context, dict):
        raise Damaged("its `context` is not an object")
    maybe = (str, type(None))
    fields = {key: _need(data.get(key), key, *maybe) for key in ("source", "created", "updated", "person")}
    return SessionRecord(id=session_id, dialogue=_need(data.get("dialogue"), "dialogue", str),
                         log=[_entry_from(e) for e in log], status=_status(data.get("status", "active")),
                         context=context, **fields)


def where(session_id: Any, rowid: int) -> str:
    return session_id if isinstance(session_id, str) else f"(row {rowid})"


def session_file_text(path: Path) -> str:
    """The text of a session file, read only if it is an ordinary file of this user's: a pipe would
    block, a device could be endless, and another user's file is not theirs to bring in."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise Damaged(f"it cannot be read ({exc.strerror})") from None
    with os.fdopen(descriptor, "rb") as stream:
        found = os.fstat(descriptor)
        if not stat.S_ISREG(found.st_mode):
            raise Damaged(f"it is {file_kind(found)}, not an ordinary file")
        if owner() is not None and found.st_uid != owner():
            raise Damaged(f"it belongs to another user (user id {found.st_uid})")
        if found.st_size > MAX_IMPORT_BYTES:
            raise Damaged(f"it is larger than {MAX_IMPORT_BYTES // 2 ** 20} MB, more than any session")
        data = stream.read(MAX_IMPORT_BYTES + 1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise Damaged("it is not UTF-8 text") from None
