"""Numbers as people type them: "7", "seven", "twenty-five", "a couple", "6 or 7", "between 6 and 7".

Shared by the answer parsers, the time-frame reader and the goal checker, so "two weeks" and
"2 weeks" mean the same thing everywhere.
"""

from __future__ import annotations

import re

from engine.ground.regexes import compiled
from engine.understanding.textnorm import normalise

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
WORDS: dict[str, float] = {word: value for value, word in enumerate(_UNITS)}
WORDS.update(_TENS)
WORDS.update({"a": 1, "an": 1, "one": 1, "once": 1, "twice": 2, "a couple": 2, "a couple of": 2,
              "a few": 3, "several": 3, "a dozen": 12, "a hundred": 100, "one hundred": 100,
              "half a": 0.5, "half an": 0.5, "a half": 0.5, "none": 0, "nothing": 0})
for _tens_word, _tens in _TENS.items():
    for _unit in range(1, 10):
        WORDS[f"{_tens_word}-{_UNITS[_unit]}"] = WORDS[f"{_tens_word} {_UNITS[_unit]}"] = _tens + _unit

# Longest first, so "twenty five" wins over "twenty" and "a couple of" over "a".
_WORD_ALTERNATIVES = "|".join(re.escape(w) for w in sorted(WORDS, key=len, reverse=True))
DIGITS = r"[0-9]+(?:[.,][0-9]+)?"
#: A regular-expression fragment matching one number, in digits or words.
NUMBER = rf"(?:{DIGITS}|{_WORD_ALTERNATIVES})"
_ONE = compiled(rf"^(?:{NUMBER})$")
# A number that is plainly one ("6", "six", "a couple"), not "a" or "an" in a sentence.
_PLAIN_NUMBER = compiled(rf"\b(?:{DIGITS}|" + "|".join(
    re.escape(w) for w in sorted(WORDS, key=len, reverse=True) if w not in ("a", "an", "one", "once")) + r")\b")


def value_of(word: str) -> float | None:
    """The number one token stands for: "7" -> 7, "seven" -> 7, "2,5" -> 2.5, "lots" -> None."""
    word = word.strip().lower()
    if re.fullmatch(r"[-+]" + DIGITS, word):
        return float(word.replace(",", "."))
    if not _ONE.match(word):
        return None
    if word in WORDS:
        return float(WORDS[word])
    return float(word.replace(",", "."))


_APPROXIMATELY = compiled(r"\b(?:about|around|roughly|approximately|maybe|probably|like|perhaps|i would say|"
                         r"i think|i guess|i suppose|say|somewhere|only|just|it is|it was|i am|i would|"
                         r"i would go with|i will say|honestly|definitely|a solid|solid)\b|~")
_OUT_OF = compiled(rf"\s*(?:/|out of|on a scale of|of)\s*(?:{NUMBER})\s*$")
# Things counted after a number in an answer ("7 hours", "about 5 drinks", "3 out of 10 days").
_UNIT = compiled(r"\s+(?:hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|days?|nights?|weeks?|wks?|months?|"
                r"years?|yrs?|times?|drinks?|pints?|cans?|glasses?|bottles?|units?|shots?|cigs?|cigarettes?|"
                r"fags?|joints?|cups?|coffees?|teas?|meals?|steps?|miles?|km|kilometres?|kilometers?|laps?|"
                r"pages?|people|friends|sessions?|meetings?|calls?|pounds?|quid|dollars?|bucks|lbs?|kg|kgs|"
                r"kilos?|stone|points?|stars?|percent|per cent|%)\b(?P<rest>.*)$")
_HALF = compiled(rf"^({NUMBER}) and (?:a )?half$")
# Hedges after the number that do not change it: "3 maybe", "7 or so", "about 5 i think".
_TRAILING_HEDGE = compiled(r"\s+(?:maybe|probably|perhaps|or so|or thereabouts|i think|i guess|i suppose|"
                          r"i reckon|at a guess|tops|at most|at least|give or take|roughly|ish|really|"
                          r"honestly|today|now|right now|at the moment|atm|tbh|lol|mate)$")
_RANGE = compiled(rf"^(?:between\s+)?({NUMBER})\s*(?:-|to|or|and|/)\s*({NUMBER})$")


