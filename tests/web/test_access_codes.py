"""Personal access codes in the store (engine.store.codes): issued, checked, revoked, locked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from engine.store.codes import FAILURES_ALLOWED, WINDOW, normalise
from engine.store.sqlite import SqliteStore

# Access codes hashed at a tiny cost here (tests/conftest.py): no test here is about the hash's cost.
pytestmark = pytest.mark.usefixtures("quick_code_hashes")

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path):
    opened = SqliteStore(tmp_path / "peercoach.db")
    yield opened
    opened.close()


def test_a_code_signs_its_person_in_and_only_its_hash_is_kept(store):
    code = store.add_code("Sam", now=NOW)
    assert len(normalise(code)) == 20 and code.count("-") == 4
    found = store.sign_in(code.lower().replace("-", " "), now=NOW)  # typed in any case, with spaces
    assert found.person == "Sam" and found.code == normalise(code)[:4] and not found.locked
    assert store.known_person("sam") == "Sam"
    secret = normalise(code)[4:]
    dump = "\n".join(store.db.iterdump())
    assert secret not in dump and normalise(code) not in dump
    assert [(c.person, c.used) for c in store.codes()] == [("Sam", NOW.isoformat(timespec="seconds"))]


def test_wrong_codes_are_refused(store):
    code = store.add_code("Sam", now=NOW)
    letters = normalise(code)
    wrong = letters[:4] + ("2" if letters[4] != "2" else "3") + letters[5:]
    assert store.sign_in(wrong, now=NOW).person is None
    assert store.sign_in("", now=NOW).person is None
    assert store.sign_in(letters[:4], now=NOW).person is None  # the name alone
    assert store.sign_in("ZZZZ" + letters[4:], now=NOW).person is None
    assert store.sign_in("ü" * 5000, now=NOW).person is None


def test_a_new_code_or_revoking_stops_the_old_one(store):
    first = store.add_code("Sam", now=NOW)
    second = store.add_code("Sam", now=NOW)
    assert store.sign_in(first, now=NOW).person is None and store.sign_in(second, now=NOW).person == "Sam"
    assert store.code_in_use(normalise(second)[:4]) == "Sam" and store.code_in_use(normalise(first)[:4]) is None
    assert store.revoke_codes("sam", now=NOW) == 1
    assert store.sign_in(second, now=NOW).person is None and store.code_in_use(normalise(second)[:4]) is None
    assert store.revoke_codes("Sam", now=NOW) == 0 and store.revoke_codes("Nobody", now=NOW) == 0
    assert all(c.revoked for c in store.codes())


def test_a_code_tried_too_often_is_locked_even_when_right_then_opens_again(store):
    code = store.add_code("Sam", now=NOW)
    wrong = normalise(code)[:4] + "2" * 16
    for _ in range(FAILURES_ALLOWED):
        assert not store.sign_in(wrong, now=NOW).locked
    for _ in range(1000):
        assert store.sign_in(wrong, now=NOW).locked
    assert store.sign_in(code, now=NOW).locked and store.sign_in(code, now=NOW).person is None
    later = NOW + WINDOW + timedelta(seconds=1)
    assert store.sign_in(code, now=later).person == "Sam"


def test_the_web_key_is_made_once_and_shared(tmp_path, store):
    key = store.web_secret()
    other = SqliteStore(tmp_path / "peercoach.db")
    try:
        assert other.web_secret() == key and len(key) == 32
    finally:
        other.close()
