"""A trainee's rehearsals across sessions: which dialogues are rehearsals, and the figures of
each one finished before (``person.rehearsals``), so a debrief can chart progress over time."""

from __future__ import annotations

from typing import Any

from engine.conversation.machine import Conversation
from engine.conversation.messages import Messages
from engine.conversation.session import Status
from engine.dialogue.debriefing import debrief_filter
from engine.dialogue.model import Ask, Audience, Call, Dialogue, Library
from engine.ground.errors import PeercoachError
from engine.store.interface import SessionStore

MOST_SHOWN = 20  # the latest rehearsals a debrief charts


def trainee_dialogues(library: Library) -> list[Dialogue]:
    """The trainees' dialogues a person can start: the knowledge checks and the rehearsals (one
    that other dialogues call, such as the rehearsals' feedback, is a part of them)."""
    called = {node.dialogue for d in library.dialogues.values() for node in d.nodes.values() if isinstance(node, Call)}
    return [d for d in library.listed(Audience.TRAINEE) if d.id not in called]


def is_rehearsal(dialogue: Dialogue) -> bool:
    """A dialogue in which a trainee replies to a simulated client (a ``type: reply`` question)."""
    return any(isinstance(node, Ask) and node.answer.type == "reply" for node in dialogue.nodes.values())


def rehearsals(library: Library) -> list[Dialogue]:
    return [d for d in trainee_dialogues(library) if is_rehearsal(d)]


def rehearsal_history(store: SessionStore, person: str, library: Library, messages: Messages,
                      most: int | None = MOST_SHOWN) -> list[dict[str, Any]]:
    """Each rehearsal ``person`` finished, oldest first (the latest ``most``): the day, the dialogue
    and its title, how it ended, the replies kept and tried again, and what its debrief found (the
    MITI figures with their bands, the counts, the pitfalls, the strategies not shown, the safety
    steps missed after a disclosure). A session that cannot be read or replayed any more is left
    out, never in the way of a new one."""
    found = []
    for info in store.sessions([Status.FINISHED], person):
        dialogue = library.dialogues.get(info.dialogue)
        if dialogue is None or not is_rehearsal(dialogue):
            continue
        try:
            record = store.load(info.id)
            variables = Conversation(library, messages, record.dialogue, record.log, given=record.context).variables()
        except PeercoachError:
            continue
        figures = debrief_filter(variables.get("turns"), variables.get("practise"))
        pitfalls: dict[str, int] = {}
        for pitfall in figures["pitfalls"]:
            pitfalls[pitfall["id"]] = pitfalls.get(pitfall["id"], 0) + 1
        safety = figures["safety"]
        found.append({"day": (info.updated or info.created or "")[:10], "dialogue": dialogue.id,
                      "title": dialogue.title, "ended": variables.get("ended") or "", "replies": figures["turns"],
                      "tried_again": figures["retried"], "ratio": figures["ratio"], "ratio_text": figures["ratio_text"],
                      "ratio_band": figures["ratio_band"], "complex_share": figures["complex_share"],
                      "complex_band": figures["complex_band"], "counts": figures["counts"], "pitfalls": pitfalls,
                      "not_shown": [s["id"] for s in figures["missed"]],
                      "safety_steps_missed": [s["id"] for s in safety["missing"]] if safety else None,
                      "session": info.id})
    return found[-most:] if most else found
