"""`peercoach sessions ...`: list, show, export, import and delete what the store keeps."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from engine.cli.progress import rehearsal_history
from engine.cli.setup import UsageError, dialogue_folders, emit, opened_store, runnable_library, words
from engine.conversation.session import EntryKind, answers_in_force
from engine.ground.printable import json_text, printable
from engine.store.interface import SessionInfo

HANDOFF_TEMPLATES = {"markdown": "handoff.md.j2", "html": "handoff.html.j2"}


# -- sessions -----------------------------------------------------------------------------------
def cmd_sessions_list(args: argparse.Namespace) -> int:
    store = opened_store(args)
    sessions = store.sessions(person=args.person)
    for session, problem in store.unreadable(args.person):
        print(f"peercoach: session {session} in {store.path} is damaged ({problem}); it has been left as it is",
              file=sys.stderr)
    if args.json:
        print(json_text([s.to_dict() for s in sessions], indent=2))
        return 0
    if not sessions:
        print("No sessions yet.")
        return 0
    rows = [(s.id, s.person or "-", s.dialogue, s.status.value, str(s.answers), (s.updated or "")[:16])
            for s in sessions]
    header = ("session", "person", "dialogue", "status", "answers", "updated")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


def cmd_sessions_show(args: argparse.Namespace) -> int:
    store = opened_store(args)
    record = store.load(args.session)
    info = SessionInfo.of(record)
    answers = [{"question": e.question, "answer": None if e.skipped else (e.display or e.text), "text": e.text,
                "kind": e.kind.value, "node": e.node, "at": e.at, "safety": e.safety}
               for e in answers_in_force(record.log) if e.kind is not EntryKind.REPLAYED]
    if args.json:
        shown = {**info.to_dict(), "created": record.created, "source": record.source, "entries": answers}
        print(json_text(shown, indent=2))
        return 0
    print(printable(f"session  {info.id}\nperson   {info.person or '-'}\ndialogue {info.dialogue}\n"
                    f"status   {info.status.value}\nstarted  {record.created or '-'}\n"
                    f"updated  {info.updated or '-'}\n"))
    for answer in answers:
        said = answer["answer"] if answer["answer"] is not None else "(skipped)"
        print(printable(f"{answer['question'] or answer['node']}\n  -> {said}"))
    return 0


def cmd_sessions_export(args: argparse.Namespace) -> int:
    store = opened_store(args)
    person = store.known_person(args.name) if args.name else store.default_person()
    if person is None:
        raise UsageError(f"there is nobody called `{args.name}` in {store.path}" if args.name
                         else "whose data? name them: `peercoach sessions export NAME`")
    exported = store.export(person)
    # For a supervisor: each rehearsal's debrief in figures, beside the sessions (every reply with its coding).
    exported["rehearsals"] = rehearsal_history(store, person, runnable_library(folders=dialogue_folders(args)), words(),
                                               most=None)
    text = json.dumps({"format": "peercoach-export", "version": 1, **exported}, indent=2, ensure_ascii=False) + "\n"
    emit(text, args.out, f"Wrote everything kept about {person} to {args.out}")  # their own words: owner-only
    for damaged in exported.get("unreadable", []):
        print(f"peercoach: session {damaged['id']} could not be exported ({damaged['problem']})", file=sys.stderr)
    return 0


def cmd_sessions_handoff(args: argparse.Namespace) -> int:
    """A hand-off summary for the person's peer supporter, only after their recorded yes."""
    from engine.dialogue.cards import bundled_cards
    from engine.ground.files import resource_dir
    from engine.render.summary import environment

    fmt = _handoff_format(args)
    store = opened_store(args)
    person = store.known_person(args.name)
    if person is None:
        raise UsageError(f"there is nobody called `{args.name}` in {store.path}")
    consent = store.handoff_consent(person)
    if consent is None or not consent["given"]:
        when = f" (they said no on {consent['day']})" if consent else " (they have not been asked yet)"
        print(f"peercoach: no hand-off summary for {printable(person)}: they have not said yes to sharing one"
              f"{when}. A review asks them when they would like to bring in their peer supporter or another "
              "professional.", file=sys.stderr)
        return 1
    context = store.handoff(person, date.today().isoformat())
    cards = bundled_cards()
    context["asked_about"] = [card.title if (card := cards.find(page)) else page for page in context["asked_about"]]
    text = environment([resource_dir("prompts")], fmt).get_template(HANDOFF_TEMPLATES[fmt]).render(context)
    return emit(text, args.out, f"Wrote the hand-off summary for {printable(person)} to {args.out}")


