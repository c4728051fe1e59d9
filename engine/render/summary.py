"""Summaries: the session rendered through the dialogue's Jinja templates in ``prompts/``.

Each conversation gets its own summary whatever route reached it: a dialogue that called others
(the Welcome calls strengths, goals or review) is given, as ``called``, each called dialogue's own
summary, rendered with that dialogue's template and the variables of the call's namespace (its
charts and its answers), headings one level down, for its template to place (the default ones
do; one that shows its callee's answers itself, as strengths does the resource map's, need not).

Templates run in the sandbox. HTML templates (any name containing ``.html``) are autoescaped,
so an answer such as ``<script>`` shows as text; Markdown is for the terminal and files.
"""

from __future__ import annotations

import functools
import re
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from engine.conversation.machine import Conversation
from engine.conversation.session import Entry, EntryKind, NodePath, Status
from engine.conversation.values import chosen_option
from engine.dialogue.expressions import make_environment
from engine.dialogue.files import template_dirs_for
from engine.dialogue.model import Ask, Call, Dialogue, Option
from engine.dialogue.sandbox import SUMMARY_LIMITS, BoundedFileSystemLoader, BoundedSandbox, LimitError
from engine.ground.errors import PeercoachError
from engine.ground.printable import markdown_text, printable
from engine.safety import told
from engine.safety.resources import Resource

ANSWERS = (EntryKind.ANSWER, EntryKind.SKIP)

FORMATS = {".md": "markdown", ".markdown": "markdown", ".txt": "markdown",
           ".html": "html", ".htm": "html"}
DEFAULT_TEMPLATES = {"markdown": "summary.md.j2", "html": "summary.html.j2"}


class RenderError(PeercoachError):
    """A summary template failed; the message names the template and line."""


