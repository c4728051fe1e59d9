"""Commands for the people who write and measure dialogues and rules: check, eval, list, validate."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

import jinja2

from engine.cli.setup import UsageError, dialogue_folders, emit, resolve, runnable_library, words
from engine.dialogue import cards as card_files
from engine.dialogue import peervoice
from engine.dialogue.drawings import draw
from engine.dialogue.lint import RULES, LintSettings, lint
from engine.dialogue.loader import load_library
from engine.dialogue.model import Audience
from engine.ground.errors import DialogueLoadError, Problem
from engine.ground.files import check_destination, display_path, resource_dir, write_private
from engine.ground.printable import json_text, printable
from engine.ground.source import Span
from engine.safety import About, check
from engine.safety import says as safety_says


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
    from engine.evaluation.kinds import EVALUATIONS  # only this command needs the measurements

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
    library = runnable_library(folders=dialogue_folders(args))
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


def cmd_graph(args: argparse.Namespace) -> int:
    """A dialogue drawn: Mermaid (paste into a Markdown file), Graphviz DOT, or an HTML page."""
    _, dialogue, _ = resolve(args.dialogue, dialogue_folders(args))
    return _emit(draw(dialogue, args.format), args.out, "it")


def _emit(text: str, out: str | None, what: str) -> int:
    """``text`` to the file ``--out`` names (owner-only), saying so, else to standard output."""
    return emit(text, out, f"wrote {what} to {display_path(Path(out))}" if out else "")


def cmd_test(args: argparse.Namespace) -> int:
    """Run the dialogue tests (``*.test.yaml``) in PATHs, or beside the bundled dialogues and the
    --dialogues folders; with --coverage, say what no test visits."""
    from engine.authoring.cases import case_files, read_cases
    from engine.authoring.coverage import coverage
    from engine.authoring.runner import run_case

    folders = dialogue_folders(args)
    paths = [Path(p) for p in args.paths] or [resource_dir("dialogues"), *folders]
    files = case_files(paths)
    if not files:
        raise UsageError("no dialogue tests (`*.test.yaml`) in " + ", ".join(display_path(p) for p in paths))
    library = runnable_library([p.parent for p in files if p.parent != resource_dir("dialogues")], folders)
    messages = words()
    outcomes, failed = [], 0
    for file in files:
        for case in read_cases(file):
            outcome = run_case(library, messages, case)
            outcomes.append(outcome)
            if outcome.passed:
                print(f"ok      {case.dialogue}: {case.name}")
                continue
            failed += 1
            print(f"FAILED  {case.dialogue}: {case.name} ({case.span})")
            for failure in outcome.failures:
                print(f"          {failure}")
    print(f"{len(outcomes) - failed} passed, {failed} failed", file=sys.stderr)
    if args.coverage:
        tested = sorted({o.case.dialogue for o in outcomes if o.case.dialogue in library})
        for dialogue_id in tested:
            found = coverage(library[dialogue_id], [o.trace for o in outcomes])
            print(f"\n{dialogue_id}: nodes {found.node_share:.0%}, branches {found.branch_share:.0%}"
                  f" ({display_path(Path(library[dialogue_id].path))})")
            for line, node_id in found.missed_nodes():
                print(f"  line {line}: node `{node_id}` is visited by no test")
            for line, source, target in found.missed_branches():
                if source not in {n for _, n in found.missed_nodes()}:
                    print(f"  line {line}: no test goes from `{source}` to `{target}`")
    return 1 if failed else 0


_NEW_ID = re.compile(r"[a-z][a-z0-9-]{0,39}")


def cmd_new(args: argparse.Namespace) -> int:
    """A starter dialogue that validates, its summary templates, and a test file that passes."""
    name = args.name.strip().lower()
    if not _NEW_ID.fullmatch(name):
        raise UsageError(f"`{args.name}` cannot be a dialogue id: use lower-case letters, digits and `-`, "
                         "starting with a letter (for example `sleep-check-in`)")
    folder = Path(args.into)
    if not folder.is_dir():
        raise UsageError(f"--into: {args.into} is not a folder")
    if name in runnable_library(folders=[folder]).dialogues:
        raise UsageError(f"there is already a dialogue `{name}`: choose another name")
    files = {f"{name}.yaml": "dialogue.yaml.j2", f"{name}.md.j2": "summary.md.j2.j2",
             f"{name}.html.j2": "summary.html.j2.j2", f"{name}.test.yaml": "tests.yaml.j2"}
    taken = [file for file in files if (folder / file).exists()]
    if taken:
        raise UsageError(f"{', '.join(taken)} already exist{'s' if len(taken) == 1 else ''} in {display_path(folder)}")
    scaffold = jinja2.Environment(loader=jinja2.FileSystemLoader(str(resource_dir("prompts") / "scaffold")),
                                  keep_trailing_newline=True, autoescape=False)
    client = args.audience == "client"
    values = {"id": name, "title": name.replace("-", " ").capitalize(), "audience": args.audience,
              "strategy": "self_reflection" if client else "reflect_on_approach",
              "step_strategy": "action_steps" if client else "practitioner_learning",
              "schema": os.path.relpath(resource_dir("dialogues") / "dialogue.schema.json", folder)}
    for file, template in files.items():
        write_private(folder / file, scaffold.get_template(template).render(values))
        print(f"wrote {display_path(folder / file)}")
    return 0


def cmd_pack(args: argparse.Namespace) -> int:
    """Check a folder of dialogues (validate, lint, its tests) and bundle it into one file that
    another agency adds with `--dialogues FILE`."""
    from engine.authoring.pack import check_folder, write_pack
    from engine.dialogue.packs import PACK_SUFFIX

    folder = Path(args.folder)
    if not folder.is_dir():
        raise UsageError(f"{args.folder} is not a folder of dialogues")
    destination = Path(args.out) if args.out else Path(f"{folder.resolve().name}.peercoach{PACK_SUFFIX}")
    if destination.suffix.lower() != PACK_SUFFIX:
        raise UsageError(f"-o: a pack's name ends in {PACK_SUFFIX} (for example {folder.resolve().name}"
                         f".peercoach{PACK_SUFFIX})")
    target = check_destination(destination)  # before any work: the folder can be written to
    found = check_folder(folder, words())
    for problem in sorted(found.problems):
        print(problem)
    for failure in found.failed:
        print(f"FAILED  {failure}")
    if not found.ok:
        print(f"{display_path(folder)}: not packed: {len(found.problems)} problem"
              f"{'s' * (len(found.problems) != 1)}, {len(found.failed)} failing test"
              f"{'s' * (len(found.failed) != 1)}", file=sys.stderr)
        return 1
    write_pack(found.files, target)
    print(f"wrote {display_path(destination)}: {len(found.files)} files, {found.tests} tests passed", file=sys.stderr)
    return 0


def cmd_transcripts(args: argparse.Namespace) -> int:
    """Every distinct route through a dialogue (up to --most), as one Markdown file for a reviewer."""
    from engine.authoring.transcripts import routes, transcript

    library, dialogue, _ = resolve(args.dialogue, dialogue_folders(args))
    found = routes(library, words(), dialogue.id, args.most)
    text = f"# {dialogue.title}: {len(found)} routes\n\n" + "\n".join(
        transcript(dialogue.title, number, route) for number, route in enumerate(found, 1))
    return _emit(text, args.out, f"{len(found)} routes")


def cmd_validate(args: argparse.Namespace) -> int:
    if args.rules:
        for rule in RULES:
            print(f"{rule.id:<20} {rule.severity:<8} {rule.description}")
        return 0
    # The information cards are checked with the bundle (no PATH), or when a PATH is their folder
    # or a card in it: a broken card would be left out when peercoach runs, so it is an error here.
    card_paths = [p for p in args.paths if _within_folder(p, card_files.cards_dir())]
    # The peer voice (prompts/peer-voice.yaml) likewise, with the bundle or when it is the PATH:
    # a moment with a mistake would be said as nothing when peercoach runs.
    voice_paths = [p for p in args.paths if Path(p).resolve() == peervoice.voice_file().resolve()]
    asked = [p for p in args.paths if p not in card_paths and p not in voice_paths]
    paths = [*asked, *map(str, dialogue_folders(args))] or (
        [] if card_paths or voice_paths else [str(resource_dir("dialogues"))])
    problems: list[Problem] = []
    if paths:
        try:
            library = load_library(paths)
            problems = list(library.warnings)
            found = lint(library, LintSettings(reading_grade=args.reading_grade))  # once it loads
            problems += [p for p in found if _within(p.span.file, paths)]  # the files asked about, not the bundle
        except DialogueLoadError as exc:
            problems = list(exc.problems)
    with_cards = bool(card_paths) or not args.paths
    if with_cards:
        problems += _card_problems(card_paths)
    with_voice = bool(voice_paths) or not args.paths
    if with_voice:
        problems += sorted(peervoice.read_peer_voice(peervoice.voice_file(), skip_broken=True).skipped,
                           key=lambda p: p.span)
    shown = [p for p in problems if args.all or p.severity != "info"]
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    if args.format == "json":
        print(json_text([p.to_dict() for p in shown], indent=2))
    elif args.format == "github":
        for problem in shown:
            print(github_annotation(problem))
    else:
        for problem in shown:
            print(problem)
        cards = (card_paths or [str(card_files.cards_dir())]) if with_cards else []
        voice = [str(peervoice.voice_file())] if with_voice else []
        checked = ", ".join(display_path(Path(p)) for p in [*paths, *cards, *voice])
        print(f"{checked}: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}",
              file=sys.stderr)
    return 1 if errors else 0


def _card_problems(paths: list[str]) -> list[Problem]:
    """Every problem of the information cards (of those in ``paths`` when given), each at its place."""
    folder = card_files.cards_dir()
    wrong = []
    for path in map(Path, paths):
        if not path.exists():
            wrong.append(Problem(Span(display_path(path), 1, 1), "no such file or folder"))
        elif path.is_file() and (path.suffix != ".yaml" or path.parent.resolve() != folder.resolve()):
            wrong.append(Problem(Span(display_path(path), 1, 1), "this is not an information card",
                                 f"the cards are the `*.yaml` files in {display_path(folder)}"))
    cards = card_files.read_cards(folder, skip_broken=True)
    found = [p for p in cards.skipped if not paths or _within(p.span.file, paths)]
    return wrong + sorted(found, key=lambda p: p.span)


def _within_folder(path: str, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or inside it."""
    where, folder = Path(path).resolve(), folder.resolve()
    return where == folder or folder in where.parents


def _within(file: str, paths: list[str]) -> bool:
    """Whether a finding's file is one of ``paths`` or inside one of them."""
    where = Path(file).resolve()
    return any(where == Path(p).resolve() or Path(p).resolve() in where.parents for p in paths)


def github_annotation(problem: Problem) -> str:
    """One finding as a GitHub Actions workflow command, so it shows on the line in a pull request."""
    level = {"error": "error", "warning": "warning"}.get(problem.severity, "notice")
    where = f"file={problem.span.file},line={problem.span.line},col={problem.span.column}"
    if problem.rule:
        where += f",title={problem.rule}"
    message = f"{problem.message}: {problem.hint}" if problem.hint else problem.message
    escaped = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{level} {where}::{escaped}"
