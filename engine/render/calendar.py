"""A person's plan as an iCalendar file (RFC 5545): one all-day event for each dated step of an
open goal, and one for each goal's next check-in, so a phone's calendar can remind them.

Every text is escaped as the format asks (backslash, semicolon, comma, line breaks), lines end in
CRLF and are folded at 75 octets, and each event has a UID that stays the same when the file is
made again, so importing it twice updates the events instead of doubling them. The words come
from ``prompts/messages.yaml`` (the ``calendar`` group).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from engine.conversation.messages import Messages

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
MAX_TEXT = 500  # characters of one step or goal shown in an event


@dataclass(frozen=True)
class Event:
    uid: str
    day: date
    summary: str
    description: str


def plan_events(person: str, goals: Iterable[Mapping[str, Any]], messages: Messages) -> list[Event]:
    """The events of a person's open goals: each dated step, and each goal's next check-in."""
    events = []
    for goal in goals:
        if goal.get("status") != "open":
            continue
        text = _short(goal.get("text"))
        key = _uid_part(str(goal.get("id", "")))
        for number, step in enumerate(goal.get("steps") or [], start=1):
            day = _day_of(step.get("due") if isinstance(step, Mapping) else None)
            if day is not None:
                events.append(Event(f"step-{key}-{number}@peercoach", day,
                                    messages("calendar.step", step=_short(step.get("text"))),
                                    messages("calendar.for_goal", goal=text)))
        review = _day_of(goal.get("review"))
        if review is not None:
            events.append(Event(f"checkin-{key}@peercoach", review, messages("calendar.checkin", goal=text),
                                messages("calendar.checkin_how", person=person)))
    return sorted(events, key=lambda e: (e.day, e.uid))


def ics(events: Iterable[Event], stamp: str) -> str:
    """The calendar file; ``stamp`` is when it was made, as ``YYYYMMDDTHHMMSSZ``."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//peercoach//plan//EN", "CALSCALE:GREGORIAN"]
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}", f"DTEND;VALUE=DATE:{event.day + timedelta(days=1):%Y%m%d}",
                  f"SUMMARY:{escape(event.summary)}", f"DESCRIPTION:{escape(event.description)}",
                  "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def escape(text: str) -> str:
    """A TEXT value as RFC 5545 writes it: no control characters, and \\ ; , and line breaks escaped."""
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded so no line is longer than 75 octets (never inside a character)."""
    out: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > (75 if not out else 74):
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def _day_of(value: Any) -> date | None:
    text = str(value.get("date") if isinstance(value, Mapping) else value or "")[:10]
    if not _DAY.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _short(value: Any) -> str:
    text = " ".join(str(value or "").split())
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 3] + "..."


def _uid_part(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9-]", "-", value)[:80] or "goal"
