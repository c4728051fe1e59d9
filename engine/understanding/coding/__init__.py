"""Coding a trainee's reply by explainable rules (``code_reply``), for rehearsal feedback and the
debrief: the codes of motivational interviewing each act carries, the words that gave each, and
the main behaviour they add up to (question, reflection, input or other)."""

from __future__ import annotations

import functools

from engine.understanding.coding.coded import Coded, Hit, main_behaviour
from engine.understanding.coding.coder import ReplyCoder
from engine.understanding.coding.vocabulary import Code, Move, bundled_replies

__all__ = ["Code", "Coded", "Hit", "Move", "ReplyCoder", "code_reply", "main_behaviour"]


@functools.lru_cache(maxsize=1)
def default_coder() -> ReplyCoder:
    return ReplyCoder(bundled_replies())


def code_reply(reply: str, client: str | None = None, spoken: bool = False) -> Coded:
    """The codes of ``reply``, judged against the ``client``'s line it answers; ``spoken`` for
    transcribed speech, coded by MITI's conventions for intonation."""
    return default_coder().code(reply, client, spoken)
