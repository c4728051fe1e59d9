"""Reading level: the Flesch-Kincaid grade of a text, with a small syllable counter of our own.

grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59

A word is a run of letters (with an apostrophe or hyphen inside: "don't", "hard-working");
numbers are not words. A sentence ends at ".", "!", "?", ";" or ":" followed by a space, or at a
line break; a text with no end mark is one sentence. Syllables are counted by vowel groups, with
the usual English corrections (a silent final "e", "-es" and "-ed" that add no syllable, "-le"
after a consonant that does, "y" as a vowel), which is close enough for a grade over many texts.

``client_texts(library, messages_file)`` gathers what a client reads: each client dialogue's title,
description and help, and every question, help, option label, saying, explanation and end text,
with Jinja tags taken out and each ``{{ value }}`` read as one short word; and every text in
prompts/messages.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from engine.dialogue.model import Ask, Audience, End, Library, Say

_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?;:]+(?=\s|$)|\n+")
_VOWELS = re.compile(r"[aeiouy]+")
# Words the rules below miscount, with their syllables.
_EXCEPTIONS = {"the": 1, "people": 2, "business": 2, "every": 2, "everyone": 3, "everything": 3, "someone": 2,
               "something": 2, "sometimes": 2, "somewhere": 2, "whatever": 3, "area": 3, "idea": 3, "being": 2,
               "doing": 2, "going": 2, "seeing": 2, "really": 2, "quiet": 2, "science": 2, "create": 2,
               "creativity": 5, "courage": 2, "comfortable": 4, "different": 3, "family": 3, "evening": 2,
               "evenings": 2, "interest": 3, "interested": 4, "favourite": 3, "favorite": 3, "naive": 2,
               "recovery": 4, "anyone": 3, "ago": 2, "coordinator": 5, "yourself": 2, "peercoach": 2, "fire": 1,
               "hour": 1, "hours": 1, "our": 1, "ourselves": 2, "queue": 1, "lifeline": 2, "therapy": 3,
               "anxiety": 4, "society": 4, "variety": 4, "diet": 2, "poem": 2}


def syllables(word: str) -> int:
    """How many syllables a word has (at least one)."""
    word = word.lower().replace("’", "'")
    if "-" in word:  # "hard-working": its parts
        return sum(syllables(part) for part in word.split("-") if part)
    word = re.sub(r"'(s|d|ll|ve|re|m|t)$", "", word).replace("n't", "nt").replace("'", "")
    if word in _EXCEPTIONS:
        return _EXCEPTIONS[word]
    if len(word) <= 3:
        return 1
    count = len(_VOWELS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1  # "make", "home", "sure"
    elif word.endswith("le") and len(word) > 2 and word[-3] not in "aeiouy" and count == 1:
        count += 1  # "little" has two vowel groups already; "able" one, so one more
    if word.endswith(("es", "ed")) and not word.endswith(("ted", "ded", "ses", "zes", "ches", "shes", "ges", "ces",
                                                          "xes", "ies", "ees", "yed")) and count > 1:
        count -= 1  # "likes", "named", but not "wanted", "buses"
    if re.search(r"[aeiou](?:ing|ion|ia|io|eo|ua|ue)", word) and not word.endswith("ue"):
        count += 1  # two vowels sounded apart: "being", "going", "idea"... the group counted them once
    return max(1, count)


@dataclass(frozen=True)
class Counts:
    words: int
    sentences: int
    syllables: int

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.words + other.words, self.sentences + other.sentences, self.syllables + other.syllables)

    @property
    def grade(self) -> float:
        if not self.words:
            return 0.0
        return 0.39 * self.words / max(1, self.sentences) + 11.8 * self.syllables / self.words - 15.59


def counts(text: str) -> Counts:
    words = _WORD.findall(text)
    pieces = [piece for piece in _SENTENCE_END.split(text) if _WORD.search(piece)]
    return Counts(len(words), max(1, len(pieces)) if words else 0, sum(syllables(w) for w in words))


def grade(text: str) -> float:
    return counts(text).grade


@dataclass(frozen=True)
class Item:
    where: str  # "strengths:hard_time (question)", "messages: reask.text"
    text: str

    @property
    def counts(self) -> Counts:
        return counts(self.text)


def plain(source: str) -> str:
    """A dialogue text as words: comments and tags out, each ``{{ value }}`` one short word ("it")."""
    source = re.sub(r"\{#.*?#\}", " ", source, flags=re.DOTALL)
    source = re.sub(r"\{\{.*?\}\}", "it", source, flags=re.DOTALL)
    return re.sub(r"\{%.*?%\}", " ", source, flags=re.DOTALL)


def client_texts(library: Library, messages_file: Path) -> Iterator[Item]:
    for dialogue in sorted(library.dialogues.values(), key=lambda d: d.id):
        if dialogue.audience is not Audience.CLIENT:
            continue
        yield Item(f"{dialogue.id} (title)", dialogue.title)
        if dialogue.description:
            yield Item(f"{dialogue.id} (description)", dialogue.description)
        if dialogue.help:
            yield Item(f"{dialogue.id} (help)", plain(dialogue.help.source))
        for node_id, node in dialogue.nodes.items():
            where = f"{dialogue.id}:{node_id}"
            if isinstance(node, Ask):
                yield Item(f"{where} (question)", plain(node.text.source))
                if node.help:
                    yield Item(f"{where} (help)", plain(node.help.source))
                for option in node.answer.options:
                    yield Item(f"{where} (option)", plain(option.label.source))
                    if option.explain:
                        yield Item(f"{where} (explain)", plain(option.explain.source))
            elif isinstance(node, Say):
                yield Item(f"{where} (say)", plain(node.text.source))
            elif isinstance(node, End) and node.text is not None:
                yield Item(f"{where} (end)", plain(node.text.source))
    for key, text in _strings(yaml.safe_load(messages_file.read_text(encoding="utf-8"))):
        yield Item(f"messages: {key}", plain(text))


def _strings(data: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(data, str):
        yield prefix, data
