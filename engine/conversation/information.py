"""Information cards in a conversation: the list ``/info`` shows, one card with the region's links
under it, the offer made when an answer asks a question a card answers, and the question that
offers a card when an answer raises a topic it covers (``mention_offer``). Every word shown
comes from the card or from ``prompts/messages.yaml`` (the ``cards`` group)."""

from __future__ import annotations

from engine.conversation.messages import Messages
from engine.dialogue.cards import Card, Cards
from engine.safety.resources import Resources

CARD_NOTE = "card"  # a note kept for an answer that only asked a question a card answers: "card:ID"


def card_list(messages: Messages, cards: Cards) -> str:
    lines = [messages("cards.list")]
    lines += [messages("cards.item", number=number, title=card.title) for number, card in enumerate(cards.cards, 1)]
    return "\n".join(lines)


def card_text(messages: Messages, card: Card, resources: Resources | None) -> str:
    """A card as shown: its title, its words, the region's help it links to, and its sources."""
    parts = [card.title, *(_unwrapped(paragraph) for paragraph in card.text.split("\n\n"))]
    links = [entry for kind in card.links for entry in (resources.listed(kind) if resources else ())]
    if links and resources is not None:
        lines = [messages("cards.where", region=resources.region)]
        lines += [messages("cards.resource", name=r.name, reach=r.reach, hours=r.hours) for r in links]
        parts.append("\n".join(lines))
    parts.append(messages("cards.sources", sources="; ".join(card.sources)))
    parts.append(messages("cards.back"))
    return "\n\n".join(parts)


def mention_offer(messages: Messages, card: Card, topic: str) -> str:
    """The question that offers a card for a topic an answer raised: "You mentioned rent. Would you
    like to see where people find help with that?" (the card's own ``mentioned.offer``)."""
    return messages("cards.mentioned", topic=topic, offer=card.offer or "")


def show(messages: Messages, cards: Cards, key: str, resources: Resources | None) -> tuple[str | None, str | None]:
    """What ``/info KEY`` shows (the card, or the list when KEY is empty) and a notice when there
    is no card by that name."""
    if not key.strip():
        return card_list(messages, cards), None
    card = cards.find(key)
    if card is None:
        return card_list(messages, cards), messages("cards.unknown", name=key.strip()[:40])
    return card_text(messages, card, resources), None


def _unwrapped(paragraph: str) -> str:
    """A paragraph as one line (a front end wraps it to the screen); a list keeps one item a line."""
    lines = [line.strip() for line in paragraph.strip().splitlines() if line.strip()]
    out: list[str] = []
    for line in lines:
        if out and not line.startswith("- ") and not out[-1].startswith("- "):
            out[-1] += " " + line
        else:
            out.append(line)
    return "\n".join(out)
