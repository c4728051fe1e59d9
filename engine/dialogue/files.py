"""Where dialogue files are: the files in the folders given, their strategy catalogues, and the
folders a dialogue's summary templates come from."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from engine.dialogue.model import CATALOGUE_FILE
from engine.ground.errors import Problem
from engine.ground.files import display_path, resource_dir
from engine.ground.source import Span


def template_dirs_for(dialogue_path: str | Path) -> list[Path]:
    """Where a dialogue's summary templates are looked for: a ``prompts/`` folder beside its
    folder, its own folder, then the bundled templates."""
    here = Path(os.path.realpath(dialogue_path)).parent  # Path.resolve raises on a link loop
    return list(dict.fromkeys([here.parent / "prompts", here, resource_dir("prompts")]))


TEST_SUFFIX = ".test.yaml"  # a dialogue's tests beside it (engine.authoring), never a dialogue itself


def dialogue_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The dialogue files in ``paths`` (folders are read one level deep), and why a folder could
    not be listed. Whatever a folder holds under a `.yaml` name is kept, links and pipes too: the
    reader says what is wrong with each, so nothing is left out without a word."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            try:
                entries = sorted(path.iterdir())
            except OSError as exc:
                problems.append(Problem(Span(display_path(path), 1, 1),
                                        f"peercoach cannot list this folder: {exc.strerror or exc}"))
                continue
            files.extend(p for p in entries if p.suffix in (".yaml", ".yml") and p.name != CATALOGUE_FILE
                         and not p.name.endswith(TEST_SUFFIX))
        elif path.name != CATALOGUE_FILE and not path.name.endswith(TEST_SUFFIX):
            files.append(path)
    unique: dict[str, Path] = {}
    for file in files:
        unique.setdefault(os.path.realpath(file), file)  # unlike Path.resolve, never fails on a link loop
    return list(unique.values()), problems


def catalogue_files(paths: Iterable[Path]) -> list[Path]:
    """Each strategy catalogue: `strategies.yaml` in a dialogue folder, beside a dialogue file,
    or named on its own."""
    found = [p / CATALOGUE_FILE if p.is_dir() else p if p.name == CATALOGUE_FILE else p.parent / CATALOGUE_FILE
             for p in paths]
    # A catalogue that exists in any form is read, so a link to nowhere or a pipe is reported.
    unique = {os.path.realpath(p): p for p in found if p.name == CATALOGUE_FILE and os.path.lexists(p)}
    return list(unique.values())
