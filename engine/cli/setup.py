"""What every command that holds a conversation needs: the engine's words, the store, who is
talking, a console, the library that can run, and starting or resuming a conversation."""

from __future__ import annotations

import argparse
import functools
import os
import shlex
import shutil
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from engine.cli.progress import is_rehearsal, rehearsal_history
from engine.conversation.machine import Conversation
from engine.conversation.messages import Messages
from engine.conversation.session import SessionRecord
from engine.dialogue import peervoice
from engine.dialogue.cards import bundled_cards, skipped_lines
from engine.dialogue.files import template_dirs_for
from engine.dialogue.loader import load_library
from engine.dialogue.model import Dialogue, Library
from engine.dialogue.packs import is_pack
from engine.frontends.console import Console, Tone
from engine.frontends.loop import NAME, Run, ask_person, new_session_id, system_clock
from engine.frontends.plain import PlainConsole
from engine.ground.errors import DialogueLoadError, PeercoachError, Problem, did_you_mean
from engine.ground.files import check_destination, display_path, resource_dir, write_private
from engine.ground.printable import printable
from engine.render.summary import format_for
from engine.safety.resources import Resources, load_resources
from engine.store.interface import SessionStore
from engine.store.opening import open_store
from engine.store.sql import SqlStore


class UsageError(PeercoachError):
    """The command line asks for something that does not exist (a dialogue, a session...)."""


