"""Where sessions are kept. Front ends talk to the ``SessionStore`` interface only.

``FileStore`` keeps one JSON file per session in the user's data folder. Writes go to a
temporary file that is flushed to disk and then renamed over the old one, so a crash leaves
either the old or the new version, never half of one. Files are readable by their owner only.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Iterable, Protocol

from engine.errors import StoreError
from engine.session import SessionRecord, Status

STORE_ENV = "PEERCOACH_STORE"
_SESSION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


class SessionStore(Protocol):
    def save(self, record: SessionRecord) -> None: ...

    def load(self, session_id: str) -> SessionRecord: ...

    def list(self, statuses: Iterable[Status] | None = None) -> list[SessionRecord]: ...


def default_location() -> Path:
    """``$PEERCOACH_STORE``, else ``$XDG_DATA_HOME/peercoach``, else ``~/.local/share/peercoach``."""
    if os.environ.get(STORE_ENV):
        return Path(os.environ[STORE_ENV]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "peercoach"


def latest_unfinished(store: SessionStore) -> SessionRecord | None:
    """The most recently updated session that is paused or was interrupted."""
    open_sessions = store.list([Status.ACTIVE, Status.PAUSED])
    return max(open_sessions, key=lambda r: r.updated or r.created or "", default=None)


class FileStore:
    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.sessions = self.directory / "sessions"
        try:
            self.sessions.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(self.directory, 0o700)
            os.chmod(self.sessions, 0o700)
        except OSError as exc:
            raise StoreError(f"cannot use {self.directory} to keep sessions: {exc.strerror}") from None

    def _path(self, session_id: str) -> Path:
        if not _SESSION_ID.fullmatch(session_id):
            raise StoreError(f"`{session_id}` is not a session id")
        return self.sessions / f"{session_id}.json"

    def save(self, record: SessionRecord) -> None:
        target = self._path(record.id)
        data = json.dumps(record.to_dict(), ensure_ascii=False, indent=1).encode("utf-8")
        handle, temporary = tempfile.mkstemp(prefix=f".{record.id}.", suffix=".tmp", dir=self.sessions)
        try:
            os.fchmod(handle, 0o600)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, target)
            self._sync_directory()
        except OSError as exc:
            Path(temporary).unlink(missing_ok=True)
            raise StoreError(f"could not save session {record.id}: {exc.strerror}; "
                             "the last saved copy is unchanged") from None

    def _sync_directory(self) -> None:
        if hasattr(os, "O_DIRECTORY"):
            fd = os.open(self.sessions, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def load(self, session_id: str) -> SessionRecord:
        path = self._path(session_id)
        try:
            return SessionRecord.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise StoreError(f"there is no session `{session_id}` in {self.directory}") from None
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"session file {path} is damaged ({exc}); it has been left as it is") from None
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {exc.strerror}") from None

    def list(self, statuses: Iterable[Status] | None = None) -> list[SessionRecord]:
        wanted = set(statuses) if statuses is not None else None
        records = []
        for path in sorted(self.sessions.glob("*.json")):
            try:
                record = self.load(path.stem)
            except StoreError:
                continue  # a damaged file is reported when it is opened by name
            if wanted is None or record.status in wanted:
                records.append(record)
        return records
