"""How often one address may try to sign in: a sliding window counted in the store.

The store counts wrong tries per code (``engine.store.codes``); this stops one address from
guessing many codes quickly. The tries are counted in the store (``engine.store.attempts``), so
every worker and every machine serving one store shares one count: with N workers an address
still gets ``TRIES`` a window, not N times as many. The machines' clocks are taken to agree (to
within a few seconds, as NTP keeps them). An IPv6 address counts as its /64 network, which one
phone or home is given whole.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from typing import Protocol

TRIES = 10  # sign-in attempts one address may make in a window
WINDOW_SECONDS = 60.0
ADDRESS_CHARACTERS = 64  # what is kept of an address that is not an IP address (a proxy's name, say)


class TriesStore(Protocol):
    def try_sign_in(self, address: str, *, tries: int, window: float, now: float) -> bool: ...

    def forget_tries(self, before: float) -> int: ...


def address_key(host: str) -> str:
    """What one address's tries are counted under: an IPv4 address as it is, an IPv6 address as
    its /64 network (an IPv4 address mapped into IPv6 as the IPv4 address)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host[:ADDRESS_CHARACTERS]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


class RateLimit:
    """``TRIES`` sign-ins per address in any ``WINDOW_SECONDS``, counted in the store ``store()`` gives."""

    def __init__(self, store: Callable[[], TriesStore], tries: int = TRIES, window: float = WINDOW_SECONDS,
                 clock: Callable[[], float] = time.time):
        self.store, self.tries, self.window, self.clock = store, tries, window, clock
        self._forgotten = float("-inf")  # when this worker last cleared addresses gone quiet

    def allow(self, address: str) -> bool:
        """Count one attempt from ``address``; False when it has made too many lately. A store
        that cannot count raises its ``StoreError``."""
        now = self.clock()
        store = self.store()
        if now - self._forgotten >= self.window:  # at most once a window per worker: the table stays small
            store.forget_tries(now - self.window)
            self._forgotten = now
        return store.try_sign_in(address_key(address), tries=self.tries, window=self.window, now=now)
