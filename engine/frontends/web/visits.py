"""Who is visiting: the signed cookie read and written, the CSRF token checked, and the one-time
note (a flash) that carries what the engine said about an answer across the redirect after it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from engine.frontends.web.signing import Signer, Visit

COOKIE = "peercoach"
FLASH = "peercoach_note"
FLASH_BYTES = 3000  # a note longer than this is cut: cookies are small
NOTE_CHARS = 400


@dataclass(frozen=True)
class Note:
    """What the engine said about the last answer, for the page after the redirect only."""

    session: str
    version: int
    said: tuple[str, ...]
    notice: str | None

    def to_json(self) -> str:
        def cut(text: str) -> str:
            return text if len(text) <= NOTE_CHARS else text[:NOTE_CHARS] + "…"
        data: dict[str, Any] = {"s": self.session, "v": self.version, "m": [cut(m) for m in self.said[:4]],
                                "x": cut(self.notice) if self.notice else None}
        text = json.dumps(data, ensure_ascii=True)
        while len(text) > FLASH_BYTES and data["m"]:
            data["m"].pop()
            text = json.dumps(data, ensure_ascii=True)
        return text


class Visits:
    def __init__(self, signer: Signer, secure: bool):
        self.signer, self.secure = signer, secure

    def read(self, request: Request) -> Visit | None:
        return self.signer.visit(request.cookies.get(COOKIE))

    def write(self, response: Response, visit: Visit) -> None:
        response.set_cookie(COOKIE, self.signer.cookie(visit), httponly=True, samesite="strict",
                            secure=self.secure, path="/")

    def forget(self, response: Response) -> None:
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict", secure=self.secure)

    def note(self, response: Response, visit: Visit, note: Note) -> None:
        value = self.signer.cookie(Visit(visit.nonce, note.to_json()))
        response.set_cookie(FLASH, value, httponly=True, samesite="strict", secure=self.secure, path="/",
                            max_age=120)

    def clear_note(self, request: Request, response: Response) -> None:
        if FLASH in request.cookies:
            response.delete_cookie(FLASH, path="/", httponly=True, samesite="strict", secure=self.secure)

    def take_note(self, request: Request, visit: Visit, session: str, version: int) -> Note | None:
        """The note left for this page (this visit, this session, this version); ``clear_note`` forgets it."""
        found = self.signer.visit(request.cookies.get(FLASH))
        if found is None or found.nonce != visit.nonce or found.person is None:
            return None
        try:
            data = json.loads(found.person)
        except ValueError:
            return None
        if not isinstance(data, dict) or data.get("s") != session or data.get("v") != version:
            return None
        said = tuple(m for m in data.get("m") or [] if isinstance(m, str))
        notice = data.get("x") if isinstance(data.get("x"), str) else None
        return Note(session, version, said, notice)
