"""How hard a text is to read: the Flesch-Kincaid grade level, with a small syllable counter.

Client-facing text should read at grade 6 or below. The grade is
``0.39 * words per sentence + 11.8 * syllables per word - 15.59``; syllables are counted by
vowel groups, with the usual English corrections (a silent final "e", "-le", "-ed").
Template markup (``{{ name }}``, ``{% if %}``) is left out before counting.
"""

from __future__ import annotations

import re

_MARKUP = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")
_VOWELS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """About how many syllables a word has (at least one)."""
    word = word.lower().split("'")[0]
    if len(word) <= 3:
        return 1
    count = len(_VOWELS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")):
        count -= 1  # a silent e: "make", "hope"
    if word.endswith("ed") and not word.endswith(("ted", "ded")):
        count -= 1  # "walked", "helped"
    return max(1, count)


def words_of(text: str) -> list[str]:
    return _WORD.findall(_MARKUP.sub(" ", text))


def grade(text: str) -> float:
    """The Flesch-Kincaid grade of ``text`` (0 for a text with no words)."""
    plain = _MARKUP.sub(" ", text)
    words = _WORD.findall(plain)
    if not words:
        return 0.0
    sentences = max(1, len(_SENTENCE_END.findall(plain.strip() + " ")))
    per_sentence = len(words) / sentences
    per_word = sum(syllables(w) for w in words) / len(words)
    return round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1)
