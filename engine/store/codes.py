"""Personal access codes for the web front end: a facilitator issues one to a person, the person
signs in with it, and it can be revoked. Only a salted hash of each code is kept (scrypt), never
the code itself; failed sign-ins are counted per code, so a code tried many times is refused for a
while. The key that signs the web front end's cookies is kept here too, so every worker (and
every machine) serving one store signs alike.

A code reads ``XXXX-XXXX-XXXX-XXXX-XXXX`` from an alphabet with no 0/O or 1/I/L: the first group
names the code (it is kept as it is, to find the row), the other four are its secret (80 bits).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from engine.store.core import StoreCore

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # 31 letters and digits that are hard to confuse
GROUP = 4
SECRET_GROUPS = 4
FAILURES_ALLOWED = 10  # wrong secrets for one code within the window, then it is refused for a while
WINDOW = timedelta(minutes=15)
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
SECRET_SETTING = "web_secret"


@dataclass(frozen=True)
class CodeInfo:
    """One line of ``codes list``: never the code itself."""

    name: str  # the code's first group: how a facilitator tells two codes apart
    person: str
    created: str
    used: str | None
    revoked: str | None


@dataclass(frozen=True)
class SignIn:
    """What a sign-in came to: the person (None when refused), and whether the code is locked."""

    person: str | None
    code: str | None = None  # the code's name, kept in the cookie so revoking it signs the person out
    locked: bool = False


def normalise(text: str) -> str:
    """A code as typed (any case, spaces or dashes) as its letters alone, upper case."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def _hash(secret: str, salt: bytes) -> bytes:
    return hashlib.scrypt(secret.encode("ascii"), salt=salt, **_SCRYPT)


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _groups(letters: str) -> Iterator[str]:
    for start in range(0, len(letters), GROUP):
        yield letters[start:start + GROUP]


class AccessCodes(StoreCore):
    """Issuing, checking and revoking codes; a part of ``SqlStore``."""

    def add_code(self, person: str, *, now: datetime | None = None) -> str:
        """A new code for ``person`` (made known to the store if new); their earlier codes are
        revoked. Returns the code, which is shown once and never kept."""
        moment = _stamp(now or _now())
        with self._transaction(f"issue a code for {person}") as db:
            person_id = self._person_id(db, person)
            taken = {n for (n,) in db.execute("SELECT name FROM access_codes")}
            name = ""
            while not name or name in taken:
                name = "".join(secrets.choice(ALPHABET) for _ in range(GROUP))
            secret = "".join(secrets.choice(ALPHABET) for _ in range(GROUP * SECRET_GROUPS))
            salt = secrets.token_bytes(16)
            db.execute("UPDATE access_codes SET revoked = ? WHERE person_id = ? AND revoked IS NULL",
                       (moment, person_id))
            db.execute("INSERT INTO access_codes (name, person_id, salt, hash, created) VALUES (?, ?, ?, ?, ?)",
                       (name, person_id, salt, _hash(secret, salt), moment))
        return "-".join(_groups(name + secret))

    def revoke_codes(self, person: str, *, now: datetime | None = None) -> int:
        """Revoke every code the person has; returns how many were still in use."""
        with self._transaction(f"revoke the codes of {person}") as db:
            return int(db.execute(
                "UPDATE access_codes SET revoked = ? WHERE revoked IS NULL AND person_id ="
                " (SELECT id FROM people WHERE name = ?)", (_stamp(now or _now()), person)).rowcount)

    def codes(self) -> list[CodeInfo]:
        """Every code issued, oldest first."""
        with self._errors("list the codes"):
            rows = self.db.execute(
                "SELECT c.name, p.name, c.created, c.used, c.revoked FROM access_codes c"
                " JOIN people p ON p.id = c.person_id ORDER BY c.created, c.rowid").fetchall()
        return [CodeInfo(*row) for row in rows]

    def code_in_use(self, name: str) -> str | None:
        """The person a code that is not revoked belongs to, or None (for a cookie that names it)."""
        with self._errors("check a sign-in"):
            row = self.db.execute("SELECT p.name FROM access_codes c JOIN people p ON p.id = c.person_id"
                                  " WHERE c.name = ? AND c.revoked IS NULL", (name,)).fetchone()
        return str(row[0]) if row else None

    def sign_in(self, typed: str, *, now: datetime | None = None) -> SignIn:
        """Check a code as typed. A wrong secret counts against its code; after ``FAILURES_ALLOWED``
        within ``WINDOW`` the code is refused, even when right, until the window has passed."""
        moment = now or _now()
        letters = normalise(typed)
        name, secret = letters[:GROUP], letters[GROUP:]
        with self._errors("check a sign-in"):
            row = self.db.execute(
                "SELECT c.salt, c.hash, c.failed, c.failed_since, p.name, c.revoked FROM access_codes c"
                " JOIN people p ON p.id = c.person_id WHERE c.name = ?", (name,)).fetchone()
        if row is None or len(secret) != GROUP * SECRET_GROUPS:
            _hash("x" * GROUP * SECRET_GROUPS, b"0" * 16)  # as slow as a real check: no hint by timing
            return SignIn(None)
        salt, stored, failed, since, person, revoked = row
        recent = since is not None and datetime.fromisoformat(since) > moment - WINDOW
        if recent and failed >= FAILURES_ALLOWED:
            return SignIn(None, name, locked=True)
        right = hmac.compare_digest(_hash(secret, bytes(salt)), bytes(stored)) and revoked is None
        with self._transaction("record a sign-in") as db:
            if right:
                db.execute("UPDATE access_codes SET used = ?, failed = 0, failed_since = NULL WHERE name = ?",
                           (_stamp(moment), name))
            elif recent:
                db.execute("UPDATE access_codes SET failed = failed + 1 WHERE name = ?", (name,))
            else:
                db.execute("UPDATE access_codes SET failed = 1, failed_since = ? WHERE name = ?",
                           (_stamp(moment), name))
        return SignIn(str(person), name) if right else SignIn(None, name)

    def web_secret(self) -> bytes:
        """The key that signs the web front end's cookies: made once, then the same for every worker."""
        with self._transaction("read the web key") as db:
            db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                       (SECRET_SETTING, secrets.token_hex(32)))
            value = db.execute("SELECT value FROM settings WHERE key = ?", (SECRET_SETTING,)).fetchone()[0]
        return bytes.fromhex(str(value))
