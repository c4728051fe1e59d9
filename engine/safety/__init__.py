"""The safety layer: noticing crisis language in what a person writes, and who to reach.

``check(text)`` reads a text with the bundled vocabulary (``crisis.yaml``) and returns a
``Finding``; ``resources`` holds the crisis lines for each region.
"""

from engine.safety.findings import About, Finding, Level
from engine.safety.rules import CrisisRules, check, default_rules, says, told

__all__ = ["About", "CrisisRules", "Finding", "Level", "check", "default_rules", "says", "told"]
