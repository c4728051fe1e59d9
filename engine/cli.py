"""The ``peercoach`` command: a thin layer over the library.

Every command returns an exit status; errors are reported in one clear line (or one line per
authoring problem), never as a traceback.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from engine import __version__
from engine.ground.errors import DialogueLoadError, PeercoachError, did_you_mean
from engine.evaluation.coding import EVALUATIONS
from engine.ground.files import check_destination, write_private
from engine.frontends.loop import NAME, Console, Run, Tone, ask_person, new_session_id, system_clock
from engine.dialogue.loader import display_path, load_library, resource_dir
from engine.conversation.machine import Conversation, Question
from engine.conversation.messages import Messages
from engine.dialogue.model import Audience, Dialogue, Library
from engine.frontends.plain import PlainConsole
from engine.render.summary import format_for, render_summary
from engine.ground.printable import json_text, printable
from engine.safety.resources import load_resources
from engine.safety import About, check, says as safety_says
from engine.conversation.session import EntryKind, SessionRecord, answers_in_force
from engine.store.sqlite import SessionInfo, SqliteStore, default_location


class UsageError(PeercoachError):
    """The command line asks for something that does not exist (a dialogue, a session...)."""


# -- shared set-up ------------------------------------------------------------------------------
@functools.cache
def _messages() -> Messages:
    """The engine's words, read once per run."""
    return Messages.load(resource_dir("prompts") / "messages.yaml")


def _store(args: argparse.Namespace) -> SqliteStore:
    """The store, opened once per run (a conversation saves after every answer)."""
    if getattr(args, "opened_store", None) is None:
        args.opened_store = SqliteStore(Path(args.store) if args.store else default_location())
    return args.opened_store


def _person(args: argparse.Namespace, store: SqliteStore, console: Console) -> str | None:
    """Who is talking: --person, else whoever used this machine last, else we ask (and remember)."""
    messages = _messages()
    if args.person:
        name = " ".join(args.person.split())
        if not NAME.fullmatch(name):
            raise UsageError(f"`{args.person}` cannot be used as a name: " + messages("person.invalid"))
        return store.remember_person(name)
    remembered = store.default_person()
    if remembered:
        console.show(messages("person.hello_again", name=remembered), Tone.NOTICE)
        return remembered
    chosen = ask_person(console, messages, load_resources(args.region))
    return store.remember_person(chosen) if chosen else None


def _console(args: argparse.Namespace, messages: Messages) -> Console:
    if args.no_color:
        os.environ["NO_COLOR"] = "1"
    if args.plain or not (sys.stdin.isatty() and sys.stdout.isatty()):
        return PlainConsole(messages)
    from engine.frontends.terminal import TerminalConsole  # only load prompt-toolkit for a real terminal
    return TerminalConsole(messages)


def _runnable_library(paths: Sequence[Path | str] = ()) -> Library:
    """Every dialogue that can run. A file with errors is left out with one line saying why
    (`peercoach validate` lists all its problems), so one broken file does not stop the others."""
    library = load_library(paths, skip_broken=True)
    by_file: dict[str, list] = {}
    for problem in library.skipped:
        by_file.setdefault(problem.span.file, []).append(problem)
    for found in by_file.values():
        if found[0].severity != "error":
            print(found[0], file=sys.stderr)
            continue
        more = f"; it has {len(found) - 1} more, `peercoach validate` lists them" if len(found) > 1 else ""
        print(f"{found[0]} (so this file was left out{more})", file=sys.stderr)
    return library


def _looks_like_path(name: str) -> bool:
    return name.endswith((".yaml", ".yml")) or os.sep in name or Path(name).is_file()


def _resolve(name: str) -> tuple[Library, Dialogue, str | None]:
    """A dialogue by bundled id or by file path, with the library it can call into."""
    if _looks_like_path(name):
        path = Path(name)
        library = _runnable_library([path])
        for dialogue in library.dialogues.values():
            if Path(dialogue.path).resolve() == path.resolve():
                return library, dialogue, str(path.resolve())
        own = [p for p in library.skipped if p.span.file == display_path(path)]
        if own:  # the file asked for is broken: say everything that is wrong with it
            raise DialogueLoadError(own)
        raise UsageError(f"{name} holds no dialogue")
    library = _runnable_library()
    if name not in library:
        hint = did_you_mean(name, library.dialogues)
        raise UsageError(f"there is no dialogue `{name}`" + (f": {hint}" if hint else "")
                         + " (`peercoach list` shows them all)")
    return library, library[name], None


