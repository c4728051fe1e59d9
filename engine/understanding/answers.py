"""Typed answers: turn what a person typed into a value, or say kindly what we need instead.

Each answer type is one small parser registered in ``PARSERS``; the loader accepts exactly the
types registered here. A parser never raises on bad input: it returns ``Rejected`` with the key
of the re-ask message (in prompts/messages.yaml) and the values that message needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from engine.ground.regexes import compiled
from engine.understanding.numbers import read_amount
from engine.understanding.textnorm import normalise


@dataclass(frozen=True)
class Accepted:
    value: Any
    note: str = ""  # what else the answer said ("3 maybe. I know what helps but..." is 3, and a note)
    understood: str = ""  # how a free answer was read, to say back ("I already see Anne": yes)


@dataclass(frozen=True)
class Rejected:
    message: str  # key in messages.yaml, e.g. "reask.number"
    params: dict[str, Any] = field(default_factory=dict)


Result = Accepted | Rejected


class OptionShape(Protocol):
    """What a parser reads of a choice's option (the dialogue format's ``Option`` is one)."""

    @property
    def value(self) -> Any: ...


class AnswerShape(Protocol):
    """What a parser reads of a question's answer spec (the dialogue format's ``AnswerSpec`` is
    one). Described here, not imported, so understanding never depends on the layer above it."""

    @property
    def type(self) -> str: ...

    @property
    def minimum(self) -> float | None: ...

    @property
    def maximum(self) -> float | None: ...

    @property
    def options(self) -> Sequence[OptionShape]: ...


@dataclass(frozen=True)
class PlainOption:
    """An option known only by its value: for prompts outside a dialogue (the menu)."""

    value: Any


@dataclass(frozen=True)
class PlainAnswer:
    """An answer spec outside a dialogue; ``PlainAnswer.choice(values)`` for a list to pick from."""

    type: str = "text"
    minimum: float | None = None
    maximum: float | None = None
    options: tuple[PlainOption, ...] = ()

    @classmethod
    def choice(cls, values: Sequence[Any]) -> PlainAnswer:
        return cls("choice", options=tuple(PlainOption(v) for v in values))


@dataclass(frozen=True)
class Asking:
    """What a parser may know about the question: its spec, the labels shown, and today's date
    (handed in by the caller, so a replayed session reads "by Friday" as the same Friday)."""

    spec: AnswerShape
    labels: Sequence[str] = ()
    today: date | None = None
    question: str = ""  # the question as shown: a ``reply`` is coded against it (the client's line)


Parser = Callable[[Asking, str], Result]
UNSURE = "unsure"

# Read in this order: "not sure" and "no idea" before "no"; "definitely not" before "definitely".
_UNSURE = compiled(
    r"^(?:i am |i am just |i am really )?(?:not (?:really |totally |quite |too |so )?sure|unsure|uncertain|not certain)"
    r"|^(?:i )?(?:really )?(?:(?:do not|dont) know|dunno)|^idk\b|^no idea|^(?:it is )?hard to (?:say|tell)"
    r"|^maybe|^perhaps"
    r"|^possibly|^(?:it )?depends|^yes and no|^(?:kind|sort) of|^(?:a )?(?:bit|little)|^sometimes|^could be"
    r"|^who knows|^(?:50 50|fifty fifty)|^not (?:yet )?decided|^i (?:have not|cannot) decided?|^i am on the fence"
    r"|^i (?:am|was) (?:torn|in two minds)|^i do not know yet|^i cannot say")
_NO = compiled(
    r"^(?:no|nope|nah|nay|n|never|not really|not at all|not yet|not much|not quite|not now|not today|none"
    r"|no way|no thanks|no thank you|hardly|false|wrong|negative|(?:i )?(?:do not|did not) think so"
    r"|i (?:guess|suppose|think) not|(?:probably|definitely|absolutely|certainly|of course|surely) not"
    r"|i (?:do|did|am|have|had|will|would|can|could|was|should) not|i cannot|i have never|i would rather not"
    r"|i would prefer not|not (?:for me|right now|really no))\b")
_YES = compiled(
    r"^(?:yes|yeah|yea|yep|yup|ya|yah|yess+|y|aye|sure|ok|okay|okey|alright|all right|of course|definitely"
    r"|absolutely|certainly|totally|true|correct|right|exactly|indeed|for sure|you bet|uh huh|mhm|mm hmm"
    r"|i think so|i guess(?: so)?|i suppose(?: so)?|i believe so|i hope so|probably|most likely|likely"
    r"|mostly|pretty much|i reckon|please|yes please|sounds good|let us do it|go ahead|always|very much"
    r"|a lot|i (?:would|will|can|could) try|i would like (?:that|to)|i would love (?:that|to)|why not"
    r"|that is right|that is true|i agree)\b"
    # "I do", "I am", "I have" are yes only on their own: "I am scared" is not an answer.
    r"|^i (?:do|did|am|have|had|will|would|can|could|was|should)(?: (?:too|yes|really|indeed|definitely))?$")


# A statement that answers yes by telling ("I already see Anne", "I go to a group on Tuesdays").
_TELLS_YES = compiled(r"^(?:i )?already\b|^i (?:do|have|go|see|talk|use|take|try|ring|call|visit|attend|get|speak"
                        r"|meet|went|saw|did|tried|used|had|got|spoke|met|still|always|usually|sometimes)\b")


def read_yes_no(text: str) -> bool | str | None:
    """True, False, "unsure", or None when the words are not a yes or a no at all."""
    said = " ".join(re.findall(r"[a-z0-9]+", normalise(text).replace("'", "")))
    for pattern, value in ((_UNSURE, UNSURE), (_NO, False), (_YES, True), (_TELLS_YES, True)):
        if pattern.search(said):
            return value
    return None


def _told_yes(value: Any, text: str) -> str:
    """ "yes", to say back, when a yes was told rather than said ("I already see Anne")."""
    return "yes" if value is True and _told(text) else ""


def _told(text: str) -> str:
    """The statement itself when a yes was told rather than said ("I already see Anne")."""
    said = " ".join(re.findall(r"[a-z0-9]+", normalise(text).replace("'", "")))
    if _UNSURE.search(said) or _NO.search(said) or _YES.search(said):
        return ""
    return text.strip() if _TELLS_YES.search(said) else ""


def _words(text: str) -> str:
    return re.sub(r"[\s!.,]+", " ", text.lower()).strip()


def parse_text(asking: Asking, text: str) -> Result:
    return Accepted(text.strip()) if text.strip() else Rejected("reask.text")


def parse_yesno(asking: Asking, text: str) -> Result:
    """yes or no; "not sure" gets a gentle re-ask, since this question needs one or the other."""
    value = read_yes_no(text)
    if value == UNSURE:
        return Rejected("reask.yesno_unsure")
    return Rejected("reask.yesno") if value is None else Accepted(value, understood=_told_yes(value, text))


def parse_yes_no_unsure(asking: Asking, text: str) -> Result:
    """yes (True), no (False) or "unsure", for questions where not knowing is a real answer."""
    value = read_yes_no(text)
    if value is None:
        return Rejected("reask.yesno_unsure_allowed")
    return Accepted(value, understood=_told_yes(value, text))


def parse_number(asking: Asking, text: str) -> Result:
    """A number as people give it: "7", "seven", "about 5 drinks", "5 and a half", "6 or 7";
    "3 maybe. I know what helps but..." is 3, and the rest is kept as a note."""
    spec = asking.spec
    amount = read_amount(text)
    number, note = amount if amount is not None else (None, "")
    out_of_range = number is not None and (
        (spec.minimum is not None and number < spec.minimum)
        or (spec.maximum is not None and number > spec.maximum))
    if number is None or out_of_range:
        return Rejected("reask.number", {"min": tidy_number(spec.minimum), "max": tidy_number(spec.maximum),
                                         "read": tidy_number(number)})
    return Accepted(tidy_number(number), note, understood=str(tidy_number(number)) if note else "")


def tidy_number(number: float | None) -> int | float | None:
    """7.0 reads as 7; 2.5 stays 2.5."""
    return int(number) if number is not None and float(number).is_integer() else number


def parse_when(asking: Asking, text: str) -> Result:
    """A time frame: the words as typed, and the dates they stand for (when today is known)."""
    from engine.understanding import timeframes  # its patterns are compiled on first use

    frame = timeframes.read(text, asking.today or timeframes.ANY_DAY)
    if frame is None:
        return Rejected("reask.when")
    stored = frame.to_dict()
    if asking.today is None:  # no calendar to read it against: keep the words, not made-up dates
        stored.update(due=None, start=None)
    stored["text"] = text.strip()
    stored["described"] = timeframes.describe(stored)
    return Accepted(stored)


def parse_goal(asking: Asking, text: str) -> Result:
    """A goal in the person's words, with which of specific, measurable and time-bound it already is."""
    if not re.search(r"[a-zA-Z]{2,}", text) or _gives_nothing(text, asking.question):
        return Rejected("reask.goal")  # "I don't know" is no goal, whatever a dialogue makes of it next
    from engine.understanding import goals  # its patterns are compiled on first use

    value = goals.check(text).to_dict()
    when = parse_when(asking, text)
    value["when"] = when.value if isinstance(when, Accepted) and value["time_bound"] else None
    return Accepted(value)


