"""Coding a trainee's reply: each act gets a code, with the words that decided it.

An act is first a question or not. A question is closed (yes/no, one fact, a choice, a scale, or
any statement typed with "?") or open; it may also carry advice ("have you tried ...?"),
collaboration ("shall we ...?", "can I share ...?") or a confrontation ("are you really trying?").
A statement is tested for each code's phrases in the order below; one that says back what the
client said, or names their feeling, is a reflection: complex when it adds a feeling, a meaning,
the other side or a metaphor the client did not state, simple otherwise. Advice is with
permission when a permission came earlier in the reply or an opt-out stands beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.understanding.coding.acts import Act, acts
from engine.understanding.coding.vocabulary import Code, Move, ReplyVocabulary
from engine.understanding.matching import PhraseIndex
from engine.understanding.phrases import Compiled
from engine.understanding.reading import Clause, Reader, make_clause
from engine.understanding.textnorm import normalise, words

QUESTIONS = (Code.OPEN_QUESTION, Code.CLOSED_QUESTION)
REFLECTIONS = (Code.SIMPLE_REFLECTION, Code.COMPLEX_REFLECTION)
INPUTS = (Code.INFORMATION, Code.ADVICE_WITH_PERMISSION, Code.ADVICE_WITHOUT_PERMISSION)
# Words too common to show that a reflection repeats the client ("you", "it", "the").
_SMALL = frozenset(["i", "you", "me", "my", "your", "it", "its", "the", "a", "an", "and", "or", "but", "so", "to", "of", "in", "on", "at", "for", "with", "is", "am", "are", "was", "were", "be", "been", "have", "has", "had", "do", "does", "did", "not", "no", "yes", "that", "this", "there", "they", "them", "he", "she", "we", "us", "our", "just", "really", "very", "like", "get", "got", "go", "going", "about", "what", "how", "why", "when", "would", "could", "should", "can", "will", "dont", "do"])


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

    @property
    def codes(self) -> tuple[Code, ...]:
        return tuple(dict.fromkeys(hit.code for hit in self.hits))

    @property
    def main(self) -> str:
        return main_behaviour(self.codes)

    def to_dict(self) -> dict[str, object]:
        return {"codes": [code.value for code in self.codes], "main": self.main,
                "moves": [move.value for move in self.moves], "hits": [hit.to_dict() for hit in self.hits]}


def main_behaviour(codes: tuple[Code, ...]) -> str:
    """The four-way behaviour (question, reflection, input, other) the codes add up to."""
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


class _Phrases:
    def __init__(self, labelled: dict[str, tuple[Compiled, ...]]):
        self.index: PhraseIndex[str] = PhraseIndex((label, p) for label, phrases in labelled.items() for p in phrases)

    def find(self, clause: Clause) -> dict[str, str]:
        """Each label found in the clause, with the words of its first (longest) match."""
        found: dict[str, tuple[int, int, str]] = {}
        for hit in self.index.find(clause):
            if hit.end <= hit.start:
                continue
            best = found.get(hit.owner)
            if best is None or (hit.start, -(hit.end - hit.start)) < (best[0], -best[1]):
                found[hit.owner] = (hit.start, hit.end - hit.start, clause.words(hit.start, hit.end))
        return {label: words for label, (_, _, words) in sorted(found.items(), key=lambda item: item[1][0])}


class ReplyCoder:
    def __init__(self, vocabulary: ReplyVocabulary):
        self.reader = Reader(vocabulary.lexicon)
        q = vocabulary.questions
        self.questions = _Phrases({"starts": q.starts, "tags": q.tags, "closed": q.closed, "open": q.open})
        self.codes = _Phrases({name: phrases for name, (_, phrases) in vocabulary.codes.items()})
        r = vocabulary.reflections
        self.reflections = _Phrases({"starts": r.starts})
        self.adds = PhraseIndex(("adds", phrase) for phrase in r.adds)
        self.says = {name: says for name, (says, _) in vocabulary.codes.items()}

    def code(self, reply: str, client: str | None = None) -> Coded:
        client_words = _content(client or "")
        hits: list[Hit] = []
        moves: list[Move] = []
        permitted = False
        parts = acts(reply[:5000])
        for index, act in enumerate(parts):
            clause = self._clause(act.text)
            if clause is None:
                continue
            found = self.codes.find(clause)
            if "hope" in found:
                moves.append(Move.HOPE)
            codes, permitted = self._act(act, clause, found, client_words, permitted, len(parts))
            hits += [Hit(code, index, words) for code, words in codes]
        if len(reply.split()) > 60 and any(h.code is Code.OTHER for h in hits):
            moves.append(Move.STORY)
        return Coded(tuple(hits), tuple(dict.fromkeys(moves)), tuple(a.text for a in parts))

    def _clause(self, text: str) -> Clause | None:
        tokens = [token for clause in self.reader.read(text) for token in clause.tokens]
        return make_clause(0, tokens) if tokens else None

    def _act(self, act: Act, clause: Clause, found: dict[str, str], client: set[str], permitted: bool,
             count: int) -> tuple[list[tuple[Code, str]], bool]:
        q = self.questions.find(clause)
        text = clause.words(0, len(clause.tokens))
        asked = act.asked or "starts" in q or "tags" in q
        codes: list[tuple[Code, str]] = []
        permission = "collaboration" in found and _is_permission(found["collaboration"])
        if asked:
            kind = Code.CLOSED_QUESTION if self._closed(act, q) else Code.OPEN_QUESTION
            codes.append((kind, q.get("starts") or q.get("closed") or text))
            if "confront_or_blame" in found:
                codes.append((Code.CONFRONT_OR_BLAME, found["confront_or_blame"]))
            if "collaboration" in found:
                codes.append((Code.COLLABORATION, found["collaboration"]))
                return codes, permitted or permission
            if "advice_without_permission" in found:
                codes.append((Code.ADVICE_WITHOUT_PERMISSION, found["advice_without_permission"]))
            return codes, permitted
        # A statement: one act can carry a few codes, in the order their words come.
        if "other" in found and len(clause.tokens) <= 4 and count > 1 and _acknowledgement(text):
            return [], permitted  # "ok", "mm" beside another act is not coded
        advice = "advice_without_permission" in found
        opt_out = "advice_with_permission" in found
        for name in ("other", "confront_or_blame", "affirmation", "collaboration", "information"):
            if name in found:
                codes.append((Code(name), found[name]))
        if advice:
            code = Code.ADVICE_WITH_PERMISSION if permitted or opt_out else Code.ADVICE_WITHOUT_PERMISSION
            codes.append((code, found["advice_without_permission"]))
        elif opt_out and permitted:
            codes.append((Code.ADVICE_WITH_PERMISSION, found["advice_with_permission"]))
        if "autonomy" in found and not (advice and opt_out):
            codes.append((Code.AUTONOMY, found["autonomy"]))
        if not any(c in (Code.AFFIRMATION, Code.CONFRONT_OR_BLAME) for c, _ in codes) and self._reflects(clause, found):
            codes.append((self._depth(clause, client), text))
        if not codes:
            codes.append((Code.OTHER, text))
        return codes, permitted or permission

    def _closed(self, act: Act, q: dict[str, str]) -> bool:
        if "open" in q:
            return False
        if "closed" in q or "tags" in q:
            return True
        return "starts" not in q  # a statement typed with "?": rule 3

    def _reflects(self, clause: Clause, found: dict[str, str]) -> bool:
        if found.keys() & {"advice_without_permission", "information", "collaboration", "autonomy"}:
            return bool(self.reflections.find(clause)) and "you" in clause.tokens[:3]
        if "other" in found and len(clause.tokens) <= 6:
            return False
        tokens = set(clause.tokens)
        return bool(self.reflections.find(clause)) or bool(tokens & {"you", "your", "yourself"})

    def _depth(self, clause: Clause, client: set[str]) -> Code:
        """Complex when the reflection adds what the client did not say; simple when it says it back."""
        for hit in self.adds.find(clause):
            added = set(words(clause.words(hit.start, hit.end))) - _SMALL
            if added and not added & client:
                return Code.COMPLEX_REFLECTION
        return Code.SIMPLE_REFLECTION


def _content(text: str) -> set[str]:
    found = set()
    for word in words(normalise(text)):
        if word not in _SMALL:
            found |= {word, word.rstrip("s"), re.sub(r"(ing|ed)$", "", word)}
    return found


def _is_permission(words_: str) -> bool:
    return bool(re.search(r"\b(?:can i|could i|may i|would it be|is it|do you mind|would you mind|would you like|"
                          r"do you want|want|fancy|are you open|would you be open|if it is|if that is|with your "
                          r"permission|if you will let|if you would let|if you are ok)\b", words_))


def _acknowledgement(text: str) -> bool:
    return bool(re.fullmatch(r"(?:ok|okay|right|alright|mm+|hmm+|yeah|yep|sure|fair enough|makes sense|i hear you|"
                             r"i get it|i see|got it|gotcha|wow|oh|ah|ugh|oof|yikes|damn|lol|haha|aw+|bless)", text))
