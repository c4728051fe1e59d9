"""How many trials the randomised process tests run.

The suite runs each with a number that keeps it inside its time budget and still finds a race
most of the time; ``PEERCOACH_STRESS=1`` runs the full counts the closing notes report.
"""

from __future__ import annotations

import os


def trials(quick: int, full: int) -> int:
    return full if os.environ.get("PEERCOACH_STRESS") == "1" else quick
