"""Information cards: short plain-language texts on recovery, treatment, self-care, groups, food and
housing help and medication worries, one YAML file each in ``prompts/cards/``.

Cards live in the dialogue layer because they are authored content like dialogues: a facilitator
writes and extends them without Python, and they are read the same strict way (unknown keys
refused, every problem at file:line:col, every ``asked_by`` phrase compiled once). They name the
*kinds* of region resources they point to (``links``); the conversation layer joins them with
the region's file, so a card never holds a phone number that could go stale in one place only.

A card file::

    title: Groups other than AA              # shown in the /info list
    topic: peer_groups                       # one of TOPICS
    text: |                                  # plain words, grade 6 or below
      AA is one kind of group. ...
    links: [peer_groups]                     # region lists shown under the text (LINKS)
    sources:                                 # what the text rests on
      - SMART Recovery, smartrecovery.org
    asked_by:                                # a question in an answer that the card answers
      - "{group} .. (not|other than) {twelve_step}"
    mentioned:                               # a topic an answer raises, offered once a session
      offer: Would you like to see other kinds of groups?
      topics:                                # the name said back ("You mentioned AA.") and its phrases
        AA: ["{twelve_step}"]
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import yaml

from engine.ground.cache import cached
from engine.ground.errors import DialogueLoadError, Problem
from engine.ground.files import display_path, resource_dir
from engine.ground.source import Span
from engine.ground.yamlfile import is_null, plain_value
from engine.understanding.asking import ASKING_FILE, Asked, AskingRules, QuestionFinder, bundled_asking, topic_compiler
from engine.understanding.listening.matcher import PhraseList
from engine.understanding.phrasebook import PhrasebookReader
from engine.understanding.phrases import Compiled

CARD_KEYS = ("title", "topic", "text", "links", "sources", "asked_by", "mentioned")
MENTIONED_KEYS = ("offer", "topics")
MAX_MENTIONED = 2_000  # characters read for topics: what a card is offered for is said early
REQUIRED = ("title", "topic", "text", "sources")
# The region file's lists a card may point to (engine/safety/resources.py reads them).
LINKS = ("resources", "for_someone_else", "finding_help", "peer_groups", "basic_needs")
_ID = re.compile(r"[a-z][a-z0-9-]{0,39}")
_TOPIC_NAME = re.compile(r"[A-Za-z][A-Za-z' -]{0,39}")  # a card's id is its file name: what `/info ID` takes
_OFFER = "Would you like to see where people find help with that?"
_TOPICS_HINT = "name each topic with the words that raise it, e.g. `rent: [rent, behind on .. rent]`"


class CardTopic(StrEnum):
    PEER_SUPPORT = "peer_support"
    RECOVERY = "recovery"
    TREATMENT = "treatment"
    MEDICATION = "medication"
    SELF_CARE = "self_care"
    PEER_GROUPS = "peer_groups"
    BASIC_NEEDS = "basic_needs"
    SOMEONE_ELSE = "someone_else"


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    topic: CardTopic
    text: str
    sources: tuple[str, ...]
    links: tuple[str, ...] = ()
    asked_by: tuple[Compiled, ...] = ()
    words: frozenset[str] = frozenset()  # the words of its phrases (the reader keeps them as typed)
    offer: str | None = None  # the question that offers it when an answer raises its topic
    mentions: tuple[tuple[str, tuple[Compiled, ...]], ...] = ()  # (the name said back, its phrases)


@dataclass(frozen=True)
class Mention:
    """A topic a card covers that an answer raised: the card, the topic's name as said back
    ("rent"), and the words that raised it."""

    card: Card
    topic: str
    words: str


@dataclass(frozen=True)
class Cards:
    """Every card, in the order of their ids (the order ``/info`` lists them); ``skipped`` holds
    the problems of the card files left out because they could not be read."""

    cards: tuple[Card, ...]
    skipped: tuple[Problem, ...] = ()

    def find(self, key: str) -> Card | None:
        """A card by its number in the list (from 1), its id, or the start of its id."""
        key = key.strip().lower()
        if key.isdigit():
            number = int(key)
            return self.cards[number - 1] if 1 <= number <= len(self.cards) else None
        exact = [card for card in self.cards if card.id == key]
        starting = [card for card in self.cards if key and card.id.startswith(key)]
        return exact[0] if exact else starting[0] if len(starting) == 1 else None

    def __getitem__(self, card_id: str) -> Card:
        return next(card for card in self.cards if card.id == card_id)

    def ids(self) -> list[str]:
        return [card.id for card in self.cards]

    @functools.cached_property
    def finder(self) -> QuestionFinder:
        known = frozenset().union(*(card.words for card in self.cards))
        return QuestionFinder(bundled_asking(), [(card.id, card.asked_by) for card in self.cards], known)

    def asked(self, text: str) -> tuple[Card, Asked] | None:
        """The card that answers a question ``text`` asks, with what was asked; None when it asks
        none that a card answers (an ordinary answer asks nothing)."""
        asked = self.finder.asked(text)
        return (self[asked.label], asked) if asked else None

    @functools.cached_property
    def _mentions(self) -> PhraseList:
        return PhraseList([(f"{card.id}\t{topic}", phrases) for card in self.cards
                           for topic, phrases in card.mentions])

    def mentioned(self, text: str, leave_out: Collection[str] = ()) -> Mention | None:
        """The first topic a card covers that ``text`` raises (by where it is said), leaving out
        the cards in ``leave_out`` (already offered); None when it raises none."""
        if not any(card.mentions for card in self.cards):
            return None
        found = [f for f in self._mentions.find(self.finder.reader.read(text[:MAX_MENTIONED]))
                 if f.label.split("\t", 1)[0] not in leave_out]
        if not found:
            return None
        best = min(found, key=lambda f: (f.clause, f.start))
        card_id, topic = best.label.split("\t", 1)
        return Mention(self[card_id], topic, best.words)


class _CardReader(PhrasebookReader):
    def read(self, card_id: str, rules: AskingRules) -> Card | None:
        root = self.root("a card needs `title`, `topic`, `text` and `sources`")
        top = self.mapping(root, "a card") if root is not None else None
        if top is None or root is None:
            return None
        self.check_keys(top, CARD_KEYS, "a card")
        self.require(top, REQUIRED, root, "a card")
        title = self.string(top["title"][1], "`title`") if "title" in top else None
        topic = self.one_of(top["topic"][1], "`topic`", [t.value for t in CardTopic]) if "topic" in top else None
        text = self.string(top["text"][1], "`text`") if "text" in top else None
        sources = tuple(value for value, _ in self.strings(top["sources"][1], "`sources`")) if "sources" in top else ()
        if "sources" in top and not sources:
            self.error(top["sources"][1], "`sources` names nothing", "name what the card's words rest on")
        links = []
        for value, item in self.strings(top["links"][1], "`links`") if "links" in top else ():
            if value in LINKS:
                links.append(value)
            else:
                self.error(item, f"`links` names `{value}`, which is not a list of the region files",
                           "the lists are " + ", ".join(f"`{k}`" for k in LINKS))
        self.compiler = topic_compiler(rules)
        asked_by = tuple(self.compile(phrase, parsed, item) for phrase, parsed, item
                         in self.phrases(top["asked_by"][1], "`asked_by`")) if "asked_by" in top else ()
        offer, mentions = self.mentioned(top["mentioned"][1]) if "mentioned" in top else (None, ())
        if None in (title, topic, text) or not sources:
            return None
        assert title is not None and topic is not None and text is not None
        return Card(card_id, title, CardTopic(topic), text.strip(), sources, tuple(links), asked_by,
                    frozenset(self.known_words), offer, mentions)

    def mentioned(self, node: yaml.Node) -> tuple[str | None, tuple[tuple[str, tuple[Compiled, ...]], ...]]:
        """``mentioned:``: the offer's question and each topic's name with its phrases."""
        if is_null(node):
            self.error(node, "`mentioned` is empty", "give it `offer:` (a yes/no question) and `topics:`, "
                       "or take the `mentioned:` line out")
            return None, ()
        top = self.mapping(node, "`mentioned`")
        if top is None:
            return None, ()
        self.check_keys(top, MENTIONED_KEYS, "`mentioned`")
        misspelt = {close for key in top if key not in MENTIONED_KEYS  # (as check_keys suggests them)
                    for close in difflib.get_close_matches(key, MENTIONED_KEYS, n=1, cutoff=0.6)}
        for wanted, fix in (("offer", f"add `offer:` with the yes/no question, e.g. `offer: {_OFFER}`"),
                            ("topics", f"add `topics:`, and under it {_TOPICS_HINT[0].lower()}{_TOPICS_HINT[1:]}")):
            if wanted not in top and wanted not in misspelt:  # a misspelling of it says so itself
                self.error(node, f"`mentioned` is missing `{wanted}`", fix)
        offer = self.offer(top["offer"][1]) if "offer" in top else None
        topics = None
        if "topics" in top and is_null(top["topics"][1]):
            self.error(top["topics"][1], "`mentioned.topics` is empty", _TOPICS_HINT)
        elif "topics" in top:
            topics = self.mapping(top["topics"][1], "`mentioned.topics`")
        mentions = []
        for name, (key, value) in (topics or {}).items():
            if not _TOPIC_NAME.fullmatch(name):
                self.error(key, f"the topic name `{name}` is said back to the person (\"You mentioned "
                           f"{name}.\"): keep it to a few plain words", "e.g. `rent` or `a food bank`")
            before = len(self.problems)
            phrases = tuple(self.compile(phrase, parsed, item) for phrase, parsed, item
                            in self.phrases(value, f"`mentioned.topics.{name}`")) if not is_null(value) else ()
            if not phrases and len(self.problems) == before:  # (a phrase that is wrong says so itself)
                self.error(value, f"the topic `{name}` has no phrases",
                           f"list the words that raise it, e.g. `{name}: [{name}]`")
            mentions.append((name, phrases))
        if topics is not None and not topics:
            self.error(top["topics"][1], "`mentioned.topics` names no topic", _TOPICS_HINT)
        return offer, tuple(mentions)

    def offer(self, node: yaml.Node) -> str | None:
        """The yes/no question that offers the card: words, then a question mark."""
        if is_null(node) or (isinstance(node, yaml.ScalarNode) and not node.value.strip()):
            self.error(node, "`mentioned.offer` is empty", f"write the question that offers the card, e.g. `{_OFFER}`")
            return None
        if isinstance(node, yaml.ScalarNode) and not node.style and not isinstance(plain_value(node), str):
            self.error(node, f"`mentioned.offer` should be a question in words, not `{node.value}`",
                       f"e.g. `{_OFFER}`")
            return None
        offer = self.string(node, "`mentioned.offer`")
        if offer is None:
            return None
        offer = offer.strip()
        if not offer.endswith("?"):
            self.error(node, "`mentioned.offer` should be a question",
                       "end it with a question mark: the person answers yes or no")
        elif not re.search(r"[^\W\d_]", offer):
            self.error(node, "`mentioned.offer` has no words", f"e.g. `{_OFFER}`")
        return offer


def read_card(path: Path, rules: AskingRules | None = None) -> Card:
    """One card file, strictly read; a ``DialogueLoadError`` lists every problem in it."""
    reader = _CardReader(path)
    reader.name = display_path(path)
    card_id = path.stem
    if not _ID.fullmatch(card_id):
        message = f"a card's file name is its id: `{card_id}` should be lower-case letters, digits and dashes"
        raise DialogueLoadError([Problem(Span(reader.name, 1, 1), message, "rename it, e.g. food-help.yaml")])
    card = reader.read(card_id, rules or bundled_asking())
    if reader.problems or card is None:
        raise DialogueLoadError(reader.problems)
    return card


def read_cards(folder: Path, *, skip_broken: bool = False) -> Cards:
    """Every ``*.yaml`` card in ``folder``; one error lists every problem of every card. With
    ``skip_broken`` (for running), a card with a mistake is left out instead and ``skipped`` says
    why: one broken card never stops the others."""
    found, problems = [], []
    for path in sorted(folder.glob("*.yaml")):
        try:
            found.append(read_card(path))
        except DialogueLoadError as exc:
            problems.extend(exc.problems)
    if problems and not skip_broken:
        raise DialogueLoadError(problems)
    return Cards(tuple(found), tuple(problems))


def skipped_lines(cards: Cards) -> list[str]:
    """One line for each card left out: its first problem, at file:line:col, and how many more."""
    by_file: dict[str, list[Problem]] = {}
    for problem in sorted(cards.skipped, key=lambda p: p.span):
        by_file.setdefault(problem.span.file, []).append(problem)
    return [f"{found[0]} (so this card was left out"
            + (f"; it has {len(found) - 1} more problem{'s' * (len(found) > 2)})" if len(found) > 1 else ")")
            for found in by_file.values()]


def cards_dir() -> Path:
    return resource_dir("prompts") / "cards"


@functools.lru_cache(maxsize=1)
def bundled_cards() -> Cards:
    """The bundled cards, or as read last time while the cards, the asking rules and the code that
    reads them are unchanged (engine.ground.cache). A card with a mistake is left out, and
    ``skipped`` says why, so one broken card never stops the others."""
    folder, here = cards_dir(), Path(__file__).resolve().parent
    return cached("cards", [*sorted(folder.glob("*.yaml")), ASKING_FILE], [here, here.parent / "understanding"],
                  Cards, lambda: read_cards(folder, skip_broken=True))
