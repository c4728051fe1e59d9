"""One small adapter per engine, all with the interface in ``common`` (start, answer, summary).

Each module runs the same workload (``common`` spells it out) in its engine's own terms, and is
also a whole program: ``python -m benchmarks.peers.transitions_peer < answers.txt`` is what the
cold-start figure times. Nothing is imported here, so that a process running one engine does not
pay for loading the others.
"""

# The order of the columns in the printed table; peercoach first, the rest as the issue lists them.
ENGINES = ("peercoach", "transitions", "statemachine", "rivescript", "bink", "aiml", "eliza")
