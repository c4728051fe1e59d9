"""The store tests run on both backends: ``open_store`` opens one store (the same one each time it
is called within a test) on SQLite or on PostgreSQL, in a throwaway cluster (postgres_cluster)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator

import pytest
from postgres_cluster import Cluster, server_binaries

from engine.store.sqlite import SqliteStore


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
def open_store(request: pytest.FixtureRequest, backend: str, tmp_path) -> Iterator[Callable[[], SqliteStore]]:
    opened: list[SqliteStore] = []
    if backend == "postgresql":
        from engine.store.postgres import PostgresStore
        url = request.getfixturevalue("pg_url")

        def opener() -> SqliteStore:
            opened.append(PostgresStore(url))
            return opened[-1]
    else:
        def opener() -> SqliteStore:
            opened.append(SqliteStore(tmp_path / "store"))
            return opened[-1]
    yield opener
    for store in opened:
        store.close()
