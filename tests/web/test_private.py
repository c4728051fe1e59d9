"""What keeps the web front end private, and every bad input it must answer with a clear page."""

from __future__ import annotations

import logging
import re

import pytest
from webclient import start

from engine.cli import main
from engine.frontends.web.reach import links
from engine.store.codes import FAILURES_ALLOWED
from engine.store.sqlite import SqliteStore

# Access codes hashed at a tiny cost here (tests/conftest.py): no test here is about the hash's cost.
pytestmark = pytest.mark.usefixtures("quick_code_hashes")


def typed_in(store_path, session):
    store = SqliteStore(store_path)
    try:
        return [e.text for e in store.load(session).log if e.text]
    finally:
        store.close()


def session_of(web):
    return re.search(r'action="/s/([^"]+)"', web.page).group(1)


def test_a_wrong_code_gets_the_sign_in_page_again(web, code):
    web.get("/sign-in")
    response = web.post("/sign-in", {"code": "ABCD-EFGH-JKMN-PQRS-TUVW"})
    assert response.status_code == 401 and "That code did not work" in response.text
    assert web.client.get("/", follow_redirects=False).status_code == 303  # still not signed in


def test_a_form_without_its_token_or_with_another_visits_token_is_refused(signed_in, store_path, app):
    web = signed_in
    start(web)
    session = session_of(web)
    version = web.field("version")
    for token in (None, "", "forged", "x" * 5000):
        data = {"answer": "hello", "version": version}
        if token is not None:
            data["csrf"] = token
        response = web.client.post(f"/s/{session}", data=data, follow_redirects=False)
        assert response.status_code == 403 and "This form could not be used" in response.text
    assert typed_in(store_path, session) == []
    assert web.client.post("/start", data={"dialogue": "web-walk"}, follow_redirects=False).status_code == 403


def test_a_tampered_cookie_is_no_sign_in(signed_in):
    web = signed_in
    value = web.client.cookies.get("peercoach")
    payload, mac = value.split(".")
    web.client.cookies.set("peercoach", payload[:-2] + "AA." + mac)
    assert web.client.get("/", follow_redirects=False).headers["location"] == "/sign-in"
    web.client.cookies.set("peercoach", "garbage")
    assert web.client.get("/", follow_redirects=False).status_code == 303


def test_an_oversized_answer_gets_a_clear_page_and_loses_nothing(signed_in, store_path):
    web = signed_in
    start(web)
    session = session_of(web)
    response = web.post(f"/s/{session}", {"answer": "x" * 200_000})
    assert response.status_code == 413 and "too long to send" in response.text
    assert "earlier answers are safe" in response.text and typed_in(store_path, session) == []
    # Under the form's limit the engine keeps 10,000 characters and says so, as in the terminal.
    web.get(f"/s/{session}")
    page = web.follow(web.post(f"/s/{session}", {"answer": "y" * 30_000}))
    assert "very long answer" in page.text and "Which would you like to look at?" in page.text
    assert typed_in(store_path, session) == ["y" * 10_000]


def test_a_stale_page_after_back_in_another_tab_shows_the_answer_back_and_saves_nothing(signed_in, store_path):
    web = signed_in
    start(web)
    session = session_of(web)
    web.follow(web.post(f"/s/{session}", {"answer": "fine"}))
    old = {"csrf": web.field("csrf"), "version": web.field("version")}
    web.follow(web.post(f"/s/{session}", {"action": "back"}))  # the other tab goes back
    response = web.client.post(f"/s/{session}", data={**old, "choice": "2"}, follow_redirects=False)
    assert response.status_code == 409 and "out of date" in response.text
    response = web.client.post(f"/s/{session}", data={**old, "answer": "words I typed"}, follow_redirects=False)
    assert "words I typed" in response.text and f'href="/s/{session}"' in response.text
    assert typed_in(store_path, session) == ["fine"]


def test_a_session_open_in_a_terminal_elsewhere_is_not_answered_here(signed_in, store_path):
    web = signed_in
    start(web)
    session = session_of(web)
    store = SqliteStore(store_path)
    store.db.execute("UPDATE sessions SET lease = ? WHERE id = ?",
                     ('{"host": "elsewhere", "pid": 1, "started": null, "boot": null, "since": "now"}', session))
    store.close()
    response = web.post(f"/s/{session}", {"answer": "keep me"})
    assert response.status_code == 409 and "open somewhere else" in response.text and "keep me" in response.text


def test_sign_in_is_rate_limited_by_address(web, code):
    web.get("/sign-in")
    statuses = [web.post("/sign-in", {"code": f"ZZZZ-{n:04d}"}).status_code for n in range(12)]
    assert statuses[:10] == [401] * 10 and statuses[10:] == [429, 429]
    assert "Too many tries" in web.page


