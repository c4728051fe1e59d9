"""From YAML files to a checked ``Library`` of dialogues.

Loading has three parts, like python-statemachine's ``io``: ``DialogueBuilder``
(engine.dialogue.builder) turns one file's YAML into model objects, checking what a single file
can know; ``check_library`` (engine.dialogue.checks) then runs the checks that need every file
(calls between dialogues, loops, endings, strategies); and this module puts them together and
decides what a problem stops. Every problem is collected, so an author sees all of them at once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from engine.dialogue import cache
from engine.dialogue import packs as packs_module
from engine.dialogue.builder import DialogueBuilder
from engine.dialogue.catalogue import read_catalogue
from engine.dialogue.checks import STRATEGY_CHECKS, check_library
from engine.dialogue.files import catalogue_files, dialogue_files, template_dirs_for
from engine.dialogue.model import Call, Dialogue, Library, Strategy
from engine.dialogue.offers import with_offers
from engine.dialogue.progress import remaining_questions
from engine.ground import cache as ground_cache
from engine.ground.errors import DialogueLoadError, Problem, suggestions_limited
from engine.ground.files import display_path, resource_dir
from engine.ground.source import Span
from engine.ground.yamlfile import SKIPPED


def load_library(paths: Iterable[Path | str] = (), *, bundled: bool = True, skip_broken: bool = False) -> Library:
    """Load the bundled dialogues and/or the given files and folders as one library.

    Raises ``DialogueLoadError`` listing every problem when any file has an error; warnings
    alone do not stop loading and are kept in ``Library.warnings``. With ``skip_broken`` (for
    running, not checking) a file with errors is left out instead, with every dialogue that calls
    it, and ``Library.skipped`` says why: one broken file must not stop the others.
    """
    sources = [Path(p) for p in paths]
    packs: dict[str, str] = {}  # each unpacked pack's folder -> the pack, as problems name them
    for index, source in enumerate(sources):
        if source.exists() and packs_module.is_pack(source):
            folder = packs_module.unpack(source)
            packs[display_path(folder)] = display_path(source)
            sources[index] = folder
    key = _cache_key(sources, bundled, skip_broken)
    kept = cache.load(key) if key is not None else None
    if kept is not None:
        return kept
    with ground_cache.collector_paused():  # a library is many lasting objects, made at once
        try:
            with suggestions_limited():  # a file with thousands of mistakes gets hints for the first ones
                library = _load_library(sources, bundled, skip_broken)
        except DialogueLoadError as exc:
            if not packs:
                raise
            raise DialogueLoadError(packs_module.renamed(exc.problems, packs)) from None
        if packs:
            library = replace(library, warnings=tuple(packs_module.renamed(library.warnings, packs)),
                              skipped=tuple(packs_module.renamed(library.skipped, packs)))
        if key is not None:
            cache.keep(key, library)  # only a library that loaded: errors are always read afresh
    return library


def _cache_key(sources: list[Path], bundled: bool, skip_broken: bool) -> str | None:
    """The cache key of this load: every file read and every template folder looked in."""
    if cache.cache_folder() is None or not all(p.exists() for p in sources):
        return None
    roots = ([resource_dir("dialogues")] if bundled else []) + sources
    files, _ = dialogue_files(roots)
    folders = {folder for file in files for folder in template_dirs_for(file)}
    folders |= {p for p in roots if p.is_dir()}
    every = sorted(files) + sorted(catalogue_files(roots))
    return cache.key_for(every, sorted(folders), f"bundled={bundled} skip_broken={skip_broken}")


def _load_library(sources: list[Path], bundled: bool, skip_broken: bool) -> Library:
    missing = [p for p in sources if not p.exists()]
    if missing:
        raise DialogueLoadError([Problem(Span(str(p), 1, 1), "no such file or folder") for p in missing])
    bundle_dir = resource_dir("dialogues")
    files, problems = dialogue_files(([bundle_dir] if bundled else []) + sources)
    dialogues: dict[str, Dialogue] = {}
    first_seen: dict[str, Span] = {}
    broken: set[str] = set()
    for file in files:
        dialogue, file_problems, broken_id = _built(file, bundle_dir)
        problems.extend(file_problems)
        if broken_id:
            broken.add(broken_id)
        if dialogue is None:
            continue
        if dialogue.id in dialogues:
            problems.append(Problem(dialogue.span, f"dialogue id `{dialogue.id}` is used twice",
                                    f"it is also the id in {first_seen[dialogue.id]}; ids must be unique",
                                    rule="duplicate-id"))
            continue
        dialogues[dialogue.id] = dialogue
        first_seen[dialogue.id] = dialogue.span
    strategies: dict[str, Strategy] = {}
    catalogue_problems: list[Problem] = []
    for catalogue in catalogue_files(([bundle_dir] if bundled else []) + sources):
        found, catalogue_problems_here = read_catalogue(catalogue)
        strategies.update(found)
        catalogue_problems.extend(catalogue_problems_here)
    problems.extend(catalogue_problems)
    library = _estimated(Library(dialogues, strategies, broken=frozenset(broken)))
    problems.extend(check_library(library))
    if not (skip_broken and any(p.severity == "error" for p in catalogue_problems)):
        # (a broken catalogue would make every strategy unknown; its own errors say enough)
        problems.extend(check_library(library, STRATEGY_CHECKS))
    if skip_broken:
        return _without_broken(library, problems)
    if any(p.severity == "error" for p in problems):
        raise DialogueLoadError(problems)
    return replace(library, warnings=tuple(sorted(problems)))


# Bundled files built without a problem, for the next load in this process (a test run loads the
# bundled dialogues beside a file of its own dozens of times; each costs 0.2 s to build again).
_BUILT: dict[tuple[str, str], Dialogue] = {}
_BUILT_LIMIT = 64


def _built(file: Path, bundle_dir: Path) -> tuple[Dialogue | None, list[Problem], str | None]:
    """One file's dialogue, its problems and, when it has errors, its id. A bundled file that built
    cleanly is built once per process while it, the template folders it reads and the current
    folder (its spans name it as a person would type it) stay the same."""
    template_dirs = template_dirs_for(file)
    key = None
    if file.parent == bundle_dir:
        key = (os.getcwd(), ground_cache.key_for([file], template_dirs, "built", []))
        kept = _BUILT.get(key)
        if kept is not None:
            return kept, [], None
    builder = DialogueBuilder(file, template_dirs)
    dialogue = builder.read()
    if key is not None and dialogue is not None and not builder.problems and not builder.broken_id:
        if len(_BUILT) >= _BUILT_LIMIT:
            del _BUILT[next(iter(_BUILT))]
        _BUILT[key] = dialogue
    return dialogue, builder.problems, builder.broken_id


def _without_broken(library: Library, problems: list[Problem]) -> Library:
    """The library without the dialogues whose files have errors, nor those that call them
    (directly or not); ``skipped`` keeps the errors, and the notes about files that were skipped."""
    problems = list(problems)
    dialogues = dict(library.dialogues)
    while True:
        broken_files = {p.span.file for p in problems if p.severity == "error"}
        left_out = [d for d in dialogues.values() if display_path(Path(d.path)) in broken_files]
        for dialogue in left_out:
            del dialogues[dialogue.id]
        callers = [Problem(node.dialogue_span or node.span, f"dialogue `{node.dialogue}` has errors, so this one "
                           "cannot run either", "fix the errors of the dialogue it calls")
                   for dialogue in dialogues.values() if display_path(Path(dialogue.path)) not in broken_files
                   for node in dialogue.nodes.values() if isinstance(node, Call) and node.chosen is None
                   and node.dialogue not in dialogues]
        problems.extend(callers)
        if not left_out and not callers:
            break
    broken_files = {p.span.file for p in problems if p.severity == "error"}
    skipped = [p for p in problems if p.span.file in broken_files and p.severity == "error"
               or p.message.endswith(SKIPPED)]
    kept = _estimated(Library(dialogues, library.strategies))
    warnings = [p for p in problems if p not in skipped and p.span.file not in broken_files]
    return replace(kept, warnings=tuple(sorted(warnings)), skipped=tuple(sorted(set(skipped))))



def _estimated(library: Library) -> Library:
    """The library with the dialogues its questions offer (engine.dialogue.offers) and its progress
    estimates (the fewest questions left from each node)."""
    library = replace(library, dialogues=with_offers(library.dialogues))
    return replace(library, remaining=remaining_questions(library))