def _handoff_format(args: argparse.Namespace) -> str:
    """The hand-off summary's format: --format, else what --out's name ends in, else Markdown."""
    from engine.render.summary import FORMATS

    named = FORMATS.get(Path(args.out).suffix.lower()) if args.out else None
    asked = {"md": "markdown", "markdown": "markdown", "html": "html"}.get(args.format) if args.format else None
    if asked and named and asked != named:
        raise UsageError(f"--format {args.format} does not match `{args.out}`: name the file "
                         f"`{Path(args.out).stem}.{'html' if asked == 'html' else 'md'}` or drop --format")
    return asked or named or "markdown"


def cmd_sessions_calendar(args: argparse.Namespace) -> int:
    """The person's open goals as a calendar file: each dated step and each next check-in."""
    from datetime import UTC, datetime

    from engine.render.calendar import ics, plan_events

    store = opened_store(args)
    person = store.known_person(args.name) if args.name else store.default_person()
    if person is None:
        raise UsageError(f"there is nobody called `{args.name}` in {store.path}" if args.name
                         else "whose plan? name them: `peercoach sessions calendar NAME`")
    events = plan_events(person, store.goals(person, open_only=True), words())
    text = ics(events, datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"))
    return emit(text, args.out,
                f"Wrote {len(events)} date{'s' * (len(events) != 1)} of {printable(person)}'s plan to {args.out}")


def cmd_sessions_import(args: argparse.Namespace) -> int:
    """Sessions an earlier peercoach saved as JSON files: brought in only when asked, never silently."""
    store = opened_store(args)
    store.require_writable("import sessions")
    paths = [Path(p) for p in args.paths] or [store.path.parent / "sessions"]
    results = store.import_sessions(paths)
    for result in results:
        if result.session is not None:
            info = result.session
            print(f"Imported {info.id} ({info.dialogue}, {info.status.value}, "
                  f"{info.answers} answer{'s' * (info.answers != 1)}) from {result.path}")
        else:
            print(f"Skipped {result.path}: {result.skipped}")
    imported = sum(r.session is not None for r in results)
    problems = sum(r.session is None and not r.present for r in results)
    print(f"{imported} session{'s' * (imported != 1)} imported, {len(results) - imported} skipped.")
    return 1 if problems else 0


def cmd_sessions_delete(args: argparse.Namespace) -> int:
    store = opened_store(args)
    if bool(args.session) == bool(args.person):
        raise UsageError("name a session to delete, or a person with --person NAME (not both)")
    name: str | None = None
    if args.session:
        store.load(args.session)  # a clear error if there is no such session
        what = f"session {args.session}"
    else:
        name = store.known_person(args.person)
        if name is None:
            raise UsageError(f"there is nobody called `{args.person}` in {store.path}")
        count = len(store.sessions(person=name))
        what = f"{name} and all their data ({count} session{'s' * (count != 1)}, goals and check-ins)"
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(f"this would delete {what} for good; add --yes to confirm")
        reply = input(f"Delete {what}? This cannot be undone. [y/N] ")
        if reply.strip().lower() not in ("y", "yes"):
            print("Nothing was deleted.")
            return 1
    if name is None:
        store.delete_session(args.session)
    else:
        store.delete_person(name)
    print(f"Deleted {what}; the store file has been compacted so the text is gone from it.")
    return 0
