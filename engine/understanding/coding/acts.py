"""Cutting a typed (or transcribed) reply into sentences, and each sentence into the parts its
commas and dashes separate, so the coder can tell where a new act starts ("that sounds
exhausting, what would help tonight" is a reflection, then a question)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Where a sentence ends: the mark is kept, since "?" says the act is a question. A full stop inside
# a number ("1.5") does not end one; a dash pair or a line break does.
_SENTENCE = re.compile(r"(?:[^.!?\n;]|(?<=\d)\.(?=\d))+(?:[.!?]+[\"')\]]*|\n|;|$)")
# Where a sentence has parts: commas, colons, dashes between words, brackets.
_PART = re.compile(r"\s*(?:,|:|\s[-\u2013\u2014]+\s|--+|\(|\))\s*")
_NOTE = re.compile(r"\[[^\]]*\]")  # transcript notes: [chuckles], [unintelligible 00:01:40]
# Words in double quotes inside a reply are someone's words reported ("you're wondering, "do I
# deserve it?""): read as part of the sentence, never as a question of the speaker's own.
_QUOTE = re.compile(r"(?<=\w[,:]\s)[\"\u201c]([^\"\u201c\u201d]{2,400})[\"\u201d]"
                    r"|(?<=\w\s)[\"\u201c]([^\"\u201c\u201d]{2,400})[\"\u201d]")
_LEADING_DASH = re.compile(r"^[-\u2013\u2014\s]+")
_STUTTER_DASH = re.compile(r"\b(\w+)-\s+(?=\w)")  # "I- I've", "the- the": a restart, not a break
# A title's full stop ("Dr. Fields", "Mrs. Smith") does not end a sentence.
_TITLE = re.compile(r"\b(Dr|Mrs|Mr|Ms|Prof|St)\.(?=\s+[A-Z])")


@dataclass(frozen=True)
class Sentence:
    parts: tuple[str, ...]
    asked: bool  # typed with a question mark


def _reported(match: re.Match[str]) -> str:
    said = match.group(1) or match.group(2) or ""
    words = re.sub(r"[.!?,;:]+", " ", said)
    # A comma typed inside the closing quote ("... is like, "I'm sure," where would you ...") still ends the part.
    return "saying " + words.strip() + ("," if re.search(r",\s*$", said) else "") + " "


def sentences(reply: str) -> list[Sentence]:
    found: list[Sentence] = []
    text = _TITLE.sub(r"\1", _STUTTER_DASH.sub(r"\1 ", _NOTE.sub(" ", reply)))
    text = _QUOTE.sub(_reported, text)
    for match in _SENTENCE.finditer(text):
        sentence = match.group(0)
        if not re.search(r"\w", sentence):
            continue
        asked = "?" in sentence.rstrip()[-3:]
        body = _LEADING_DASH.sub("", sentence.strip().rstrip(".!?;\"')]\n ").strip())
        parts = tuple(part for part in (p.strip() for p in _PART.split(body)) if re.search(r"\w", part))
        if parts:
            found.append(Sentence(parts, asked))
    return found
