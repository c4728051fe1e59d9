"""Numbers as people type them: "7", "seven", "twenty-five", "a couple", "6 or 7", "between 6 and 7".

Shared by the answer parsers, the time-frame reader and the goal checker, so "two weeks" and
"2 weeks" mean the same thing everywhere.
"""

from __future__ import annotations

import re

from engine.textnorm import normalise

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
WORDS: dict[str, int] = {word: value for value, word in enumerate(_UNITS)}
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
_ONE = re.compile(rf"^(?:{NUMBER})$")


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


_APPROXIMATELY = re.compile(r"\b(?:about|around|roughly|approximately|maybe|probably|like|perhaps|i would say|"
                            r"i think|i guess|i suppose|say|somewhere|only|just|it is|it was|i am|i would|"
                            r"i would go with|i will say|honestly|definitely|a solid|solid)\b|~")
_OUT_OF = re.compile(rf"\s*(?:/|out of|on a scale of|of)\s*(?:{NUMBER})\s*$")
_RANGE = re.compile(rf"^(?:between\s+)?({NUMBER})\s*(?:-|to|or|and|/)\s*({NUMBER})$")


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
