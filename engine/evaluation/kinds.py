"""Every measurement `peercoach eval KIND FILE` offers, by the name a person types."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from engine.evaluation import coding, measure
from engine.evaluation.measure import Evaluation

EVALUATIONS: dict[str, Callable[[Path], Evaluation]] = {**measure.EVALUATIONS, "coder": coding.coder}