def format_for(path: str | Path) -> str:
    """The summary format a file name asks for (``.html`` -> html, ``.md`` -> markdown)."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise RenderError(f"cannot tell the summary format from `{path}`: "
                          "use a name ending in .md or .html")
    return FORMATS[suffix]


def _autoescape(name: str | None) -> bool:
    return name is not None and ".html" in name


def environment(template_dirs: Sequence[Path], fmt: str = "markdown") -> BoundedSandbox:
    """The summary environment for these folders and format: made once per run and reused, so
    its templates are compiled once too."""
    return _environment(tuple(template_dirs), fmt)


@functools.lru_cache(maxsize=16)
def _environment(template_dirs: tuple[Path, ...], fmt: str) -> BoundedSandbox:
    """Summary templates: every value a template prints is made safe for its file first
    (Markdown escapes what a renderer would run; HTML is autoescaped; no control characters)."""
    env = make_environment(loader=BoundedFileSystemLoader([str(d) for d in template_dirs]), immutable=False,
                           autoescape=_autoescape, trim_blocks=True, lstrip_blocks=True, limits=SUMMARY_LIMITS)
    plain = env.finalize
    escape = markdown_text if fmt == "markdown" else printable

    def finalize(value: Any) -> Any:
        value = plain(value) if plain is not None else value
        if isinstance(value, str) and not isinstance(value, Markup):
            return escape(value)
        return value

    env.finalize = finalize
    env.code_key = f"summaries {fmt}"  # every setting made: the code of its templates is kept between runs
    return env


Steps = tuple[tuple[str, str], ...]  # (dialogue, node) steps, outermost first, as in a NodePath


@dataclass(frozen=True)
class _Scope:
    """One conversation within the session: the dialogue run at the top, or one called from it.
    ``steps`` are the call nodes that led into it (none at the top); ``variables`` and ``shown``
    are its own, read from its caller's under the call's namespace."""

    dialogue: Dialogue
    steps: Steps
    variables: dict[str, Any]
    shown: dict[str, Any]
    namespace: str | None = None  # the caller's variable that holds its variables


def _top(conversation: Conversation) -> _Scope:
    return _Scope(conversation.dialogue, (), conversation.variables(), _shown(conversation))


def summary_context(conversation: Conversation, *, status: Status, generated: str | None,
                    session_id: str | None = None) -> dict[str, Any]:
    """What the top dialogue's summary template is given (``called`` is filled in when it is
    rendered: each called dialogue's own summary, in the template's format)."""
    return _context(conversation, _top(conversation), status=status, generated=generated, session_id=session_id)


def _context(conversation: Conversation, scope: _Scope, *, status: Status, generated: str | None,
             session_id: str | None) -> dict[str, Any]:
    dialogue = scope.dialogue
    top = not scope.steps
    answers = [_answer(conversation, e, scope) for e in conversation.answers
               if e.kind in ANSWERS and _within(_steps(e.node), scope.steps)]
    return {
        "dialogue": {"id": dialogue.id, "title": dialogue.title, "description": dialogue.description},
        "vars": scope.variables,
        "shown": scope.shown,
        "answers": answers,
        "safety_events": safety_notes(conversation) if top else [],  # once, at the top of the whole summary
        "resources": _resources(conversation),
        "progress": progress_charts(conversation, scope.steps),
        "status": status.value,
        "finished": conversation.finished or not _open(conversation, scope),
        "generated": generated if top else None,
        "session": session_id,
        "nested": not top,  # shown inside its caller's summary: no page or date of its own
        "called": [],
    }


def _steps(node: str) -> Steps:
    return NodePath.parse(node).steps


def _within(steps: Steps, outer: Steps) -> bool:
    """Whether a place (an answer's or a fact's steps) is inside the conversation reached by ``outer``."""
    return len(steps) > len(outer) and steps[:len(outer)] == outer


def _open(conversation: Conversation, scope: _Scope) -> bool:
    """Whether the conversation is still under way inside this scope (a call not yet returned)."""
    if conversation.finished:
        return False
    here = tuple((f.dialogue, f.node) for f in conversation.state.frames)
    return _within(here, scope.steps)


def _calls(conversation: Conversation, scope: _Scope) -> Iterator[_Scope]:
    """The conversations ``scope`` called, in the order they were reached: read from where each
    answer was given, each fact noted and the conversation now is, and kept under the call's
    namespace (a call made twice, in a loop, keeps its latest variables, as the caller does)."""
    depth = len(scope.steps)
    places = [_steps(e.node) for e in conversation.answers if e.kind in ANSWERS]
    places += [_steps(fact.node) for fact in conversation.facts]
    places.append(tuple((f.dialogue, f.node) for f in conversation.state.frames))
    # each call reached, and the dialogue it ran (the one chosen, for `call: {chosen: ...}`)
    reached = {p[depth]: p[depth + 1][0] for p in places if len(p) > depth + 1 and p[:depth] == scope.steps}
    library = conversation.library
    for (dialogue_id, node_id), callee in reached.items():
        call = library[dialogue_id].nodes.get(node_id)
        if not isinstance(call, Call) or callee not in library:
            continue
        variables = scope.variables.get(call.namespace)
        if not isinstance(variables, dict):
            continue
        shown = scope.shown.get(call.namespace)
        yield _Scope(library[callee], (*scope.steps, (dialogue_id, node_id)), variables,
                     shown if isinstance(shown, dict) else {}, call.namespace)


def safety_notes(conversation: Conversation) -> list[dict[str, Any]]:
    """Each time the safety net noticed something, in words for the person ("you were thinking of
    ending your life", on "1 December 2026 at 22:40"); the rule id stays for facilitators' views."""
    notes = []
    for event in conversation.safety_events():
        notes.append({**event, "about": event.get("about", "self"), "told": told(event.get("rule")),
                      "when": readable_time(event.get("at"))})
    return notes


def readable_time(moment: str | None) -> str:
    """An ISO timestamp as a person reads it: "1 December 2026 at 22:40" (empty when unknown)."""
    if not moment:
        return ""
    try:
        parsed = datetime.fromisoformat(moment)
    except ValueError:
        return moment
    return f"{parsed.day} {parsed:%B %Y} at {parsed:%H:%M}"


def _resources(conversation: Conversation) -> dict[str, Any] | None:
    resources = conversation.resources
    if resources is None:
        return None
    def entry(r: Resource) -> dict[str, str]:
        return {"name": r.name, "reach": r.reach, "hours": r.hours}

    return {"region": resources.region, "emergency": resources.emergency,
            "entries": [entry(r) for r in resources.entries], "for_others": [entry(r) for r in resources.for_others]}


def _answer(conversation: Conversation, entry: Entry, scope: _Scope) -> dict[str, Any]:
    """One answer as a summary shows it, with the strategy it served and any explanation.
    ``call`` is the namespace of the call it was given in, when that was not ``scope``'s own
    dialogue (its own summary, in ``called``, shows it)."""
    ask = conversation.asked(entry)
    option = chosen_option(ask, entry)
    strategies = conversation.library.strategies
    strategy = ask.strategy if ask else None
    steps = _steps(entry.node)
    depth = len(scope.steps)
    call = None
    if len(steps) > depth + 1:
        node = conversation.library[steps[depth][0]].nodes.get(steps[depth][1])
        call = node.namespace if isinstance(node, Call) else steps[depth][1]
    return {"question": entry.question, "answer": entry.display or entry.text, "value": entry.value,
            "skipped": entry.skipped, "node": entry.node, "at": entry.at, "call": call,
            "strategy": strategies.get(strategy) if strategy else None,
            "chose_strategy": strategies.get(option.strategy) if option and option.strategy else None,
            "explain": _explanation(conversation, entry, option, scope)}


def _explanation(conversation: Conversation, entry: Entry, option: Option | None, scope: _Scope) -> str | None:
    """The words an option's `explain` said when it was chosen (rendered then, with the values of
    that moment); rendered now only for an answer the walk did not apply itself."""
    if option is None or option.explain is None:
        return None
    said = conversation.explanation(entry)
    return said if said is not None else option.explain.render(scope.variables)


def progress_charts(conversation: Conversation, within: Steps = ()) -> list[dict[str, Any]]:
    """Each goal checked in on in this session (or in the call reached by the steps ``within``)
    with every rating so far, oldest first: what the summary's progress charts draw. Earlier
    ratings come from the person's record as it was handed to the session (those of the goals it
    reworked first); today's from the session's own check-ins. A point where the goal was
    reassessed carries what was decided (``decision``)."""
    person = conversation.given.get("person") or {}
    known = {goal["id"]: goal for goal in person.get("goals") or [] if goal.get("id")}
    charts = []
    for fact in conversation.facts:
        if fact.kind != "checkin" or not _within(_steps(fact.node), within):
            continue
        fields = fact.fields
        stored = known.get(fields.get("goal_id"), {})
        earlier = [*stored.get("history", []), *stored.get("checkins", [])]  # a reworked goal's chart carries on
        points = [{"day": c["day"], "progress": c["progress"], "decision": c.get("decision")} for c in earlier]
        points.append({"day": fact.day, "progress": fields["progress"], "decision": fields.get("decision")})
        charts.append({"goal": fields.get("goal") or "", "points": points})
    return charts


def _shown(conversation: Conversation) -> dict[str, Any]:
    """Each answer as it reads back ("Sticking with it" rather than the value "persistence"),
    keyed like ``vars``: by the question's variable, under the namespace of each call."""
    shown: dict[str, Any] = {}
    library = conversation.library
    for entry in conversation.answers:
        if entry.kind not in ANSWERS:
            continue
        place = shown
        path = NodePath.parse(entry.node)
        for dialogue_id, node_id in path.callers:
            place = place.setdefault(library.node(dialogue_id, node_id, Call).namespace, {})
        dialogue_id, node_id = path.last
        place[library.node(dialogue_id, node_id, Ask).save] = None if entry.skipped else entry.display
    return shown


def render_summary(conversation: Conversation, fmt: str, *, status: Status,
                   generated: str | None = None, session_id: str | None = None) -> str:
    """Render the summary in ``fmt`` ("markdown" or "html")."""
    name = conversation.dialogue.summary.get(fmt, DEFAULT_TEMPLATES[fmt])
    top = _top(conversation)
    try:
        with environment(template_dirs_for(conversation.dialogue.path), fmt).budget():  # one budget for it all
            return _render(conversation, top, fmt, status=status, generated=generated, session_id=session_id)
    except LimitError as exc:
        raise RenderError(f"{_where(exc, name)}: {exc}") from None
    except RecursionError:
        raise RenderError(f"{name}: the template calls itself too deeply") from None
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"{exc.filename or name}:{exc.lineno}: template error: {exc.message}") from None
    except SecurityError as exc:
        raise RenderError(f"{_where(exc, name)}: not allowed in the sandbox: {exc}") from None
    except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
        raise RenderError(f"{_where(exc, name)}: {type(exc).__name__}: {exc}") from None


