"""Commands that hold a conversation or show one: the Welcome (no command), menu, run, resume,
summary."""

from __future__ import annotations

import argparse

from engine.cli.progress import rehearsals, trainee_dialogues
from engine.cli.setup import (
    UsageError,
    dialogue_folders,
    emit,
    hold,
    make_console,
    opened_store,
    resolve,
    runnable_library,
    start,
    summary_file,
    words,
)
from engine.conversation.machine import Conversation
from engine.conversation.session import SessionRecord, Status
from engine.conversation.turns import Question
from engine.dialogue.model import Audience, Dialogue, Library
from engine.ground.files import check_destination
from engine.render.summary import format_for, render_summary
from engine.safety.resources import load_resources
from engine.store.interface import SessionInfo
from engine.store.sql import SqlStore
from engine.understanding.answers import Accepted, Asking, PlainAnswer, parse_choice

# -- commands -----------------------------------------------------------------------------------
DEFAULT_DIALOGUE = "welcome"


def cmd_default(args: argparse.Namespace) -> int:
    """No command: the Welcome dialogue, which routes to the others (the menu if it is missing)."""
    library = runnable_library(folders=dialogue_folders(args))
    if DEFAULT_DIALOGUE in library:
        return start(args, library, library[DEFAULT_DIALOGUE], None)
    return cmd_menu(args, library)


def cmd_menu(args: argparse.Namespace, library: Library | None = None) -> int:
    """Offer the client dialogues (``--trainee``: the trainees') and run the one chosen."""
    library = library or runnable_library(folders=dialogue_folders(args))
    if getattr(args, "trainee", False):
        return _choose(args, library, trainee_dialogues(library), "session.trainee_menu")
    return _choose(args, library, library.listed(Audience.CLIENT), "session.menu")


def cmd_rehearse(args: argparse.Namespace) -> int:
    """A rehearsal by id, or a list of them to choose from."""
    if args.scenario:
        library, dialogue, source = resolve(args.scenario, dialogue_folders(args))
        if dialogue.id not in {d.id for d in rehearsals(library)}:
            raise UsageError(words()("session.not_a_rehearsal", dialogue=dialogue.id))
        return start(args, library, dialogue, source)
    library = runnable_library(folders=dialogue_folders(args))
    return _choose(args, library, rehearsals(library), "session.rehearse_menu")


def _choose(args: argparse.Namespace, library: Library, dialogues: list[Dialogue], prompt: str) -> int:
    """Offer ``dialogues`` as a choice and start the one chosen."""
    messages = words()
    console = make_console(args, messages)
    labels = tuple(f"{d.title}: {d.description}" if d.description else d.title for d in dialogues)
    question = Question.prompt("menu", messages(prompt), type="choice", options=labels)
    asking = Asking(PlainAnswer.choice([d.id for d in dialogues]), labels)
    while True:
        answer = console.ask(question, messages("session.choice_hint"))
        if answer is None:
            return 0
        picked = parse_choice(asking, answer)  # the same reading as any choice in a dialogue
        if isinstance(picked, Accepted):
            return start(args, library, library[picked.value], None, console)
        console.show(messages(picked.message, **picked.params))


def cmd_run(args: argparse.Namespace) -> int:
    library, dialogue, source = resolve(args.dialogue, dialogue_folders(args))
    return start(args, library, dialogue, source)


def cmd_resume(args: argparse.Namespace) -> int:
    out = summary_file(args)
    store = opened_store(args)
    session = args.session
    if session is None:
        latest = _latest_to_resume(store, args.person)
        if latest is None:
            print(words()("session.nothing_to_resume"))
            return 1
        session = latest.id
    # One conversation is open in one place: a second resume of it is refused here, before it asks
    # anything (and a finished one too). It is read once it is ours, so nothing saved is missed.
    store.claim(session, take_over=args.take_over)
    try:
        record = store.load(session)
        library = _library_for(record)
    except BaseException:
        store.release(session)
        raise
    return hold(args, library, record, make_console(args, words()), out, resumed=True)


def _latest_to_resume(store: SqlStore, person: str | None) -> SessionInfo | None:
    """The latest unfinished session in which something was typed; else the latest unfinished one.

    A conversation closed before its first answer has nothing to carry on with, so a paused one
    with answers is not hidden behind it. "Something typed" is any entry in the log, not only
    answers still in force: answers all undone with /back, or all to be asked again after an
    edit, still count. Such an empty session is kept (``sessions list`` shows it, ``resume ID``
    opens it) and is still taken when there is nothing else, as after a kill before any answer.
    """
    latest = store.latest_unfinished(person)
    if latest is None or latest.answers:
        return latest  # the usual case: nothing more to read
    unfinished = list(reversed(store.sessions([Status.ACTIVE, Status.PAUSED], person)))
    # Latest first, as latest_unfinished orders them (a tie goes to the session started later).
    unfinished.sort(key=lambda s: s.updated or s.created or "", reverse=True)
    typed = (s for s in unfinished if s.answers or store.load(s.id).log)
    return next(typed, latest)


def _library_for(record: SessionRecord) -> Library:
    library = runnable_library([record.source] if record.source else [])
    if record.dialogue not in library:
        raise UsageError(f"session {record.id} uses dialogue `{record.dialogue}`, which no longer exists")
    return library


def cmd_summary(args: argparse.Namespace) -> int:
    if args.out:
        format_for(args.out)
        check_destination(args.out)
    record = opened_store(args).load(args.session)
    conversation = Conversation(_library_for(record), words(), record.dialogue, record.log,
                                resources=load_resources(args.region), given=record.context)
    fmt = format_for(args.out) if args.out else args.format
    text = render_summary(conversation, fmt, status=record.status, session_id=record.id,
                          generated=(record.updated or "")[:10] or None)
    return emit(text, args.out)  # owner-only, and whole or not at all
