"""The web front end under test: a small dialogue with every kind of question, the real set-up
of `peercoach serve` (engine.cli.serve.web_config) and a store in a temporary folder."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from webclient import Browserless

DIALOGUE = """
id: web-walk
title: A walk for the web
audience: client
description: Every kind of question, for the web front end's tests.
start: hello
nodes:
  hello:
    say: Hello. This is a short walk.
  feeling:
    ask: How are things for you this week?
    help: Any few words are fine.
  pick:
    ask: Which would you like to look at?
    options:
      - label: Sleep
        value: sleep
      - label: Friends
        value: friends
  rate:
    ask: How hopeful do you feel? 0 is not at all, 10 is very.
    type: scale
    min: 0
    max: 10
  when:
    ask: When will you try it?
    type: when
  helpers:
    ask: Who helps you?
    type: list
    optional: true
  done:
    end: That is the end of the walk. Well done.
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    dialogues = tmp_path / "dialogues"
    dialogues.mkdir()
    (dialogues / "web-walk.yaml").write_text(textwrap.dedent(DIALOGUE).lstrip(), encoding="utf-8")
    return dialogues


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "peercoach.db"


@pytest.fixture
def app(store_path, folder):
    from engine.cli.serve import web_config
    from engine.frontends.web.app import create_app
    store_path.parent.mkdir()
    from engine.store.sqlite import SqliteStore
    SqliteStore(store_path).close()
    return create_app(web_config(str(store_path), [str(folder)], "ca-us"))


@pytest.fixture
def code(store_path, app):
    from engine.store.sqlite import SqliteStore
    store = SqliteStore(store_path)
    try:
        return store.add_code("Sam")
    finally:
        store.close()


@pytest.fixture
def web(app):
    from starlette.testclient import TestClient
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield Browserless(client)


@pytest.fixture
def signed_in(web, code):
    web.get("/sign-in")
    web.follow(web.post("/sign-in", {"code": code}))
    return web
