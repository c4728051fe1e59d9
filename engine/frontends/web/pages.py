"""The web pages: templates in ``prompts/web`` (beside the summaries, whose charts they share),
rendered in Jinja's sandbox with HTML autoescaping, so an answer is always shown as text."""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from starlette.responses import HTMLResponse

from engine.conversation.messages import Messages
from engine.ground.files import resource_dir

WEB = "web"


def paragraphs(text: str) -> list[str]:
    """What the engine says, one paragraph per blank-line-separated block (lines kept within it)."""
    return [block.strip("\n") for block in re.split(r"\n\s*\n", text or "") if block.strip()]


@functools.cache
def environment() -> SandboxedEnvironment:
    prompts = resource_dir("prompts")
    env = SandboxedEnvironment(loader=jinja2.FileSystemLoader([str(prompts / WEB), str(prompts)]),
                               autoescape=True, undefined=jinja2.StrictUndefined,
                               trim_blocks=True, lstrip_blocks=True)
    env.filters["paragraphs"] = paragraphs
    return env


def web_words(base: Messages) -> Messages:
    """The engine's words as the web says them: ``prompts/web/messages.yaml`` over ``base``, for the
    few that speak of typing /commands or pressing keys where the web has buttons."""
    own = Messages.load(resource_dir("prompts") / WEB / "messages.yaml")
    return Messages({**base.texts, **{k: v for k, v in own.texts.items() if k in base.texts}})


def html(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(environment().get_template(name).render(**context), status_code=status)


def stylesheet() -> str:
    return (resource_dir("prompts") / WEB / "site.css").read_text(encoding="utf-8")


STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def style_hashes(page: str) -> str:
    """The CSP sources that allow exactly the inline ``<style>`` blocks of a page (a summary)."""
    digests = {base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
               for block in STYLE.findall(page)}
    return " ".join(f"'sha256-{d}'" for d in sorted(digests))
