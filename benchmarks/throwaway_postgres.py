"""A throwaway PostgreSQL database for the benchmarks: the store tests' own cluster
(tests/postgres_cluster.py: initdb into a temporary folder, a Unix socket only, as an
unprivileged user), started, given one empty database, and removed afterwards."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests"


@contextmanager
def cluster() -> Iterator[str]:
    """The address of an empty database in a cluster of its own, for as long as the block runs."""
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    from postgres_cluster import Cluster, server_binaries
    binaries = server_binaries()
    if binaries is None:
        raise SystemExit("no PostgreSQL server binaries (initdb, pg_ctl) here: "
                         "install postgresql or give --postgres URL")
    made = Cluster(binaries)
    try:
        made.start()
        yield made.url(made.new_database())
    finally:
        from engine.store.postgres import close_pools
        close_pools()
        made.stop()
