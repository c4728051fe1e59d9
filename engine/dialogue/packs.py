"""Dialogue packs: a folder of dialogues in one file another agency can add with `--dialogues FILE`.

A pack is a zip file (``NAME.peercoach.zip``, written by ``peercoach pack DIR``) holding, at its
top level only, what a dialogue folder holds: the dialogues (``*.yaml``), their ``strategies.yaml``,
their summary templates (``*.j2``) and their tests (``*.test.yaml``). Reading one is as strict as
reading a folder: it is unpacked into a private folder (kept under the cache folder by the pack's
contents, so a session resumes from it) and loaded by the same loader, and each problem names the
file inside the pack (``agency.peercoach.zip/sleep.yaml:3:5``). Before anything is written, a pack
is refused whole if any member is not a plain file at the top level with a plain name (no folder,
no ``..``, no absolute path, no link), is too big, or if it holds too many files.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path

from engine.ground import cache
from engine.ground.errors import DialogueLoadError, Problem
from engine.ground.files import display_path
from engine.ground.source import Span

PACK_SUFFIX = ".zip"
MEMBER_SUFFIXES = (".yaml", ".yml", ".j2")
MEMBER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
MAX_MEMBER_BYTES = 1024 * 1024  # one dialogue, template or test file
MAX_PACK_BYTES = 16 * 1024 * 1024  # everything unpacked
MAX_MEMBERS = 500


def is_pack(path: Path) -> bool:
    return path.suffix.lower() == PACK_SUFFIX and not path.is_dir()


def unpack(pack: Path) -> Path:
    """The folder a pack's files are in once checked and unpacked; ``DialogueLoadError`` (every
    problem, each naming the member) if the pack is refused."""
    shown = display_path(pack)
    try:
        data = pack.read_bytes()
    except OSError as exc:
        raise DialogueLoadError([Problem(Span(shown, 1, 1), f"peercoach cannot read this pack: "
                                         f"{exc.strerror or exc}")]) from None
    digest = hashlib.sha256(data).hexdigest()[:32]
    base = cache.cache_folder()
    folder = base / "packs" / digest if base is not None else None
    if folder is not None and (folder / ".complete").is_file():
        return folder
    try:
        archive = zipfile.ZipFile(pack)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DialogueLoadError([Problem(Span(shown, 1, 1), f"this is not a dialogue pack (a zip file): {exc}",
                                         "make one with `peercoach pack DIR`")]) from None
    with archive:
        contents = _checked(archive, shown)
    target = _private_folder(folder)
    for name, text in contents.items():
        path = target / name
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(text)
    (target / ".complete").write_text(pack.name, encoding="utf-8")
    return target


def _private_folder(folder: Path | None) -> Path:
    """An empty owner-only folder: ``folder`` (under the cache) if it can be made, else a new temporary one."""
    if folder is not None:
        try:
            if folder.exists():
                shutil.rmtree(folder)  # a pack unpacked only in part before
            folder.mkdir(parents=True, mode=0o700)
            return folder
        except OSError:
            pass
    return Path(tempfile.mkdtemp(prefix="peercoach-pack-"))


def _checked(archive: zipfile.ZipFile, shown: str) -> dict[str, bytes]:
    """Every member's bytes, or a ``DialogueLoadError`` naming every member refused."""
    problems: list[Problem] = []
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise DialogueLoadError([Problem(Span(shown, 1, 1), f"this pack holds {len(members)} files; "
                                         f"a pack holds at most {MAX_MEMBERS}")])
    contents: dict[str, bytes] = {}
    total = 0
    for member in members:
        where = Span(f"{shown}/{member.filename}", 1, 1)
        mode = member.external_attr >> 16
        why = _refused(member, mode)
        if why is None and member.filename in contents:
            why = "it is in the pack twice"
        if why is not None:
            problems.append(Problem(where, f"`{member.filename}` is refused: {why}",
                                    "make the pack again with `peercoach pack DIR`"))
            continue
        with archive.open(member) as stream:
            data = stream.read(MAX_MEMBER_BYTES + 1)  # the size a member declares may lie
        total += len(data)
        if len(data) > MAX_MEMBER_BYTES:
            problems.append(Problem(where, f"`{member.filename}` is refused: it is bigger than "
                                    f"{MAX_MEMBER_BYTES // 1024} KiB"))
            continue
        if total > MAX_PACK_BYTES:
            problems.append(Problem(where, f"this pack is bigger than {MAX_PACK_BYTES // (1024 * 1024)} MiB "
                                    "once unpacked"))
            break
        contents[member.filename] = data
    if problems:
        raise DialogueLoadError(problems)
    return contents


def _refused(member: zipfile.ZipInfo, mode: int) -> str | None:
    """Why a member cannot be unpacked, or None."""
    name = member.filename
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name):
        return "its path is absolute"
    if ".." in re.split(r"[/\\]", name):
        return "its path leads out of the pack (`..`)"
    if "/" in name or "\\" in name:
        return "a pack holds files at its top level only, not in folders"
    if stat.S_ISLNK(mode):
        return "it is a link"
    if stat.S_IFMT(mode) and not stat.S_ISREG(mode) or member.is_dir():  # no type: a plain file
        return "it is not a plain file"
    if member.flag_bits & 0x1:
        return "it is encrypted"
    if not MEMBER_NAME.fullmatch(name) or not name.endswith(MEMBER_SUFFIXES):
        return "a pack holds only dialogues, tests and strategies (`.yaml`) and templates (`.j2`)"
    if member.file_size > MAX_MEMBER_BYTES:
        return f"it is bigger than {MAX_MEMBER_BYTES // 1024} KiB"
    return None


def renamed(problems: list[Problem] | tuple[Problem, ...], folders: dict[str, str]) -> list[Problem]:
    """Problems whose files are in an unpacked pack, named as files inside the pack instead."""
    out = []
    for problem in problems:
        for folder, pack in folders.items():
            if problem.span.file.startswith(folder + os.sep):
                inside = problem.span.file[len(folder) + 1:]
                problem = replace(problem, span=replace(problem.span, file=f"{pack}/{inside}"))
                break
        out.append(problem)
    return out