# -- shared set-up ------------------------------------------------------------------------------
@functools.cache
def emit(text: str, out: str | Path | None, said: str = "") -> int:
    """``text`` to the file ``--out`` names (owner-only, written whole), then ``said`` on standard
    error; without ``--out``, ``text`` to standard output."""
    if out:
        write_private(out, text)
        if said:
            print(said, file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


_WORDS: dict[tuple[Path, int, int], Messages] = {}


def words() -> Messages:
    """The engine's words, read once per run (a start asked for them three times, each reading
    the cache again), and again only when the file changes."""
    path = resource_dir("prompts") / "messages.yaml"
    try:
        found = path.stat()
    except OSError:
        return Messages.load(path)  # says what is wrong with it
    stamp = (path, found.st_size, found.st_mtime_ns)
    messages = _WORDS.get(stamp)
    if messages is None:
        _WORDS.clear()
        messages = _WORDS[stamp] = Messages.load(path)
    return messages


def resources(args: argparse.Namespace) -> Resources:
    """The region's crisis resources, read once per run (a start read the region's files twice)."""
    found: Resources | None = getattr(args, "read_resources", None)
    if found is None or getattr(args, "read_region", None) != args.region:
        found = args.read_resources = load_resources(args.region)
        args.read_region = args.region
    return found


def opened_store(args: argparse.Namespace) -> SqlStore:
    """The store, opened once per run (a conversation saves after every answer)."""
    if getattr(args, "opened_store", None) is None:
        args.opened_store = open_store(args.store)
    opened: SqlStore = args.opened_store
    return opened


def who_is_talking(args: argparse.Namespace, store: SqlStore, console: Console) -> str | None:
    """Who is talking: --person, else whoever used this machine last, else we ask (and remember)."""
    messages = words()
    if args.person:
        name = " ".join(args.person.split())
        if not NAME.fullmatch(name):
            raise UsageError(f"`{args.person}` cannot be used as a name: " + messages("person.invalid"))
        return store.remember_person(name)
    remembered = store.default_person()
    if remembered:
        console.show(messages("person.hello_again", name=remembered), Tone.NOTICE)
        return remembered
    chosen = ask_person(console, messages, resources(args))
    return store.remember_person(chosen) if chosen else None


def make_console(args: argparse.Namespace, messages: Messages) -> Console:
    if args.no_color:
        os.environ["NO_COLOR"] = "1"
    if args.plain or not (sys.stdin.isatty() and sys.stdout.isatty()):
        return PlainConsole(messages)
    from engine.frontends.terminal import TerminalConsole  # only load prompt-toolkit for a real terminal
    return TerminalConsole(messages)


DIALOGUES_ENV = "PEERCOACH_DIALOGUES"  # more dialogue folders, separated like PATH


def dialogue_folders(args: argparse.Namespace) -> list[Path]:
    """The facilitators' own dialogue folders (or packs, engine.dialogue.packs): `--dialogues DIR`
    (repeatable), then $PEERCOACH_DIALOGUES."""
    given = list(getattr(args, "dialogues", None) or [])
    named = [*given, *(p for p in os.environ.get(DIALOGUES_ENV, "").split(os.pathsep) if p.strip())]
    folders = []
    for name in dict.fromkeys(named):
        folder = Path(name).expanduser()
        if not folder.is_dir() and not (folder.is_file() and is_pack(folder)):
            where = "--dialogues" if name in given else f"${DIALOGUES_ENV}"
            raise UsageError(f"{where}: {name} is not a folder of dialogues or a dialogue pack")
        folders.append(folder)
    return folders


def source_of(dialogue: Dialogue) -> str | None:
    """Where a session finds its dialogue again: nothing for a bundled one, else its file (so a
    dialogue from a facilitator's folder resumes even when the folder is not named again)."""
    bundled = resource_dir("dialogues").resolve()
    path = Path(dialogue.path).resolve()
    return None if path.is_relative_to(bundled) else str(path)


def runnable_library(paths: Sequence[Path | str] = (), folders: Sequence[Path] = ()) -> Library:
    """Every dialogue that can run, the folders' too. A file with errors is left out with one line
    saying why (`peercoach validate` lists all its problems), so one broken file does not stop the others."""
    library = load_library([*folders, *paths], skip_broken=True)
    by_file: dict[str, list[Problem]] = {}
    for problem in library.skipped:
        by_file.setdefault(problem.span.file, []).append(problem)
    for found in by_file.values():
        if found[0].severity != "error":
            print(found[0], file=sys.stderr)
            continue
        more = f"; it has {len(found) - 1} more, `peercoach validate` lists them" if len(found) > 1 else ""
        print(f"{found[0]} (so this file was left out{more})", file=sys.stderr)
    return library


def looks_like_path(name: str) -> bool:
    return name.endswith((".yaml", ".yml")) or os.sep in name or Path(name).is_file()


def resolve(name: str, folders: Sequence[Path] = ()) -> tuple[Library, Dialogue, str | None]:
    """A dialogue by id (bundled, or in the folders) or by file path, with the library it can call into."""
    if looks_like_path(name):
        path = Path(name)
        library = runnable_library([path], folders)
        for dialogue in library.dialogues.values():
            if Path(dialogue.path).resolve() == path.resolve():
                return library, dialogue, str(path.resolve())
        own = [p for p in library.skipped if p.span.file == display_path(path)]
        if own:  # the file asked for is broken: say everything that is wrong with it
            raise DialogueLoadError(own)
        raise UsageError(f"{name} holds no dialogue")
    library = runnable_library(folders=folders)
    if name not in library:
        hint = did_you_mean(name, library.dialogues)
        raise UsageError(f"there is no dialogue `{name}`" + (f": {hint}" if hint else "")
                         + " (`peercoach list` shows them all)")
    return library, library[name], source_of(library[name])


def summary_file(args: argparse.Namespace) -> Path | None:
    """``--out``, checked before anything starts so that a bad file name or a missing folder costs
    no answers (and no conversation held only to fail at its end)."""
    if not getattr(args, "out", None):
        return None
    format_for(args.out)
    check_destination(args.out)
    return Path(args.out)


def hold(args: argparse.Namespace, library: Library, record: SessionRecord, console: Console,
          out: Path | None, resumed: bool) -> int:
    messages = words()
    # The information cards are read before the first question, so a mistake in one is reported
    # with its place now rather than half-way through a conversation; the others are still shown.
    cards = bundled_cards()
    for line in [*skipped_lines(cards), *peervoice.skipped_lines(peervoice.bundled_peer_voice())]:
        print(printable(line), file=sys.stderr)
    conversation = Conversation(library, messages, record.dialogue, record.log,
                                resources=resources(args), given=record.context, cards=cards)
    reload = watcher(args, library, record, messages) if getattr(args, "watch", False) else None
    run = Run(conversation, record, opened_store(args), console, messages, out=out, command=again_command(args),
              reload=reload)
    if resumed:
        console.show(messages("session.resumed"))
        run.tell_about_edits()
    return run.hold()


Reloader = Callable[[Conversation], tuple[Conversation | None, str | None]]


def watcher(args: argparse.Namespace, library: Library, record: SessionRecord, messages: Messages) -> Reloader:
    """For `run --watch`: before each question, if a dialogue or template file beside the dialogue
    changed, load the library again and replay the answers so far into the edited dialogue (a
    version with mistakes is reported and the one before keeps running)."""
    path = Path(library[record.dialogue].path)
    folders = {path.parent, *template_dirs_for(path)}

    def snapshot() -> dict[Path, int]:
        return {p: p.stat().st_mtime_ns for folder in folders if folder.is_dir() for p in folder.iterdir()
                if p.suffix in (".yaml", ".yml", ".j2") and p.is_file()}

    seen = snapshot()

    def reload(conversation: Conversation) -> tuple[Conversation | None, str | None]:
        nonlocal seen
        now = snapshot()
        if now == seen:
            return None, None
        seen = now
        try:
            fresh = load_library([*([record.source] if record.source else []), *dialogue_folders(args)])
        except DialogueLoadError as exc:
            return None, "\n".join([messages("session.reload_failed"), *(str(p) for p in exc.problems[:5])])
        if record.dialogue not in fresh:
            return None, messages("session.reload_failed")
        replayed = Conversation(fresh, messages, record.dialogue, conversation.log,
                                resources=load_resources(args.region), given=record.context)
        return replayed, messages("session.reloaded")

    return reload


def start(args: argparse.Namespace, library: Library, dialogue: Dialogue, source: str | None,
           console: Console | None = None) -> int:
    out = summary_file(args)
    console = console or make_console(args, words())
    store = opened_store(args)
    store.require_writable("start a conversation")  # before anyone is asked anything
    person = who_is_talking(args, store, console)
    if person is None:
        return 0  # they stopped before saying who they are: nothing was started
    now = system_clock()
    session = new_session_id(now)
    context = session_context(store, person, now, args.region, seed=getattr(args, "seed", None) or session,
                              feedback=not getattr(args, "no_feedback", False), read=resources(args))
    if is_rehearsal(dialogue):  # the rehearsals finished before, for the debrief's chart of progress
        context["person"]["rehearsals"] = rehearsal_history(store, person, library, words())
    record = SessionRecord(id=session, dialogue=dialogue.id, source=source or source_of(dialogue),
                           created=now.isoformat(timespec="seconds"), person=person, context=context)
    return hold(args, library, record, console, out, resumed=False)


def session_context(store: SessionStore, person: str, now: datetime, region: str | None, *,
                    seed: str = "", feedback: bool = True, read: Resources | None = None) -> dict[str, Any]:
    """What a new conversation is given (kept with it, so a resume or a replay sees the same): the
    person's record, the day it starts, the region's services for finding a professional, the seed
    that chooses among a dialogue's lines (``pick``: the session's id, or ``--seed``) and whether the
    person wants feedback as they go (``--no-feedback``). ``read``: the region's resources, when
    already read."""
    return {**store.context_for(person), "today": now.date().isoformat(),
            "finding_help": (read or load_resources(region)).services(), "session_seed": seed, "feedback": feedback}


LAUNCHER_ENV = "PEERCOACH_LAUNCHER"  # set by run.py: how the quick start starts peercoach


def again_command(args: argparse.Namespace) -> str:
    """The command that starts peercoach again, as the person would type it now: the quick start's
    `python3 run.py` when that is how it was started, `peercoach` when it is on the PATH, else
    `python3 -m engine`; with the `--store` they gave, so a resume finds the same sessions."""
    launcher = os.environ.get(LAUNCHER_ENV)
    if launcher:
        command = launcher
    elif shutil.which("peercoach"):
        command = "peercoach"
    else:
        command = "python3 -m engine"
    store = getattr(args, "store", None)
    return f"{command} --store {shlex.quote(str(store))}" if store else command

