"""The store tests run on both backends: ``open_store`` opens one store (the same one each time it
is called within a test) on SQLite or on PostgreSQL, in a throwaway cluster (postgres_cluster)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator

import pytest
from postgres_cluster import Cluster, server_binaries

from engine.store.opening import open_store as open_named
from engine.store.sql import SqlStore


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    binaries = server_binaries()
    if binaries is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl) on this machine: "
                    "install the postgresql package to run the PostgreSQL store tests")
    cluster = Cluster(binaries)
    try:
        cluster.start()
    except subprocess.CalledProcessError as exc:
        cluster.stop()
        pytest.fail(f"could not start a throwaway PostgreSQL cluster: {exc.stderr.decode(errors='replace')}")
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> Iterator[str]:
    from engine.store.postgres import close_pools
    name = pg_cluster.new_database()
    yield pg_cluster.url(name)
    close_pools()
    pg_cluster.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_location(request: pytest.FixtureRequest, backend: str, tmp_path) -> str:
    """What --store would name: a folder for SQLite, a database's address for PostgreSQL."""
    return str(request.getfixturevalue("pg_url")) if backend == "postgresql" else str(tmp_path / "store")


@pytest.fixture
def open_store(store_location: str) -> Iterator[Callable[[], SqlStore]]:
    """Opens the test's store (the same one at each call), as the command line does."""
    opened: list[SqlStore] = []

    def opener() -> SqlStore:
        opened.append(open_named(store_location))
        return opened[-1]

    yield opener
    for store in opened:
        store.close()
