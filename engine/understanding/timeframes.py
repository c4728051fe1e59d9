"""Time frames in people's words: "by Friday", "next month", "in two weeks", "every morning",
"3 times a week", "March 3rd", "2026-12-01".

A time frame is read relative to a ``today`` the caller hands in: the core never reads the clock,
so a session replays to the same dates on any day. The reading is kept apart from the dates, so
the goal checker can ask "does this say when?" without a date at all.

Conventions, chosen to match everyday speech (and shown back to the person, who can correct them):
- a weekday means the next one after today ("by Friday" said on a Friday is a week away);
  "next Friday" is the Friday of next week;
- "this week" ends on Sunday; "next month" runs from its first day to its last;
- "before X" means the day before X; "by X" and "until X" include X;
- "in two weeks" and "for the next two weeks" end 14 days from today.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from engine.understanding.numbers import NUMBER, value_of
from engine.understanding.textnorm import normalise

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_SHORT = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "weds": 2, "thu": 3, "thur": 3, "thurs": 3,
                  "fri": 4, "sat": 5, "sun": 6}
_WEEKDAY = {name: index for index, name in enumerate(WEEKDAYS)} | _WEEKDAY_SHORT
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTH = {name: index + 1 for index, name in enumerate(MONTHS)} | {
    name[:3]: index + 1 for index, name in enumerate(MONTHS)} | {"sept": 9}

DAY_NAME = r"(?:" + "|".join(sorted(_WEEKDAY, key=len, reverse=True)) + r")"
# "may" is a month only where nothing else fits ("by May", "May 3"), never in "I may".
_MONTH_ANY = r"(?:" + "|".join(sorted(_MONTH, key=len, reverse=True)) + r")"
_MONTH_SAFE = r"(?:" + "|".join(sorted((m for m in _MONTH if m != "may"), key=len, reverse=True)) + r")"
_ORDINAL = r"(?:[0-9]{1,2})(?:st|nd|rd|th)?"
_UNIT = r"(?:days?|nights?|weeks?|months?|years?)"
_PART = r"(?:morning|afternoon|evening|night|day|weekday|weekend|week|month|year|lunchtime|bedtime)"

DUE, START, PERIOD, EVERY = "due", "start", "period", "every"


@dataclass(frozen=True)
class Every:
    """How often: ``times`` per ``per`` ("day", "week", "month", or a weekday such as "monday")."""

    times: float = 1
    per: str = "day"

    def to_dict(self) -> dict[str, Any]:
        return {"times": self.times, "per": self.per}


@dataclass(frozen=True)
class TimeFrame:
    """What a person said about when: a last day, a first day, how often, or several of these."""

    text: str = ""
    due: date | None = None  # the last day: a deadline, the day itself, or the end of a period
    start: date | None = None  # when it begins ("starting Monday", "for the next month")
    every: Every | None = None
    kinds: tuple[str, ...] = field(default=())  # which kinds of mention were found, in order

    @property
    def bounded(self) -> bool:
        """Says when it will be done or begin (what SMART calls time-bound); a bare "every day" does not."""
        return self.due is not None or self.start is not None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text,
                "due": self.due.isoformat() if self.due else None,
                "start": self.start.isoformat() if self.start else None,
                "every": self.every.to_dict() if self.every else None}


def describe(frame: dict[str, Any] | None) -> str:
    """The dates a stored time frame stands for, in words: "by Friday 27 November 2026"."""
    if not frame:
        return ""
    parts = []
    if frame.get("start"):
        parts.append("from " + _long_date(date.fromisoformat(frame["start"])))
    if frame.get("due"):
        parts.append(("until " if frame.get("start") else "by ") + _long_date(date.fromisoformat(frame["due"])))
    every = frame.get("every")
    if every and every["per"] in WEEKDAYS:
        parts.append(("every other " if every["times"] == 0.5 else "every ") + every["per"].capitalize())
    elif every:
        times = every["times"]
        count = {1: "once", 2: "twice"}.get(times, f"{times:g} times")
        parts.append(f"every other {every['per']}" if times == 0.5 else f"{count} a {every['per']}")
    return ", ".join(parts)


def _long_date(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()].capitalize()} {day.day} {MONTHS[day.month - 1].capitalize()} {day.year}"


# -- reading dates ---------------------------------------------------------------------------

def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _after(today: date, amount: float, unit: str) -> date:
    unit = unit.rstrip("s")
    if unit == "month":
        return _add_months(today, round(amount))
    if unit == "year":
        return _add_months(today, round(amount * 12))
    return today + timedelta(days=round(amount * (7 if unit == "week" else 1)))


def _next_weekday(today: date, weekday: int, next_week: bool = False) -> date:
    if next_week:  # "next Friday": the Friday of next week
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return monday + timedelta(days=weekday)
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _month_day(today: date, month: int, day: int) -> date | None:
    """The next such date on or after today (March 3 said in December is next year's); None if there is none."""
    for year in range(today.year, today.year + 5):  # February 29 may be four years away
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None


def _month_start(today: date, month: int) -> date:
    return date(today.year if month >= today.month else today.year + 1, month, 1)


# Each entry: (pattern, kind, reader). A reader turns the match into the dates it names.
Reader = Callable[[re.Match[str], date], dict[str, Any]]
_RULES: list[tuple[re.Pattern[str], Reader]] = []


def _rule(pattern: str) -> Callable[[Reader], Reader]:
    def register(reader: Reader) -> Reader:
        _RULES.append((re.compile(r"\b(?:" + pattern + r")\b"), reader))
        return reader
    return register


def _number(word: str) -> float:
    value = value_of(word)
    return 1.0 if value is None else value


# -- how often (first, so "every Monday" is not read as a single Monday) ------------------------
@_rule(rf"(?P<n>{NUMBER}|once|twice)\s+(?:times?\s+)?(?:a|per|each|every)\s+(?P<per>day|week|month|year)")
def _times_per(m: re.Match[str], today: date) -> dict[str, Any]:
    return {EVERY: Every(_number(m["n"]), m["per"])}


@_rule(rf"(?P<n>{NUMBER})\s+(?:days|nights|mornings|evenings|times)\s+(?:a|per|each|every)\s+(?P<per>week|month)")
def _days_per(m: re.Match[str], today: date) -> dict[str, Any]:
    return {EVERY: Every(_number(m["n"]), m["per"])}


@_rule(rf"(?:every|each)\s+(?:single\s+)?(?P<other>other\s+)?(?P<what>{DAY_NAME}|{_PART}|weeknight)")
def _every(m: re.Match[str], today: date) -> dict[str, Any]:
    what = m["what"]
    if what in _WEEKDAY:
        return {EVERY: Every(0.5 if m["other"] else 1, WEEKDAYS[_WEEKDAY[what]])}
    per = {"morning": "day", "afternoon": "day", "evening": "day", "night": "day", "lunchtime": "day",
           "bedtime": "day", "weekday": "week", "weeknight": "week", "weekend": "week"}.get(what, what)
    times = {"weekday": 5, "weeknight": 5}.get(what, 1)
    return {EVERY: Every(times / 2 if m["other"] else times, per)}


@_rule(r"(?<!within )(?<!in )(?<!for )(?<!over )"
       r"(?P<word>daily|nightly|weekly|monthly|yearly|every day|everyday|each day|a day|per day|a night|"
       r"a week|per week|a month|per month)(?!\s+(?:ago|or two|from))")
def _per(m: re.Match[str], today: date) -> dict[str, Any]:
    word = m["word"].split()[-1]
    per = {"daily": "day", "nightly": "day", "weekly": "week", "monthly": "month", "yearly": "year",
           "everyday": "day", "night": "day"}.get(word, word)
    return {EVERY: Every(1, per)}


# -- periods ---------------------------------------------------------------------------------
@_rule(rf"(?:for|over)\s+(?:the\s+)?(?:next\s+|coming\s+)?(?P<n>{NUMBER})\s+(?P<unit>{_UNIT})")
def _for_period(m: re.Match[str], today: date) -> dict[str, Any]:
    return {START: today, DUE: _after(today, _number(m["n"]), m["unit"]) - timedelta(days=1)}


@_rule(r"(?:for|over)\s+(?:the\s+)?(?:next|coming)\s+(?P<unit>week|month|year)")
def _for_next(m: re.Match[str], today: date) -> dict[str, Any]:
    return {START: today, DUE: _after(today, 1, m["unit"]) - timedelta(days=1)}


@_rule(rf"(?:in|within|in the next|within the next)\s+(?P<n>{NUMBER})\s+(?P<unit>{_UNIT})")
def _within(m: re.Match[str], today: date) -> dict[str, Any]:
    return {DUE: _after(today, _number(m["n"]), m["unit"])}


@_rule(r"(?:within|in)\s+(?:a|one|the next)\s+(?P<unit>day|week|month|year)")
def _within_one(m: re.Match[str], today: date) -> dict[str, Any]:
    return {DUE: _after(today, 1, m["unit"])}


@_rule(rf"(?:by\s+|before\s+|until\s+|till\s+)?(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(?P<next>next\s+)?"
       rf"(?P<what>week|month|year|{_MONTH_ANY})")
def _end_of(m: re.Match[str], today: date) -> dict[str, Any]:
    what, ahead = m["what"], bool(m["next"])
    if what == "week":
        return {DUE: today + timedelta(days=6 - today.weekday() + (7 if ahead else 0))}
    if what == "month":
        first = _add_months(today.replace(day=1), 1 if ahead else 0)
        return {DUE: _end_of_month(first.year, first.month)}
    if what == "year":
        return {DUE: date(today.year + (1 if ahead else 0), 12, 31)}
    first = _month_start(today, _MONTH[what])
    return {DUE: _end_of_month(first.year, first.month)}


@_rule(r"(?P<which>this|next|the)\s+(?P<what>week|weekend|month|year)(?!\s+(?:ago|before))")
def _this_period(m: re.Match[str], today: date) -> dict[str, Any]:
    ahead, what = m["which"] == "next", m["what"]
    if what in ("week", "weekend"):
        sunday = today + timedelta(days=6 - today.weekday() + (7 if ahead else 0))
        first = sunday - timedelta(days=1 if what == "weekend" else 6)
        return {START: max(first, today), DUE: sunday} if ahead or what == "weekend" else {DUE: sunday}
    if what == "month":
        first = _add_months(today.replace(day=1), 1 if ahead else 0)
        end = _end_of_month(first.year, first.month)
        return {START: first, DUE: end} if ahead else {DUE: end}
    year = today.year + (1 if ahead else 0)
    return {START: date(year, 1, 1), DUE: date(year, 12, 31)} if ahead else {DUE: date(year, 12, 31)}


@_rule(rf"(?:on\s+)?(?P<day>{DAY_NAME})s|(?:on\s+)?(?:the\s+)?weekends")
def _plural_weekday(m: re.Match[str], today: date) -> dict[str, Any]:
    return {EVERY: Every(1, WEEKDAYS[_WEEKDAY[m["day"]]])} if m["day"] else {EVERY: Every(1, "week")}


# -- single days ------------------------------------------------------------------------------
# Fixed days of the year. Seasons start on their northern-hemisphere dates; moveable feasts
# (Easter, Thanksgiving) differ by year and country, so they are left for the person to date.
_FIXED_DAYS = {"christmas eve": (12, 24), "christmas": (12, 25), "xmas": (12, 25), "new year's eve": (12, 31),
               "new years eve": (12, 31), "new year's day": (1, 1), "new year's": (1, 1), "new years": (1, 1),
               "new year": (1, 1), "halloween": (10, 31), "valentine's day": (2, 14), "valentines": (2, 14),
               "spring": (3, 20), "summer": (6, 21), "fall": (9, 22), "autumn": (9, 22), "winter": (12, 21)}


@_rule(r"(?:by|before|until|till|for|at|on|over|this|next|in(?: the)?|during(?: the)?|starting(?: in)?)\s+(?:the\s+)?"
       r"(?P<name>" + "|".join(re.escape(n) for n in sorted(_FIXED_DAYS, key=len, reverse=True)) + r")")
def _fixed_day(m: re.Match[str], today: date) -> dict[str, Any]:
    month, day = _FIXED_DAYS[m["name"]]
    return {DUE: _month_day(today, month, day)}


@_rule(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})")
def _iso(m: re.Match[str], today: date) -> dict[str, Any]:
    try:
        return {DUE: date(int(m["y"]), int(m["m"]), int(m["d"]))}
    except ValueError:
        return {}


