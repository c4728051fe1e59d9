"""When a conversation offers an information card: an answer that only asks what a card answers
("is there a group that isn't AA?"), an answer that also asks, an answer that raises a topic a
card covers ("I'm behind on the rent": offered once the answer is handled, once a session per
card), and the yes or no to that offer. What the cards say is ``information``'s; which cards there
are is ``engine.dialogue.cards``'. Only a client's free answers (text and lists) are read for them.
"""

from __future__ import annotations

from engine.conversation.session import Entry, EntryKind
from engine.conversation.walk import Walk
from engine.dialogue.cards import Card, Cards, bundled_cards
from engine.dialogue.model import AnswerSpec, Ask, Audience
from engine.ground.errors import DialogueLoadError
from engine.safety import Finding, Level
from engine.understanding.answers import Accepted, Asking, Rejected, display, parse_yes_no_unsure
from engine.understanding.asking import Asked
from engine.understanding.listening import default_listener

_YES_NO = AnswerSpec("yesno")


def readable_cards() -> Cards:
    """The bundled cards; when they cannot be read (a front end that did not read them before the
    first question, as the command line does), none: a conversation never stops over an
    information page."""
    try:
        return bundled_cards()
    except DialogueLoadError:
        return Cards(())


def _free_client_answer(walk: Walk, ask: Ask) -> bool:
    """Whether the question takes a client's own words (text or a list), the only answers read for cards."""
    return ask.answer.type in ("text", "list") and walk.library[walk.frame().dialogue].audience is Audience.CLIENT


def card_asked(cards: Cards, walk: Walk, ask: Ask, text: str) -> tuple[Card, Asked] | None:
    """The card that answers a question a client's free answer asks, if any."""
    if not _free_client_answer(walk, ask):
        return None
    return cards.asked(text)


def only_asks(cards: Cards, walk: Walk, ask: Ask, text: str) -> bool:
    """Whether the answer only asks (so it answers nothing), at a question that does not ask for
    the person's own questions ("What would you like to find out?": a question answers it)."""
    kind = default_listener().kind_of(ask.text.render(walk.frame().variables))
    return cards.finder.only_questions(text) and not (kind is not None and kind.questions_answer)


def with_mention(cards: Cards, walk: Walk, ask: Ask, entry: Entry) -> Entry:
    """The answer with the card to offer after it, when a client's free answer raises a topic a
    card covers ("I'm behind on the rent"), its card was not offered yet in this session and the
    safety net has met no danger in it."""
    if entry.kind is not EntryKind.ANSWER or walk.alarmed or not _free_client_answer(walk, ask):
        return entry
    mentioned = cards.mentioned(entry.text, leave_out=walk.offered)
    if mentioned is None:
        return entry
    return entry.replaced(offer={"card": mentioned.card.id, "topic": mentioned.topic})


def waiting(cards: Cards, offer: dict[str, str] | None) -> tuple[Card, str] | None:
    """The card offered for a topic, waiting for yes or no, if its card is still there."""
    card = cards.find(str(offer.get("card", ""))) if offer else None
    if offer is None or card is None or card.id != offer.get("card") or not card.offer:
        return None
    return card, str(offer.get("topic") or "")


def offer_reply(text: str, *, finding: Finding | None, offered: bool, path: str, question: str,
                offer: dict[str, str] | None, now: str | None) -> Entry | Rejected:
    """The log entry for a yes or no to an offered card (``offered``: its card is still there), or
    why the words answer neither (the offer is made again). Words of danger in a reply that answers
    neither count as a no: the safety net answers them first."""
    result = parse_yes_no_unsure(Asking(_YES_NO, ()), text)
    if not isinstance(result, Accepted):
        if finding is None or finding.level is Level.NONE:
            return result
        result = Accepted(False)
    shown = result.value in (True, "unsure") and offered  # "not sure": a look costs nothing
    return Entry(node=path, value=shown, text=text, question=question, display=display(_YES_NO, (), shown),
                 kind=EntryKind.OFFER, at=now, safety=finding.to_dict() if finding and finding.level > Level.NONE
                 else None, offer=offer)