# A separator starts at the first space of a run (never once per space: a long run is read once).
_LIST_SPLIT = compiled(r"(?<!\s)\s*+(?:[,;\n]|\band\b)\s*", re.IGNORECASE)
_BULLET = compiled(r"^\s*(?:[-*\u2022]|\d+[.)])\s*")


def parse_reply(asking: Asking, text: str) -> Result:
    """A trainee's reply to a simulated client, coded against the client's line (the question as
    shown): codes, cues, pitfalls and steps (``engine.understanding.coding.rehearsal``)."""
    if not re.search(r"\w", text):
        return Rejected("reask.text")
    from engine.understanding.coding.rehearsal import read_reply  # the coder compiles its rules on first use

    return Accepted(read_reply(text, asking.question))


_FOLLOWING_ON = compiled(r"^(?:and|but|though|although|plus|also)\s+(?=\S)", re.IGNORECASE)  # ", and x"


def parse_list(asking: Asking, text: str) -> Result:
    items: list[str] = []
    seen: set[str] = set()  # each item once, whatever its case
    for line in text.splitlines() or [text]:
        for part in _LIST_SPLIT.split(_BULLET.sub("", line)):
            part = _FOLLOWING_ON.sub("", part.strip(" ."))  # "not much, but my cat" names "my cat"
            if part and part.lower() not in seen:
                seen.add(part.lower())
                items.append(part)
    # Beside real items, parts that give nothing are no items: "not much, my cat maybe" names one thing
    # that matters, not "not much"; "my cat, I suppose" is not a cat and "I suppose".
    kept = [item for item in items if not _empty(item)] if len(items) > 1 else items
    items = kept or items
    return Accepted(items) if items else Rejected("reask.list")


