"""Alternatives of a regular expression filed by their first letters, as a tree.

A word class such as ``{someone}`` ("he", "she", "they", "my best friend", "my foster carer"...)
becomes an alternation of dozens of alternatives, each starting with a space. Python's regular
expression engine tries every alternative in turn at every place a match could start, so one
phrase that uses such a class cost a third of all the matching of a counselling answer.
``alternation`` files alternatives that start with the same letter under that letter, then
under the next one, and so on (``" he| her| she"`` becomes ``" (?:he(?:|r)|she)"``), so at each
place the engine looks at one letter instead of every alternative.

The regular expression matches exactly what the plain alternation matches, with the same first
match: alternatives that start with different letters can never both match at one place, so
filing them apart changes nothing, and those that share a letter keep their order (the longest
first, as the compiler puts them). An alternative that does not start with a plain letter (a
group, an optional part, ``\\S``) keeps its place, and the alternatives on either side of it are
never filed together. This holds for case-sensitive patterns (the texts are lower-cased first,
and no flag is used) without capturing groups (filing would renumber them), which is what the
phrase compiler writes; alternatives with a capturing group are joined as they are.
"""

from __future__ import annotations

import re

_CAPTURING = re.compile(r"(?<!\\)\((?!\?)")  # a "(" that opens a numbered group (or might: kept safe)
_SPECIAL = frozenset(".^$*+?{}[]|()")
_QUANTIFIERS = frozenset("?*+{")


def alternation(alternatives: list[str]) -> str:
    """``"(?:" + "|".join(alternatives) + ")"``, with the alternatives filed by their first letters."""
    if any(_CAPTURING.search(alternative) for alternative in alternatives):
        return "(?:" + "|".join(alternatives) + ")"  # filing would change which group is which
    return "(?:" + "|".join(_filed(alternatives)) + ")"


def _filed(alternatives: list[str]) -> list[str]:
    out: list[str] = []
    # For the alternatives since the last barrier: each first character (" " and "\\ " are one),
    # as first written, and the rests after it in their order.
    run: dict[str, tuple[str, list[str]]] = {}

    def close_run() -> None:
        for written, rests in run.values():
            out.append(written + _joined(rests))
        run.clear()

    for alternative in alternatives:
        split = _first_letter(alternative)
        if split is None:  # a barrier: it may match where any of the others do, so it keeps its place
            close_run()
            out.append(alternative)
        else:
            written, rest = split
            run.setdefault(written[-1], (written, []))[1].append(rest)
    close_run()
    return out


def _joined(rests: list[str]) -> str:
    """What follows a shared first letter: the one rest, or the rests filed in turn, grouped."""
    if len(rests) == 1:
        return rests[0]
    filed = _filed(rests)
    return filed[0] if len(filed) == 1 else "(?:" + "|".join(filed) + ")"


def _first_letter(alternative: str) -> tuple[str, str] | None:
    """The alternative's first atom when it is one plain character (or an escaped one) matched
    exactly once, and the rest; None for anything else."""
    if not alternative:
        return None
    if alternative[0] == "\\":
        if len(alternative) < 2 or alternative[1].isalnum():  # \S, \d, \b, \1: classes and references
            return None
        letter, rest = alternative[:2], alternative[2:]
    elif alternative[0] in _SPECIAL:
        return None
    else:
        letter, rest = alternative[0], alternative[1:]
    if rest[:1] in _QUANTIFIERS:  # "s?" or "a{2}": the letter is not always there, or more than once
        return None
    return letter, rest
