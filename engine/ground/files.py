"""Files peercoach writes for a person (summaries with ``--out``, exports): private, and whole or
not at all.

A summary or an export holds someone's own words, so it is readable by its owner only (0600,
whatever the umask), like the store. It is written to a temporary file in the same folder,
synced, then renamed over the name asked for: a full disk or a killed process leaves the file
that was there before (or none), never an empty or half-written one.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from engine.ground.errors import PeercoachError


class OutputError(PeercoachError):
    """A file could not be written where the person asked; what was there is left as it was."""


def check_destination(path: str | Path) -> Path:
    """The file to write for ``path``, checked before any work is done (a conversation, a render).

    The folder must exist and be writable; the name must be free or an ordinary file. A link is
    followed to the file it names, and a link to nothing is refused rather than its target created.
    """
    path = Path(path).expanduser()
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}") from None
    if found is not None and stat.S_ISLNK(found.st_mode):
        target = Path(os.path.realpath(path))
        if not target.exists():
            raise OutputError(f"{path} is a link to {target}, which does not exist; peercoach does not "
                              "create it (give the file's own name)")
        path, found = target, os.stat(target)
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise OutputError(f"{path} is a folder; give a file name ending in .md or .html")
    if found is not None and not stat.S_ISREG(found.st_mode):
        raise OutputError(f"{path} is not an ordinary file; it has been left as it is")
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: there is no folder {folder}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {path}: the folder {folder} cannot be written to")
    return path


def write_private(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` (0600), atomically; returns the file written."""
    target = check_destination(path)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    # An answer that reached us as undecodable bytes must not stop its summary from being written.
    data = memoryview(text.encode("utf-8", errors="replace"))
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(descriptor, 0o600)  # ours: owner-only whatever the umask
            while data:
                data = data[os.write(descriptor, data):]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        kept = "the file there was left as it was" if target.exists() else "no file was left behind"
        raise OutputError(f"could not write {path}: {exc.strerror or exc}; {kept}") from None
    sync_folder(target.parent)
    return target


def sync_folder(folder: Path) -> None:
    """Make a rename or a new name in ``folder`` survive a power cut (where the system allows it)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems cannot sync a folder; the data itself is synced
    finally:
        os.close(descriptor)


def resource_dir(name: str) -> Path:
    """``dialogues`` or ``prompts``: inside the package in a wheel, beside it in a checkout."""
    package = Path(__file__).resolve().parents[1]  # engine/ (this file is engine/ground/files.py)
    for candidate in (package / name, package.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"peercoach cannot find its bundled `{name}` folder near {package}")


def display_path(path: Path) -> str:
    """A path as a person would type it: relative to the current folder when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def file_kind(found: os.stat_result) -> str:
    """What a path is, in words: "a folder", "a device", "a pipe", "a socket" or "a file"."""
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


def owner() -> int | None:
    """This user's id, where the system has them."""
    return os.geteuid() if hasattr(os, "geteuid") else None