def parse_choice(asking: Asking, text: str) -> Result:
    """Accept the option's number, its label, its value, or an unambiguous start of a label."""
    spec, labels = asking.spec, asking.labels
    said = _words(text)
    count = len(spec.options)
    if said.isascii() and said.isdigit():  # "²" is a digit to Python, not a number here
        number = int(said) if len(said) <= 6 else 0  # a thousand digits is no option number
        return Accepted(spec.options[number - 1].value) if 1 <= number <= count else \
            Rejected("reask.choice", {"count": count})
    for option, label in zip(spec.options, labels, strict=True):
        if said in (_words(label), _words(str(option.value))):
            return Accepted(option.value)
    starts = [(o, label) for o, label in zip(spec.options, labels, strict=True)
              if said and _words(label).startswith(said)]
    if len(starts) == 1:
        return Accepted(starts[0][0].value)
    if len(starts) > 1:
        return Rejected("reask.choice_ambiguous", {"matches": [label for _, label in starts]})
    # A whole label among other words ("Setting a goal and a plan I think, my daughter said it might
    # help"): that option, even when a word of it is in another label too ("goal").
    whole = sorted(((o, label) for o, label in zip(spec.options, labels, strict=True)
                    if _words(label) and re.search(rf"(?:^| ){re.escape(_words(label))}(?: |$)", said)),
                   key=lambda pair: -len(_words(pair[1])))
    if whole and (len(whole) == 1 or len(_words(whole[0][1])) > len(_words(whole[1][1]))):
        return Accepted(whole[0][0].value, understood=whole[0][1])
    # Free words that name one option's own words: "work I guess", "the honesty one".
    meant = _content_words(said)
    sharing = [(o, label) for o, label in zip(spec.options, labels, strict=True)
               if meant & _content_words(_words(label) + " " + _words(str(o.value)))]
    if len(sharing) == 1:
        option, label = sharing[0]
        return Accepted(option.value, understood=label)
    if len(sharing) > 1:
        return Rejected("reask.choice_ambiguous", {"matches": [label for _, label in sharing]})
    # Free words about the part of life one option names: "drinking I guess" is "alcohol or drugs".
    raised = _topics(text)
    about = [(o, label) for o, label in zip(spec.options, labels, strict=True) if raised & _topics(label)]
    if raised and len(about) == 1:
        return Accepted(about[0][0].value, understood=about[0][1])
    # Words that name none of them, where "something else" is an option: taken as that, words kept.
    # Not words that give nothing ("I don't know", "nobody really"): those are no other option, and
    # saying them back as one ('something else: "I don't know"') would treat a non-answer as content.
    other = next(((o, label) for o, label in zip(spec.options, labels, strict=True)
                  if str(o.value) == "other" or _words(label).startswith("something else")), None)
    if other is not None and re.search(r"[^\W\d_]{3,}", text) and not _gives_nothing(text, asking.question):
        return Accepted(other[0].value, text.strip(), understood=f'{other[1].lower()}: "{text.strip()}"')
    return Rejected("reask.choice", {"count": count})


