"""The sign-in limit per address holds across workers: it is counted in the store
(engine.store.attempts), so two app instances over one store share it, an IPv6 address counts
as its /64 network, and a store that cannot count gives a clear page, never a traceback."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient
from webclient import Browserless

from engine.frontends.web.limits import TRIES, RateLimit, address_key
from engine.ground.errors import StoreError
from engine.store.opening import open_store

# Access codes hashed at a tiny cost here (tests/conftest.py): no test here is about the hash's cost.
pytestmark = pytest.mark.usefixtures("quick_code_hashes")


def another_app(store_path, folder):
    from engine.cli.serve import web_config
    from engine.frontends.web.app import create_app
    return create_app(web_config(str(store_path), [str(folder)], "ca-us"))


def wrong_tries(web, count):
    web.get("/sign-in")
    return [web.post("/sign-in", {"code": f"ZZZZ-{n:04d}"}).status_code for n in range(count)]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_app_instances_over_one_store_share_the_limit(request, backend, tmp_path, folder):
    store = request.getfixturevalue("pg_url") if backend == "postgresql" else str(tmp_path / "store")
    open_store(store).close()
    with TestClient(another_app(store, folder), base_url="http://127.0.0.1") as one, \
            TestClient(another_app(store, folder), base_url="http://127.0.0.1") as two:
        web, other = Browserless(one), Browserless(two)  # two workers (or machines): same address, same store
        first = wrong_tries(web, TRIES // 2)
        second = wrong_tries(other, TRIES - TRIES // 2)
        assert first + second == [401] * TRIES
        assert wrong_tries(other, 1) == [429] and wrong_tries(web, 1) == [429]
        assert "Too many tries" in web.page


def test_an_ipv6_address_counts_as_its_network():
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("::ffff:192.0.2.4") == "192.0.2.4" and address_key("192.0.2.4") == "192.0.2.4"
    assert address_key("testclient") == "testclient" and len(address_key("x" * 500)) == 64


class Counting:
    """A store's two calls, kept in memory, to see when the limit forgets."""

    def __init__(self):
        self.forgotten: list[float] = []
        self.counted: list[tuple[str, float]] = []

    def try_sign_in(self, address, *, tries, window, now):
        self.counted.append((address, now))
        return True

    def forget_tries(self, before):
        self.forgotten.append(before)
        return 0


def test_each_worker_forgets_quiet_addresses_once_a_window():
    store, clock = Counting(), iter([100.0, 110.0, 161.0, 170.0])
    limit = RateLimit(lambda: store, tries=3, window=60.0, clock=lambda: next(clock))
    for _ in range(4):
        assert limit.allow("2001:db8::1")
    assert store.forgotten == [40.0, 101.0]
    assert {a for a, _ in store.counted} == {"2001:db8::/64"}


def test_a_store_that_cannot_count_gives_a_clear_page(app, web):
    class Broken:
        def try_sign_in(self, *a, **k):
            raise StoreError("the store is not reachable")

        def forget_tries(self, before):
            return 0

    app.state.site.limit.store = lambda: Broken()
    web.get("/sign-in")
    response = web.post("/sign-in", {"code": "ZZZZ-0000"})
    assert response.status_code == 503 and "Something went wrong" in response.text
    assert "Traceback" not in response.text

