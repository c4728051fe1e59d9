"""Measuring the rules on labelled data (``peercoach eval``): it sits above the rules it measures.

``KINDS`` names what can be measured without importing the measurements (the command line lists
them on every run); ``engine.evaluation.kinds`` maps each to its function.
"""

KINDS = ("coder", "crisis", "listening", "smart", "talk")
