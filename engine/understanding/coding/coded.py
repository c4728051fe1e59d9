"""A reply as coded (``Coded``, each code a ``Hit`` with the words that gave it), and the main
behaviour its codes add up to: question, reflection, input or other, by the rehearsal set's rule
for typed replies (``main_behaviour``) and by AnnoMI's for spoken turns (``spoken_behaviour``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from engine.understanding.coding.vocabulary import Code, Move, RuleWords

QUESTIONS = (Code.OPEN_QUESTION, Code.CLOSED_QUESTION)
REFLECTIONS = (Code.SIMPLE_REFLECTION, Code.COMPLEX_REFLECTION)
INPUTS = (Code.INFORMATION, Code.ADVICE_WITH_PERMISSION, Code.ADVICE_WITHOUT_PERMISSION)


class SpokenRules:
    """How a spoken turn's main behaviour is weighed, from the words and numbers of ``rules:`` in
    replies.yaml: a question under ``tail`` of the turn's words (``tail_on_input`` after mostly
    information or advice) is a tail on what the turn does; what is told after a question, in as many
    words as it took and at least ``told_after``, is what the turn does; and a last question asking
    the client's consent ("is that okay", "would you be interested") is never a tail."""

    def __init__(self, rules: RuleWords):
        self.tail = rules.tail_share
        self.tail_on_input = rules.tail_share_after_input
        self.told_after = rules.told_after
        # The grammar: any of the leads, then one of the questions, ending on a word's end.
        leads = "|".join(f"{re.escape(word)} " for word in rules.consent_leads)
        asked = "|".join(re.escape(question) for question in rules.consent) or "(?!x)x"
        self.consent = re.compile((f"^(?:{leads})*" if leads else "^") + f"(?:{asked})\\b")

    def asks_consent(self, act: str) -> bool:
        return self.consent.match(act) is not None


@dataclass(frozen=True)
class Hit:
    """One code given to one act, with the words that gave it."""

    code: Code
    act: int
    words: str

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code.value, "act": self.act, "words": self.words}


@dataclass(frozen=True)
class Coded:
    """A reply as coded: its codes in the order their acts first appear, and its main behaviour."""

    hits: tuple[Hit, ...]
    moves: tuple[Move, ...] = ()
    acts: tuple[str, ...] = field(default=(), compare=False)
    spoken: bool = field(default=False, compare=False)
    rules: SpokenRules | None = field(default=None, compare=False, repr=False)  # needed when ``spoken``

    @property
    def codes(self) -> tuple[Code, ...]:
        return tuple(dict.fromkeys(hit.code for hit in self.hits))

    @property
    def main(self) -> str:
        if self.spoken:
            if self.rules is None:
                raise ValueError("a spoken turn's main behaviour needs the coder's SpokenRules")
            return spoken_behaviour(self.hits, [len(act.split()) for act in self.acts], self.rules, self.acts)
        return main_behaviour(self.codes)

    def words_for(self, code: Code) -> list[str]:
        """The words that gave ``code``, once per act."""
        return [hit.words for hit in self.hits if hit.code is code]

    def to_dict(self) -> dict[str, object]:
        return {"codes": [code.value for code in self.codes], "main": self.main,
                "moves": [move.value for move in self.moves], "hits": [hit.to_dict() for hit in self.hits],
                "acts": list(self.acts)}


def main_behaviour(codes: Iterable[Code]) -> str:
    """The four-way behaviour (question, reflection, input, other) the codes add up to: of a
    question and a reflection, whichever comes first (``shared/data/rehearsal/README.md``)."""
    codes = tuple(codes)
    first_q = next((i for i, c in enumerate(codes) if c in QUESTIONS), None)
    first_r = next((i for i, c in enumerate(codes) if c in REFLECTIONS), None)
    if first_q is not None and first_r is not None:
        return "question" if first_q < first_r else "reflection"
    if first_q is not None:
        return "question"
    if first_r is not None:
        return "reflection"
    if any(code in INPUTS for code in codes):
        return "input"
    return "other"


def spoken_behaviour(hits: Iterable[Hit], act_words: list[int], rules: SpokenRules,
                     acts: tuple[str, ...] = ()) -> str:
    """The four-way behaviour of a counsellor's spoken turn, as AnnoMI's annotators gave it: a
    question when the turn asks anything, unless the question is a short tail on a long stretch of
    reflecting or informing ("... What do you think?"); otherwise whichever of reflection and input
    takes up more of the turn (collaboration, agenda-setting, is AnnoMI's "negotiation", a kind of
    input); `other` when none is there. A question followed by a longer telling leads into it, and the
    turn is what is told after it. A last question that asks the client's consent ("... Is that okay?",
    "Would you be interested?") is never a tail: the turn waits on the answer."""
    hits = tuple(hits)
    told = _told_after(hits, act_words, rules.told_after)
    if told is not None:
        return told
    share, _ = _shares(hits, act_words)
    said = share["reflection"] + share["input"]
    tail = rules.tail_on_input if share["input"] > share["reflection"] else rules.tail
    if share["question"] and _asks_consent(hits, acts, rules):
        return "question"
    if share["question"] and share["question"] >= tail * (said + share["question"]):
        return "question"
    if not said:
        return "question" if share["question"] else "other"
    return "reflection" if share["reflection"] >= share["input"] else "input"


def _kind(code: Code) -> str | None:
    """Which of a spoken turn's shares a code counts in (collaboration is AnnoMI's negotiation, an input)."""
    return "question" if code in QUESTIONS else "reflection" if code in REFLECTIONS else "input" \
        if code in INPUTS or code is Code.COLLABORATION else None


def _words(act_words: list[int], act: int) -> int:
    return act_words[act] if act < len(act_words) else 1


def _shares(hits: Iterable[Hit], act_words: list[int], after: int = -1) -> tuple[dict[str, int], set[int]]:
    """The words of the turn's acts after act ``after`` that each kind takes (an act counted once per
    kind), and those acts."""
    share = {"question": 0, "reflection": 0, "input": 0}
    seen: set[tuple[str, int]] = set()
    for hit in hits:
        kind = _kind(hit.code)
        if kind is not None and hit.act > after and (kind, hit.act) not in seen:
            seen.add((kind, hit.act))
            share[kind] += _words(act_words, hit.act)
    return share, {act for _, act in seen}


def _last_question(hits: Iterable[Hit]) -> int | None:
    return max((hit.act for hit in hits if hit.code in QUESTIONS), default=None)


def _told_after(hits: tuple[Hit, ...], act_words: list[int], least: int) -> str | None:
    """Reflection or input when the turn's last question is followed by a telling of at least as many
    words (and at least ``least``): "Is it okay if we go over the form? It asks about ... and ...
    and ..." goes on past its question. None when no telling follows, or a short one."""
    last = _last_question(hits)
    if last is None:
        return None
    share, told_acts = _shares(hits, act_words, after=last)  # no question comes after the last one
    asked = {hit.act for hit in hits if hit.code in QUESTIONS}
    told = sum(_words(act_words, act) for act in told_acts)
    if told < max(least, sum(_words(act_words, act) for act in asked)):
        return None
    return "reflection" if share["reflection"] >= share["input"] else "input"


def _asks_consent(hits: tuple[Hit, ...], acts: tuple[str, ...], rules: SpokenRules) -> bool:
    """Whether the turn's last question asks the client's consent or willingness."""
    last = _last_question(hits)
    return last is not None and last < len(acts) and rules.asks_consent(acts[last])
