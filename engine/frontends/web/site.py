"""What every page of the web front end stands on, shared by the requests of one worker: the
configuration, the store (opened on first use), the signed visits, rendering a page or a problem
page, who is signed in, and whether a session the address names is the visitor's own."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from engine.conversation.session import SessionRecord
from engine.frontends.web import pages
from engine.frontends.web.config import WebConfig
from engine.frontends.web.limits import RateLimit
from engine.frontends.web.signing import Signer, Visit
from engine.frontends.web.store import WebStore
from engine.frontends.web.visits import Visits
from engine.ground.errors import StoreError


class Site:
    """What every request of one worker shares: the configuration, the store, the signer."""

    def __init__(self, config: WebConfig):
        self.config = config
        self._store: WebStore | None = None
        self._visits: Visits | None = None
        self.limit = RateLimit(lambda: self.store)  # counted in the store: one limit for every worker

    @property
    def store(self) -> WebStore:
        if self._store is None:
            self._store = self.config.open_store()
        return self._store

    @property
    def visits(self) -> Visits:
        if self._visits is None:
            self._visits = Visits(Signer(self.store.web_secret()), self.config.secure_cookies)
        return self._visits

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # -- the common parts of a page -------------------------------------------------------
    def page(self, request: Request, visit: Visit, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        response = pages.html(name, status, csrf=self.visits.signer.csrf(visit), person=visit.person,
                              signed_in=visit.person is not None, **context)
        self.visits.write(response, visit)
        return response

    def problem(self, request: Request, visit: Visit | None, kind: str, status: int, **context: Any) -> HTMLResponse:
        visit = visit or Visit.fresh()
        context.setdefault("typed", None)
        context.setdefault("session", None)
        return self.page(request, visit, "problem.html.j2", status, kind=kind, **context)

    def signed_in(self, request: Request) -> Visit | None:
        """The visit of someone signed in with a code that is still in use, or None."""
        visit = self.visits.read(request)
        if visit is None or visit.person is None or visit.code is None:
            return None
        return visit if self.store.code_in_use(visit.code) == visit.person else None

    def own_record(self, visit: Visit, session_id: str) -> SessionRecord | None:
        """The session, if it is the visitor's own; else None (another's is as if it did not exist)."""
        if len(session_id) > 64:
            return None
        try:
            record = self.store.load(session_id)
        except StoreError:
            return None
        same = (record.person or "").casefold() == (visit.person or "").casefold()
        return record if same else None

    def own_session(self, request: Request) -> tuple[Visit, SessionRecord] | Response:
        """The visitor and the session the address names, if it is their own; else the page to send
        instead (sign in first, or not found)."""
        visit = self.signed_in(request)
        if visit is None:
            return sign_in_first()
        record = self.own_record(visit, request.path_params["session"])
        if record is None:
            return self.problem(request, visit, "not-found", 404)
        return visit, record


def sign_in_first() -> RedirectResponse:
    """Where a visitor who is not signed in is sent."""
    return RedirectResponse("/sign-in", status_code=303)
