"""Where conversations and people's progress are kept: one SQLite file (the standard library's sqlite3).

Why SQLite: every answer is one small transaction, committed and synced before the next question
is shown, so a killed process loses nothing and a half-written answer never exists. WAL mode lets
``peercoach sessions list`` read while a conversation is writing. The file and its folder are
readable by their owner only; a file that is damaged, locked, foreign or from a newer peercoach is
reported and left exactly as it is.

Only what peercoach made is ever changed: a store is created whole under a temporary name and
linked into place (so many processes may open a new store at once, and an empty file is never
ours), only a folder or file peercoach creates is given 0700 or 0600, and anything else it is
given (another program's file, a device, a folder anyone can write to, a link to nothing, another
user's store) is refused before it is opened. A store its owner made read-only is opened
read-only. One conversation is open in one place at a time: the session row holds a lease.

Front ends talk to the ``SessionStore`` interface. The schema is built by ``MIGRATIONS``, one step
per version (kept in ``PRAGMA user_version``): a store made by an older peercoach is brought up to
date when it is opened, in one exclusive transaction.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import socket
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from engine.conversation.session import Entry, SessionRecord, Status, count_answers
from engine.ground.errors import StoreError
from engine.ground.files import sync_folder

STORE_ENV = "PEERCOACH_STORE"
DATABASE_NAME = "peercoach.db"
DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
APPLICATION_ID = 0x50434348  # "PCCH": marks a SQLite file as a peercoach store
BUSY_SECONDS = 5.0  # how long to wait for another peercoach that is writing
SQLITE_HEADER = b"SQLite format 3\x00"
MAX_IMPORT_BYTES = 20 * 1024 * 1024  # a session file bigger than this is not one peercoach wrote
SESSION_ID = re.compile(r"[\w.:-]{1,100}")  # what `new_session_id` makes, and room for older ids


class SessionStore(Protocol):
    def save(self, record: SessionRecord) -> None: ...

    def load(self, session_id: str) -> SessionRecord: ...

    def list(self, statuses: Iterable[Status] | None = None, person: str | None = None) -> list[SessionInfo]: ...


@dataclass(frozen=True)
class SessionInfo:
    """One line of ``sessions list``: a session without its answers."""

    id: str
    person: str | None
    dialogue: str
    status: Status
    answers: int
    created: str | None
    updated: str | None
    source: str | None = None

    @classmethod
    def of(cls, record: SessionRecord) -> SessionInfo:
        return cls(record.id, record.person, record.dialogue, record.status, count_answers(record.log),
                   record.created, record.updated, record.source)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "person": self.person, "dialogue": self.dialogue, "status": self.status.value,
                "answers": self.answers, "updated": self.updated}


@dataclass(frozen=True)
class Imported:
    """What ``sessions import`` made of one file: the session it brought in, or why it skipped it."""

    path: Path
    session: SessionInfo | None = None
    skipped: str | None = None  # why the file was left out
    present: bool = False  # skipped because the store already has that session (not a problem)


# -- where the store is -------------------------------------------------------------------------
def default_location() -> Path:
    """``$PEERCOACH_STORE``, else ``$XDG_DATA_HOME/peercoach``, else ``~/.local/share/peercoach``."""
    if os.environ.get(STORE_ENV):
        return Path(os.environ[STORE_ENV]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "peercoach"


def database_file(location: Path) -> Path:
    """A location is either the database file itself (``*.db``) or a folder that holds one."""
    location = Path(location).expanduser()
    if location.suffix.lower() in DATABASE_SUFFIXES and not location.is_dir():
        return location
    return location / DATABASE_NAME


# -- the schema, one step per version -----------------------------------------------------------
def _script(db: sqlite3.Connection, script: str) -> None:
    """Run a migration's statements one by one.

    Not ``executescript``: it commits the open transaction first, so a migration killed half way
    would leave half a schema, and another process could see the tables before the store is marked
    as peercoach's.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""


def _v1_sessions(db: sqlite3.Connection) -> None:
    _script(db, """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY, dialogue TEXT NOT NULL, source TEXT, status TEXT NOT NULL,
            created TEXT, updated TEXT);
        CREATE TABLE entries (
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL, entry TEXT NOT NULL,  -- one Entry as JSON, never rewritten
            PRIMARY KEY (session_id, seq));
    """)


def _v2_people(db: sqlite3.Connection) -> None:
    _script(db, """
        CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, created TEXT);
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        ALTER TABLE sessions ADD COLUMN person_id INTEGER REFERENCES people(id) ON DELETE CASCADE;
        ALTER TABLE sessions ADD COLUMN context TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE sessions ADD COLUMN answers INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX sessions_by_person ON sessions(person_id);
        CREATE TABLE goals (
            id TEXT PRIMARY KEY,  -- "<session>/<n>": the n-th goal that session recorded
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            text TEXT NOT NULL, area TEXT, due TEXT, replaces TEXT, created TEXT);
        CREATE TABLE steps (
            goal_id TEXT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
            position INTEGER NOT NULL, text TEXT NOT NULL, due TEXT,
            PRIMARY KEY (goal_id, position));
        CREATE TABLE checkins (
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            goal_id TEXT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
            day TEXT NOT NULL, progress REAL NOT NULL, notes TEXT, status TEXT,
            PRIMARY KEY (session_id, position));
        CREATE TABLE items (  -- strengths and resources a person named
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, detail TEXT,
            PRIMARY KEY (session_id, position));
    """)
    # Sessions saved by version 1 had no answer count yet: count them from their logs (an entry
    # that cannot be read counts as nothing; the session is reported when it is opened).
    for (session_id,) in db.execute("SELECT id FROM sessions").fetchall():
        log = []
        for (text,) in db.execute("SELECT entry FROM entries WHERE session_id = ? ORDER BY seq", (session_id,)):
            try:
                log.append(_entry(text))
            except _Damaged:
                continue
        db.execute("UPDATE sessions SET answers = ? WHERE id = ?", (count_answers(log), session_id))


