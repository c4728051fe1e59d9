"""Which parts of a reply speak to the other person about them, and which are the speaker's own.

A trainee rehearsing a safety response says "are you having thoughts of suicide?" or "it sounds
like you want to die": words of danger, but about the (simulated) client, said to them. The
safety net still reads what the trainee says of themselves ("I want to die too", "I can't go on"),
so ``own_words`` keeps the acts of a reply that are not addressed to the other person.

Each part of each act (the coder's acts, cut again at their commas) is judged on its own. A part
is addressed to the other person when it speaks of "you" and its only "I" is in a frame
that leads into what is said to them ("I wonder if you...", "can I ask whether you...", "I'm
worried you might...").
"""

from __future__ import annotations

import re

from engine.understanding.coding.words import FIRST_PERSON, SECOND_PERSON

_FRAME = re.compile(
    r"^(?:(?:i (?:am |was )?(?:just |really |so |a bit |quite )?"
    r"(?:wonder|wondering|worried|concerned|think|thinking|guess|hear|hearing|notice|noticing|sense|sensing|"
    r"get the sense|care|sorry|glad|curious|feel|want to ask|need to ask|have to ask|would like to ask|"
    r"going to ask|want to check|need to check|wanted to ask|wanted to check|ask|asking|mean|know)"
    r"|(?:can|could|may|might) i (?:ask|check)(?: you)?|let me (?:ask|check)(?: you)?)"
    r"(?: (?:that|if|whether|about|because|how|what))*\s*)+")


def addressed(tokens: list[str]) -> bool:
    """Whether an act's words (as the coder reads them) are said to the other person about them."""
    text = " ".join(tokens)
    rest = _FRAME.sub("", text, count=1).split()
    return bool(SECOND_PERSON & set(rest)) and not FIRST_PERSON & set(rest)


def own_words(reply: str) -> str:
    """The reply without its acts addressed to the other person: the whole reply when none is,
    nothing when all are."""
    from engine.understanding.coding import default_coder  # compiled on first use

    coder = default_coder()
    parts = [act.tokens[start:end] for act in coder.acts(reply)
             for start, end in zip(act.parts, [*act.parts[1:], len(act.tokens)], strict=True)]
    kept = [part for part in parts if not addressed(coder.strip_openers(part))]
    if len(kept) == len(parts):
        return reply
    return ". ".join(" ".join(part) for part in kept)
