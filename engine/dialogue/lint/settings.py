"""What a lint run can be told (``peercoach validate --reading-grade 5``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LintSettings:
    reading_grade: float = 8.0  # one client-facing text above this Flesch-Kincaid grade is reported
