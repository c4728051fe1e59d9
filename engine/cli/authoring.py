"""Commands for the people who write and measure dialogues and rules: check, eval, list, validate."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from engine.cli.setup import runnable_library
from engine.dialogue.loader import load_library
from engine.dialogue.model import Audience
from engine.ground.errors import DialogueLoadError
from engine.ground.files import display_path, resource_dir
from engine.ground.printable import json_text, printable
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
    library = runnable_library()
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
