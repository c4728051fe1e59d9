"""What is PostgreSQL's own: the same schema as SQLite's (tables and columns), migrations versioned
and applied once, a newer or foreign database refused, a save waiting for another worker's row
lock and saying so clearly, and every way of not reaching the server as one line, never a traceback."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from test_store import answer, record

from engine.cli import main
from engine.ground.errors import StoreError
from engine.store import postgres_pool
from engine.store.postgres import PostgresStore
from engine.store.postgres_schema import MIGRATIONS, STEPS
from engine.store.schema import SCHEMA_VERSION, migrate
from engine.store.sqlite import SqliteStore

ROOT = Path(__file__).resolve().parents[2]


def sqlite_columns(tmp_path) -> dict[str, list[str]]:
    db = sqlite3.connect(tmp_path / "schema.db", isolation_level=None)
    migrate(db)
    tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: sorted(c[1] for c in db.execute(f"PRAGMA table_info({t})")) for t in tables}


def postgres_columns(url) -> dict[str, list[str]]:
    with psycopg.connect(url) as db:
        rows = db.execute("SELECT table_name, column_name FROM information_schema.columns"
                          " WHERE table_schema = current_schema()").fetchall()
    found: dict[str, list[str]] = {}
    for table, column in rows:
        if table != "peercoach_schema" and column != "rowid":  # the version table; SQLite's hidden rowid
            found.setdefault(table, []).append(column)
    return {t: sorted(c) for t, c in found.items()}


def test_the_same_schema_as_sqlite(pg_url, tmp_path):
    assert len(STEPS) >= SCHEMA_VERSION and len(MIGRATIONS) == SCHEMA_VERSION  # every SQLite step mirrored
    PostgresStore(pg_url).close()
    assert postgres_columns(pg_url) == sqlite_columns(tmp_path)


def test_migrations_are_versioned_and_applied_once(pg_url):
    PostgresStore(pg_url).close()
    with psycopg.connect(pg_url) as db:
        assert db.execute("SELECT version FROM peercoach_schema").fetchall() == [(SCHEMA_VERSION,)]
    store = PostgresStore(pg_url)  # opened again: nothing to do, nothing lost
    store.save(record())
    store.close()
    again = PostgresStore(pg_url)
    assert [e.text for e in again.load("s1").log] == ["Sam", ""]
    with psycopg.connect(pg_url) as db:
        assert db.execute("SELECT version FROM peercoach_schema").fetchall() == [(SCHEMA_VERSION,)]
    again.close()


def test_an_older_store_is_brought_up_to_date_keeping_its_sessions(pg_url):
    from engine.store.postgres_schema import migrate as migrate_pg
    with psycopg.connect(pg_url, autocommit=True) as db:
        migrate_pg(db, "test", upto=SCHEMA_VERSION - 1)
        db.execute("INSERT INTO sessions (id, dialogue, status) VALUES ('old', 'strengths', 'paused')")
        assert db.execute("SELECT version FROM peercoach_schema").fetchone()[0] == SCHEMA_VERSION - 1
    store = PostgresStore(pg_url)
    assert [s.id for s in store.sessions()] == ["old"]
    store.close()
    with psycopg.connect(pg_url) as db:
        assert db.execute("SELECT version FROM peercoach_schema").fetchone()[0] == SCHEMA_VERSION


def test_a_database_from_a_newer_peercoach_is_refused(pg_url):
    PostgresStore(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute("UPDATE peercoach_schema SET version = version + 1")
    with pytest.raises(StoreError, match=rf"made by a newer peercoach \(store version {SCHEMA_VERSION + 1}, "
                                         rf"this one reads up to {SCHEMA_VERSION}\); please update peercoach"):
        PostgresStore(pg_url)


def test_another_programs_database_is_left_alone(pg_url):
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(StoreError, match="holds tables that are not a peercoach store; it has been left as it is"):
        PostgresStore(pg_url)
    with psycopg.connect(pg_url) as db:
        assert db.execute("SELECT to_regclass('sessions')").fetchone()[0] is None


def test_a_save_waits_for_another_workers_row_lock_then_says_so(pg_url, monkeypatch):
    monkeypatch.setattr(postgres_pool, "LOCK_SECONDS", 1)
    store = PostgresStore(pg_url)
    store.save(record(log=[answer("one")]))
    with psycopg.connect(pg_url) as other:  # another worker, in the middle of saving s1
        other.execute("SELECT lease FROM sessions WHERE id = 's1' FOR UPDATE")
        with pytest.raises(StoreError, match="in use by another worker \\(it is locked\\); nothing was changed"):
            store.save(record(log=[answer("one"), answer("two")]))
        other.rollback()
    store.save(record(log=[answer("one"), answer("two")]))  # the lock gone, the answer is kept
    assert [e.text for e in store.load("s1").log] == ["one", "two"]
    store.close()


def test_the_password_is_never_shown(pg_cluster):
    url = pg_cluster.url("nowhere").replace("peercoach@", "peercoach:hunter2secret@")
    with pytest.raises(StoreError) as raised:
        PostgresStore(url)
    assert "hunter2secret" not in str(raised.value) and "***" in str(raised.value)


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "engine", *args], cwd=ROOT, text=True, capture_output=True,
                          timeout=60, env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL)


@pytest.fixture
def guarded(pg_cluster, pg_url):
    """A user who must give a password (the tests' own user gets in without one)."""
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute("DROP ROLE IF EXISTS guarded")
        db.execute("CREATE ROLE guarded LOGIN PASSWORD 'right-one'")
        db.execute(f"ALTER DATABASE {pg_url.split('@/')[1].split('?')[0]} OWNER TO guarded".encode())
    yield pg_url.replace("peercoach@", "guarded:{}@")
    postgres_pool.close_pools()
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {pg_url.split('@/')[1].split('?')[0]} WITH (FORCE)".encode())
        db.execute("DROP ROLE IF EXISTS guarded")


@pytest.mark.parametrize(("store", "says"), [
    ("postgresql://peercoach@localhost:notaport/db", "is not a valid PostgreSQL address"),
    ("postgresql://peercoach@localhost:5432", "names no database"),
    ("postgresql://peercoach@/db?host=/nonexistent/folder", "cannot reach the PostgreSQL server"),
    ("postgresql://peercoach@127.0.0.1:1/db", "cannot reach the PostgreSQL server"),
])
def test_a_bad_or_unreachable_address_is_one_clear_line(store, says, capsys):
    """Through the command's own ``main``, in this process (a traceback would fail the test here);
    the command run as its own process says the same: the tests below."""
    assert main(["--store", store, "sessions", "list"]) != 0
    stderr = capsys.readouterr().err
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1 and says in stderr


def test_wrong_credentials_and_a_missing_database_are_one_clear_line(guarded, pg_cluster):
    done = run_cli("--store", guarded.format("wrong-one"), "sessions", "list")
    assert done.returncode != 0 and "Traceback" not in done.stderr and "wrong-one" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "did not accept the user name or password" in done.stderr
    done = run_cli("--store", pg_cluster.url("not_made"), "sessions", "list")
    assert done.returncode != 0 and "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "does not exist" in done.stderr and "createdb" in done.stderr
    done = run_cli("--store", guarded.format("right-one"), "sessions", "list")  # the right one gets in
    assert done.returncode == 0, done.stderr


def test_the_store_address_from_the_environment(pg_url, tmp_path):
    store = PostgresStore(pg_url)
    store.save(record("from-env", person="Ash"))
    store.close()
    done = run_cli("sessions", "list", "--json", env={"PEERCOACH_STORE": pg_url, "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert '"from-env"' in done.stdout
    assert not (tmp_path / ".local").exists()  # no SQLite file was made beside
    assert SqliteStore  # the default stays SQLite: tests/store/test_store.py


def test_a_lost_connection_is_one_clear_line_and_the_next_save_reconnects(pg_url):
    store = PostgresStore(pg_url)
    store.save(record(log=[answer("one")]))
    with psycopg.connect(pg_url, autocommit=True) as admin:  # the server drops the store's connection
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                      " WHERE datname = current_database() AND pid <> pg_backend_pid()")
    with pytest.raises(StoreError, match="cannot reach the PostgreSQL server|nothing was changed"):
        store.load("s1")
    store.save(record(log=[answer("one"), answer("two")]))  # a fresh connection from the pool
    assert [e.text for e in store.load("s1").log] == ["one", "two"]
    store.close()
