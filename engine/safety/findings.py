"""What the safety net says about a piece of text: a level, whose danger it is, and why."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum
from typing import Any


class Level(IntEnum):
    NONE = 0
    POSSIBLE = 1  # ask a gentle check question
    ACUTE = 2  # show crisis resources now

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def from_label(cls, label: str) -> Level:
        return cls[label.upper()]


class About(str, Enum):
    """Whose danger it is: the speaker's own, or someone else's they are telling us about."""

    SELF = "self"
    OTHER = "other"


@dataclass(frozen=True)
class Finding:
    """The most serious thing found in a text.

    ``rule`` is the construct's id (``suicide.method``); a match that was set aside keeps its id
    with the reason, ``suicide.method(negated)``, at level NONE. ``about`` is OTHER when the
    words describe someone else in danger now: the level stays NONE for the speaker.
    """

    level: Level
    rule: str | None = None
    cue: str = ""  # the words that matched, as normalised
    about: About = About.SELF

    @property
    def construct(self) -> str | None:
        """The rule id without a set-aside reason."""
        return self.rule.split("(", 1)[0] if self.rule else None

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level.label, "rule": self.rule, "cue": self.cue, "about": self.about.value}
