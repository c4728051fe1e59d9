"""Is a goal specific, measurable and time-bound? Read from the sentence alone, by rule.

- **Specific**: it names something a person could be seen doing ("walk", "call my sister",
  "apply to jobs"), not a feeling or a state of being ("be happier", "get healthy", "stop being lazy").
- **Measurable**: a number, an amount or a frequency says when it is done ("3 times a week",
  "no more than two", "10 pages"). A number that only says *when* ("in two weeks") does not count.
- **Time-bound**: a date, a deadline, a start or a period ("by Friday", "starting Monday",
  "for the next month"). A frequency alone ("every day") is not an end date.

Achievable and relevant depend on the person, so the dialogues ask about those instead.
Each answer carries the words that decided it, so a summary or a trainee debrief can say why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from engine.understanding.numbers import DIGITS
from engine.understanding.textnorm import normalise
from engine.understanding.timeframes import EVERY, Mention, mentions

DIMENSIONS = ("specific", "measurable", "time_bound")

# How people introduce a goal; none of it says what the goal is.
_PREAMBLE = re.compile(
    r"^(?:(?:my|the) (?:goal|plan|aim) (?:is|would be) (?:to )?|(?:so |well |okay |ok |um |uh )+|"
    r"i (?:really |just |would really |also )?(?:want|would like|would love|need|have|hope|plan|intend|wish|"
    r"am going|am gonna|am trying|will try|would|will|should|must|could|can|am hoping|am planning|aim|"
    r"am aiming|have decided|decided|have got|got|ought)(?: to)?\s+(?:be able to |try to |start to |try and |"
    r"to )?|to |try to |be able to )+")

# States and feelings rather than actions: the part of a goal nobody could watch you do.
_STATE = re.compile(
    r"^(?:be|being|become|feel|seem|look|stay (?:positive|happy|motivated|strong|calm|focused)|"
    r"get (?:(?:a lot |much |way )?(?:better|healthy|healthier|happier|happy|fit|fitter|well|stronger|thinner|"
    r"sober|clean|organi[sz]ed|motivated|in shape|back on track|on track|back to normal|my life|my act|"
    r"my shit|it together|myself together|over it|over this|through (?:it|this|life))|"
    r"on top of|rid of (?:my )?(?:stress|anxiety|depression|sadness))|"
    r"stop (?:being|feeling|worrying|stressing|overthinking|thinking|hating|beating myself)|quit (?:being|feeling)|"
    r"not (?:be|feel|worry|stress)|do (?:\S+ )?(?:better|good|well|more)\b|have fun|enjoy life|"
    r"have (?:a )?(?:better|good|happier|healthier|more|less) (?:life|day|days|energy|confidence|fun|peace|stress)|"
    r"have my life back|my life back|improve (?:myself|my life|my mood|my health|my self|things|my situation)|"
    r"work on (?:myself|me|my self|things|my issues|my mindset)|change (?:my life|myself|my ways|my attitude)|"
    r"(?:sort|figure) (?:my life|myself|things|it all) out|turn (?:my life|things) around|"
    r"take (?:better )?care of myself|think (?:more )?positive(?:ly)?|love myself|accept myself|"
    r"find (?:happiness|peace|myself|purpose|meaning|balance)|fix (?:my life|myself|everything)|"
    r"live (?:a )?(?:better|happier|healthier|good)|cope (?:better|with)|deal with (?:stress|things|life|it|my)|"
    r"handle (?:stress|things|life) better|move on|heal|recover|grow|change|improve|be happy|happiness|"
    r"more (?:positive|confident|motivated|happy)|less (?:stressed|anxious|lazy|angry|sad|depressed))\b")

_AMOUNT = re.compile(
    rf"(?:{DIGITS}\s*(?:%|\w+)?|\$\s*[0-9]+|"  # any number, with its unit for the explanation
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"sixty|hundred|dozen|half an hour|half a|once|twice|one (?:cigarette|drink|meal|page|hour|chapter|"
    r"application|class|meeting|call|walk|session))\b|"
    r"\b(?:no more than|not more than|at least|at most|fewer than|less than|more than|up to|a maximum of|"
    r"a minimum of|under|over) \w+)")


@dataclass(frozen=True)
class GoalCheck:
    text: str
    specific: bool
    measurable: bool
    time_bound: bool
    because: dict[str, str]  # dimension -> the words that decided it ("3 times a week", "be happier")

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(d for d in DIMENSIONS if not getattr(self, d))

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "specific": self.specific, "measurable": self.measurable,
                "time_bound": self.time_bound, "missing": list(self.missing), "because": dict(self.because)}


def check(text: str) -> GoalCheck:
    """Read one goal statement; never fails, whatever is typed."""
    said = re.sub(r"\s+", " ", normalise(text)).strip(" .!")
    because: dict[str, str] = {}
    times = mentions(said)

    core = _blank(said, times).strip()  # "in the fall" alone names no action
    while True:  # "I want to try to ..." -> "..."
        stripped = _PREAMBLE.sub("", core, count=1).strip()
        if stripped == core:
            break
        core = stripped
    state = _STATE.match(core)
    specific = bool(core) and state is None and bool(re.search(r"[a-z]{2,}", core))
    because["specific"] = state.group(0) if state else core.split(" ")[0] if core else ""

    bounded = [m for m in times if m.kind != EVERY]
    time_bound = bool(bounded)
    if bounded:
        because["time_bound"] = said[bounded[0].begin:bounded[0].end]

    # Numbers that only say when ("in two weeks") are not a measure: blank them out first.
    rest = _blank(said, bounded)
    every = next((m for m in times if m.kind == EVERY), None)
    amount = _AMOUNT.search(rest)
    measurable = every is not None or amount is not None
    if every is not None:
        because["measurable"] = said[every.begin:every.end]
    elif amount is not None:
        because["measurable"] = amount.group(0).strip()
    return GoalCheck(text.strip(), specific, measurable, time_bound, because)


def _blank(said: str, spans: list[Mention]) -> str:
    """``said`` with the given mentions replaced by spaces, so positions stay put."""
    chars = list(said)
    for mention in spans:
        chars[mention.begin:mention.end] = " " * (mention.end - mention.begin)
    return re.sub(r"\s+", " ", "".join(chars))


def improved(goal: str, *additions: str) -> str:
    """The goal with the parts a person added ("3 times a week", "by Friday"), as one sentence."""
    parts = [goal.strip().rstrip(".!")] + [a.strip().rstrip(".!") for a in additions if a and a.strip()]
    sentence = ", ".join(p for p in parts if p)
    return sentence[:1].upper() + sentence[1:] if sentence else ""


__all__ = ["check", "improved", "GoalCheck", "DIMENSIONS"]