def _summary_file(args: argparse.Namespace) -> Path | None:
    """``--out``, checked before anything starts so that a bad file name or a missing folder costs
    no answers (and no conversation held only to fail at its end)."""
    if not getattr(args, "out", None):
        return None
    format_for(args.out)
    check_destination(args.out)
    return Path(args.out)


def _hold(args: argparse.Namespace, library: Library, record: SessionRecord, console: Console,
          out: Path | None, resumed: bool) -> int:
    messages = _messages()
    conversation = Conversation(library, messages, record.dialogue, record.log,
                                resources=load_resources(args.region), given=record.context)
    run = Run(conversation, record, _store(args), console, messages, out=out)
    if resumed:
        console.show(messages("session.resumed"))
        run.tell_about_edits()
    return run.hold()


def _start(args: argparse.Namespace, library: Library, dialogue: Dialogue, source: str | None,
           console: Console | None = None) -> int:
    out = _summary_file(args)
    console = console or _console(args, _messages())
    store = _store(args)
    store.require_writable("start a conversation")  # before anyone is asked anything
    person = _person(args, store, console)
    if person is None:
        return 0  # they stopped before saying who they are: nothing was started
    now = system_clock()
    record = SessionRecord(id=new_session_id(now), dialogue=dialogue.id, source=source,
                           created=now.isoformat(timespec="seconds"), person=person,
                           context=store.context_for(person))
    return _hold(args, library, record, console, out, resumed=False)


# -- commands -----------------------------------------------------------------------------------
DEFAULT_DIALOGUE = "welcome"


def cmd_default(args: argparse.Namespace) -> int:
    """No command: the Welcome dialogue, which routes to the others (the menu if it is missing)."""
    library = _runnable_library()
    if DEFAULT_DIALOGUE in library:
        return _start(args, library, library[DEFAULT_DIALOGUE], None)
    return cmd_menu(args, library)


def cmd_menu(args: argparse.Namespace, library: Library | None = None) -> int:
    """Offer the client dialogues and run the one chosen."""
    library = library or _runnable_library()
    dialogues = library.listed(Audience.CLIENT)
    messages = _messages()
    console = _console(args, messages)
    labels = tuple(f"{d.title}: {d.description}" if d.description else d.title for d in dialogues)
    question = Question(path="menu", text=messages("session.menu"), type="choice", options=labels,
                        optional=False, minimum=None, maximum=None, title="peercoach", section=None,
                        step=1, total=1)
    while True:
        answer = console.ask(question, messages("session.choice_hint"))
        if answer is None:
            return 0
        picked = _pick(answer, dialogues)
        if picked is not None:
            return _start(args, library, picked, None, console)
        console.show(messages("reask.choice", count=len(dialogues)))


def _pick(answer: str, dialogues: list[Dialogue]) -> Dialogue | None:
    said = answer.strip().lower()
    if said.isascii() and said.isdigit() and 1 <= int(said) <= len(dialogues):
        return dialogues[int(said) - 1]
    matches = [d for d in dialogues if said and (d.id == said or d.title.lower().startswith(said))]
    return matches[0] if len(matches) == 1 else None


def cmd_run(args: argparse.Namespace) -> int:
    library, dialogue, source = _resolve(args.dialogue)
    return _start(args, library, dialogue, source)


def cmd_resume(args: argparse.Namespace) -> int:
    out = _summary_file(args)
    store = _store(args)
    session = args.session
    if session is None:
        latest = store.latest_unfinished(args.person)
        if latest is None:
            print(_messages()("session.nothing_to_resume"))
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
    return _hold(args, library, record, _console(args, _messages()), out, resumed=True)


def _library_for(record: SessionRecord) -> Library:
    library = _runnable_library([record.source] if record.source else [])
    if record.dialogue not in library:
        raise UsageError(f"session {record.id} uses dialogue `{record.dialogue}`, which no longer exists")
    return library