def _v3_leases(db: sqlite3.Connection) -> None:
    # Which peercoach has the session open (a ``_Holder`` as JSON), or NULL: taken at resume and
    # on a new session's first save, checked at every save, given up on pause and at the end.
    db.execute("ALTER TABLE sessions ADD COLUMN lease TEXT")


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1_sessions, _v2_people, _v3_leases)
SCHEMA_VERSION = len(MIGRATIONS)


def _version(db: sqlite3.Connection) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite3.Connection, upto: int = SCHEMA_VERSION) -> None:
    """Bring the schema to version ``upto``: every step in one exclusive transaction.

    The version that decides what to do is read inside the transaction, so of many processes
    opening an old store at once the first brings it up to date and the others find nothing left
    to do; a migration that is killed leaves the store as it was.
    """
    if _version(db) >= upto:
        return  # the usual case, without taking the write lock
    db.execute("BEGIN EXCLUSIVE")
    try:
        version = _version(db)
        for number in range(version + 1, upto + 1):
            MIGRATIONS[number - 1](db)
        if version < upto:
            db.execute(f"PRAGMA user_version = {upto}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


# -- rows as they are stored, checked as they are read ------------------------------------------
class _Damaged(Exception):
    """A row or file that does not hold what peercoach writes there (the message says what)."""


_ENTRY_FIELDS: dict[str, tuple[type, ...]] = {
    "node": (str,), "text": (str,), "display": (str,), "question": (str,), "kind": (str,),
    "at": (str, type(None)), "safety": (dict, type(None)), "type": (str, type(None))}


def _entry_from(data: Any) -> Entry:
    if not isinstance(data, dict) or "node" not in data:
        raise _Damaged("an answer is not an object with a `node`")
    for key, types in _ENTRY_FIELDS.items():
        if key in data and not isinstance(data[key], types):
            raise _Damaged(f"an answer's `{key}` is {type(data[key]).__name__}, not {types[0].__name__}")
    try:
        return Entry.from_dict(data)
    except ValueError:
        raise _Damaged(f"an answer has an unknown kind {data.get('kind')!r}") from None


def _entry(text: Any) -> Entry:
    """One stored log entry (JSON text), or ``_Damaged``."""
    if not isinstance(text, str):
        raise _Damaged("an answer is not stored as text")
    try:
        return _entry_from(json.loads(text))
    except ValueError as exc:
        raise _Damaged(f"an answer is not valid JSON ({exc})") from None


def _need(value: Any, what: str, *types: type) -> Any:
    if not isinstance(value, types) or isinstance(value, bool) and bool not in types:
        raise _Damaged(f"its {what} is {type(value).__name__} {str(value)[:40]!r}")
    return value


def _status(value: Any) -> Status:
    try:
        return Status(value)
    except ValueError:
        raise _Damaged(f"its status {str(value)[:40]!r} is not one peercoach knows "
                       f"({', '.join(s.value for s in Status)})") from None


def _context(value: Any) -> dict[str, Any]:
    """What the dialogue was given when the session started: a JSON object, as ``save`` wrote it."""
    try:
        context = json.loads(_need(value, "context", str))
    except ValueError as exc:
        raise _Damaged(f"its context is not valid JSON ({exc})") from None
    if not isinstance(context, dict):
        raise _Damaged(f"its context is a JSON {type(context).__name__}, not an object")
    return context


def _info(row: tuple) -> SessionInfo:
    """A ``sessions list`` row: (id, person, dialogue, status, answers, created, updated, source)."""
    session_id, person, dialogue, status, answers, created, updated, source = row
    text, maybe = (str,), (str, type(None))
    return SessionInfo(_need(session_id, "id", *text), _need(person, "person", *maybe),
                       _need(dialogue, "dialogue", *text), _status(status), _need(answers, "answer count", int),
                       _need(created, "start time", *maybe), _need(updated, "update time", *maybe),
                       _need(source, "dialogue file", *maybe))


def _record(row: tuple, entries: list[tuple]) -> SessionRecord:
    """A stored session: its row (as ``_info`` reads it, then the context) and its log entries."""
    info = _info(row[:8])
    return SessionRecord(id=info.id, dialogue=info.dialogue, source=info.source, status=info.status,
                         created=info.created, updated=info.updated, person=info.person, context=_context(row[8]),
                         log=[_entry(text) for (text,) in entries])


def _record_from(data: Any) -> SessionRecord:
    """A session as an earlier peercoach saved it to a JSON file (``SessionRecord.to_dict``)."""
    if not isinstance(data, dict):
        raise _Damaged(f"it holds a JSON {type(data).__name__}, not a session")
    session_id = data.get("id")
    if not isinstance(session_id, str) or not SESSION_ID.fullmatch(session_id):
        raise _Damaged("it has no session id peercoach could have written")
    log = data.get("log", [])
    if not isinstance(log, list):
        raise _Damaged("its `log` is not a list")
    context = data.get("context") or {}
    if not isinstance(context, dict):
        raise _Damaged("its `context` is not an object")
    maybe = (str, type(None))
    fields = {key: _need(data.get(key), key, *maybe) for key in ("source", "created", "updated", "person")}
    return SessionRecord(id=session_id, dialogue=_need(data.get("dialogue"), "dialogue", str),
                         log=[_entry_from(e) for e in log], status=_status(data.get("status", "active")),
                         context=context, **fields)


def _where(session_id: Any, rowid: int) -> str:
    return session_id if isinstance(session_id, str) else f"(row {rowid})"


def _session_file_text(path: Path) -> str:
    """The text of a session file, read only if it is an ordinary file of this user's: a pipe would
    block, a device could be endless, and another user's file is not theirs to bring in."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise _Damaged(f"it cannot be read ({exc.strerror})") from None
    with os.fdopen(descriptor, "rb") as stream:
        found = os.fstat(descriptor)
        if not stat.S_ISREG(found.st_mode):
            raise _Damaged(f"it is {_kind(found)}, not an ordinary file")
        if _owner() is not None and found.st_uid != _owner():
            raise _Damaged(f"it belongs to another user (user id {found.st_uid})")
        if found.st_size > MAX_IMPORT_BYTES:
            raise _Damaged(f"it is larger than {MAX_IMPORT_BYTES // 2 ** 20} MB, more than any session")
        data = stream.read(MAX_IMPORT_BYTES + 1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise _Damaged("it is not UTF-8 text") from None


# -- who has a session open ---------------------------------------------------------------------
def _read(path: str) -> str | None:
    try:
        with open(path, encoding="ascii", errors="replace") as stream:
            return stream.read()
    except OSError:
        return None


def _process_state(pid: int) -> tuple[str, str] | None:
    """(state, start time) of a process from /proc (Linux), or None where there is no /proc.

    The start time tells a recycled process id from the peercoach that held a lease.
    """
    text = _read(f"/proc/{pid}/stat")
    if not text or ")" not in text:
        return None
    fields = text[text.rindex(")") + 2:].split()  # fields[0] is field 3 (state), fields[19] field 22
    return (fields[0], fields[19]) if len(fields) > 19 else None


def _boot() -> str | None:
    boot = _read("/proc/sys/kernel/random/boot_id")
    return boot.strip() if boot else None


@dataclass(frozen=True)
class _Holder:
    """The peercoach process that has a session open: the lease kept in the session's row."""

    host: str
    pid: int
    started: str | None  # when that process started, where the system says (Linux)
    boot: str | None  # which boot of the computer (Linux)
    since: str  # when it opened the session, for the message

    def to_json(self) -> str:
        return json.dumps({"host": self.host, "pid": self.pid, "started": self.started, "boot": self.boot,
                           "since": self.since})

    @classmethod
    def from_json(cls, text: Any) -> _Holder | None:
        """The holder in a lease, or None for no lease (or one too damaged to hold anything)."""
        try:
            data = json.loads(text) if isinstance(text, str) else None
            holder = cls(str(data["host"]), int(data["pid"]), data.get("started"), data.get("boot"),
                         str(data.get("since") or ""))
        except (ValueError, TypeError, KeyError):
            return None
        return holder if holder.pid > 0 else None

    def same_process(self, other: _Holder) -> bool:
        return (self.host, self.pid, self.started, self.boot) == (other.host, other.pid, other.started, other.boot)

    def checkable(self) -> bool:
        """Whether this computer can tell if that peercoach still runs (on Windows os.kill would
        end it; a process of another host or container has ids this one cannot look up)."""
        return os.name != "nt" and self.host == _this_process().host

    def running(self) -> bool:
        """Whether that peercoach may still be running; when this computer cannot tell, it may."""
        here = _this_process()
        if self.boot and here.boot and self.boot != here.boot:
            return False  # another boot: the computer restarted since, or the store was moved here
        if not self.checkable():
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass  # it exists, as another user's process
        state = _process_state(self.pid)
        if state is None:
            return True
        return state[0] not in ("Z", "X") and not (self.started and state[1] != self.started)

    def where(self) -> str:
        here = _this_process()
        place = "on this computer" if self.host == here.host else f"on {self.host}"
        since = f", since {self.since[11:16]}" if len(self.since) >= 16 else ""
        return f"process {self.pid} {place}{since}"


_HOLDERS: dict[int, _Holder] = {}  # by process id: a forked child is a holder of its own


def _this_process() -> _Holder:
    pid = os.getpid()
    if pid not in _HOLDERS:
        state = _process_state(pid)
        _HOLDERS[pid] = _Holder(socket.gethostname(), pid, state[1] if state else None, _boot(),
                                datetime.now().astimezone().isoformat(timespec="seconds"))
    return _HOLDERS[pid]


# -- the store ----------------------------------------------------------------------------------
def _uri(path: Path, query: str) -> str:
    return f"{Path(os.path.abspath(path)).as_uri()}?{query}"


def _kind(found: os.stat_result) -> str:
    mode = found.st_mode
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a file"


def _owner() -> int | None:
    return os.geteuid() if hasattr(os, "geteuid") else None


# What ``link`` says on a file system without hard links (FAT, some network shares).
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS}


