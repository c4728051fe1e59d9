"""Whether an answer answers its question at all.

Each clause is *empty* when its words are all taken by ``empty`` phrases ("I don't know",
"nothing", "not really") and ``fillers`` ("really", "tbh", "I guess"); a *dodge* when it holds a
``dodges`` phrase (a joke, a refusal, "ask me next week", "I'm not good at anything"); otherwise
it has content. An answer with no content, or a short question back ("what step?"), is a
non-answer.

Content that follows an empty start ("not really, EI ran out and I'm behind on rent") is often
life news rather than an answer, so it counts only when it gives what the question asks for
(``Needs``): a support that is not ruled out; an offer, however small ("not much, but my dog");
a problem named; how a step went; or, for "How has your week been?", any description.
Without an empty start, content answers, except that a support question is not answered by
ruling people out ("not my dad, he's the reason I drink").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from engine.ground.regexes import compiled
from engine.understanding.listening.heard import Evidence
from engine.understanding.listening.matcher import PhraseList
from engine.understanding.listening.spans import Found
from engine.understanding.listening.vocabulary import Needs, Nonanswers, QuestionKind
from engine.understanding.reading import Clause, make_clause

# A short question back instead of an answer: "what step?", "like what?", "huh?"
_QUESTION_BACK = compiled(r"^\W*(?:what|which|who|whose|huh|eh|pardon|sorry|like|you mean|meaning|such as|how do you"
                            r"|how d'?you|what do you|do you mean)\b[^?.!]{0,40}\?+\W*$", re.IGNORECASE)
_QUESTION_BACK_WORDS = 7
# To a question that asks for questions ("What would you like to find out?") only asking what it means is one.
_CLARIFYING = compiled(r"^\W*(?:huh|eh|pardon|sorry|what|like what|such as|meaning|you mean|do you mean"
                         r"|what do you mean)(?: by that| by it)?\W*$", re.IGNORECASE)
_ITEM_WORDS = 5  # "my support worker said resourceful": an item offered, not news
_NOT_ITEMS = frozenset(["not", "no", "ask", "less", "depends", "nothing", "never", "cannot", "can", "could", "do",
                        "did", "would", "will"])  # "not work anyway", "ask my mum"
_VAGUE = frozenset(["stuff", "things", "everything", "anything", "whatever", "the", "lot", "whole", "world", "a", "all",
                    "of", "it", "and", "or", "just", "really"])
_FOLLOW_ON = frozenset({"but", "though", "although", "however", "except", "they", "he", "she", "which", "so", "or"})
# Words that make a clause a statement of news rather than an item offered ("but my dog"):
# a subject, a verb that agrees with one, or a past tense.
_STATEMENT_WORDS = frozenset(["i", "he", "she", "they", "we", "it", "is", "was", "are", "were", "has", "have", "had",
                              "am", "been", "did", "does", "got", "went", "came", "gets"])


class Content(Protocol):
    """What the other rules found in the answer, for judging what its content gives. ``topics``
    and ``elements`` are asked for only when content follows an empty start, so a reading may
    work them out on demand (most answers are judged without them)."""

    @property
    def cover(self) -> list[Found]: ...  # the empty phrases and fillers (``NonanswerRules.cover``)

    @property
    def dodges(self) -> list[Found]: ...

    @property
    def topics(self) -> list[Found]: ...

    @property
    def elements(self) -> list[Found]: ...  # feeling elements that count


@dataclass(frozen=True)
class Dodging:
    """The clauses that sidestep the question, and what else they say."""

    dodges: list[Found]
    put_downs: list[Found]  # put-downs of oneself: they raise low mood
    sore: list[Found]  # they carry a bad feeling ("don't ask", "whats it matter")


class NonanswerRules:
    def __init__(self, nonanswers: Nonanswers):
        self.empty = PhraseList([("unknown", nonanswers.unknown), ("nothing", nonanswers.nothing),
                                 ("little", nonanswers.little),
                                 ("empty", nonanswers.empty), ("filler", nonanswers.fillers)])
        self.dodges = PhraseList([("dodge", nonanswers.dodges)])
        self.put_downs = PhraseList([("put_down", nonanswers.put_downs)])
        self.sore = PhraseList([("dodge", nonanswers.sore)])
        self.supports = PhraseList([("support", nonanswers.supports), ("not_support", nonanswers.not_supports)])
        self.offers = PhraseList([("offer", nonanswers.offers)])
        self.hedges = PhraseList([("hedge", nonanswers.hedges)])
        self.answers: dict[str, PhraseList] = {}
        self.kind_dodges: dict[str, PhraseList] = {}
        self.bad_topics: set[str] = set()  # topics that are bad news themselves (worry, low mood, a death)

    def with_answers(self, kinds: tuple[QuestionKind, ...]) -> NonanswerRules:
        """Each kind's own ``answers`` phrases, filed once."""
        self.answers = {kind.name: PhraseList([("answer", kind.answers)]) for kind in kinds if kind.answers}
        self.kind_dodges = {kind.name: PhraseList([("dodge", kind.dodges)]) for kind in kinds if kind.dodges}
        return self

    def cover(self, clauses: list[Clause]) -> list[Found]:
        """The empty phrases and fillers in the clauses (read once, for this and for the feeling)."""
        return self.empty.find(clauses)

    def dodging(self, clauses: list[Clause], kind: QuestionKind | None) -> Dodging:
        """The dodges, the put-downs of oneself ("I'm useless at everything": these dodge a question
        that asks for something good or someone, and answer one about a problem or a week), and the
        dodges that carry a bad feeling ("don't ask", "what's it matter")."""
        put_downs = self.put_downs.find(clauses)
        sore = self.sore.find(clauses)
        dodges = self.dodges.find(clauses) + sore
        if kind is not None and kind.name in self.kind_dodges:
            dodges += self.kind_dodges[kind.name].find(clauses)
        if kind is None or kind.needs in (Needs.SOMETHING, Needs.SUPPORT):
            dodges += put_downs
        return Dodging(dodges, put_downs, sore)

    def judge(self, text: str, clauses: list[Clause], kind: QuestionKind | None,
              found: Content) -> tuple[bool, list[Evidence]]:
        back = _QUESTION_BACK
        if kind is not None and kind.questions_answer:  # "which tablet is best?" answers "What will you ask?"
            back = _CLARIFYING
        if len(text.split()) <= _QUESTION_BACK_WORDS and back.match(text.strip()):
            return True, [Evidence("nonanswer", "question back", text.strip())]
        evidence, content, dodged, lead = self._sort(clauses, found.cover, found.dodges)
        if not content and kind is not None and kind.nothing_answers and evidence \
                and all(e.label in ("nothing", "little") for e in evidence):  # "nothing really" got in the way
            return False, [*evidence, Evidence("nonanswer", "nothing is the answer", text.strip()[:80])]
        if not content:
            return True, evidence or [Evidence("nonanswer", "empty", text.strip()[:80])]
        started_empty = bool(evidence)
        said_nothing = any(e.label in ("nothing", "little") for e in evidence) and not dodged
        needs = kind.needs if kind is not None else None
        if needs is Needs.SUPPORT:
            return self._support(text, clauses, content, evidence)
        if not started_empty or needs is None:
            return False, evidence
        answers = self._answers(needs, kind, content, lead, found, dodged, said_nothing)
        if answers is None:
            evidence.append(Evidence("nonanswer", f"gives no {needs.value}", _words(content[0])))
            return True, evidence
        return False, [*evidence, Evidence("nonanswer", f"gives {needs.value}", answers)]

    def _sort(self, clauses: list[Clause], cover: list[Found],
              dodges: list[Found]) -> tuple[list[Evidence], list[Clause], bool, dict[int, int]]:
        """Each clause as empty, dodging or content, and where content starts in a clause that opens
        empty (by clause index). Nothing is kept on the rules: one object serves every session."""
        evidence: list[Evidence] = []
        content: list[Clause] = []
        leads: dict[int, int] = {}
        dodged = False
        for clause in clauses:
            dodge = next((d for d in dodges if d.clause == clause.index), None)
            if dodge is not None:
                evidence.append(Evidence("nonanswer", "dodge", dodge.words))
                dodged = True
                continue
            taken = [False] * len(clause.tokens)
            said = None
            for match in cover:
                if match.clause == clause.index:
                    taken[match.start:match.end] = [True] * match.length
                    if match.label != "filler" and said is None:
                        said = match
            if all(taken):
                if said is not None:  # a clause of fillers alone ("honestly?") starts nothing
                    evidence.append(Evidence("nonanswer", said.label, said.words))
                continue
            content.append(clause)
            # "nothing, I just sit there": an empty start inside the answer's first clause.
            lead = taken.index(False)
            if not content[:-1] and not evidence and said is not None and said.end <= lead:
                evidence.append(Evidence("nonanswer", said.label, said.words))
                leads[clause.index] = lead
        return evidence, content, dodged, leads

    def _answers(self, needs: Needs, kind: QuestionKind | None, content: list[Clause], lead: dict[int, int],
                 found: Content, dodged: bool, said_nothing: bool) -> str | None:
        """After an empty start: the words that still give what the question asks for, if any."""
        def after_lead(matches: list[Found]) -> list[Found]:
            return [m for m in matches if m.clause in indices and m.start >= lead.get(m.clause, 0)]

        indices = {clause.index for clause in content}
        offers = after_lead(self.offers.find(content))
        elements = after_lead(found.elements)
        topics = after_lead(found.topics)
        own = self.answers[kind.name].find(content) if kind is not None and kind.name in self.answers else []
        if own:
            return own[0].words
        offers = [o for o in offers if not (o.words.split()[0] in _FOLLOW_ON and _statement(content, o))]
        if offers:
            return offers[0].words
        if needs is Needs.SOMETHING:
            # after not knowing ("hard to say. my friends", "dunno. eating?") a short item offered
            # answers; news ("dunno, I'm usually at work") and anything after "nothing" do not
            items = [c for c in content[:1] if c.index not in lead and len(c.tokens) <= _ITEM_WORDS
                     and not _statement_words(c.tokens) and c.tokens[0] not in _NOT_ITEMS
                     and not set(c.tokens) <= _VAGUE]
            return _words(items[0]) if items and not said_nothing and not dodged else None
        if said_nothing:  # "nothing, it went fine for once": nothing got in the way, and how it went
            return _words(content[0])
        if needs is Needs.PROBLEM:
            good = any(e.label == "positive" for e in elements)
            # a topic counts as a problem named only when nothing good is said of it
            # ("hard to say. lovely visit from my granddaughter though" names no problem)
            told = [e for e in elements if not any(e.clause == t.clause and e.start == t.start and e.end == t.end
                                                   and t.label not in self.bad_topics for t in topics)]
            problems = [e for e in told if e.label in ("negative", "mixed")] + ([] if good else topics)
            return problems[0].words if problems and not dodged else None
        if needs is Needs.OUTCOME:
            return elements[0].words if elements and not dodged else None
        return None if dodged else _words(content[0])  # DESCRIPTION: any description

    def _support(self, text: str, clauses: list[Clause], content: list[Clause],
                 evidence: list[Evidence]) -> tuple[bool, list[Evidence]]:
        """A support question is answered by someone or something to turn to who is not ruled out;
        content that names no one ("the warehouse cut my hours") gives nothing for it."""
        indices = {clause.index for clause in content}
        # a ruling out counts in any clause, a dodge too; "my GP's good" names the GP, and
        # "my brother's in Spain" rules him out
        clauses = [make_clause(c.index, _spelled_out(c.tokens)) for c in clauses]
        content = [c for c in clauses if c.index in {k.index for k in content}]
        found = self.supports.find(clauses)
        ruled_out = [f for f in found if f.label == "not_support"]
        # A person is ruled out by what the same clause says of them, or by the clause after it when
        # that starts with "but" or a pronoun ("my family? they wrote me off years ago").
        # A ruling out that names its person ("not my dad") rules out that person alone, and a
        # support offered with a hedge ("maybe my old mate, but we lost touch") is only ruled out so.
        supports = [f for f in found if f.label == "support" and f.clause in indices]
        hedges = self.hedges.find(content)
        offered = [f for f in supports if any(h.clause == f.clause and h.end <= f.start for h in hedges)]
        follows = {clause.index - 1 for clause in clauses if clause.tokens and clause.tokens[0] in _FOLLOW_ON}
        out_clauses: set[int] = set()
        out_people: list[Found] = []
        for rule in ruled_out:
            people = [f for f in supports if f.overlaps(rule)]
            # and whose person it is, just before ("the bairns dad has gone awol")
            people += [f for f in supports if people and any(f.clause == p.clause and f.end == p.start for p in people)]
            if people:
                out_people += people
            else:
                out_clauses |= {rule.clause} | ({rule.clause - 1} if rule.clause - 1 in follows else set())
        named = [f for f in supports if f not in out_people and (f.clause not in out_clauses or f in offered)]
        if named:
            return False, [Evidence("nonanswer", "names a support", named[0].words)]
        if ruled_out:
            return True, [*evidence, Evidence("nonanswer", "rules out a support", ruled_out[0].words)]
        name = _proper_name(text)
        if name and not evidence:
            return False, [Evidence("nonanswer", "names a support", name)]
        return True, [*evidence, Evidence("nonanswer", "names no support", _words(content[0]))]


