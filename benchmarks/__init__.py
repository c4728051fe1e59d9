"""The benchmark suite: peercoach side by side with the engines a user might pick instead (issue 15).

Run it with ``python benchmarks/run.py`` (``--quick``, ``--json``); see run.py.
"""
