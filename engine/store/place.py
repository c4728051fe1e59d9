"""Where the store is, and whether it is ours: only what peercoach made is ever changed.

A store is created whole under a temporary name and linked into place (so many processes may
open a new store at once, and an empty file is never ours), only a folder or file peercoach
creates is given 0700 or 0600, and anything else (another program's file, a device, a folder
anyone can write to, a link to nothing, another user's store) is refused before it is opened.
A store its owner made read-only is opened read-only."""

from __future__ import annotations

import errno
import os
import secrets
import sqlite3
import stat
from pathlib import Path

from engine.ground.errors import StoreError
from engine.ground.files import file_kind, owner, sync_folder
from engine.store.schema import migrate

STORE_ENV = "PEERCOACH_STORE"
DATABASE_NAME = "peercoach.db"
DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
SQLITE_HEADER = b"SQLite format 3\x00"


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


def uri(path: Path, query: str) -> str:
    return f"{Path(os.path.abspath(path)).as_uri()}?{query}"


# What ``link`` says on a file system without hard links (FAT, some network shares).
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS}


class StorePlace:
    """The store file at ``path`` and its folder, checked (and made, when missing) before SQLite opens it."""

    def __init__(self, path: Path):
        self.path = path

    def _refuse(self, what: Path, why: str) -> StoreError:
        return StoreError(f"{what} {why}; it has been left as it is (use --store to choose another place)")

    def prepare(self) -> str | None:
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
            raise self._refuse(folder, f"is {file_kind(found)}, not a folder or a peercoach store (a .db file)")
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
            built = sqlite3.connect(uri(temporary, "mode=rw"), uri=True, isolation_level=None)
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
            raise self._refuse(self.path, f"is {file_kind(found)}, not a peercoach store")
        if found.st_size == 0:
            raise self._refuse(self.path, "is an empty file, not a peercoach store (peercoach never leaves one)")
        if owner() is not None and found.st_uid != owner():
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
