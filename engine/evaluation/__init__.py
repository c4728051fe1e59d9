"""Measuring the rules on labelled data (``peercoach eval``): it sits above the rules it measures."""
