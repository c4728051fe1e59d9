"""Typed answers: turn what a person typed into a value, or say kindly what we need instead.

Each answer type is one small parser registered in ``PARSERS``; the loader accepts exactly the
types registered here. A parser never raises on bad input: it returns ``Rejected`` with the key
of the re-ask message (in prompts/messages.yaml) and the values that message needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from engine.model import AnswerSpec


@dataclass(frozen=True)
class Accepted:
    value: Any


@dataclass(frozen=True)
class Rejected:
    message: str  # key in messages.yaml, e.g. "reask.number"
    params: dict[str, Any] = field(default_factory=dict)


Result = Accepted | Rejected
Parser = Callable[[AnswerSpec, Sequence[str], str], Result]

_YES = {"y", "yes", "yeah", "yep", "yup", "sure", "ok", "okay", "of course", "definitely",
        "absolutely", "i do", "i am", "i have", "i will", "i would", "true", "correct", "right"}
_NO = {"n", "no", "nope", "nah", "not really", "never", "i don't", "i do not", "i'm not",
       "i am not", "i haven't", "i have not", "i won't", "false", "no thanks", "no thank you"}

_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


_UNSURE = {"not sure", "unsure", "maybe", "i do not know", "i don't know", "don't know", "dont know",
           "dunno", "i dunno", "idk", "no idea", "i'm not sure", "i am not sure", "not really sure",
           "hard to say", "perhaps", "kind of", "sort of", "a bit", "a little", "sometimes", "possibly"}


def _words(text: str) -> str:
    return re.sub(r"[\s!.,]+", " ", text.lower()).strip()


def parse_text(spec: AnswerSpec, labels: Sequence[str], text: str) -> Result:
    return Accepted(text.strip()) if text.strip() else Rejected("reask.text")


def parse_yesno(spec: AnswerSpec, labels: Sequence[str], text: str) -> Result:
    said = _words(text)
    if said in _YES:
        return Accepted(True)
    if said in _NO:
        return Accepted(False)
    return Rejected("reask.yesno")


def parse_yes_no_unsure(text: str) -> Result:
    """yes (True), no (False) or "unsure"; used where not knowing is a real answer."""
    said = _words(text)
    if said in _UNSURE:
        return Accepted("unsure")
    return parse_yesno(AnswerSpec("yesno"), (), text)


def _number_in(text: str) -> float | None:
    said = re.sub(r"\s+", " ", text.lower().replace("/", " / ")).strip().rstrip("!.")
    said = re.sub(r"\b(about|around|maybe|roughly|probably|a|an)\b", " ", said).strip()
    said = re.sub(r"\s*(/|out of)\s*\d+$", "", said).strip()  # "7/10", "7 out of 10"
    if said in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[said])
    return float(said) if _NUMBER.fullmatch(said) else None


def parse_number(spec: AnswerSpec, labels: Sequence[str], text: str) -> Result:
    number = _number_in(text)
    out_of_range = number is not None and (
        (spec.minimum is not None and number < spec.minimum)
        or (spec.maximum is not None and number > spec.maximum))
    if number is None or out_of_range:
        return Rejected("reask.number", {"min": tidy_number(spec.minimum), "max": tidy_number(spec.maximum)})
    return Accepted(tidy_number(number))


def tidy_number(number: float | None) -> int | float | None:
    """7.0 reads as 7; 2.5 stays 2.5."""
    return int(number) if number is not None and float(number).is_integer() else number


_LIST_SPLIT = re.compile(r"\s*(?:[,;\n]|\band\b)\s*", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s*")


def parse_list(spec: AnswerSpec, labels: Sequence[str], text: str) -> Result:
    items: list[str] = []
    for line in text.splitlines() or [text]:
        for part in _LIST_SPLIT.split(_BULLET.sub("", line)):
            part = part.strip(" .")
            if part and part.lower() not in (i.lower() for i in items):
                items.append(part)
    return Accepted(items) if items else Rejected("reask.list")


def parse_choice(spec: AnswerSpec, labels: Sequence[str], text: str) -> Result:
    """Accept the option's number, its label, its value, or an unambiguous start of a label."""
    said = _words(text)
    count = len(spec.options)
    if said.isdigit():
        number = int(said)
        return Accepted(spec.options[number - 1].value) if 1 <= number <= count else \
            Rejected("reask.choice", {"count": count})
    for option, label in zip(spec.options, labels, strict=True):
        if said in (_words(label), _words(str(option.value))):
            return Accepted(option.value)
    starts = [(o, label) for o, label in zip(spec.options, labels, strict=True) if said and _words(label).startswith(said)]
    if len(starts) == 1:
        return Accepted(starts[0][0].value)
    if len(starts) > 1:
        return Rejected("reask.choice_ambiguous", {"matches": [label for _, label in starts]})
    return Rejected("reask.choice", {"count": count})


PARSERS: dict[str, Parser] = {
    "text": parse_text,
    "yesno": parse_yesno,
    "number": parse_number,
    "scale": parse_number,
    "list": parse_list,
    "choice": parse_choice,
}


def display(spec: AnswerSpec, labels: Sequence[str], value: Any) -> str:
    """How an answer reads back to a person ("yes", "7", "family and friends")."""
    if value is None:
        return ""
    if spec.type == "yesno":
        return "not sure" if value == "unsure" else ("yes" if value else "no")
    if spec.type == "choice":
        for option, label in zip(spec.options, labels, strict=True):
            if option.value == value:
                return label
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
