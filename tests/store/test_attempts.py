"""Sign-in tries per address counted in the store (engine.store.attempts), on both backends: a
limit every worker shares, a sliding window, addresses gone quiet forgotten, damaged rows read as
no tries, and two workers counting one address at once never both let the last try through."""

from __future__ import annotations

import threading

from engine.store.schema import MIGRATIONS

TRIES, WINDOW = 3, 60.0


def counted(store, address="203.0.113.7", now=1000.0):
    return store.try_sign_in(address, tries=TRIES, window=WINDOW, now=now)


def test_the_tries_of_one_address_are_shared_by_every_worker(open_store):
    one, other = open_store(), open_store()  # two connections, as two workers have
    assert [counted(one), counted(other), counted(one)] == [True, True, True]
    assert counted(other) is False and counted(one) is False
    assert counted(other, address="198.51.100.1") is True  # another address has its own count


def test_the_window_slides(open_store):
    store = open_store()
    assert [counted(store, now=t) for t in (0.0, 10.0, 20.0)] == [True, True, True]
    assert counted(store, now=59.0) is False  # a refused try is not counted...
    assert counted(store, now=60.5) is True  # ...so the first try's leaving frees one place
    assert counted(store, now=61.0) is False
    assert [counted(store, now=t) for t in (70.5, 71.0)] == [True, False]  # the second left at 70


def test_addresses_gone_quiet_are_forgotten(open_store):
    store = open_store()
    counted(store, address="a", now=0.0)
    counted(store, address="b", now=50.0)
    assert store.forget_tries(before=10.0) == 1
    assert [r[0] for r in store.db.execute("SELECT address FROM sign_in_tries").fetchall()] == ["b"]


def test_a_damaged_row_counts_as_no_tries(open_store):
    store = open_store()
    with store._transaction("test") as db:
        db.execute("INSERT INTO sign_in_tries (address, times, last) VALUES ('x', 'not numbers 1e999x', 0)")
    assert counted(store, address="x") is True


def test_two_workers_at_once_let_through_only_the_tries_allowed(open_store, store_location):
    from engine.store.opening import open_store as open_named
    open_store()  # the store made (and brought up to date) before the workers start
    allowed: list[bool] = []
    start = threading.Barrier(4)

    def worker():
        store = open_named(store_location)  # each worker its own connection, in its own thread
        try:
            start.wait()
            for _ in range(5):
                allowed.append(counted(store))
        finally:
            store.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == TRIES and len(allowed) == 20


def test_a_store_from_before_the_tries_is_brought_up_to_date(tmp_path):
    import sqlite3

    from engine.store.schema import migrate
    from engine.store.sqlite import SqliteStore
    db = sqlite3.connect(tmp_path / "peercoach.db", isolation_level=None)
    migrate(db, upto=len(MIGRATIONS) - 1)
    db.close()
    store = SqliteStore(tmp_path)
    try:
        assert counted(store) is True
    finally:
        store.close()
