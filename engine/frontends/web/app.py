"""The web front end: a Starlette application over any ``WebStore``.

Every page is one request: read the session from the store, give the answer to the engine's core
(through the run loop's ``Run``), save, redirect (POST, redirect, GET: refreshing never answers
twice). A form that changed nothing (an answer the engine asks again for) is shown again at once,
with what was typed. The pages work without JavaScript; there is none.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route, request_response

from engine.conversation.safetynet import Interlude
from engine.conversation.session import Status
from engine.conversation.turns import Outcome, Question, Turn
from engine.frontends.console import question_hints
from engine.frontends.web import pages
from engine.frontends.web.config import WebConfig
from engine.frontends.web.forms import Action, TurnForm, read_turn
from engine.frontends.web.headers import CSP, FormLimit, SecurityHeaders
from engine.frontends.web.held import Held, after, new_record, open_held
from engine.frontends.web.reach import links
from engine.frontends.web.signing import Visit
from engine.frontends.web.site import Site, sign_in_first
from engine.frontends.web.visits import Note
from engine.ground.errors import PeercoachError, StoreError

log = logging.getLogger("peercoach.web")  # ids and kinds of problem only: never what anyone typed

Handler = Callable[[Request], Awaitable[Response]]


def _progress(question: Question) -> dict[str, int]:
    return {"step": question.step, "total": max(question.total, question.step)}


# -- the routes -----------------------------------------------------------------------------
class Pages:
    """The pages, one method each."""

    def __init__(self, site: Site):
        self.site, self.config = site, site.config

    async def stylesheet(self, request: Request) -> Response:
        return PlainTextResponse(pages.stylesheet(), media_type="text/css",
                                 headers={"cache-control": "public, max-age=3600"})

    async def home(self, request: Request) -> Response:
        visit = self.site.signed_in(request)
        if visit is None:
            return sign_in_first()
        assert visit.person is not None
        sessions = list(reversed(self.site.store.sessions(person=visit.person)))
        titles = {d.id: d.title for d in self.config.library.dialogues.values()}
        return self.site.page(request, visit, "home.html.j2",
                         unfinished=[s for s in sessions if s.status is not Status.FINISHED],
                         finished=[s for s in sessions if s.status is Status.FINISHED], titles=titles,
                         clients=self.config.client_dialogues, trainees=self.config.trainee_dialogues)

    async def sign_in_page(self, request: Request) -> Response:
        visit = self.site.visits.read(request) or Visit.fresh()
        if self.site.signed_in(request) is not None:
            return RedirectResponse("/", status_code=303)
        return self.site.page(request, visit, "sign-in.html.j2", wrong=False)

    async def sign_in(self, request: Request) -> Response:
        visit = self.site.visits.read(request)
        form = await request.form()
        if not self.site.visits.signer.csrf_ok(visit, form.get("csrf")):
            return self.site.problem(request, visit, "forged", 403)
        assert visit is not None
        address = request.client.host if request.client else "?"
        typed = form.get("code")
        try:
            if not self.site.limit.allow(address):
                log.warning("sign-in refused: too many attempts from one address")
                return self.site.problem(request, visit, "too-many", 429)
            found = self.site.store.sign_in(typed if isinstance(typed, str) else "")
        except StoreError:
            log.warning("a sign-in could not be checked: the store did not answer")
            return self.site.problem(request, visit, "error", 503)
        if found.locked:
            log.warning("sign-in refused: code %s is locked after too many wrong tries", found.code)
            return self.site.problem(request, visit, "locked", 429)
        if found.person is None:
            return self.site.page(request, visit, "sign-in.html.j2", 401, wrong=True)
        response = RedirectResponse("/", status_code=303)
        self.site.visits.write(response, Visit.fresh(found.person, found.code))  # a new nonce: no fixation
        return response

    async def sign_out(self, request: Request) -> Response:
        visit = self.site.visits.read(request)
        form = await request.form()
        if not self.site.visits.signer.csrf_ok(visit, form.get("csrf")):
            return self.site.problem(request, visit, "forged", 403)
        response = RedirectResponse("/sign-in", status_code=303)
        self.site.visits.write(response, Visit.fresh())
        return response

    async def start(self, request: Request) -> Response:
        visit = self.site.signed_in(request)
        form = await request.form()
        if visit is None:
            return sign_in_first()
        if not self.site.visits.signer.csrf_ok(visit, form.get("csrf")):
            return self.site.problem(request, visit, "forged", 403)
        chosen = form.get("dialogue")
        offered = {d.id for d in [*self.config.client_dialogues, *self.config.trainee_dialogues]}
        if not isinstance(chosen, str) or chosen not in offered:
            return self.site.problem(request, visit, "not-found", 404)
        assert visit.person is not None
        record = new_record(self.config, self.site.store, visit.person, chosen)
        held = open_held(self.config, self.site.store, record)
        try:
            held.save(Status.ACTIVE)
        except StoreError:
            return self.site.problem(request, visit, "not-saved", 503, typed=None)
        finally:
            self.site.store.release(record.id)
        return RedirectResponse(f"/s/{record.id}", status_code=303)

    def turn_page(self, request: Request, visit: Visit, held: Held, turn: Turn, status: int = 200,
                  typed: str = "", note: Note | None = None) -> Response:
        record = held.record
        if turn.outcome is Outcome.FINISHED or record.status is Status.FINISHED:
            return self.site.page(request, visit, "finished.html.j2", session=record.id, said=turn.messages,
                             title=held.conversation.dialogue.title)
        question = turn.question
        assert question is not None
        said = (*(note.said if note else ()), *turn.messages)
        notice = turn.notice or (note.notice if note else None)
        crisis = held.conversation.state.interlude is Interlude.ACUTE
        net = held.conversation.safety_net
        resources = self.config.resources
        context: dict[str, Any] = {
            "session": record.id, "version": held.version, "question": question, "said": said, "notice": notice,
            "hints": question_hints(question, self.config.messages), "typed": typed, "progress": _progress(question),
            "title": question.title, "section": question.section, "paused": record.status is Status.PAUSED,
        }
        if crisis:
            emergency = resources.emergency
            context.update(
                calm=self.config.messages("safety.acute"), plan=net.plan_text(), earlier=note.said if note else (),
                emergency=emergency, emergency_links=links(emergency), region=resources.region,
                resources=[{"name": r.name, "reach": r.reach, "hours": r.hours, "links": links(r.reach)}
                           for r in resources.entries])
            return self.site.page(request, visit, "crisis.html.j2", status, **context)
        return self.site.page(request, visit, "turn.html.j2", status, **context)

    async def show(self, request: Request) -> Response:
        reached = self.site.own_session(request)
        if isinstance(reached, Response):
            return reached
        visit, record = reached
        held = open_held(self.config, self.site.store, record)
        note = self.site.visits.take_note(request, visit, record.id, held.version)
        turn = held.turn()
        if request.url.path.endswith("/help") and turn.question is not None:
            turn = held.conversation.command("help")
        response = self.turn_page(request, visit, held, turn, note=note)
        self.site.visits.clear_note(request, response)
        return response

    async def answer(self, request: Request) -> Response:
        visit = self.site.signed_in(request)
        form = await request.form()
        if visit is None:
            return sign_in_first()
        if not self.site.visits.signer.csrf_ok(visit, form.get("csrf")):
            log.warning("a form without its token was refused")
            return self.site.problem(request, visit, "forged", 403)
        sent = read_turn(form)
        session_id = request.path_params["session"]
        if sent is None:
            return self.site.problem(request, visit, "forged", 400, session=session_id)
        record = self.site.own_record(visit, session_id)
        if record is None:
            return self.site.problem(request, visit, "not-found", 404)
        if record.status is Status.FINISHED:
            return self.site.problem(request, visit, "finished", 409, session=record.id, typed=sent.answer)
        try:
            self.site.store.claim(record.id)
        except StoreError:
            log.warning("session %s is open elsewhere; an answer was shown back", record.id)
            return self.site.problem(request, visit, "busy", 409, session=record.id, typed=sent.answer)
        try:
            return self.handle(request, visit, sent)
        finally:
            with contextlib.suppress(StoreError):
                self.site.store.release(record.id)

    def handle(self, request: Request, visit: Visit, sent: TurnForm) -> Response:
        record = self.site.store.load(request.path_params["session"])  # read again now it is held here
        held = open_held(self.config, self.site.store, record)
        if sent.version != held.version:
            return self.site.problem(request, visit, "stale", 409, session=record.id, typed=sent.answer)
        conversation = held.conversation
        now = held.run.now()
        if sent.action is Action.ANSWER:
            turn = conversation.reply(sent.answer, now=now)
        else:
            turn = conversation.command(sent.action.value, now=now)
        if turn.outcome is Outcome.SUMMARY:
            return RedirectResponse(f"/s/{record.id}/summary", status_code=303)
        if not held.changed() and turn.outcome is Outcome.ASK:  # asked again: nothing to save
            return self.turn_page(request, visit, held, turn, 422 if sent.answer else 200, typed=sent.answer)
        status = after(turn)
        try:
            held.save(status)
        except StoreError:
            log.warning("session %s could not be saved; the answer was shown back", record.id)
            return self.site.problem(request, visit, "not-saved", 503, session=record.id, typed=sent.answer)
        target = f"/s/{record.id}/paused" if status is Status.PAUSED else f"/s/{record.id}"
        response = RedirectResponse(target, status_code=303)
        shown = held.turn().messages if status is Status.ACTIVE else ()
        extra = tuple(m for m in turn.messages if m not in shown)
        if extra or turn.notice:
            self.site.visits.note(response, visit, Note(record.id, len(held.record.log), extra, turn.notice))
        return response

    async def paused(self, request: Request) -> Response:
        reached = self.site.own_session(request)
        if isinstance(reached, Response):
            return reached
        visit, record = reached
        note = self.site.visits.take_note(request, visit, record.id, len(record.log))
        response = self.site.page(request, visit, "paused.html.j2", session=record.id, said=note.said if note else (),
                             title=self.config.library[record.dialogue].title if record.dialogue in self.config.library
                             else record.dialogue)
        self.site.visits.clear_note(request, response)
        return response

    async def summary(self, request: Request) -> Response:
        reached = self.site.own_session(request)
        if isinstance(reached, Response):
            return reached
        visit, record = reached
        held = open_held(self.config, self.site.store, record)
        kind = request.path_params.get("kind", "")
        fmt = "markdown" if kind == "md" else "html"
        try:
            text = held.run.summary(fmt)
        except PeercoachError:
            log.warning("the summary of session %s could not be rendered", record.id)
            return self.site.problem(request, visit, "no-summary", 500, session=record.id)
        if kind:
            media = "text/markdown" if kind == "md" else "text/html"
            return Response(text, media_type=f"{media}; charset=utf-8", headers={
                "content-disposition": f'attachment; filename="peercoach-{record.id}.{kind}"',
                "content-security-policy": CSP.replace("style-src 'self'", f"style-src {pages.style_hashes(text)}")})
        bar = pages.environment().get_template("summary-bar.html.j2").render(session=record.id)
        page = text.replace("<body>", "<body>\n" + bar, 1)
        styles = f"'self' {pages.style_hashes(page)}"
        return HTMLResponse(page, headers={"content-security-policy": CSP.replace("'self'", styles, 1)})

    async def goals(self, request: Request) -> Response:
        visit = self.site.signed_in(request)
        if visit is None:
            return sign_in_first()
        assert visit.person is not None
        found = self.site.store.goals(visit.person)
        charts = [{"goal": g["text"], "points": [{"day": c["day"], "progress": c["progress"],
                                                  "decision": c.get("decision")}
                                                 for c in [*g["history"], *g["checkins"]]]} for g in found]
        return self.site.page(request, visit, "goals.html.j2", goals=list(zip(found, charts, strict=True)),
                         today=date.today().isoformat())

    def routes(self) -> list[Route]:
        return [
            Route("/site.css", self.stylesheet),
            Route("/", self.home),
            Route("/sign-in", self.sign_in_page, methods=["GET"]),
            Route("/sign-in", self.sign_in, methods=["POST"]),
            Route("/sign-out", self.sign_out, methods=["POST"]),
            Route("/start", self.start, methods=["POST"]),
            Route("/goals", self.goals),
            Route("/s/{session}", self.show, methods=["GET"]),
            Route("/s/{session}/help", self.show, methods=["GET"]),
            Route("/s/{session}", self.answer, methods=["POST"]),
            Route("/s/{session}/paused", self.paused),
            Route("/s/{session}/summary", self.summary),
            Route("/s/{session}/summary.{kind:str}", self.summary),
        ]


def create_app(config: WebConfig) -> Starlette:
    """The application. Its handlers run on the worker's event loop and use the store without
    awaiting anything in between, so one worker's requests never interleave on its connection."""
    config.messages = pages.web_words(config.messages)
    site = Site(config)

    def guarded(handler: Handler) -> Handler:
        async def run(request: Request) -> Response:
            try:
                return await handler(request)
            except HTTPException:
                raise
            except Exception as exc:  # a clear page, inside the security headers; the kind only in the log
                log.error("a page failed: %s", type(exc).__name__)
                with contextlib.suppress(Exception):  # still signed in on the page that says so
                    return site.problem(request, site.visits.read(request), "error", 500)
                return PlainTextResponse("Something went wrong. Your answers so far are saved.", status_code=500)
        return run

    routes = Pages(site).routes()
    for route in routes:
        route.app = request_response(guarded(route.endpoint))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            site.close()

    async def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        return site.problem(request, site.visits.read(request), "not-found" if status in (404, 405) else "error",
                            status)

    def too_large() -> bytes:
        return pages.environment().get_template("problem.html.j2").render(
            kind="too-large", csrf="", person=None, signed_in=False, typed=None, session=None,
            limit=f"{config.max_form_bytes // 1024} KB").encode()

    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={HTTPException: not_found},
                    middleware=[Middleware(SecurityHeaders), Middleware(FormLimit, limit=config.max_form_bytes,
                                                                        refuse=too_large)])
    app.state.site = site
    return app