@_rule(rf"(?P<d>{_ORDINAL})\s+(?:of\s+)?(?P<mon>{_MONTH_ANY})|(?P<mon2>{_MONTH_ANY})\s+(?:the\s+)?(?P<d2>{_ORDINAL})"
       r"(?!\s*(?:am|pm|minutes|mins|hours|times|pages|days))")
def _day_of_month(m: re.Match[str], today: date) -> dict[str, Any]:
    month = _MONTH[m["mon"] or m["mon2"]]
    day = int(re.sub(r"[^0-9].*", "", m["d"] or m["d2"]))  # "3rd" -> 3
    found = _month_day(today, month, day)
    return {DUE: found} if found else {}


@_rule(r"(?P<word>today|tonight|this (?:morning|afternoon|evening)|the day after tomorrow|tomorrow"
       r"(?: (?:morning|afternoon|evening|night))?)")
def _relative_day(m: re.Match[str], today: date) -> dict[str, Any]:
    word = m["word"]
    offset = 2 if word.startswith("the day after") else 1 if word.startswith("tomorrow") else 0
    return {DUE: today + timedelta(days=offset)}


@_rule(rf"(?P<next>next\s+|this\s+|this coming\s+|coming\s+)?(?P<day>{DAY_NAME})"
       r"(?:\s+(?:morning|afternoon|evening|night))?")
