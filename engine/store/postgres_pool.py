"""Reaching a PostgreSQL store: which ``--store`` values are server addresses, the address as it
may be shown (never its password), one connection pool per address and process, and every way of
not getting a connection said as one clear line.

A connection runs in autocommit: nothing is left half done between two statements, and a store
opens a transaction only where it writes (``PostgresStore._transaction``). ``Database`` lets the
store's dialect-free SQL (written with SQLite's ``?`` marks) run unchanged on psycopg.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from engine.ground.errors import StoreError

CONNECT_SECONDS = 10.0  # how long to wait for the server before saying it cannot be reached
LOCK_SECONDS = 5  # how long a write waits for another worker's row lock (as SQLite's busy wait)
POOL_MOST = 10


def shown(url: str) -> str:
    """The address without its password, for messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "the PostgreSQL address"
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


def checked(url: str) -> str:
    """The address if psycopg can read it; else a clear ``StoreError`` (never the password)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading it checks it
    except ValueError as exc:
        raise StoreError(f"the store address {shown(url)} is not a valid PostgreSQL address ({exc}); "
                         "write it as postgresql://USER:PASSWORD@HOST:PORT/DATABASE") from None
    if not parts.path.strip("/") and "dbname=" not in parts.query:
        raise StoreError(f"the store address {shown(url)} names no database; "
                         "write it as postgresql://USER:PASSWORD@HOST:PORT/DATABASE")
    try:
        psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise StoreError(f"the store address {shown(url)} is not a valid PostgreSQL address "
                         f"({_first_line(exc)})") from None
    return url


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    # libpq's messages repeat the host's address for each try; the last line says why.
    return re.sub(r"\s+", " ", text[-1] if text else type(exc).__name__).removeprefix("FATAL: ").strip()


def unreachable(url: str, exc: BaseException) -> StoreError:
    """Why a connection could not be had, as one line: wrong password, no server, no database..."""
    why = _first_line(exc)
    if "password" in why or "authentication" in why or why.startswith("role "):
        return StoreError(f"the PostgreSQL server at {shown(url)} did not accept the user name or password "
                          f"({why}); nothing was changed")
    if "does not exist" in why:
        return StoreError(f"cannot open the store {shown(url)}: {why}; create it first (`createdb`)")
    return StoreError(f"cannot reach the PostgreSQL server at {shown(url)} ({why}); is it running? "
                      "Nothing was changed")


def _configure(connection: psycopg.Connection[Any]) -> None:
    connection.autocommit = True
    connection.execute(f"SET lock_timeout = '{LOCK_SECONDS}s'")
    connection.execute("SET synchronous_commit = on")  # an answer is on the server's disk at COMMIT


_POOLS: dict[str, ConnectionPool] = {}
_POOLS_LOCK = threading.Lock()


def pool_for(url: str) -> ConnectionPool:
    """This process's pool for ``url``: made on first use, its first connection tried at once."""
    with _POOLS_LOCK:
        pool = _POOLS.get(url)
        if pool is None:
            try:  # one direct try first: the pool itself would only retry and time out, saying little
                psycopg.connect(url, connect_timeout=int(CONNECT_SECONDS)).close()
            except psycopg.Error as exc:
                raise unreachable(url, exc) from None
            pool = ConnectionPool(url, min_size=1, max_size=POOL_MOST, timeout=CONNECT_SECONDS,
                                  configure=_configure, kwargs={"connect_timeout": int(CONNECT_SECONDS)},
                                  check=ConnectionPool.check_connection, open=False)
            pool.open()
            _POOLS[url] = pool
        return pool


def borrow(url: str) -> psycopg.Connection[Any]:
    pool = pool_for(checked(url))
    try:
        return pool.getconn()
    except PoolTimeout as exc:
        raise unreachable(url, exc) from None


def give_back(url: str, connection: psycopg.Connection[Any]) -> None:
    pool = _POOLS.get(url)
    if pool is None or connection.closed:
        connection.close()
        return
    pool.putconn(connection)


def close_pools() -> None:
    """Close every pool this process opened (tests drop their databases after)."""
    with _POOLS_LOCK:
        for pool in _POOLS.values():
            pool.close()
        _POOLS.clear()


def dialect(query: str) -> str:
    """SQLite's ``?`` marks as psycopg's ``%s`` (a literal ``%`` doubled; no ``?`` sits in a literal);
    a mark only tested for NULL is given a type (PostgreSQL cannot guess one), and SQLite's empty list
    ``IN ()`` is spelled as an empty subquery."""
    return (query.replace("%", "%%").replace("? IS NULL", "?::text IS NULL").replace("?", "%s")
            .replace("IN ()", "IN (SELECT NULL WHERE false)"))


class Rows:
    """What ``execute`` answers: sqlite3's cursor's ways (fetchone, fetchall, rowcount, iterating)."""

    def __init__(self, cursor: psycopg.Cursor[Any]):
        self.cursor = cursor

    def fetchone(self) -> Any:
        return self.cursor.fetchone() if self.cursor.description else None

    def fetchall(self) -> list[Any]:
        return self.cursor.fetchall() if self.cursor.description else []

    @property
    def rowcount(self) -> int:
        return self.cursor.rowcount

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


class Database:
    """A psycopg connection that takes the store's shared SQL as sqlite3 would."""

    def __init__(self, connection: psycopg.Connection[Any]):
        self.connection = connection

    def execute(self, query: str, parameters: Sequence[Any] = ()) -> Rows:
        return Rows(self.connection.execute(dialect(query), tuple(parameters)))

    def executemany(self, query: str, rows: Sequence[Sequence[Any]]) -> Rows:
        cursor = self.connection.cursor()
        if rows:
            cursor.executemany(dialect(query), list(rows))
        return Rows(cursor)

    @property
    def in_transaction(self) -> bool:
        return self.connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE
