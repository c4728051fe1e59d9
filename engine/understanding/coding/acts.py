"""Cutting a typed reply into acts: sentences, and the parts of a run-on sentence that start a
new act ("that sounds exhausting what would help tonight" is a reflection, then a question)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Where a sentence ends; the mark is kept, since "?" says the act is a question.
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")
# A question or an invitation starting inside a run-on sentence, after a few words of something else.
_NEW_ACT = re.compile(r"(?<=\w)(?:,|\s)\s*(?=(?:what|how|why|when|where|who|which|do you|did you|are you|have you|"
                      r"would you|could you|can you|will you|is there|is it|was it|tell me|walk me|can i|could i|"
                      r"would it|shall we|want to|do u|did u|r u|have u|can u)\b)", re.IGNORECASE)
_MIN_WORDS = 3  # words before a split, so "so what happened" stays one act


@dataclass(frozen=True)
class Act:
    text: str
    asked: bool  # typed with a question mark


def acts(reply: str) -> list[Act]:
    found: list[Act] = []
    for match in _SENTENCE.finditer(reply):
        sentence = match.group(0).strip()
        if not re.search(r"\w", sentence):
            continue
        asked = sentence.rstrip().endswith("?")
        parts = _split_run_on(sentence.rstrip(".!?\n ").strip())
        for index, part in enumerate(parts):
            found.append(Act(part, asked and index == len(parts) - 1))
    return found


def _split_run_on(sentence: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for match in _NEW_ACT.finditer(sentence):
        before = sentence[start:match.start()]
        if len(before.split()) >= _MIN_WORDS:
            parts.append(before.strip(" ,"))
            start = match.end()
    parts.append(sentence[start:].strip(" ,"))
    return [part for part in parts if part]
