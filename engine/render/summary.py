"""Summaries: the session rendered through the dialogue's Jinja templates in ``prompts/``.

Templates run in the sandbox. HTML templates (any name containing ``.html``) are autoescaped,
so an answer such as ``<script>`` shows as text; Markdown is for the terminal and files.
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import Sequence
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
from engine.dialogue.model import Ask, Call
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
    return env


def summary_context(conversation: Conversation, *, status: Status, generated: str | None,
                    session_id: str | None = None) -> dict[str, Any]:
    dialogue = conversation.dialogue
    variables = conversation.variables()
    answers = [_answer(conversation, e, variables) for e in conversation.answers if e.kind in ANSWERS]
    return {
        "dialogue": {"id": dialogue.id, "title": dialogue.title, "description": dialogue.description},
        "vars": variables,
        "shown": _shown(conversation),
        "answers": answers,
        "safety_events": safety_notes(conversation),
        "resources": _resources(conversation),
        "progress": progress_charts(conversation),
        "status": status.value,
        "finished": conversation.finished,
        "generated": generated,
        "session": session_id,
    }


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


def _answer(conversation: Conversation, entry: Entry, variables: dict[str, Any]) -> dict[str, Any]:
    """One answer as a summary shows it, with the strategy it served and any explanation."""
    ask = conversation.asked(entry)
    option = chosen_option(ask, entry)
    strategies = conversation.library.strategies
    strategy = ask.strategy if ask else None
    return {"question": entry.question, "answer": entry.display or entry.text, "value": entry.value,
            "skipped": entry.skipped, "node": entry.node, "at": entry.at,
            "strategy": strategies.get(strategy) if strategy else None,
            "chose_strategy": strategies.get(option.strategy) if option and option.strategy else None,
            "explain": option.explain.render(variables) if option and option.explain else None}


def progress_charts(conversation: Conversation) -> list[dict[str, Any]]:
    """Each goal checked in on in this session with every rating so far, oldest first: what the
    summary's progress charts draw. Earlier ratings come from the person's record as it was
    handed to the session (those of the goals it reworked first); today's from the session's own
    check-ins. A point where the goal was reassessed carries what was decided (``decision``)."""
    person = conversation.given.get("person") or {}
    known = {goal["id"]: goal for goal in person.get("goals") or [] if goal.get("id")}
    charts = []
    for fact in conversation.facts:
        if fact.kind != "checkin":
            continue
        fields = fact.fields
        stored = known.get(fields.get("goal_id"), {})
        earlier = [*stored.get("history", []), *stored.get("checkins", [])]  # a reworked goal's chart carries on
        points = [{"day": c["day"], "progress": c["progress"], "decision": c.get("decision")} for c in earlier]
        points.append({"day": fact.day, "progress": fields["progress"], "decision": fields.get("decision")})
        charts.append({"goal": fields["goal"], "points": points})
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
    dialogue = conversation.dialogue
    name = dialogue.summary.get(fmt, DEFAULT_TEMPLATES[fmt])
    env = environment(template_dirs_for(dialogue.path), fmt)
    context = summary_context(conversation, status=status, generated=generated, session_id=session_id)
    try:
        with env.budget():  # one budget for the whole summary
            text = env.get_template(name).render(context).strip() + "\n"
            if fmt == "markdown" and context["safety_events"]:
                # First, whatever the dialogue's own template does: a reviewer must see it at once.
                text = env.get_template("safety.md.j2").render(context).strip() + "\n\n" + text
        return text
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


def _where(exc: BaseException, name: str) -> str:
    """The template file and line a runtime error happened on (Jinja keeps them in the traceback)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2") or ".html" in frame.filename or ".md" in frame.filename:
            return f"{frame.filename}:{frame.lineno}"
    return name
