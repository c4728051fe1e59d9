"""The command line's options and subcommands, each bound to its handler."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence
from typing import Any

from engine import __version__
from engine.dialogue.model import Audience
from engine.evaluation import KINDS


# -- the handlers -------------------------------------------------------------------------------
class _Handler:
    """A command's handler, imported when that command runs: a run needs the conversation and the
    store, not the linter, the evaluation, the web server or the drawings (issue 15: a process
    starting ``peercoach run`` imported every command's modules first)."""

    def __init__(self, module: str, name: str):
        self.module, self.name = module, name

    def __call__(self, args: argparse.Namespace) -> int:
        handler = getattr(importlib.import_module(self.module), self.name)
        code: int = handler(args)
        return code

    def __repr__(self) -> str:
        return f"{self.module}.{self.name}"


_COMMANDS = {  # each command's handler, by the module it is in
    "engine.cli.authoring": ("cmd_check", "cmd_eval", "cmd_graph", "cmd_list", "cmd_new", "cmd_pack", "cmd_test",
        "cmd_transcripts", "cmd_validate"),
    "engine.cli.conversations": ("cmd_default", "cmd_menu", "cmd_rehearse", "cmd_resume", "cmd_run", "cmd_summary"),
    "engine.cli.people": ("cmd_due", "cmd_people"),
    "engine.cli.serve": ("cmd_codes_add", "cmd_codes_list", "cmd_codes_revoke", "cmd_serve"),
    "engine.cli.sessions": ("cmd_sessions_calendar", "cmd_sessions_delete", "cmd_sessions_export",
        "cmd_sessions_handoff", "cmd_sessions_import", "cmd_sessions_list", "cmd_sessions_show"),
}
_MODULES = {name: module for module, names in _COMMANDS.items() for name in names}
_FORMATS = ("mermaid", "dot", "html")  # engine.dialogue.drawings.FORMATS (a test keeps the two the same)


def _handler(name: str) -> _Handler:
    return _Handler(_MODULES[name], name)


# -- the parser ---------------------------------------------------------------------------------
def _common_options(defaults: bool) -> argparse.ArgumentParser:
    """Options every command takes, before or after the command's name.

    Only the top-level copy has defaults: a subcommand's copy must not overwrite a value given
    before the subcommand (``peercoach --store X run ...``), so there it defaults to nothing.
    """
    options = argparse.ArgumentParser(add_help=False)
    # Only the top-level copy has defaults (see above); a subcommand's copy leaves the value alone.
    absent: Any = None if defaults else argparse.SUPPRESS
    flag_absent: Any = False if defaults else argparse.SUPPRESS
    options.add_argument("--store", metavar="PATH", default=absent,
                         help="the store: a .db file, a folder for peercoach.db, or a postgresql:// address "
                              "(default: "
                              "$PEERCOACH_STORE, else $XDG_DATA_HOME/peercoach or ~/.local/share/peercoach)")
    options.add_argument("--person", metavar="NAME", default=absent,
                         help="who is talking (a name or nickname; remembered as this computer's default)")
    options.add_argument("--plain", action="store_true", default=flag_absent,
                         help="plain line mode: print questions, read one answer per line")
    options.add_argument("--no-color", action="store_true", default=flag_absent,
                         help="no colours (NO_COLOR is honoured too)")
    options.add_argument("--dialogues", metavar="DIR", action="append", default=[] if defaults else argparse.SUPPRESS,
                         help="also offer the dialogues in DIR, or in a pack made by `peercoach pack` "
                              "(repeatable; also $PEERCOACH_DIALOGUES, "
                              "folders separated by ':')")
    options.add_argument("--region", metavar="CODE", default=absent,
                         help="which crisis resources to show: us, ca, uk, ie, or ca-us or uk-ie for two (default: "
                              "$PEERCOACH_REGION, else from the system's locale)")
    return options


def _rehearsal_options(command: argparse.ArgumentParser) -> None:
    """What starting a rehearsal takes (any dialogue may read them: ``feedback``, ``pick``)."""
    command.add_argument("--no-feedback", action="store_true",
                         help="no feedback after each reply in a rehearsal (the debrief at the end is kept)")
    command.add_argument("--seed", metavar="TEXT",
                         help="choose the client's lines by TEXT instead of by the session: the same seed "
                              "gives the same rehearsal (for tests, or two trainees)")


# Every command build_parser makes (a test keeps the two the same).
_COMMAND_NAMES = frozenset({"menu", "rehearse", "run", "resume", "summary", "list", "check", "eval", "people", "due",
                            "sessions", "serve", "codes", "graph", "new", "pack", "transcripts", "test", "validate"})
_VALUE_OPTIONS = ("--store", "--person", "--dialogues", "--region")  # the options before a command that take a value
_FLAGS = ("--plain", "--no-color", "--help", "--version", "-h")


def command_named(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs when it can be told for sure without parsing, else None: its
    first word that is neither an option nor an option's value, when it names a command and no
    ``--help`` or ``--version`` asks for the whole command line before it."""
    waiting = False
    for word in argv:
        if waiting:
            waiting = False
            continue
        if word == "--" or word in ("-h", "--version") or (word.startswith("--") and "--help".startswith(word)
                                                            and len(word) > 2):
            return None
        if word.startswith("--"):
            name = word.split("=", 1)[0]
            values = [o for o in _VALUE_OPTIONS if o.startswith(name)]
            flags = [o for o in _FLAGS if o.startswith(name)]
            if name in _VALUE_OPTIONS or (len(values) == 1 and not flags):
                waiting = "=" not in word
            elif not (name in _FLAGS or (len(flags) == 1 and not values)):
                return None  # ambiguous or unknown: argparse says what is wrong
            continue
        if word.startswith("-"):
            return None
        return word if word in _COMMAND_NAMES else None
    return None


class _Left:
    """A command's parser not built, as this run names another (``build_parser(only=...)``): every
    call made to set it up does nothing."""

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: self


class _Only:
    """The command line's subcommands, building only the one named."""

    def __init__(self, commands: Any, only: str):
        self.commands, self.only = commands, only

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        return self.commands.add_parser(name, **kwargs) if name == self.only else _Left()


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line. Given the ``argv`` it is to parse, only the subcommand those name is built
    when that can be told beforehand (``command_named``): a run parses the same, and each parser
    argparse builds looks up its words' translations on the disk (35 of them were 6 ms of a start)."""
    only = command_named(argv) if argv is not None else None
    common = _common_options(defaults=False)
    parser = argparse.ArgumentParser(
        prog="peercoach", parents=[_common_options(defaults=True)],
        description="Guided peer-support conversations. Run with no command to start with the Welcome.",
        epilog="At any question, type /help to see the commands (/back, /skip, /pause...).")
    parser.add_argument("--version", action="version", version=f"peercoach {__version__}")
    parser.set_defaults(handler=_handler("cmd_default"))
    commands: Any = parser.add_subparsers(title="commands", metavar="COMMAND")
    if only is not None:
        commands = _Only(commands, only)

    menu = commands.add_parser("menu", parents=[common], help="choose a client dialogue from a list")
    menu.add_argument("--trainee", action="store_true",
                      help="the trainees' dialogues instead: knowledge checks and rehearsals")
    _rehearsal_options(menu)
    menu.set_defaults(handler=_handler("cmd_menu"))

    rehearse = commands.add_parser("rehearse", parents=[common],
                                   help="practise replying to a simulated client (a list, or one by id)")
    rehearse.add_argument("scenario", nargs="?", help="a rehearsal's id (default: choose from a list)")
    rehearse.add_argument("--out", metavar="FILE", help="also write the debrief here (.md or .html)")
    _rehearsal_options(rehearse)
    rehearse.set_defaults(handler=_handler("cmd_rehearse"))

    run = commands.add_parser("run", parents=[common], help="run a dialogue by id or file path")
    run.add_argument("dialogue", help="a dialogue id (see `peercoach list`) or a .yaml file")
    run.add_argument("--out", metavar="FILE", help="also write the summary here (.md or .html)")
    run.add_argument("--watch", action="store_true",
                     help="for dialogue writers: load the dialogue again when its files change, replaying the answers")
    _rehearsal_options(run)
    run.set_defaults(handler=_handler("cmd_run"))

    resume = commands.add_parser("resume", parents=[common], help="carry on with a paused conversation")
    resume.add_argument("session", nargs="?", help="session id (default: the latest unfinished one)")
    resume.add_argument("--out", metavar="FILE", help="also write the summary here (.md or .html)")
    resume.add_argument("--take-over", action="store_true",
                        help="carry on with a session another peercoach has open where it cannot be checked "
                             "(another computer or container); that one stops at its next answer and shows it back")
    resume.set_defaults(handler=_handler("cmd_resume"))

    summary = commands.add_parser("summary", parents=[common], help="show or save a session's summary")
    summary.add_argument("session", help="session id")
    summary.add_argument("--out", metavar="FILE", help="write to FILE; the format follows its extension")
    summary.add_argument("--format", choices=["markdown", "html"], default="markdown")
    summary.set_defaults(handler=_handler("cmd_summary"))

    listing = commands.add_parser("list", parents=[common], help="list the bundled dialogues")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.add_argument("--audience", choices=[a.value for a in Audience])
    listing.set_defaults(handler=_handler("cmd_list"))

    checking = commands.add_parser("check", parents=[common],
                                   help="show what the safety net makes of some text")
    checking.add_argument("text", nargs="+", help="the words to check")
    checking.add_argument("--json", action="store_true",
                          help='print {"level", "rule", "about", "cue", "says"}')
    checking.set_defaults(handler=_handler("cmd_check"))

    evaluate = commands.add_parser("eval", parents=[common], help="measure the rules on labelled data")
    evaluate.add_argument("kind", choices=KINDS, help="what to measure")
    evaluate.add_argument("file", help="labelled data in the format of shared/data: crisis takes a TSV "
                                       "(level, text) or a CSV of posts by community (subreddit, post), "
                                       "talk an AnnoMI CSV, smart a TSV (specific, measurable, time_bound, text), "
                                       "listening a TSV (question, answer, nonanswer, topics, feeling), coder "
                                       "an AnnoMI CSV or a TSV of typed replies (client, reply, main, codes)")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.add_argument("--misses", type=int, default=100, metavar="N", help="list at most N misses")
    evaluate.set_defaults(handler=_handler("cmd_eval"))

    people = commands.add_parser("people", parents=[common],
                                 help="for peer supporters: everyone in the store, the most urgent first")
    people.add_argument("--json", action="store_true", help="as JSON for scripts")
    people.add_argument("--details", action="store_true",
                        help="also each person's open goals in their own words, for those who said yes to sharing")
    people.set_defaults(handler=_handler("cmd_people"))
    due = commands.add_parser("due", parents=[common], help="for peer supporters: the reviews that fall due")
    due.add_argument("--days", type=int, default=7, metavar="N", help="within the next N days (default 7)")
    due.add_argument("--json", action="store_true", help="as JSON for scripts")
    due.set_defaults(handler=_handler("cmd_due"))

    sessions = commands.add_parser("sessions", parents=[common],
                                   help="list, show, export, import or delete saved sessions")
    actions = sessions.add_subparsers(title="actions", metavar="ACTION", required=True)
    listing = actions.add_parser("list", parents=[common], help="every saved session (--person NAME: theirs)")
    listing.add_argument("--json", action="store_true",
                         help="a JSON array of {id, person, dialogue, status, answers, updated}")
    listing.set_defaults(handler=_handler("cmd_sessions_list"))
    show = actions.add_parser("show", parents=[common], help="one session's answers")
    show.add_argument("session", help="session id")
    show.add_argument("--json", action="store_true", help="print one JSON object")
    show.set_defaults(handler=_handler("cmd_sessions_show"))
    export = actions.add_parser("export", parents=[common], help="everything kept about a person, as JSON")
    export.add_argument("name", nargs="?", help="whose data (default: this computer's person)")
    export.add_argument("--out", metavar="FILE", help="write to FILE (readable by you only) instead of the screen")
    export.set_defaults(handler=_handler("cmd_sessions_export"))
    importing = actions.add_parser("import", parents=[common],
                                   help="bring in sessions an earlier peercoach saved as JSON files")
    importing.add_argument("paths", nargs="*", metavar="PATH",
                           help="JSON files or folders of them (default: the `sessions` folder beside the store)")
    importing.set_defaults(handler=_handler("cmd_sessions_import"))
    delete = actions.add_parser("delete", parents=[common],
                                help="delete a session, or a person and everything of theirs (--person NAME)")
    delete.add_argument("session", nargs="?", help="session id")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.set_defaults(handler=_handler("cmd_sessions_delete"))
    handoff = actions.add_parser("handoff", parents=[common],
                                 help="a summary for a person's peer supporter, only if they said yes to it")
    handoff.add_argument("name", help="whose summary")
    handoff.add_argument("--out", metavar="FILE", help="write to FILE (readable by you only) instead of the screen")
    handoff.add_argument("--format", choices=["md", "markdown", "html"],
                         help="md (the default) or html, one printable page; without it, --out's name decides")
    handoff.set_defaults(handler=_handler("cmd_sessions_handoff"))
    calendar = actions.add_parser("calendar", parents=[common],
                                  help="a plan's dated steps and next check-ins as a calendar file (.ics)")
    calendar.add_argument("name", nargs="?", help="whose plan (default: this computer's person)")
    calendar.add_argument("--out", metavar="FILE", help="write to FILE (readable by you only) instead of the screen")
    calendar.set_defaults(handler=_handler("cmd_sessions_calendar"))

    serve = commands.add_parser("serve", parents=[common], help="serve the conversations as a web site "
                                "(people sign in with a personal code)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="the address to listen on (default 127.0.0.1: this computer only)")
    serve.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    serve.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (default 1)")
    serve.add_argument("--https", action="store_true",
                       help="people reach the site over HTTPS (a web server in front): cookies are marked Secure")
    serve.set_defaults(handler=_handler("cmd_serve"))
    codes = commands.add_parser("codes", parents=[common], help="personal access codes for the web site")
    code_actions = codes.add_subparsers(title="actions", metavar="ACTION", required=True)
    adding = code_actions.add_parser("add", parents=[common], help="make a code for NAME (their earlier one stops)")
    adding.add_argument("name", help="the person's name or nickname, as in the store")
    adding.set_defaults(handler=_handler("cmd_codes_add"))
    code_actions.add_parser("list", parents=[common], help="every code made (never the code itself)").set_defaults(
        handler=_handler("cmd_codes_list"))
    revoking = code_actions.add_parser("revoke", parents=[common], help="stop NAME's code working")
    revoking.add_argument("name", help="whose code")
    revoking.set_defaults(handler=_handler("cmd_codes_revoke"))

    graph = commands.add_parser("graph", parents=[common], help="draw a dialogue as a graph")
    graph.add_argument("dialogue", help="a dialogue id or file")
    graph.add_argument("--format", choices=list(_FORMATS), default="mermaid",
                       help="mermaid (default, for Markdown), dot (Graphviz) or html (a page to open in a browser)")
    graph.add_argument("--out", metavar="FILE", help="write it to FILE instead of printing it")
    graph.set_defaults(handler=_handler("cmd_graph"))

    new = commands.add_parser("new", parents=[common], help="write a starter dialogue, its summaries and tests")
    new.add_argument("name", help="the new dialogue's id, such as sleep-check-in")
    new.add_argument("--audience", choices=[a.value for a in Audience], default="client")
    new.add_argument("--into", metavar="DIR", default=".", help="the folder to write it in (default: here)")
    new.set_defaults(handler=_handler("cmd_new"))

    pack = commands.add_parser("pack", parents=[common], help="check a folder of dialogues (validate, lint, "
                               "its tests) and bundle it into one file another agency adds with --dialogues FILE")
    pack.add_argument("folder", metavar="DIR", help="the folder of dialogues")
    pack.add_argument("-o", "--out", metavar="FILE", help="the pack to write (default: DIR's name + .peercoach.zip)")
    pack.set_defaults(handler=_handler("cmd_pack"))

    routes = commands.add_parser("transcripts", parents=[common],
                                 help="write every distinct route through a dialogue, for a reviewer")
    routes.add_argument("dialogue", help="a dialogue id or file")
    routes.add_argument("--most", type=int, default=30, metavar="N", help="at most N routes (default 30)")
    routes.add_argument("--out", metavar="FILE", help="write them to FILE (Markdown) instead of printing them")
    routes.set_defaults(handler=_handler("cmd_transcripts"))

    testing = commands.add_parser("test", parents=[common], help="run dialogue tests (*.test.yaml)")
    testing.add_argument("paths", nargs="*", metavar="PATH",
                         help="test files or folders (default: beside the bundled dialogues and --dialogues)")
    testing.add_argument("--coverage", action="store_true", help="say which nodes and branches no test visits")
    testing.set_defaults(handler=_handler("cmd_test"))

    validate = commands.add_parser("validate", parents=[common], help="check dialogue files for mistakes")
    validate.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the bundled ones)")
    validate.add_argument("--format", choices=["text", "json", "github"], default="text",
                          help="text (default), json, or github (annotations for GitHub Actions)")
    validate.add_argument("--all", action="store_true", help="also show `info` findings (such as fall-through)")
    validate.add_argument("--reading-grade", type=float, default=8.0, metavar="GRADE",
                          help="report a client text above this Flesch-Kincaid grade (default 8)")
    validate.add_argument("--rules", action="store_true", help="list the lint rules and stop")
    validate.set_defaults(handler=_handler("cmd_validate"))
    return parser

