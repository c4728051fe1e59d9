"""What the listening rules make of an answer: a typed result that explains itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from engine.understanding.listening.vocabulary import Topic


class Feeling(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"
    MIXED = "mixed"
    NEUTRAL = "neutral"


@dataclass(frozen=True)
class Evidence:
    """One thing that decided the result, and the words (as read) that showed it."""

    about: str  # "nonanswer", "topic" or "feeling"
    label: str  # e.g. "empty", "dodge", "money", "negative"
    words: str

    def __str__(self) -> str:
        return f"{self.about} {self.label}: \u201c{self.words}\u201d"


@dataclass(frozen=True)
class Heard:
    """An answer as listened to: does it answer, what does it raise, how does it feel."""

    nonanswer: bool
    topics: tuple[Topic, ...] = ()
    feeling: Feeling = Feeling.NEUTRAL
    asks: str | None = None  # the kind of question it answered ("support", "step"), when known
    evidence: tuple[Evidence, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"nonanswer": self.nonanswer, "topics": [topic.value for topic in self.topics],
                "feeling": self.feeling.value, "asks": self.asks,
                "evidence": [{"about": e.about, "label": e.label, "words": e.words} for e in self.evidence]}
