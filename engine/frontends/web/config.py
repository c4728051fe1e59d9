"""What the web front end is given by whoever serves it (``peercoach serve``): the dialogues, the
engine's words, how to open the store, and how a new conversation's context is made. The command
line builds it, so the web front end reuses the command line's set-up instead of copying it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from engine.conversation.messages import Messages
from engine.dialogue.model import Dialogue, Library
from engine.frontends.web.store import WebStore
from engine.safety.resources import Resources

MAX_FORM_BYTES = 64 * 1024  # a form larger than this is refused before it is read (the engine keeps 10,000 characters)

# (store, person, now, dialogue) -> what the new session is given (``person``, ``today``...).
NewContext = Callable[[WebStore, str, datetime, Dialogue], dict[str, Any]]


@dataclass
class WebConfig:
    library: Library
    messages: Messages
    resources: Resources
    open_store: Callable[[], WebStore]  # called once per worker, in the worker's own thread
    new_context: NewContext
    source_of: Callable[[Dialogue], str | None] = lambda dialogue: None  # where a session finds its dialogue again
    client_dialogues: list[Dialogue] = field(default_factory=list)
    trainee_dialogues: list[Dialogue] = field(default_factory=list)
    max_form_bytes: int = MAX_FORM_BYTES
    secure_cookies: bool = False  # the Secure flag: set when the site is served over HTTPS