def read_number(text: str) -> float | None:
    """One number in an answer: "about 5" -> 5, "7 out of 10" -> 7, "between 6 and 7" -> 6.5.

    A range gives its middle, which is what people mean by "six or seven" on a ruler. Anything
    with more than one number that is not a range is not read at all: a re-ask is kinder than a guess.
    """
    said = normalise(text).strip().rstrip("!?. \t\n")
    said = re.sub(r"^(?:um+|uh+|er+|hmm+|well|oh)\b[,\s]*", "", said)
    said = re.sub(r",", " ", said) if not re.fullmatch(r"[0-9]+,[0-9]+", said) else said
    said = re.sub(r"\s+", " ", said)  # one space between words: the patterns below never rescan a run
    said = _OUT_OF.sub("", said)
    said = re.sub(r"\s+", " ", _APPROXIMATELY.sub(" ", said)).strip()
    said = re.sub(r"^an? (?=[0-9])", "", said)  # "probably a 4"
    said = re.sub(r"\s*(?:ish|-ish)$", "", said)
    single = value_of(said)
    if single is not None:
        return single
    ranged = _RANGE.match(said)
    if ranged:
        low, high = value_of(ranged.group(1)), value_of(ranged.group(2))
        if low is not None and high is not None and low <= high:
            return (low + high) / 2
    return None


_LEAD = compiled(rf"^(?:[a-z']+ ){{1,4}}?"
                rf"(?=(?:about |around |roughly |maybe |probably |like |just |only )?(?:{NUMBER})\b)")


# A number, then a second guess at it: "9, maybe even 10", "7 or maybe 8", "a 4 or a 5".
_SECOND_GUESS = compiled(r"\b(\d+(?:\.\d+)?)\s*,?\s+(?:(?:or\s+)?(?:maybe|perhaps|possibly|probably)(?:\s+even)?|or)"
                        r"\s+(?:a\s+)?(\d+(?:\.\d+)?)\b(?!\s*(?:/|out of|[.,]\d))", re.IGNORECASE)


def read_amount(text: str) -> tuple[float, str] | None:
    """The number an answer gives, with what else it says: "3 maybe. I know what helps but..."
    is 3, with the note "I know what helps but...". Units ("7 hours", "about 5 drinks"),
    "and a half" and trailing hedges are read too; the first sentence that holds one number (or a
    range) gives it, and the other sentences are the note. None when no sentence gives one number.
    """
    text = _SECOND_GUESS.sub(r"\1 or \2", text)  # "a 9, maybe even 10" and "a 4 or a 5" are "9 or 10", "4 or 5"
    sentences = [part.strip() for part in re.split(r"(?<=[.!?;\n])\s+|\s*\n\s*", text.strip()) if part.strip()]
    for index, sentence in enumerate(sentences):
        head, comma, tail = sentence.partition(",")
        choices = [(sentence, "")]
        # "5, 6" is no single number; "slept 6 hours, woke twice" is 6 (the unit closes the amount).
        if comma and (not _PLAIN_NUMBER.search(normalise(tail)) or _UNIT.search(normalise(head))):
            choices.append((head, tail.strip()))
        for said, after in choices:
            read = _read_with_unit(said)
            if read is not None:
                number, rest = read
                note = " ".join(part for part in [rest, after, *sentences[:index], *sentences[index + 1:]] if part)
                return number, note
    return None


def _read_with_unit(sentence: str) -> tuple[float, str] | None:
    """The number of one sentence and any words after its unit ("7 hours, felt rough")."""
    plain = read_number(sentence)
    if plain is not None:
        return plain, ""
    said = normalise(sentence).strip().rstrip("!?.,;: \t")
    said = re.sub(r"\s+", " ", said)
    lead = _LEAD.match(said)
    if lead and not _PLAIN_NUMBER.search(lead.group(0)):  # "i slept 7 hours", "had about 5 drinks"
        said = said[lead.end():]
    for _ in range(3):  # "5 drinks maybe", "about 7 hours i think"
        said = _TRAILING_HEDGE.sub("", said)
    rest = ""
    unit = _UNIT.search(said)
    if unit is not None:
        rest = unit.group("rest").strip(" ,;:-")
        if re.match(r"(?:and|plus|with|or|&) (?:a|an|another|one)\b", rest) or (
                re.match(r"(?:and|plus|with|or|&)\b", rest) and _PLAIN_NUMBER.search(rest)):
            return None  # "two pints and three whiskies": more than one amount, so no guess
        said = said[:unit.start()]
    said = _TRAILING_HEDGE.sub("", said)
    half = _HALF.match(re.sub(r"^(?:about|around|roughly|maybe|probably|like|just|only) ", "", said))
    if half:
        whole = value_of(half.group(1))
        return (whole + 0.5, rest) if whole is not None else None
    number = read_number(said)
    return (number, rest) if number is not None else None
