"""How the store is laid out (issue 14): what both backends share (``SqlStore`` and its parts) knows
nothing of SQLite or PostgreSQL, each backend adds only its own, and no module grows past about
400 lines."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from engine.store.postgres import PostgresStore
from engine.store.sql import SqlStore
from engine.store.sqlite import SqliteStore

STORE = Path(__file__).resolve().parents[2] / "engine" / "store"
BACKENDS = {"sqlite", "schema", "place", "postgres", "postgres_pool", "postgres_schema", "opening"}
SHARED = sorted(p for p in STORE.glob("*.py") if p.stem not in BACKENDS)
OWN = ("sqlite3", "psycopg", "psycopg_pool", *(f"engine.store.{name}" for name in BACKENDS))


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", SHARED, ids=lambda p: p.name)
def test_the_shared_parts_import_neither_backend(path):
    assert {n for n in imported(path) if n.split(".")[0] in OWN or n in OWN} == set()


@pytest.mark.parametrize("path", sorted(STORE.glob("*.py")), ids=lambda p: p.name)
def test_no_store_module_is_long(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


def test_both_backends_are_the_shared_store_and_write_none_of_it_again():
    assert issubclass(SqliteStore, SqlStore) and issubclass(PostgresStore, SqlStore)
    assert not issubclass(PostgresStore, SqliteStore)
    shared = {name for name in dir(SqlStore) if not name.startswith(("__", "_abc_"))}
    hooks = {"_errors", "_transaction", "compact", "close", "db", "lock_session_row"}
    for backend in (SqliteStore, PostgresStore):
        assert set(vars(backend)) & shared <= hooks, backend


def test_a_run_on_sqlite_never_imports_psycopg(tmp_path):
    # psycopg and its pool cost about 190 ms of every start; only a postgresql:// store needs them.
    code = ("import sys; from engine.cli import main; from engine.store.opening import open_store; "
            f"open_store({str(tmp_path / 'store')!r}).close(); print(sorted(m for m in sys.modules if 'psycopg' in m))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
