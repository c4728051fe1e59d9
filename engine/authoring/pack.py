"""Writing a dialogue pack (engine.dialogue.packs reads them): a folder checked, then bundled.

A folder is packed only when it validates with no errors, lint finds no warnings in it, and every
one of its dialogue tests passes; the pack then holds exactly the files a folder of dialogues is
read from: its dialogues, its tests and its ``strategies.yaml`` (``*.yaml``) and its templates
(``*.j2``, its own and those of a ``prompts/`` folder beside it), at the top level, in name
order, with a fixed date, so the same folder always makes the same pack.
"""

from __future__ import annotations

import os
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from engine.authoring.cases import case_files, read_cases
from engine.authoring.runner import run_case
from engine.conversation.messages import Messages
from engine.dialogue.lint import LintSettings, lint
from engine.dialogue.loader import load_library
from engine.dialogue.packs import MAX_MEMBER_BYTES, MAX_MEMBERS, MEMBER_NAME, MEMBER_SUFFIXES
from engine.ground.errors import DialogueLoadError, Problem
from engine.ground.files import display_path, resource_dir
from engine.ground.source import Span

_DATE = (2026, 1, 1, 0, 0, 0)  # every member's date: a pack depends only on what the folder holds


@dataclass
class PackCheck:
    """What stops a folder from being packed, and the files it would hold."""

    problems: list[Problem] = field(default_factory=list)  # errors and lint warnings
    failed: list[str] = field(default_factory=list)  # each failing test, with why
    files: list[Path] = field(default_factory=list)
    tests: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and not self.failed


def check_folder(folder: Path, messages: Messages) -> PackCheck:
    """Validate, lint and test a folder of dialogues as a pack of it would be read."""
    found = PackCheck()
    found.files, found.problems = _members(folder)
    try:
        library = load_library([folder])
    except DialogueLoadError as exc:
        found.problems += exc.problems
        return found
    inside = str(folder.resolve())
    ours = [p for p in [*library.warnings, *lint(library, LintSettings())]
            if p.severity != "info" and str(Path(p.span.file).resolve()).startswith(inside + os.sep)]
    found.problems += ours
    for file in case_files([folder]):
        if file.parent.resolve() != folder.resolve():
            continue  # a pack holds the folder's own files only
        try:
            cases = read_cases(file)
        except DialogueLoadError as exc:
            found.problems += exc.problems
            continue
        for case in cases:
            found.tests += 1
            outcome = run_case(library, messages, case)
            if not outcome.passed:
                found.failed.append(f"{case.dialogue}: {case.name} ({case.span}): " + "; ".join(outcome.failures))
    return found


def _candidates(folder: Path) -> list[Path]:
    """The folder's own files, then the templates of a `prompts/` folder beside it (where its
    dialogues' summary templates are looked for first, engine.dialogue.files)."""
    found = [p for p in sorted(folder.iterdir()) if p.name.endswith(MEMBER_SUFFIXES) and not p.name.startswith(".")]
    beside = folder.resolve().parent / "prompts"
    if beside.is_dir() and beside.resolve() != resource_dir("prompts").resolve():
        found += [p for p in sorted(beside.iterdir()) if p.name.endswith(".j2") and not p.name.startswith(".")]
    return found


def _members(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The files a pack holds, and why any file that looks like one cannot be packed."""
    files: list[Path] = []
    problems: list[Problem] = []
    named: dict[str, Path] = {}
    for path in _candidates(folder):
        if path.name in named:
            problems.append(Problem(Span(display_path(path), 1, 1), f"there is a `{path.name}` in "
                                    f"{display_path(named[path.name].parent)} too, and a pack holds one of each name",
                                    "rename one of them"))
            continue
        named[path.name] = path
        where = Span(display_path(path), 1, 1)
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            problems.append(Problem(where, "a link cannot go in a pack", "copy the file itself into the folder"))
        elif not stat.S_ISREG(info.st_mode):
            problems.append(Problem(where, "only plain files can go in a pack"))
        elif not MEMBER_NAME.fullmatch(path.name):
            problems.append(Problem(where, "this name cannot go in a pack",
                                    "use letters, digits, `.`, `-` and `_` only"))
        elif info.st_size > MAX_MEMBER_BYTES:
            problems.append(Problem(where, f"this file is bigger than the {MAX_MEMBER_BYTES // 1024} KiB "
                                    "a pack allows"))
        else:
            files.append(path)
    if len(files) > MAX_MEMBERS:
        problems.append(Problem(Span(display_path(folder), 1, 1), f"a pack holds at most {MAX_MEMBERS} files"))
    return files, problems


def write_pack(files: list[Path], destination: Path) -> None:
    """The files in one zip, owner-only; written beside the destination, then moved into place."""
    partial = destination.with_name(destination.name + ".part")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(descriptor, "wb") as stream, zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in files:
                member = zipfile.ZipInfo(path.name, _DATE)
                member.external_attr = (stat.S_IFREG | 0o600) << 16
                member.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(member, path.read_bytes())
        os.replace(partial, destination)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