def _weekday(m: re.Match[str], today: date) -> dict[str, Any]:
    return {DUE: _next_weekday(today, _WEEKDAY[m["day"]], next_week=(m["next"] or "").strip() == "next")}


@_rule(rf"(?:by|before|until|till|in|during|over|this|next|from|starting(?: in)?)\s+(?P<mon>{_MONTH_ANY})")  # "by May"
def _month(m: re.Match[str], today: date) -> dict[str, Any]:
    first = _month_start(today, _MONTH[m["mon"]])
    return {DUE: _end_of_month(first.year, first.month), START: first}


@_rule(rf"(?P<mon>{_MONTH_SAFE})")
def _bare_month(m: re.Match[str], today: date) -> dict[str, Any]:
    first = _month_start(today, _MONTH[m["mon"]])
    return {DUE: _end_of_month(first.year, first.month), START: first}


_LEAD = re.compile(r"(?P<lead>\b(?:by|before|until|till|no later than|starting(?: on| from)?|from|beginning|"
                   r"on|as of)\s+)$")
_OWN_LEAD = re.compile(r"(by|before|until|till|starting|from)\b")
_LEAD_REACH = 40  # characters before a date where its leading word can be


@dataclass(frozen=True)
class Mention:
    """One time expression, where it stands in the normalised text, and what it says."""

    kind: str  # due, start, period or every
    begin: int
    end: int
    found: dict[str, Any]