def cmd_summary(args: argparse.Namespace) -> int:
    if args.out:
        format_for(args.out)
        check_destination(args.out)
    record = _store(args).load(args.session)
    conversation = Conversation(_library_for(record), _messages(), record.dialogue, record.log,
                                resources=load_resources(args.region), given=record.context)
    fmt = format_for(args.out) if args.out else args.format
    text = render_summary(conversation, fmt, status=record.status, session_id=record.id,
                          generated=(record.updated or "")[:10] or None)
    if args.out:
        write_private(args.out, text)  # owner-only, and whole or not at all
    else:
        sys.stdout.write(text)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """What the safety net makes of a piece of text (for facilitators)."""
    finding = check(" ".join(args.text))
    says = safety_says(finding.rule)
    if args.json:
        print(json_text({"level": finding.level.label, "rule": finding.rule, "about": finding.about.value,
                         "cue": finding.cue, "says": says}))
    else:
        cue = f'  (matched "{finding.cue}")' if finding.cue else ""
        whose = "  about someone else" if finding.about is About.OTHER else ""
        print(f"{finding.level.label}  {finding.rule or '-'}{cue}{whose}")
        if says:
            print(f"  {says}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Measure the rules against a labelled file."""
    result = EVALUATIONS[args.kind](Path(args.file))
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
        return 0
    if result.communities is not None:
        print(result.community_table())
        return 0
    explained = {"alert_recall": "(acute or possible flagged as either)",
                 "false_alarm_rate": "(none flagged as acute or possible)"}
    for name, report in result.reports.items():
        if name:
            print(f"== {name.replace('_', '-')} ==")
        print(report.table())
        for key, value in result.extra.items():
            print(f"{key.replace('_', ' '):<16} {value:>18.3f}   {explained.get(key, '')}")
        print()
        print(report.confusion())
        misses = report.misses()
        print(f"\n{len(misses)} miss{'es' * (len(misses) != 1)}:")
        for gold, predicted, text, rule in misses[: args.misses]:
            print(printable(f"  {gold} -> {predicted}  {rule or '-'}  {text}"))
        if len(misses) > args.misses:
            print(f"  ... and {len(misses) - args.misses} more (--misses N to show more)")
        print()
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    library = _runnable_library()
    audience = Audience(args.audience) if args.audience else None
    rows = [{"id": d.id, "title": d.title, "audience": d.audience.value, "description": d.description}
            for d in library.listed(audience)]
    if args.json:
        print(json_text(rows, indent=2))
        return 0
    width = max((len(r["id"]) for r in rows), default=2)
    for row in rows:
        print(f"{row['id']:<{width}}  {row['audience']:<11}  {row['title']}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    paths = args.paths or [str(resource_dir("dialogues"))]
    try:
        library = load_library(paths)
        problems = list(library.warnings)
    except DialogueLoadError as exc:
        problems = exc.problems
    errors = sum(p.severity == "error" for p in problems)
    if args.format == "json":
        print(json_text([p.to_dict() for p in problems], indent=2))
    else:
        for problem in problems:
            print(problem)
        warnings = len(problems) - errors
        checked = ", ".join(display_path(Path(p)) for p in paths)
        print(f"{checked}: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}",
              file=sys.stderr)
    return 1 if errors else 0


# -- sessions -----------------------------------------------------------------------------------
def cmd_sessions_list(args: argparse.Namespace) -> int:
    store = _store(args)
    sessions = store.list(person=args.person)
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
    store = _store(args)
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
                    f"status   {info.status.value}\nstarted  {record.created or '-'}\nupdated  {info.updated or '-'}\n"))
    for answer in answers:
        shown = answer["answer"] if answer["answer"] is not None else "(skipped)"
        print(printable(f"{answer['question'] or answer['node']}\n  -> {shown}"))
    return 0


