"""What the web front end asks of a store: the ``SessionStore`` interface, holding a session while
one request answers it, a person's goals, the access codes (engine.store.codes) and the sign-in
tries per address (engine.store.attempts). SQLite and PostgreSQL have them; any other store that
has them can be served too."""

from __future__ import annotations

from typing import Any, Protocol

from engine.store.codes import SignIn
from engine.store.interface import SessionStore


class WebStore(SessionStore, Protocol):
    def claim(self, session_id: str, *, take_over: bool = False) -> None: ...

    def release(self, session_id: str) -> None: ...

    def goals(self, person: str, *, open_only: bool = False) -> list[dict[str, Any]]: ...

    def sign_in(self, typed: str) -> SignIn: ...

    def code_in_use(self, name: str) -> str | None: ...

    def web_secret(self) -> bytes: ...

    def try_sign_in(self, address: str, *, tries: int, window: float, now: float) -> bool: ...

    def forget_tries(self, before: float) -> int: ...

    def close(self) -> None: ...