# Ten times what a code allows in the inner loop; the thousand tries of the issue in the whole suite.
@pytest.mark.parametrize("tries", [FAILURES_ALLOWED * 10, pytest.param(1000, marks=pytest.mark.slow)])
def test_a_code_tried_a_thousand_times_is_refused_with_a_clear_page(app, web, code, tries):
    site = app.state.site
    web.get("/sign-in")
    wrong = code[:5] + "2222-2222-2222-2222"
    site.limit.tries = 10_000  # as if from many addresses: the store's count per code still holds
    for _ in range(tries):
        response = web.post("/sign-in", {"code": wrong})
    assert response.status_code == 429 and "resting for a while" in response.text
    response = web.post("/sign-in", {"code": code})
    assert response.status_code == 429  # even the right code, for a while


def test_revoking_a_code_signs_its_person_out(signed_in, store_path):
    store = SqliteStore(store_path)
    store.revoke_codes("Sam")
    store.close()
    assert signed_in.client.get("/", follow_redirects=False).headers["location"] == "/sign-in"


def test_no_answer_text_in_any_log(signed_in, caplog):
    web = signed_in
    caplog.set_level(logging.DEBUG)
    start(web)
    session = session_of(web)
    web.follow(web.post(f"/s/{session}", {"answer": "my secret words"}))
    web.post(f"/s/{session}", {"answer": "unreadable choice words"})
    web.post(f"/s/{session}", {"answer": "stale words", "version": "0"})
    assert "secret words" not in caplog.text and "choice words" not in caplog.text and "stale words" not in caplog.text


def test_the_note_after_a_redirect_is_for_that_page_only(signed_in):
    web = signed_in
    start(web)
    session = session_of(web)
    web.follow(web.post(f"/s/{session}", {"answer": "fine"}))
    back = web.follow(web.post(f"/s/{session}", {"action": "back"}))
    assert "Your earlier answer was: fine" in back.text
    again = web.get(f"/s/{session}")
    assert "Your earlier answer was" not in again.text


def test_a_page_that_does_not_exist_gets_a_clear_page_with_the_headers(signed_in):
    response = signed_in.get("/no/such/page")
    assert response.status_code == 404 and "We could not find that page" in response.text
    assert "content-security-policy" in response.headers
    assert signed_in.get("/s/" + "x" * 500).status_code == 404


def test_crisis_resources_become_tel_and_sms_links():
    assert [(link.kind, link.href) for link in links("Call or text 988")] == [("call", "tel:988"), ("text", "sms:988")]
    assert [link.href for link in links("Text HOME to 741741 (US) or CONNECT to 686868 (Canada)")] == [
        "sms:741741?&body=HOME", "sms:686868?&body=CONNECT"]
    assert [link.href for link in links("999 or 112")] == ["tel:999", "tel:112"]
    assert [link.href for link in links("Call 2-1-1 or visit 211.ca (Canada) or 211.org (US)")] == ["tel:211"]
    assert [link.href for link in links("Call 116 123 free, or email jo@samaritans.org (UK)")] == ["tel:116123"]
    assert links("your local emergency number") == [] and links("") == []


def test_the_codes_commands(tmp_path, capsys):
    store = str(tmp_path / "codes.db")
    assert main(["--store", store, "codes", "add", "Robin"]) == 0
    code = re.search(r"    (\S+)", capsys.readouterr().out).group(1)
    assert main(["--store", store, "codes", "list"]) == 0
    listed = capsys.readouterr().out
    assert "Robin" in listed and "in use" in listed and code[5:] not in listed
    assert main(["--store", store, "codes", "revoke", "robin"]) == 0
    assert "no longer works" in capsys.readouterr().out
    assert main(["--store", store, "codes", "revoke", "Nobody"]) == 1
    assert "nobody called" in capsys.readouterr().err
    assert main(["--store", store, "codes", "add", "/bad name"]) == 1
    assert "cannot be used as a name" in capsys.readouterr().err
    assert main(["--store", store, "serve", "--port", "0"]) == 1
    assert "--port 0" in capsys.readouterr().err


def test_a_page_that_fails_says_so_clearly_without_the_error_text(signed_in, app, monkeypatch, caplog):
    def broken(person, open_only=False):
        raise RuntimeError("secret words from an answer")
    monkeypatch.setattr(app.state.site.store, "goals", broken)
    response = signed_in.get("/goals")
    assert response.status_code == 500 and "Something went wrong" in response.text
    assert "secret words" not in response.text and "secret words" not in caplog.text
    assert "content-security-policy" in response.headers and "Sign out" in response.text  # still signed in


def test_behind_https_the_cookies_are_marked_secure(store_path, folder, code):
    from starlette.testclient import TestClient

    from engine.cli.serve import web_config
    from engine.frontends.web.app import create_app
    app = create_app(web_config(str(store_path), [str(folder)], "ca-us", https=True))
    with TestClient(app, base_url="https://peercoach.example") as client:
        assert "Secure" in client.get("/sign-in").headers["set-cookie"]