def _spelled_out(tokens: tuple[str, ...]) -> list[str]:
    """ "my brother's in Spain" as "my brother is in spain", "my GP's good" as "my gp is good"."""
    return [part for token in tokens for part in ((token[:-2], "is") if token.endswith("'s") else (token,))]


def _proper_name(text: str) -> str | None:
    """A capitalised word inside a sentence ("my worker Dana", "Mrs Okafor next door"): a person
    named whom the word lists do not know. Days, months and the first word of a sentence are not."""
    for sentence in re.split(r"[.!?\n]+", text):
        words = re.findall(r"[A-Za-z][A-Za-z'\-]*", sentence)
        for word in words[1:]:
            if re.fullmatch(r"[A-Z][a-z]+(?:'s)?", word) and word.lower().removesuffix("'s") not in _NOT_NAMES:
                return str(word)
    return None


_NOT_NAMES = frozenset(["i", "im", "ive", "id", "ill", "monday", "tuesday", "wednesday", "thursday", "friday",
                        "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
                        "august", "september", "october", "november", "december", "christmas", "easter", "god",
                        "jesus", "lord", "tesco", "asda", "aldi", "lidl", "facebook", "instagram", "whatsapp",
                        "google", "netflix", "youtube", "uk", "english", "british"])


def _statement(content: list[Clause], offer: Found) -> bool:
    """Whether the clause an offer starts is news ("but I'm in a good place") rather than an item."""
    clause = next(c for c in content if c.index == offer.clause)
    return _statement_words(clause.tokens[offer.start + 1:])


def _statement_words(words: tuple[str, ...]) -> bool:
    if "can" in words or "could" in words:  # "but I can fix bikes": what they can do is what was asked
        return False
    return any(w in _STATEMENT_WORDS or (len(w) > 4 and w.endswith("ed")) for w in words)


def _words(clause: Clause) -> str:
    return clause.words(0, len(clause.tokens))
