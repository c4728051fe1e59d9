"""Opening the store a person asked for: ``--store`` (or ``$PEERCOACH_STORE``) is a file or a folder
for SQLite, or a ``postgresql://`` address for a PostgreSQL server."""

from __future__ import annotations

import os
from pathlib import Path

from engine.store.place import STORE_ENV, default_location
from engine.store.sql import SqlStore
from engine.store.sqlite import SqliteStore

SCHEMES = ("postgresql", "postgres")


def is_url(text: str | None) -> bool:
    """Whether a ``--store`` value names a PostgreSQL server rather than a file or folder (told
    here, so that a run on SQLite never imports psycopg)."""
    return bool(text) and str(text).split(":", 1)[0].lower() in SCHEMES and "://" in str(text)


def store_named(store: str | Path | None) -> str | Path:
    """What ``--store`` names (else the environment's or the default place): a path, or an address."""
    if store:
        return store if isinstance(store, Path) or not is_url(store) else str(store)
    from_environment = os.environ.get(STORE_ENV)
    return from_environment if from_environment and is_url(from_environment) else default_location()


def open_store(store: str | Path | None) -> SqlStore:
    """The store ``--store`` names: SQLite by default, PostgreSQL for a ``postgresql://`` address."""
    named = store_named(store)
    if isinstance(named, str) and is_url(named):
        from engine.store.postgres import PostgresStore  # psycopg is loaded only for a server
        return PostgresStore(named)
    return SqliteStore(Path(named))
