"""Lint: rules about how a dialogue reads and behaves, beyond what makes it load.

Like yamllint, each rule lives in a module of its own and has an id, a one-line description
and a severity (``warning``, or ``info`` for what is worth knowing but often meant). A rule can
be silenced for one node with a comment on the node's line (its key line), which silences that
rule for every finding within the node, or on the finding's own line, for example::

    never_said:   # lint: ignore=fall-through
      say: ...

``lint(library)`` runs every rule over every dialogue (the bundled ones pass with no warnings);
what makes a library load or not (unknown strategies, a question naming none, calls, loops) is
checked by ``engine.dialogue.checks`` as it loads;
``peercoach validate`` prints what it finds in text, JSON or GitHub annotations.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from engine.dialogue.lint import branches, fallthrough, questions, reading, variables
from engine.dialogue.lint.settings import LintSettings
from engine.dialogue.model import Library
from engine.ground.errors import Problem
from engine.ground.source import Span

__all__ = ["RULES", "LintSettings", "Rule", "lint"]


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    severity: str  # "warning" or "info"
    check: Callable[[Library, LintSettings], Iterable[Problem]]


RULES: tuple[Rule, ...] = (
    Rule("fall-through", "a node with no `next` goes on to the node written below it", "info",
         fallthrough.fall_through),
    Rule("no-help", "a client's free-text question has no `help` (shown on /help and after 'I don't know')",
         "warning", questions.no_help),
    Rule("unused-variable", "a variable is set but nothing ever reads it", "warning", variables.unused),
    Rule("impossible-branch", "a condition compares a choice with a value none of its options has", "warning",
         branches.impossible),
    Rule("shadowed-branch", "a branch can never be taken: an earlier one has the same condition", "warning",
         branches.shadowed),
    Rule("reading-level", "a client-facing text reads above the grade set (default 8, Flesch-Kincaid)", "warning",
         reading.too_hard),
)
_LAST = 10**9  # a column after every other on its line
_IGNORE = re.compile(r"#\s*lint:\s*ignore=([\w,\s-]+)")


def lint(library: Library, settings: LintSettings | None = None, rules: Iterable[Rule] = RULES) -> list[Problem]:
    """What every rule finds in the library, less what a node's comment silences, sorted by place."""
    settings = settings or LintSettings()
    starts = _node_starts(library)
    found = []
    for rule in rules:
        for problem in rule.check(library, settings):
            span = problem.span
            if rule.id not in _silenced(span.file, span.line, starts.get(span.file, ())):
                found.append(replace(problem, severity=rule.severity, rule=rule.id))
    return sorted(found)


def _node_starts(library: Library) -> dict[str, tuple[Span, ...]]:
    """Each file's node key lines, in order."""
    starts: dict[str, list[Span]] = {}
    for dialogue in library.dialogues.values():
        for node in dialogue.nodes.values():
            starts.setdefault(node.span.file, []).append(node.span)
    return {file: tuple(sorted(spans)) for file, spans in starts.items()}


def _silenced(file: str, line: int, nodes: tuple[Span, ...] = ()) -> set[str]:
    """The rule ids a `# lint: ignore=...` comment turns off at this line: one written on the line
    itself, or on the key line of the node the line is in."""
    try:
        changed = Path(file).stat().st_mtime_ns
    except OSError:
        return set()
    lines = _lines(file, changed)
    silenced = _ignored(lines, line)
    node = _enclosing(lines, line, nodes)
    if node is not None and node != line:
        silenced |= _ignored(lines, node)
    return silenced


def _ignored(lines: list[str], line: int) -> set[str]:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    match = _IGNORE.search(text)
    return {part.strip() for part in match.group(1).split(",")} if match else set()


def _enclosing(lines: list[str], line: int, nodes: tuple[Span, ...]) -> int | None:
    """The key line of the node whose block holds ``line``: the last node starting at or above
    it, provided no line between them is indented as little as that node's key (which would
    mean the node's block had ended: a later key of `nodes:` or of the dialogue)."""
    at = bisect.bisect_right(nodes, (line, _LAST), key=lambda span: (span.line, span.column))
    if at == 0:
        return None
    start = nodes[at - 1]
    for text in lines[start.line:line]:
        stripped = text.lstrip()
        if stripped and not stripped.startswith("#") and len(text) - len(stripped) < start.column:
            return None
    return start.line


@functools.lru_cache(maxsize=64)
def _lines(file: str, changed: int) -> list[str]:
    """A file's lines, read once while it stays the same (``changed`` is its modification time)."""
    try:
        return Path(file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