def cmd_sessions_export(args: argparse.Namespace) -> int:
    store = _store(args)
    person = store.known_person(args.name) if args.name else store.default_person()
    if person is None:
        raise UsageError(f"there is nobody called `{args.name}` in {store.path}" if args.name
                         else "whose data? name them: `peercoach sessions export NAME`")
    exported = store.export(person)
    text = json.dumps({"format": "peercoach-export", "version": 1, **exported}, indent=2, ensure_ascii=False) + "\n"
    if args.out:
        write_private(args.out, text)  # an export holds someone's own words: owner-only, written whole
        print(f"Wrote everything kept about {person} to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    for damaged in exported.get("unreadable", []):
        print(f"peercoach: session {damaged['id']} could not be exported ({damaged['problem']})", file=sys.stderr)
    return 0


def cmd_sessions_import(args: argparse.Namespace) -> int:
    """Sessions an earlier peercoach saved as JSON files: brought in only when asked, never silently."""
    store = _store(args)
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
    store = _store(args)
    if bool(args.session) == bool(args.person):
        raise UsageError("name a session to delete, or a person with --person NAME (not both)")
    if args.session:
        store.load(args.session)  # a clear error if there is no such session
        what = f"session {args.session}"
    else:
        name = store.known_person(args.person)
        if name is None:
            raise UsageError(f"there is nobody called `{args.person}` in {store.path}")
        count = len(store.list(person=name))
        what = f"{name} and all their data ({count} session{'s' * (count != 1)}, goals and check-ins)"
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(f"this would delete {what} for good; add --yes to confirm")
        reply = input(f"Delete {what}? This cannot be undone. [y/N] ")
        if reply.strip().lower() not in ("y", "yes"):
            print("Nothing was deleted.")
            return 1
    if args.session:
        store.delete_session(args.session)
    else:
        store.delete_person(name)
    print(f"Deleted {what}; the store file has been compacted so the text is gone from it.")
    return 0


# -- the parser ---------------------------------------------------------------------------------
def _common_options(defaults: bool) -> argparse.ArgumentParser:
    """Options every command takes, before or after the command's name.

    Only the top-level copy has defaults: a subcommand's copy must not overwrite a value given
    before the subcommand (``peercoach --store X run ...``), so there it defaults to nothing.
    """
    options = argparse.ArgumentParser(add_help=False)
    unset = {} if defaults else {"default": argparse.SUPPRESS}
    options.add_argument("--store", metavar="PATH", **({"default": None} if defaults else unset),
                         help="the store: a .db file, or a folder for peercoach.db (default: "
                              "$PEERCOACH_STORE, else $XDG_DATA_HOME/peercoach or ~/.local/share/peercoach)")
    options.add_argument("--person", metavar="NAME", **({"default": None} if defaults else unset),
                         help="who is talking (a name or nickname; remembered as this computer's default)")
    options.add_argument("--plain", action="store_true", **unset,
                         help="plain line mode: print questions, read one answer per line")
    options.add_argument("--no-color", action="store_true", **unset,
                         help="no colours (NO_COLOR is honoured too)")
    options.add_argument("--region", metavar="CODE", **({"default": None} if defaults else unset),
                         help="which crisis resources to show: ca-us or uk-ie (default: "
                              "$PEERCOACH_REGION, else from the system's locale)")
    return options


def build_parser() -> argparse.ArgumentParser:
    common = _common_options(defaults=False)
    parser = argparse.ArgumentParser(
        prog="peercoach", parents=[_common_options(defaults=True)],
        description="Guided peer-support conversations. Run with no command to start with the Welcome.",
        epilog="At any question, type /help to see the commands (/back, /skip, /pause...).")
    parser.add_argument("--version", action="version", version=f"peercoach {__version__}")
    parser.set_defaults(handler=cmd_default)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    menu = commands.add_parser("menu", parents=[common], help="choose a client dialogue from a list")
    menu.set_defaults(handler=cmd_menu)

    run = commands.add_parser("run", parents=[common], help="run a dialogue by id or file path")
    run.add_argument("dialogue", help="a dialogue id (see `peercoach list`) or a .yaml file")
    run.add_argument("--out", metavar="FILE", help="also write the summary here (.md or .html)")
    run.set_defaults(handler=cmd_run)

    resume = commands.add_parser("resume", parents=[common], help="carry on with a paused conversation")
    resume.add_argument("session", nargs="?", help="session id (default: the latest unfinished one)")
    resume.add_argument("--out", metavar="FILE", help="also write the summary here (.md or .html)")
    resume.add_argument("--take-over", action="store_true",
                        help="carry on with a session another peercoach has open where it cannot be checked "
                             "(another computer or container); that one stops at its next answer and shows it back")
    resume.set_defaults(handler=cmd_resume)

    summary = commands.add_parser("summary", parents=[common], help="show or save a session's summary")
    summary.add_argument("session", help="session id")
    summary.add_argument("--out", metavar="FILE", help="write to FILE; the format follows its extension")
    summary.add_argument("--format", choices=["markdown", "html"], default="markdown")
    summary.set_defaults(handler=cmd_summary)

    listing = commands.add_parser("list", parents=[common], help="list the bundled dialogues")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.add_argument("--audience", choices=[a.value for a in Audience])
    listing.set_defaults(handler=cmd_list)

    checking = commands.add_parser("check", parents=[common],
                                   help="show what the safety net makes of some text")
    checking.add_argument("text", nargs="+", help="the words to check")
    checking.add_argument("--json", action="store_true",
                          help='print {"level", "rule", "about", "cue", "says"}')
    checking.set_defaults(handler=cmd_check)

    evaluate = commands.add_parser("eval", parents=[common], help="measure the rules on labelled data")
    evaluate.add_argument("kind", choices=sorted(EVALUATIONS), help="what to measure")
    evaluate.add_argument("file", help="labelled data in the format of shared/data: crisis takes a TSV "
                                       "(level, text) or a CSV of posts by community (subreddit, post), "
                                       "talk an AnnoMI CSV, smart a TSV (specific, measurable, time_bound, text)")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.add_argument("--misses", type=int, default=100, metavar="N", help="list at most N misses")
    evaluate.set_defaults(handler=cmd_eval)

    sessions = commands.add_parser("sessions", parents=[common], help="list, show, export, import or delete saved sessions")
    actions = sessions.add_subparsers(title="actions", metavar="ACTION", required=True)
    listing = actions.add_parser("list", parents=[common], help="every saved session (--person NAME: theirs)")
    listing.add_argument("--json", action="store_true",
                         help="a JSON array of {id, person, dialogue, status, answers, updated}")
    listing.set_defaults(handler=cmd_sessions_list)
    show = actions.add_parser("show", parents=[common], help="one session's answers")
    show.add_argument("session", help="session id")
    show.add_argument("--json", action="store_true", help="print one JSON object")
    show.set_defaults(handler=cmd_sessions_show)
    export = actions.add_parser("export", parents=[common], help="everything kept about a person, as JSON")
    export.add_argument("name", nargs="?", help="whose data (default: this computer's person)")
    export.add_argument("--out", metavar="FILE", help="write to FILE (readable by you only) instead of the screen")
    export.set_defaults(handler=cmd_sessions_export)
    importing = actions.add_parser("import", parents=[common],
                                   help="bring in sessions an earlier peercoach saved as JSON files")
    importing.add_argument("paths", nargs="*", metavar="PATH",
                           help="JSON files or folders of them (default: the `sessions` folder beside the store)")
    importing.set_defaults(handler=cmd_sessions_import)
    delete = actions.add_parser("delete", parents=[common],
                                help="delete a session, or a person and everything of theirs (--person NAME)")
    delete.add_argument("session", nargs="?", help="session id")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.set_defaults(handler=cmd_sessions_delete)

    validate = commands.add_parser("validate", parents=[common], help="check dialogue files for mistakes")
    validate.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the bundled ones)")
    validate.add_argument("--format", choices=["text", "json"], default="text")
    validate.set_defaults(handler=cmd_validate)
    return parser


def _tolerant_streams() -> None:
    """Bytes that are not UTF-8 on standard input become U+FFFD (the answer is kept, never a
    traceback); text that cannot be shown on this terminal is shown as a replacement too."""
    for stream, errors in ((sys.stdin, "replace"), (sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors=errors)
            except (ValueError, OSError):  # a stream already closed or detached
                pass


def main(argv: Sequence[str] | None = None) -> int:
    _tolerant_streams()
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except DialogueLoadError as exc:
        for problem in exc.problems:
            print(printable(str(problem)), file=sys.stderr)
        return 1
    except PeercoachError as exc:
        print(printable(f"peercoach: {exc}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `peercoach eval ... | head`): stop quietly, as Python's
        # documentation recommends, so interpreter shutdown does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        if getattr(args, "opened_store", None) is not None:
            args.opened_store.close()