def find(said: str, today: date) -> list[Mention]:
    """The time expressions in normalised text, in reading order, none overlapping."""
    found_mentions: list[Mention] = []
    taken = bytearray(len(said))  # a stretch read once is not read again ("February 30" is no month)
    for pattern, reader in _RULES:  # earlier rules win a contested stretch of text
        for match in pattern.finditer(said):
            begin, end = match.span()
            if any(taken[begin:end]):
                continue
            taken[begin:end] = b"\x01" * (end - begin)
            found = reader(match, today)
            if not found:
                continue
            # The word that leads a date ("by", "no later than") is just before it: look only there.
            window = max(0, begin - _LEAD_REACH)
            lead = _LEAD.search(said, window, begin)
            own = _OWN_LEAD.match(match.group(0))
            found = _apply_lead(found, (lead["lead"] if lead else own.group(1) if own else "").strip())
            kind = EVERY if EVERY in found else PERIOD if START in found and DUE in found \
                else START if START in found else DUE
            found_mentions.append(Mention(kind, lead.start() if lead else begin, end, found))
    return sorted(found_mentions, key=lambda m: m.begin)


def read(text: str, today: date) -> TimeFrame | None:
    """Every time expression in ``text``, combined into one time frame; None if it says no time.

    When several say the same thing ("every day ... every week"), the first one said counts.
    """
    said = normalise(text)
    found = find(said, today)
    if not found:
        return None
    source = text if len(text) == len(said) else said  # spelled-out contractions shift positions

    def first(key: str) -> Any:
        return next((m.found[key] for m in found if key in m.found), None)

    words = " ".join(source[m.begin:m.end].strip() for m in found)
    return TimeFrame(words, first(DUE), first(START), first(EVERY), tuple(m.kind for m in found))


def _apply_lead(found: dict[str, Any], lead: str) -> dict[str, Any]:
    """The word before a date decides what it bounds: "before May 3" ends the day before."""
    if not lead or EVERY in found:
        return found
    if lead.startswith(("starting", "from", "beginning", "as of")):
        first = found.get(START) or found.get(DUE)
        return {START: first}
    if lead == "before" and DUE in found:
        day = found.get(START) or found[DUE]
        return {DUE: day - timedelta(days=1)}
    if lead in ("by", "until", "till", "no later than") and DUE in found:
        return {DUE: found[DUE]}
    return found


def mentions(said: str) -> list[Mention]:
    """The time expressions in normalised text, for readers that need their kinds, not dates."""
    return find(said, ANY_DAY)


ANY_DAY = date(2001, 1, 1)  # the kinds of mention never depend on the day; any valid date will do


__all__ = ["TimeFrame", "Every", "Mention", "read", "find", "mentions", "describe"]