def _gives_nothing(text: str, question: str) -> bool:
    from engine.understanding.listening import nonanswer  # the listening rules compile on first use

    return nonanswer(text, question=question or None)


def _topics(text: str) -> frozenset[str]:
    """The parts of life some words are about (the listening rules' topics: work, money, substance...)."""
    from engine.understanding.listening import listen

    return frozenset(topic.value for topic in listen(text).topics)


def _empty(text: str) -> bool:
    """Words that say nothing at all ("I suppose", "not much", "no idea"): not a joke or a dodge,
    which may be an item of a list ("help" in "help, back, pause")."""
    from engine.understanding.listening import listen

    heard = listen(text)
    return heard.nonanswer and all(e.label in _EMPTY for e in heard.evidence if e.about == "nonanswer")


_EMPTY = frozenset(["unknown", "nothing", "little", "empty"])


# Words that never pick an option by themselves: hedges, fillers and the smallest words.
_NOT_CHOOSING = frozenset(["i", "a", "an", "the", "my", "me", "it", "its", "is", "am", "are", "was", "be", "to", "of",
                           "and", "or", "but", "for", "with", "on", "in", "at", "that", "this", "those", "these",
                           "one", "ones", "thing", "things", "bit", "lot", "guess", "think", "suppose", "reckon",
                           "maybe", "probably", "perhaps", "possibly", "definitely", "really", "just", "mostly",
                           "honestly", "well", "so", "um", "erm", "hmm", "yeah", "yes", "no", "not", "like", "kind",
                           "sort", "option", "first", "second", "third", "last", "either", "both", "all", "any",
                           "some", "about", "more", "less", "most", "very", "quite", "pretty", "tbh", "lol", "idk",
                           "dunno", "know", "would", "say", "go", "choose", "pick", "want", "take"])


def _content_words(text: str) -> set[str]:
    """The words that can name an option, each also by its stem ("working" names "work")."""
    found: set[str] = set()
    for word in re.findall(r"[a-z0-9']+", normalise(text)):
        if word in _NOT_CHOOSING or len(word) < 3:
            continue
        found.add(word)
        for ending in ("ing", "ed", "es", "s", "ness", "ful", "ly", "y"):
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                found.add(word[: -len(ending)])
    return found


PARSERS: dict[str, Parser] = {
    "text": parse_text,
    "yesno": parse_yesno,
    "yesno_unsure": parse_yes_no_unsure,
    "number": parse_number,
    "scale": parse_number,
    "list": parse_list,
    "choice": parse_choice,
    "when": parse_when,
    "goal": parse_goal,
    "reply": parse_reply,
}


def display(spec: AnswerShape, labels: Sequence[str], value: Any) -> str:
    """How an answer reads back to a person ("yes", "7", "family and friends")."""
    if value is None:
        return ""
    if spec.type in ("yesno", "yesno_unsure"):
        return "not sure" if value == UNSURE else ("yes" if value else "no")
    if spec.type == "when":
        return str(value["text"]) + (f" ({value['described']})" if value.get("described") else "")
    if spec.type in ("goal", "reply"):
        return str(value["text"])
    if spec.type == "choice":
        for option, label in zip(spec.options, labels, strict=True):
            if option.value == value:
                return label
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
