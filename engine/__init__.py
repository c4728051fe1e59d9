"""peercoach: rule-based coaching conversations driven by YAML dialogue trees.

The core (``loader`` -> ``model`` -> ``machine``) does no I/O of its own beyond reading
dialogue files; the terminal, the store and the summary renderer are front ends that call it.
"""

__version__ = "0.1.0"
