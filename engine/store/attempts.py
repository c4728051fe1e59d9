"""Sign-in tries counted per address in the store (table ``sign_in_tries``, schema version 8), so
every worker and every machine serving one store shares one limit: with N workers an address
gets the same number of tries as with one.

One row per address: the times (seconds since the epoch) of its latest tries within the window,
and the latest of them, to forget addresses not seen for a while. A try is counted in one
transaction that first writes the address's row: SQLite's write lock (``BEGIN IMMEDIATE``) or
PostgreSQL's row lock then makes two workers counting the same address take turns, so neither
misses the other's try. The figures (how many tries, how long a window) are the caller's
(``engine.frontends.web.limits``); the store only counts.
"""

from __future__ import annotations

from engine.store.core import StoreCore


def _times(text: object) -> list[float]:
    """The times a row holds; a value that is not a number (a damaged row) is left out."""
    found = []
    for part in str(text or "").split():
        try:
            found.append(float(part))
        except ValueError:
            continue
    return found


class SignInTries(StoreCore):
    """Counting sign-in tries; a part of ``SqlStore`` (so of both backends)."""

    def try_sign_in(self, address: str, *, tries: int, window: float, now: float) -> bool:
        """Count one try from ``address`` at ``now``; False (and not counted) when it has made
        ``tries`` within the last ``window`` seconds already."""
        with self._transaction("count a sign-in try") as db:
            # Written first, so the row is locked (or made) before it is read: workers take turns.
            db.execute("INSERT INTO sign_in_tries (address, times, last) VALUES (?, '', ?)"
                       " ON CONFLICT (address) DO UPDATE SET last = sign_in_tries.last", (address, now))
            row = db.execute("SELECT times FROM sign_in_tries WHERE address = ?", (address,)).fetchone()
            recent = [t for t in _times(row[0] if row else "") if t > now - window]
            if len(recent) >= tries:
                return False
            recent = [*recent, now][-tries:]
            db.execute("UPDATE sign_in_tries SET times = ?, last = ? WHERE address = ?",
                       (" ".join(repr(t) for t in recent), max(recent), address))
        return True

    def forget_tries(self, before: float) -> int:
        """Forget every address whose latest try was at or before ``before``; returns how many."""
        with self._transaction("forget old sign-in tries") as db:
            return int(db.execute("DELETE FROM sign_in_tries WHERE last <= ?", (before,)).rowcount)