class SqliteStore:
    """Sessions, people and their progress in one SQLite file."""

    def __init__(self, location: Path, *, timeout: float = BUSY_SECONDS):
        location = Path(location).expanduser()
        self.path = database_file(location)
        # Why this store can only be read (its owner made it read-only), or None.
        self.read_only: str | None = self._prepare()
        try:
            self.db = sqlite3.connect(self._address(), uri=True, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}") from None
        try:
            with self._errors("open"):
                self._check()
                if not self.read_only and self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = FULL")  # an answer is on disk when save() returns
                self.db.execute("PRAGMA foreign_keys = ON")
                self.db.execute("PRAGMA secure_delete = ON")  # deleted text is overwritten, not left behind
                if not self.read_only:
                    migrate(self.db)
        except StoreError:
            self.db.close()
            raise

    # -- opening --------------------------------------------------------------------------
    def _address(self) -> str:
        """How SQLite is to open the file: read-write, never creating it; or read-only.

        A read-only store with no write-ahead log beside it holds everything in the file itself, so
        it is opened as immutable: SQLite then creates no -wal or -shm file in a folder its owner
        made read-only (root could, and would leave them behind).
        """
        if not self.read_only:
            return _uri(self.path, "mode=rw")
        untouched = not os.path.exists(f"{self.path}-wal")
        return _uri(self.path, "mode=ro&immutable=1" if untouched else "mode=ro")

    def _refuse(self, what: Path, why: str) -> StoreError:
        return StoreError(f"{what} {why}; it has been left as it is (use --store to choose another place)")

    def _prepare(self) -> str | None:
        """Check the folder and the file before anything is opened; create what is missing.

        Returns why the store can only be read, or None.
        """
        self._folder(self.path.parent)
        if not os.path.lexists(self.path):
            self._create()
        return self._existing()

    def _folder(self, folder: Path) -> None:
        """The folder that holds the store: ours if we create it (0700), else checked, never changed."""
        try:
            found = os.stat(folder)
        except FileNotFoundError:
            if os.path.islink(folder):
                raise self._refuse(folder, f"is a link to {os.readlink(folder)}, which does not exist, "
                                           "and peercoach does not create it") from None
            return self._make_folder(folder)
        except OSError as exc:
            raise StoreError(f"cannot use {folder} to keep sessions: {exc.strerror}") from None
        if not stat.S_ISDIR(found.st_mode):
            raise self._refuse(folder, f"is {_kind(found)}, not a folder or a peercoach store (a .db file)")
        if found.st_mode & stat.S_IWOTH:
            # Anyone could plant or swap files beside the store (its -wal, say): not a private place.
            raise self._refuse(folder, "is a folder anyone on this computer can write to, so it cannot keep "
                                       "sessions private")

    def _make_folder(self, folder: Path) -> None:
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            os.mkdir(folder, 0o700)
        except FileExistsError:
            return self._folder(folder)  # another peercoach made it a moment ago: check it like any other
        except OSError as exc:
            raise StoreError(f"cannot use {folder} to keep sessions: {exc.strerror}") from None
        os.chmod(folder, 0o700)  # ours, so owner-only whatever the umask

    def _create(self) -> None:
        """A new store appears whole: built under a private temporary name, then linked into place.

        Linking fails when another peercoach made the store first, and then theirs is used; so any
        number of processes may open a new store at once, and the store's name never holds an
        empty file (an empty file is never taken for ours).
        """
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}-{secrets.token_hex(4)}.new")
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                                 0o600)
            if hasattr(os, "fchmod"):
                os.fchmod(descriptor, 0o600)  # ours, so owner-only whatever the umask
            os.close(descriptor)
            built = sqlite3.connect(_uri(temporary, "mode=rw"), uri=True, isolation_level=None)
            try:
                built.execute("PRAGMA journal_mode = WAL")
                built.execute("PRAGMA synchronous = FULL")
                migrate(built)
            finally:
                built.close()
            self._link(temporary)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot create the store {self.path}: {exc}") from None
        except OSError as exc:
            raise StoreError(f"cannot use {self.path.parent} to keep sessions: {exc.strerror}") from None
        finally:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{temporary}{suffix}").unlink(missing_ok=True)

    def _link(self, built: Path) -> None:
        try:
            os.link(built, self.path)
        except FileExistsError:
            return  # another peercoach was first: its store is checked like any other
        except OSError as exc:
            if exc.errno not in _NO_HARD_LINKS:
                raise
            # A file system without hard links (FAT, some network shares): rename instead. Two
            # processes creating the same store in the same instant could then race.
            if not os.path.lexists(self.path):
                os.rename(built, self.path)
        sync_folder(self.path.parent)

    def _existing(self) -> str | None:
        """Refuse a file that is not this user's peercoach store, before SQLite opens it."""
        try:
            found = os.stat(self.path)
        except FileNotFoundError:
            if os.path.islink(self.path):
                raise self._refuse(self.path, f"is a link to {os.readlink(self.path)}, which does not exist, "
                                              "and peercoach does not create it") from None
            raise StoreError(f"cannot open the store {self.path}: it disappeared while opening") from None
        except OSError as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc.strerror}") from None
        if not stat.S_ISREG(found.st_mode):
            raise self._refuse(self.path, f"is {_kind(found)}, not a peercoach store")
        if found.st_size == 0:
            raise self._refuse(self.path, "is an empty file, not a peercoach store (peercoach never leaves one)")
        if _owner() is not None and found.st_uid != _owner():
            raise self._refuse(self.path, f"belongs to another user (user id {found.st_uid}); peercoach only "
                                          "opens a store of your own")
        try:
            with open(self.path, "rb") as stream:
                header = stream.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise StoreError(f"cannot read the store {self.path}: {exc.strerror}") from None
        if header != SQLITE_HEADER:
            raise self._refuse(self.path, "is damaged or is not a peercoach store (it is not an SQLite file)")
        return self._read_only_because(found)

    def _read_only_because(self, found: os.stat_result) -> str | None:
        """A store whose owner took away its write permission is read, never made writable again."""
        if not found.st_mode & stat.S_IWUSR or not os.access(self.path, os.W_OK):
            return f"the file {self.path} is read-only"
        folder = self.path.parent
        if not os.stat(folder).st_mode & stat.S_IWUSR or not os.access(folder, os.W_OK):
            return f"its folder {folder} is read-only"
        return None

    def _check(self) -> None:
        """Refuse, and leave alone, a file that is not a peercoach store we can read."""
        application, version = (self.db.execute(f"PRAGMA {p}").fetchone()[0]
                                for p in ("application_id", "user_version"))
        if application != APPLICATION_ID:
            raise StoreError(f"{self.path} is not a peercoach store; it has been left as it is "
                             "(use --store to choose another file)")
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was made by a newer peercoach (store version {version}, "
                             f"this one reads up to {SCHEMA_VERSION}); please update peercoach")
        problem = self.db.execute("PRAGMA quick_check").fetchone()[0]
        if problem != "ok":
            raise StoreError(f"{self.path} is damaged ({problem}); it has been left as it is. "
                             "Keep a copy and try `sqlite3 FILE .recover`")
        if self.read_only and version < SCHEMA_VERSION:
            raise StoreError(f"{self.path} was made by an older peercoach and {self.read_only}, so it cannot "
                             "be brought up to date; it has been left as it is (make it writable to use it)")

    def require_writable(self, doing: str) -> None:
        """Refuse to start something that would have to write to a read-only store."""
        if self.read_only:
            raise StoreError(f"cannot {doing}: {self.read_only}, so nothing can be saved; it has been left as "
                             f"it is (make it writable with `chmod u+w` to use it)")

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """SQLite's failures as one clear line that says nothing was overwritten."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if "locked" in text or "busy" in text:
                raise StoreError(f"the store {self.path} is in use by another program (it is locked); "
                                 f"nothing was changed. Close it and try again") from None
            if "full" in text:
                raise StoreError(f"could not {doing}: the disk is full; what was saved before is safe") from None
            raise StoreError(f"could not {doing} in {self.path}: {text}") from None
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is damaged or is not a peercoach store ({exc}); "
                             "it has been left as it is") from None

    @contextmanager
    def _transaction(self, doing: str) -> Iterator[sqlite3.Connection]:
        self.require_writable(doing)
        with self._errors(doing):
            if self.db.in_transaction:  # left open by an interrupted save: it never committed
                self.db.execute("ROLLBACK")
            try:
                self.db.execute("BEGIN IMMEDIATE")
                yield self.db
                self.db.execute("COMMIT")
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self.db.close()

    # -- who has a session open -----------------------------------------------------------
    def _held_elsewhere(self, db: sqlite3.Connection, session_id: str) -> _Holder | None:
        """The other, still running peercoach that has this session open, if any."""
        row = db.execute("SELECT lease FROM sessions WHERE id = ?", (session_id,)).fetchone()
        holder = _Holder.from_json(row[0]) if row else None
        if holder is None or holder.same_process(_this_process()) or not holder.running():
            return None  # free, ours, or left by a peercoach that has stopped (killed, say)
        return holder

    def claim(self, session_id: str, *, take_over: bool = False) -> None:
        """Open a session here: a second peercoach that tries to carry on with it is refused.

        Taken before the session is read for resuming, so what is read is what this process holds.
        ``take_over`` takes it from a holder that cannot be checked (another host or container):
        should that one still be running, its next save is refused and shows its answer back.
        """
        with self._transaction(f"open session {session_id}") as db:
            row = db.execute("SELECT status FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if row is None:
                raise StoreError(f"there is no session `{session_id}` in {self.path} "
                                 "(`peercoach sessions list` shows them)")
            if row[0] == Status.FINISHED.value:
                raise StoreError(f"session {session_id} is finished; `peercoach summary {session_id}` shows it")
            holder = self._held_elsewhere(db, session_id)
            if holder is not None and not take_over:
                unsure = "" if holder.checkable() else (
                    f"; if it is not running any more, `peercoach resume {session_id} --take-over`")
                raise StoreError(f"session {session_id} is already open in another peercoach ({holder.where()}); "
                                 f"carry on there, or pause it there first (/pause or Ctrl-D){unsure}. "
                                 "Nothing was changed")
            db.execute("UPDATE sessions SET lease = ? WHERE id = ?", (_this_process().to_json(), session_id))

    def release(self, session_id: str) -> None:
        """Let go of a session this process claimed but did not go on with."""
        with self._transaction(f"close session {session_id}") as db:
            row = db.execute("SELECT lease FROM sessions WHERE id = ?", (session_id,)).fetchone()
            holder = _Holder.from_json(row[0]) if row else None
            if holder is not None and holder.same_process(_this_process()):
                db.execute("UPDATE sessions SET lease = NULL WHERE id = ?", (session_id,))

    # -- sessions -------------------------------------------------------------------------
    def save(self, record: SessionRecord) -> None:
        """Append the entries not yet stored and update the session and what it recorded, atomically.

        A session that is open in another running peercoach is not written: one conversation is
        held in one place at a time. Saving it as active holds it here; paused or finished lets go.
        """
        with self._transaction(f"save session {record.id}") as db:
            holder = self._held_elsewhere(db, record.id)
            if holder is not None:
                raise StoreError(f"session {record.id} is open in another peercoach ({holder.where()}), so this "
                                 "one has stopped; nothing was overwritten")
            lease = _this_process().to_json() if record.status is Status.ACTIVE else None
            self._write(db, record, lease)

    def _write(self, db: sqlite3.Connection, record: SessionRecord, lease: str | None) -> None:
        person_id = self._person_id(db, record.person) if record.person else None
        db.execute(
            "INSERT INTO sessions (id, dialogue, source, status, created, updated, person_id, context, answers, lease)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status,"
            " updated = excluded.updated, answers = excluded.answers, lease = excluded.lease",
            (record.id, record.dialogue, record.source, record.status.value, record.created, record.updated,
             person_id, json.dumps(record.context, ensure_ascii=False), count_answers(record.log), lease))
        stored = db.execute("SELECT count(*) FROM entries WHERE session_id = ?", (record.id,)).fetchone()[0]
        if stored > len(record.log):
            raise StoreError(f"session {record.id} has {stored} saved entries but this copy has only "
                             f"{len(record.log)}; is it open somewhere else? Nothing was overwritten")
        db.executemany("INSERT INTO entries (session_id, seq, entry) VALUES (?, ?, ?)",
                       [(record.id, seq, json.dumps(entry.to_dict(), ensure_ascii=False))
                        for seq, entry in enumerate(record.log[stored:], start=stored)])
        if person_id is not None:
            _Facts(db, record, person_id).write()

    def load(self, session_id: str) -> SessionRecord:
        """A session with its answers; a damaged one is reported (and left as it is), never half read."""
        try:
            return self._stored(session_id)
        except _Damaged as damage:
            raise StoreError(f"session {session_id} in {self.path} is damaged ({damage}); "
                             "it has been left as it is") from None

    def _stored(self, session_id: str) -> SessionRecord:
        with self._errors(f"read session {session_id}"):
            row = self.db.execute(
                "SELECT s.id, p.name, s.dialogue, s.status, s.answers, s.created, s.updated, s.source, s.context"
                " FROM sessions s LEFT JOIN people p ON p.id = s.person_id WHERE s.id = ?", (session_id,)).fetchone()
            if row is None:
                raise StoreError(f"there is no session `{session_id}` in {self.path} "
                                 "(`peercoach sessions list` shows them)")
            entries = self.db.execute("SELECT entry FROM entries WHERE session_id = ? ORDER BY seq",
                                      (session_id,)).fetchall()
        return _record(row, entries)

    def _sessions(self, person: str | None) -> tuple[list[SessionInfo], list[tuple[str, str]]]:
        """Every session (or one person's), in the order they were started, and those that are damaged."""
        query = ("SELECT s.id, p.name, s.dialogue, s.status, s.answers, s.created, s.updated, s.source, s.rowid"
                 " FROM sessions s LEFT JOIN people p ON p.id = s.person_id"
                 " WHERE ? IS NULL OR p.name = ?"  # names compare without case (the column's collation)
                 " ORDER BY s.created, s.rowid")
        with self._errors("list sessions"):
            rows = self.db.execute(query, (person, person)).fetchall()
        infos, damaged = [], []
        for row in rows:
            try:
                infos.append(_info(row[:8]))
            except _Damaged as damage:
                damaged.append((_where(row[0], row[8]), str(damage)))
        return infos, damaged

    def list(self, statuses: Iterable[Status] | None = None, person: str | None = None) -> list[SessionInfo]:
        """Sessions in the order they were started, optionally only some statuses or one person's.

        A damaged session is left out (``unreadable`` names it), so the others can still be used.
        """
        wanted = set(statuses) if statuses is not None else None
        return [i for i in self._sessions(person)[0] if wanted is None or i.status in wanted]

    def unreadable(self, person: str | None = None) -> list[tuple[str, str]]:
        """(session, what is wrong) for each session whose row cannot be read."""
        return self._sessions(person)[1]

    def latest_unfinished(self, person: str | None = None) -> SessionInfo | None:
        """The most recently updated session that was paused or interrupted."""
        open_sessions = self.list([Status.ACTIVE, Status.PAUSED], person)
        # Ties (two saves in one second) go to the session started later: ``list`` is in that order.
        return max(reversed(open_sessions), key=lambda s: s.updated or s.created or "", default=None)

    # -- sessions from JSON files ---------------------------------------------------------
    def import_sessions(self, paths: Iterable[Path]) -> list[Imported]:
        """Bring in sessions an earlier peercoach saved as JSON files; only ever when asked.

        A folder means the ``*.json`` files in it. A file is skipped, with the reason, when it is
        not an ordinary file of this user's, is not a session, or holds a session the store already
        has (nothing in the store is overwritten). The files themselves are left as they are.
        """
        results = []
        for path in (Path(p).expanduser() for p in paths):
            if path.is_dir():
                files = sorted(path.glob("*.json"))
                if not files:
                    results.append(Imported(path, skipped="there are no .json files in this folder"))
                results.extend(self._import_file(file) for file in files)
            elif os.path.lexists(path):
                results.append(self._import_file(path))
            else:
                results.append(Imported(path, skipped="there is no such file or folder"))
        return results

    def _import_file(self, path: Path) -> Imported:
        try:
            record = _record_from(json.loads(_session_file_text(path)))
            json.dumps(record.to_dict(), ensure_ascii=False).encode("utf-8")  # what SQLite will be given
        except _Damaged as why:
            return Imported(path, skipped=str(why))
        except UnicodeEncodeError:
            return Imported(path, skipped="it holds text that is not valid Unicode")
        except ValueError as exc:
            return Imported(path, skipped=f"it is not valid JSON ({exc})")
        with self._transaction(f"import session {record.id}") as db:
            if db.execute("SELECT 1 FROM sessions WHERE id = ?", (record.id,)).fetchone():
                return Imported(path, skipped=f"session {record.id} is already in the store", present=True)
            self._write(db, record, lease=None)
        return Imported(path, session=SessionInfo.of(record))

    # -- people ---------------------------------------------------------------------------
    @staticmethod
    def _person_id(db: sqlite3.Connection, name: str) -> int:
        db.execute("INSERT INTO people (name) VALUES (?) ON CONFLICT (name) DO NOTHING", (name,))
        return db.execute("SELECT id FROM people WHERE name = ?", (name,)).fetchone()[0]

    def people(self) -> list[str]:
        with self._errors("list people"):
            return [name for (name,) in self.db.execute("SELECT name FROM people ORDER BY name")]

    def known_person(self, name: str) -> str | None:
        """The name as first stored (names match whatever their case), or None."""
        with self._errors("look up a person"):
            row = self.db.execute("SELECT name FROM people WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def default_person(self) -> str | None:
        """Who used peercoach last on this machine (remembered so they are not asked each time)."""
        with self._errors("read the settings"):
            row = self.db.execute("SELECT p.name FROM settings s JOIN people p ON p.name = s.value"
                                  " WHERE s.key = 'person'").fetchone()
        return row[0] if row else None

    def remember_person(self, name: str) -> str:
        """Make ``name`` this machine's default; returns the name as stored."""
        with self._transaction("remember who you are") as db:
            self._person_id(db, name)
            stored = db.execute("SELECT name FROM people WHERE name = ?", (name,)).fetchone()[0]
            db.execute("INSERT INTO settings (key, value) VALUES ('person', ?)"
                       " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (stored,))
        return stored

    # -- progress -------------------------------------------------------------------------
    def goals(self, person: str, *, open_only: bool = False) -> list[dict[str, Any]]:
        """A person's goals, oldest first, each with its steps, check-ins and ``status``."""
        with self._errors("read goals"):
            rows = self.db.execute(
                "SELECT g.id, g.text, g.area, g.due, g.replaces, g.created, g.session_id FROM goals g"
                " JOIN people p ON p.id = g.person_id JOIN sessions s ON s.id = g.session_id"
                " WHERE p.name = ? ORDER BY s.created, s.rowid, g.rowid", (person,)).fetchall()
            replaced = {r[4] for r in rows if r[4]}
            goals = []
            for goal_id, text, area, due, replaces, created, session_id in rows:
                steps = [{"text": t, "due": d} for t, d in self.db.execute(
                    "SELECT text, due FROM steps WHERE goal_id = ? ORDER BY position", (goal_id,))]
                checkins = [{"day": day, "progress": _number(p), "notes": notes, "status": status}
                            for day, p, notes, status in self.db.execute(
                                "SELECT c.day, c.progress, c.notes, c.status FROM checkins c"
                                " JOIN sessions s ON s.id = c.session_id WHERE c.goal_id = ?"
                                " ORDER BY c.day, s.created, s.rowid, c.position", (goal_id,))
                            if isinstance(p, (int, float))]  # a damaged rating is left out, not fatal
                latest = next((c["status"] for c in reversed(checkins) if c["status"]), "open")
                status = "replaced" if goal_id in replaced else latest
                if open_only and status != "open":
                    continue
                goals.append({"id": goal_id, "text": text, "area": area, "due": due, "set": (created or "")[:10],
                              "session": session_id, "replaces": replaces, "status": status, "steps": steps,
                              "checkins": checkins, "ratings": [c["progress"] for c in checkins]})
        return goals

    def context_for(self, person: str) -> dict[str, Any]:
        """What a dialogue is given about a person when a session starts (``person`` in YAML)."""
        return {"person": {"name": person, "goals": self.goals(person, open_only=True)}}

    def export(self, person: str) -> dict[str, Any]:
        """Everything kept about a person, as plain JSON-ready data."""
        name = self.known_person(person)
        if name is None:
            raise StoreError(f"there is nobody called `{person}` in {self.path}")
        sessions, unreadable = [], [{"id": i, "problem": p} for i, p in self.unreadable(name)]
        for info in self.list(person=name):
            try:
                record = self._stored(info.id)
            except _Damaged as damage:
                unreadable.append({"id": info.id, "problem": str(damage)})
                continue
            sessions.append({**info.to_dict(), "created": info.created, "source": info.source,
                             "log": [e.to_dict() for e in record.log]})
        with self._errors("read strengths and resources"):
            items = [{"kind": k, "text": t, "detail": d, "session": s} for k, t, d, s in self.db.execute(
                "SELECT i.kind, i.text, i.detail, i.session_id FROM items i JOIN sessions s ON s.id = i.session_id"
                " JOIN people p ON p.id = s.person_id WHERE p.name = ? ORDER BY s.created, i.position", (name,))]
        exported = {"person": name, "sessions": sessions, "goals": self.goals(name),
                    "strengths": [i for i in items if i["kind"] == "strength"],
                    "resources": [i for i in items if i["kind"] == "resource"]}
        if unreadable:  # damaged sessions are named, so an export never hides that something is missing
            exported["unreadable"] = unreadable
        return exported

    # -- deleting -------------------------------------------------------------------------
    def _not_open_elsewhere(self, db: sqlite3.Connection, session_ids: Iterable[str]) -> None:
        """A session open in another peercoach is not deleted: its next save would bring it back."""
        for session_id in session_ids:
            holder = self._held_elsewhere(db, session_id)
            if holder is not None:
                raise StoreError(f"session {session_id} is open in another peercoach ({holder.where()}); "
                                 "pause or finish it there first. Nothing was deleted")

    def delete_session(self, session_id: str) -> None:
        with self._transaction(f"delete session {session_id}") as db:
            self._not_open_elsewhere(db, [session_id])
            if db.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount == 0:
                raise StoreError(f"there is no session `{session_id}` in {self.path}")
        self.compact()

    def delete_person(self, person: str) -> int:
        """Remove a person, their sessions and everything recorded in them; returns the sessions removed."""
        with self._transaction(f"delete {person}") as db:
            row = db.execute("SELECT id, name FROM people WHERE name = ?", (person,)).fetchone()
            if row is None:
                raise StoreError(f"there is nobody called `{person}` in {self.path}")
            self._not_open_elsewhere(db, [i for (i,) in db.execute(
                "SELECT id FROM sessions WHERE person_id = ?", (row[0],)).fetchall()])
            removed = db.execute("DELETE FROM sessions WHERE person_id = ?", (row[0],)).rowcount
            db.execute("DELETE FROM settings WHERE key = 'person' AND value = ?", (row[1],))
            db.execute("DELETE FROM people WHERE id = ?", (row[0],))
        self.compact()
        return removed

    def compact(self) -> None:
        """Rewrite the file without free pages and empty the write-ahead log, so deleted text is gone."""
        with self._errors("compact the store"):
            self.db.execute("VACUUM")
            busy = self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            raise StoreError("the deleted data is removed, but another peercoach is using the store, so "
                             "the file could not be compacted yet; run the same command again when it is closed")


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


class _Facts:
    """Keeps a session's goals, check-ins, strengths and resources in step with its answers.

    Run inside ``save``'s transaction. Goal ids are stable ("<session>/<n>") so check-ins made
    in later sessions keep pointing at them; everything else the session recorded is replaced.
    """

    def __init__(self, db: sqlite3.Connection, record: SessionRecord, person_id: int):
        self.db, self.record, self.person_id = db, record, person_id
        self.kept: list[str] = []

    def write(self) -> None:
        session = self.record.id
        self.db.execute("DELETE FROM checkins WHERE session_id = ?", (session,))
        self.db.execute("DELETE FROM items WHERE session_id = ?", (session,))
        facts = self.record.facts
        for fact in (f for f in facts if f["kind"] == "goal"):
            self._goal(fact["fields"], self._day(fact), f"{session}/{len(self.kept) + 1}")
        checkins = [f for f in facts if f["kind"] == "checkin"]
        for position, fact in enumerate(checkins, start=1):
            self._checkin(fact["fields"], self._day(fact), position)
        items = [(f["kind"], text, f["fields"].get("kind")) for f in facts if f["kind"] in ("strength", "resource")
                 for text in _texts(f["fields"].get("text"))]
        self.db.executemany("INSERT INTO items (session_id, position, kind, text, detail) VALUES (?, ?, ?, ?, ?)",
                            [(session, n, kind, text, detail) for n, (kind, text, detail) in enumerate(items, 1)])
        marks = ",".join("?" * len(self.kept))
        self.db.execute(f"DELETE FROM goals WHERE session_id = ? AND id NOT IN ({marks})", (session, *self.kept))

    def _day(self, fact: dict[str, Any]) -> str:
        return (fact.get("at") or self.record.updated or self.record.created or "")[:10]

    def _goal(self, fields: dict[str, Any], day: str, goal_id: str) -> None:
        self.db.execute(
            "INSERT INTO goals (id, person_id, session_id, text, area, due, replaces, created)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET text = excluded.text,"
            " area = excluded.area, due = excluded.due, replaces = excluded.replaces",
            (goal_id, self.person_id, self.record.id, str(fields["text"]), _text(fields.get("area")),
             _due(fields.get("due")), _text(fields.get("replaces")), day))
        self.db.execute("DELETE FROM steps WHERE goal_id = ?", (goal_id,))
        steps = [s if isinstance(s, dict) else {"text": s} for s in fields.get("steps") or []]
        self.db.executemany("INSERT INTO steps (goal_id, position, text, due) VALUES (?, ?, ?, ?)",
                            [(goal_id, n, str(s["text"]), _due(s.get("due")))
                             for n, s in enumerate((s for s in steps if s.get("text")), start=1)])
        self.kept.append(goal_id)

    def _checkin(self, fields: dict[str, Any], day: str, position: int) -> None:
        goal_id = self._goal_for(fields)
        self.db.execute("INSERT INTO checkins (session_id, position, goal_id, day, progress, notes, status)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (self.record.id, position, goal_id, day, float(fields["progress"]),
                         _text(fields.get("notes")), _text(fields.get("status"))))

    def _goal_for(self, fields: dict[str, Any]) -> str:
        """The stored goal a check-in is about: by id, else an open goal with the same words, else a new one."""
        wanted = fields.get("goal_id")
        if wanted and self.db.execute("SELECT 1 FROM goals WHERE id = ? AND person_id = ?",
                                      (wanted, self.person_id)).fetchone():
            return wanted
        text = str(fields["goal"]).strip()
        row = self.db.execute("SELECT id FROM goals WHERE person_id = ? AND lower(trim(text)) = lower(?)"
                              " AND id NOT IN (SELECT replaces FROM goals WHERE replaces IS NOT NULL)"
                              " ORDER BY created DESC LIMIT 1", (self.person_id, text)).fetchone()
        if row:
            return row[0]
        goal_id = f"{self.record.id}/{len(self.kept) + 1}"
        self._goal({"text": text}, self._day({}), goal_id)
        return goal_id


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _texts(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [str(v).strip() for v in items if v is not None and str(v).strip()]


def _due(value: Any) -> str | None:
    """A due date: a ``when`` answer's ``due`` (or its words), or plain text."""
    if isinstance(value, dict):
        return _text(value.get("due") or value.get("text"))
    return _text(value)
