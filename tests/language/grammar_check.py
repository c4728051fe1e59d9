"""A small grammar check for what peercoach shows a person: its questions, what it says, and the
summaries. It looks for the mistakes that come from pasting a person's answer into a sentence
written around it, which a reviewer reading the YAML does not see:

- ``nonanswer``: a non-answer rendered as content: words the person typed that gave nothing (``I
  don't know`` said back, or after "At my best I am:"), a non-answer after a label, or the
  engine's "none yet" pasted into a sentence ("You named none yet");
- ``plural``: a broken plural ("1 supports", "1 goals", "2 goal ");
- ``person``: first-person words in the engine's own voice, outside quotes and examples ("your
  I listen to people", "could my sister help?", "How are things with my health?");
- ``name``: a name the person typed with a capital, shown in lower case ("gary");
- ``doubled``: the same word twice ("and and");
- ``none``: Python's ``None``, or a bare "none", shown as a value;
- ``empty``: empty quotes (``""``) or a label with nothing after it.

``problems(text, ...)`` returns each problem found as ``Problem(rule, words)``; the tests read
the rules' own unit tests in ``test_grammar_check.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    rule: str
    words: str  # the words that show it, with a little around them

    def __str__(self) -> str:
        return f"{self.rule}: {self.words!r}"


# Non-answers, and the engine's own placeholder for one, that must never read as content.
_NONANSWER_AFTER_LABEL = re.compile(  # ("not sure" is a yes, no or not sure answer's own words)
    r"(?::\**|</dt><dd>)\s*(?:i don'?t know|i do not know|dunno|no idea|nobody really|nowhere|idk)\b", re.IGNORECASE)
_NONANSWER_QUOTED = re.compile(r'["“](?:i don\'?t know|i do not know|dunno|no idea|not sure|nothing|nothing really|nobody'
                               r"|nobody really|no one|nowhere|idk|none)[.!?]?[\"”]", re.IGNORECASE)
# "none yet" is the engine's display of a question answered twice with nothing: fine on its own (a
# value after a label, a whole answer) and in the hint 'say "none yet"', never inside a sentence.
_NONE_YET = re.compile(r"none yet", re.IGNORECASE)

_COUNTED = ("support", "goal", "strength", "step", "skill", "thing", "time", "day", "week", "rating", "question",
            "minute", "hour", "answer", "check-in", "person", "place", "service", "drink", "session")
_SINGULAR_AFTER_MANY = re.compile(rf"\b(?:[02-9]|[1-9]\d+)\s+(?:{'|'.join(_COUNTED)})(?![\w-])(?!\s+of\b)",
                                  re.IGNORECASE)
_PLURAL_AFTER_ONE = re.compile(rf"(?<![\d.,])\b1\s+(?:{'|'.join(_COUNTED)})s\b", re.IGNORECASE)

_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”|&ldquo;.*?&rdquo;|&quot;.*?&quot;')
# Examples in the person's voice ("For example: my kids, my health") are theirs, like quotes, and so
# is a value after a colon ("I took that as: my health.", "Your goal: walk with my dog.").
_EXAMPLES = re.compile(r"\b(?:for example|for instance|e\.g\.|such as)\b[:,]?[^.!?\n]*|:[ \t][^.!?\n]*", re.IGNORECASE)
_FIRST_PERSON_OWN = re.compile(r"\b(?:my|mine|myself)\b", re.IGNORECASE)  # the engine says "I" and "me" itself
_MIXED = re.compile(r"\b(?:your|you)\s+(?:I|my|me|myself|I'm|I've|I'd|I'll)\b|\b(?:could|would|can|will|should)\s+my\b")
_DOUBLED = re.compile(r"\b([A-Za-z]+)[ \t]+\1\b", re.IGNORECASE)  # on one line: a heading and its text are apart
_DOUBLED_FINE = frozenset({"had", "that", "very", "so", "bye", "ha", "no", "yes", "really", "knock", "well", "tut"})
_PYTHON_NONE = re.compile(r"\bNone\b")
_BARE_NONE = re.compile(r"(?:[:>]\**\s*|\"|“)none\s*(?:[\"”<.]|$)", re.IGNORECASE | re.MULTILINE)
_EMPTY_QUOTES = re.compile(r'""|“”|&ldquo;\s*&rdquo;|"\s+"(?=[\s.,:;!?)]|$)')
_EMPTY_LABEL = re.compile(r"^\s*[-*]\s+\*\*[^*\n]+:\*\*[ \t]*$|<dd>\s*</dd>|<strong>\s*</strong>|\w:[ \t]*\.(?!\.)",
                          re.MULTILINE)  # the last: "Your goal: ." (a value that was not there)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def _around(text: str, start: int, end: int, span: int = 30) -> str:
    return " ".join(text[max(0, start - span):end + span].split())


def _unquoted(text: str) -> str:
    """The text with quoted words (the person's own, said back) blanked out, offsets kept: each
    quote becomes "§" and spaces, so the words around it stay apart ('"kind" and "funny" and more')."""
    return _QUOTED.sub(lambda m: "§" + " " * (len(m.group(0)) - 1), text)


def capitalised_words(answers: Iterable[str]) -> set[str]:
    """The words a person typed with a capital that is not just the start of a sentence (names:
    "Gary", "Dr Patel"), "I" apart."""
    names = set()
    for answer in answers:
        for sentence in re.split(r"(?<=[.!?])\s+|\n|,\s*", answer):
            words = _WORD.findall(sentence)
            for word in words[1:]:
                if word[0].isupper() and word not in ("I", "I'm", "I've", "I'd", "I'll") and not word.isupper():
                    names.add(word)
    return names


Found = list[tuple[str, str, re.Match[str]]]  # (rule, the text matched in, the match)


def problems(text: str, *, typed: Sequence[str] = (), nonanswers: Sequence[str] = (),
             engine_voice: bool = True) -> list[Problem]:
    """Every problem in ``text``. ``typed`` are the person's answers (their capitals are kept),
    ``nonanswers`` those of them that gave nothing (they may never be shown); ``engine_voice`` is
    false for a summary, which is in the person's voice ("My first step"), so only its mixed
    phrases ("your I") count as the ``person`` rule there."""
    bare = _unquoted(text)
    found = [*_nonanswers(text, nonanswers), *_plurals(text), *_persons(bare, engine_voice), *_names(text, typed),
             *_simple(text, bare)]
    return [Problem(rule, _around(source, match.start(), match.end())) for rule, source, match in found]


def _nonanswers(text: str, nonanswers: Sequence[str]) -> Found:
    found: Found = []
    # Where a person's words are said back (a quote, "So ..."), a non-answer they typed is shown as
    # if it were content. (After a label it may be a real answer: "What got in the way: nothing
    # really"; the labels' own rule takes the words that never are.)
    for words in {" ".join(w.split()) for w in nonanswers if w.strip()}:
        said = re.escape(words)
        pasted = re.compile(rf'["“]{said}[.!?]?["”]|(?:^|[.!?]\s+)So {said}\b', re.IGNORECASE | re.MULTILINE)
        found += [("nonanswer", text, match) for match in pasted.finditer(text)]
    found += [("nonanswer", text, match) for pattern in (_NONANSWER_QUOTED, _NONANSWER_AFTER_LABEL)
              for match in pattern.finditer(text)]
    for match in _NONE_YET.finditer(text):
        before = text[:match.start()]
        lead = before[before.rfind("\n") + 1:].rstrip(' "“')
        after = text[match.end():].split("\n", 1)[0].strip(' "”')
        alone = lead.strip() in ("", "-", "*", ">") or re.search(r"(?::\**|<dd>|</dt>)\s*$", lead) is not None
        hint = re.search(r"\bsay\s*$", lead, re.IGNORECASE) is not None  # 'say "none yet" and we will go on'
        if not hint and not (alone and after in ("", "</dd>", ".")):
            found.append(("nonanswer", text, match))
    return found


def _plurals(text: str) -> Found:
    return [("plural", text, match) for pattern in (_PLURAL_AFTER_ONE, _SINGULAR_AFTER_MANY)
            for match in pattern.finditer(text)]


def _persons(bare: str, engine_voice: bool) -> Found:
    found: Found = [("person", bare, match) for match in _MIXED.finditer(bare)]
    if engine_voice:  # the engine speaks to the person: "my" is never its own word
        spoken = _EXAMPLES.sub(lambda m: " " * len(m.group(0)), bare)
        found += [("person", spoken, match) for match in _FIRST_PERSON_OWN.finditer(spoken)]
    return found


def _names(text: str, typed: Sequence[str]) -> Found:
    return [("name", text, match) for name in capitalised_words(typed)
            for match in re.finditer(rf"(?<![\w']){re.escape(name)}(?![\w'])", text, re.IGNORECASE)
            if match.group(0) != name and match.group(0) == name.lower()]


def _simple(text: str, bare: str) -> Found:
    found: Found = [("doubled", bare, m) for m in _DOUBLED.finditer(bare) if m.group(1).lower() not in _DOUBLED_FINE]
    found += [("none", text, match) for pattern in (_PYTHON_NONE, _BARE_NONE) for match in pattern.finditer(text)]
    found += [("empty", text, match) for pattern in (_EMPTY_QUOTES, _EMPTY_LABEL) for match in pattern.finditer(text)]
    return found
