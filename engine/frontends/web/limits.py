"""How often one address may try to sign in: a sliding window kept by each worker.

The store counts wrong tries per code (``engine.store.codes``) for every worker alike; this stops
one address from guessing many codes quickly. Counts are per worker: with N workers an address
gets at most N times as many tries, still a handful a minute.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

TRIES = 10  # sign-in attempts one address may make in a window
WINDOW_SECONDS = 60.0
ADDRESSES = 10_000  # addresses remembered at most: the oldest is forgotten first


class RateLimit:
    def __init__(self, tries: int = TRIES, window: float = WINDOW_SECONDS,
                 clock: Callable[[], float] = time.monotonic):
        self.tries, self.window, self.clock = tries, window, clock
        self._seen: dict[str, deque[float]] = {}

    def allow(self, address: str) -> bool:
        """Count one attempt from ``address``; False when it has made too many lately."""
        now = self.clock()
        times = self._seen.pop(address, None) or deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        allowed = len(times) < self.tries
        if allowed:
            times.append(now)
        self._seen[address] = times  # most recently seen last
        while len(self._seen) > ADDRESSES:
            del self._seen[next(iter(self._seen))]
        return allowed