def _render(conversation: Conversation, scope: _Scope, fmt: str, *, status: Status, generated: str | None,
            session_id: str | None) -> str:
    """One conversation's summary through its own dialogue's template, the summaries of the ones it
    called rendered first (each through its own) and handed in as ``called``."""
    dialogue = scope.dialogue
    context = _context(conversation, scope, status=status, generated=generated, session_id=session_id)
    called = []
    for inner in _calls(conversation, scope):
        text = _render(conversation, inner, fmt, status=status, generated=None, session_id=session_id)
        called.append({"dialogue": {"id": inner.dialogue.id, "title": inner.dialogue.title},
                       "namespace": inner.namespace,
                       "text": Markup(_one_level_down(text.strip(), fmt))})
    context["called"] = called
    env = environment(template_dirs_for(dialogue.path), fmt)
    text = env.get_template(dialogue.summary.get(fmt, DEFAULT_TEMPLATES[fmt])).render(context).strip() + "\n"
    if fmt == "markdown" and context["safety_events"]:
        # First, whatever the dialogue's own template does: a reviewer must see it at once.
        text = env.get_template("safety.md.j2").render(context).strip() + "\n\n" + text
    return text


_MD_HEADING = re.compile(r"^(#{1,5}) ", re.MULTILINE)
_MD_FENCE = re.compile(r"^\s*(```|~~~)")
_HTML_HEADING = re.compile(r"<(/?)h([1-5])\b")


def _one_level_down(text: str, fmt: str) -> str:
    """A called conversation's summary as part of its caller's: every heading one level down (its
    title under the caller's, its sections under its title). Answers never start a tag (HTML is
    escaped), and Markdown's code blocks (the charts) are left as drawn."""
    if fmt == "html":
        return _HTML_HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", text)
    lines, code = [], False
    for line in text.split("\n"):
        if _MD_FENCE.match(line):
            code = not code
        elif not code:
            line = _MD_HEADING.sub(r"#\1 ", line)
        lines.append(line)
    return "\n".join(lines)


def _where(exc: BaseException, name: str) -> str:
    """The template file and line a runtime error happened on (Jinja keeps them in the traceback)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2") or ".html" in frame.filename or ".md" in frame.filename:
            return f"{frame.filename}:{frame.lineno}"
    return name
