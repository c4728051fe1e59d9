"""The store tests run on both backends: ``open_store`` opens one store (the same one each time it
is called within a test) on SQLite or on PostgreSQL, in a throwaway cluster (``pg_url``, in
tests/conftest.py, made by tests/postgres_cluster.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from engine.store.opening import open_store as open_named
from engine.store.sql import SqlStore


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
