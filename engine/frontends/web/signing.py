"""Signed cookies and CSRF tokens: HMAC-SHA256 over a small JSON value, with the time it was made.

The key is the store's (``web_secret``), so every worker serving one store signs alike. Nothing
secret goes in a cookie: who is signed in, the code's name and a random nonce (never an answer).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any

COOKIE_SECONDS = 8 * 60 * 60  # a sign-in lasts a working day; then the code is asked for again


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class Visit:
    """What the cookie says about this browser: a nonce for its CSRF tokens, and who signed in."""

    nonce: str
    person: str | None = None
    code: str | None = None  # the access code's name: revoking the code ends the sign-in

    @classmethod
    def fresh(cls, person: str | None = None, code: str | None = None) -> Visit:
        return cls(secrets.token_urlsafe(18), person, code)


class Signer:
    def __init__(self, key: bytes):
        self.key = key

    def _mac(self, purpose: str, payload: str) -> str:
        return _b64(hmac.new(self.key, f"{purpose}\n{payload}".encode(), hashlib.sha256).digest())

    def cookie(self, visit: Visit, now: float | None = None) -> str:
        payload = _b64(json.dumps({"n": visit.nonce, "p": visit.person, "c": visit.code,
                                   "t": int(now if now is not None else time.time())}).encode())
        return f"{payload}.{self._mac('cookie', payload)}"

    def visit(self, value: str | None, now: float | None = None) -> Visit | None:
        """The visit a cookie holds, or None when it is missing, forged, damaged or too old."""
        if not value or value.count(".") != 1 or len(value) > 2048:
            return None
        payload, mac = value.split(".")
        if not hmac.compare_digest(mac, self._mac("cookie", payload)):
            return None
        try:
            data: Any = json.loads(_unb64(payload))
        except ValueError:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("n"), str) or not isinstance(data.get("t"), int):
            return None
        if (now if now is not None else time.time()) - data["t"] > COOKIE_SECONDS:
            return None
        person, code = data.get("p"), data.get("c")
        return Visit(data["n"], person if isinstance(person, str) else None, code if isinstance(code, str) else None)

    def csrf(self, visit: Visit) -> str:
        """The token every form of this visit carries; a form without it (or another's) is refused."""
        return self._mac("csrf", visit.nonce)

    def csrf_ok(self, visit: Visit | None, token: object) -> bool:
        return visit is not None and isinstance(token, str) and hmac.compare_digest(token, self.csrf(visit))
