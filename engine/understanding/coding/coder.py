"""Coding a trainee's reply: each act gets its codes, each with the words that decided it.

A reply is cut into acts (sentences, and the parts of a sentence that start a question). An act
is first a question or not: a question is closed (yes/no, one fact, a choice, a scale, or any
statement typed with "?") or open, and may also carry advice ("have you tried ...?"),
collaboration ("shall we ...?", "can I share ...?") or a confrontation ("are you really
trying?"). A statement gets each code whose phrases it holds; one that holds none is a
reflection when it is about the client, information when it is a general fact, and `other`
when it is the trainee's own story or small talk. A reflection is complex when it adds what
the client did not say (a feeling, the other side, a metaphor, a link, a guess), simple when it
says the client's words back. Advice is with permission when a permission came earlier in the
reply or an opt-out stands in it. The rules are in ``replies.yaml``.

``spoken`` is for transcribed speech (AnnoMI), where MITI's own convention holds: a statement
said with rising intonation (transcribed with "?") that says back what the client said is a
reflection, and a turn that asks anything is a question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from engine.understanding.coding.acts import sentences
from engine.understanding.coding.vocabulary import Code, Move, ReplyVocabulary
from engine.understanding.matching import PhraseIndex
from engine.understanding.phrases import Compiled
from engine.understanding.reading import Clause, Lexicon, Reader, make_clause
from engine.understanding.textnorm import normalise, words

QUESTIONS = (Code.OPEN_QUESTION, Code.CLOSED_QUESTION)
REFLECTIONS = (Code.SIMPLE_REFLECTION, Code.COMPLEX_REFLECTION)
INPUTS = (Code.INFORMATION, Code.ADVICE_WITH_PERMISSION, Code.ADVICE_WITHOUT_PERMISSION)
# Codes that make a statement something other than a reflection.
_SUBSTANTIVE = ("advice_without_permission", "advice_with_permission", "information", "affirmation",
                "confront_or_blame", "collaboration", "autonomy", "other")


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words too common to show that a reflection repeats the client, or adds to what they said.
_SMALL = _set(
    "i you me my your yours yourself it its the a an and or but so to of in on at for with is am are was were be been "
    "being have has had do does did not no yes that this these those there they them their he she him her his we us "
    "our just really very like get got go going gone about what how why when where who which would could should can "
    "will shall may might must than then too also only even still now all any some more most much many lot lots "
    "bit quite pretty kind sort thing things something anything nothing everything way well right ok okay yeah "
    "if as because by from up down out off over into onto again back here")
# Words that frame a reflection without adding to it ("it sounds like", "you feel").
_FRAME = _set("sound sounds sounding seem seems seemed feel feels feeling felt say says said saying mean means "
              "hear hearing guess think thinking know tell telling told mention mentioned")
_SECOND_PERSON = _set("you your yours yourself yourselves")
_FIRST_PERSON = _set("i me my mine myself")
_WH = _set("what how why when where who which whose")
_AUX = _set("do does did are is was were am have has had can could would will shall should may might must")
_PERSONS = _set("you we i")
_WH_FOLLOWERS = _set("one ones of bit part else")
_THIRD = _set("it they he she that this")
_PREPOSITIONS = _set("for to with like at about of from than as by")
# In speech, a question under this share of a turn's words is a tail on what the turn mainly does.
_TAIL = 0.15
_SUBJECTS = _set("you i we they it there that this he she your people anyone anybody someone things")
# A run-on sentence is not cut before a question word that is the object of these ("you get to decide what ...").
_NO_CUT_AFTER = _set(
    "know knew decide decides decided choose chooses chose see saw seen wonder wondering wondered ask asked asking "
    "sure tell told say said think thought figure out understand explain remember forget about on of for in at with "
    "by to from is was are were matter matters care show shows hear heard mind learn find work guess idea clue unsure "
    "why how what where when who which whether if that than like notice noticed realise realize imagine")
# A part that starts like this leads into the question after it and is coded with it.
_LEADS = _set("when if while since because after before as whenever once although though given between "
              "from in for with about looking thinking during on at over compared now")
# Small words that still say something when a client says them ("nothing", "everything").
_KIN_SMALL = _set("nothing everything all no none fine ok okay alone")
# A reflection that says it in new words is complex when this many content words, this share of them new.
_NEW_WORDS = 2
_NEW_SHARE = 0.85
# A word restarted in speech or typing ("wh-what", "i-i", "the- the"): only the second is read.
_RESTART = re.compile(r"\b([\w']+)-+\s*(?=\1)", re.IGNORECASE)
# "you know" is a filler to the shared reader, except where it says whose knowledge counts.
_KNOW = re.compile(r"\byou know (?=(?:your|yourself|what (?:works|is best|you need|is right)|best|better|more "
                   r"about)\b)", re.IGNORECASE)
_STRONG_STARTS = (("tell", "me"), ("walk", "me"), ("talk", "me"), ("take", "me"), ("say", "more"), ("i", "wonder"),
                  ("i", "am", "wondering"), ("i", "was", "wondering"), ("i", "am", "curious"), ("how", "about"),
                  ("what", "about"), ("what", "if"), ("can", "i", "ask"), ("could", "i", "ask"), ("help", "me"),
                  ("any", "other"), ("anything", "else"), ("anyone", "else"), ("anybody", "else"), ("any", "more"))


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

    @property
    def codes(self) -> tuple[Code, ...]:
        return tuple(dict.fromkeys(hit.code for hit in self.hits))

    @property
    def main(self) -> str:
        if self.spoken:
            return spoken_behaviour(self.hits, [len(act.split()) for act in self.acts])
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


def spoken_behaviour(hits: Iterable[Hit], act_words: list[int]) -> str:
    """The four-way behaviour of a counsellor's spoken turn, as AnnoMI's annotators gave it: a
    question when the turn asks anything, unless the question is a short tail on a long stretch of
    reflecting or informing ("... What do you think?"); otherwise whichever of reflection and input
    takes up more of the turn (collaboration, agenda-setting, is AnnoMI's "negotiation", a kind of
    input); `other` when none is there."""
    share = {"question": 0, "reflection": 0, "input": 0}
    seen: set[tuple[str, int]] = set()
    for hit in hits:
        kind = "question" if hit.code in QUESTIONS else "reflection" if hit.code in REFLECTIONS else "input" \
            if hit.code in INPUTS or hit.code is Code.COLLABORATION else None
        if kind is not None and (kind, hit.act) not in seen:
            seen.add((kind, hit.act))
            share[kind] += act_words[hit.act] if hit.act < len(act_words) else 1
    said = share["reflection"] + share["input"]
    if share["question"] and share["question"] >= _TAIL * (said + share["question"]):
        return "question"
    if not said:
        return "question" if share["question"] else "other"
    return "reflection" if share["reflection"] >= share["input"] else "input"


class _Phrases:
    """Labelled phrases; ``find`` gives each label found, at its first (then longest) match."""

    def __init__(self, labelled: dict[str, tuple[Compiled, ...]]):
        self.index: PhraseIndex[str] = PhraseIndex((label, p) for label, phrases in labelled.items() for p in phrases)

    def find(self, clause: Clause) -> dict[str, tuple[int, int]]:
        found: dict[str, tuple[int, int]] = {}
        for hit in self.index.find(clause):
            if hit.end <= hit.start:
                continue
            best = found.get(hit.owner)
            if best is None or (hit.start, -hit.end) < (best[0], -best[1]):
                found[hit.owner] = (hit.start, hit.end)
        return dict(sorted(found.items(), key=lambda item: item[1]))

    def all(self, clause: Clause, label: str) -> list[tuple[int, int]]:
        return [(hit.start, hit.end) for hit in self.index.find(clause) if hit.owner == label and hit.end > hit.start]


class _Reader(Reader):
    """The shared reader, without its guess of an implied "I" (a trainee's "caring for your mum
    every day takes patience" is not "I am caring ...")."""

    def _implied_subject(self, tokens: list[str]) -> list[str]:
        return tokens


@dataclass
class _Act:
    tokens: list[str]
    asked: bool = False
    lead: int = 0  # tokens of a leading part ("when you say that, ...") coded with the question after it
    parts: list[int] = field(default_factory=lambda: [0])  # where each part (between commas) starts

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


@dataclass
class _Reply:
    """What one act's coding needs to know of the rest of the reply."""

    client: set[str]
    client_text: str
    opt_out: bool
    spoken: bool
    permitted: bool = False  # a permission was asked earlier in the reply
    permission_acts: list[int] = field(default_factory=list)


class ReplyCoder:
    def __init__(self, vocabulary: ReplyVocabulary):
        self.reader = _Reader(vocabulary.lexicon)
        q = vocabulary.questions
        self.questions = _Phrases({"starts": q.starts, "not_starts": q.not_starts, "tags": q.tags,
                                   "closed": q.closed, "open": q.open})
        self.phrases = _Phrases({name: phrases for name, (_, phrases) in vocabulary.codes.items()})
        self.cues = _Phrases(dict(vocabulary.cues))
        r = vocabulary.reflections
        self.reflections = _Phrases({"starts": r.starts, "adds": r.adds, "feelings": r.feelings, "keeps": r.keeps})
        self.says = {name: says for name, (says, _) in vocabulary.codes.items()}
        self.openers = vocabulary.openers
        self.acknowledgements = frozenset(vocabulary.acknowledgements)
        self.checks = frozenset(vocabulary.checks)
        self.kin = vocabulary.kin
        self.lexicon: Lexicon = vocabulary.lexicon

    # -- reading ---------------------------------------------------------------------------------
    def tokens(self, text: str) -> list[str]:
        text = _KNOW.sub("you understand ", _RESTART.sub("", text))
        found: list[str] = []
        for clause in self.reader.read(text):
            for token in clause.tokens:
                # A contraction the shared reading left whole (inside "what's-what's"), spelled out now.
                found += self.reader.read(token)[0].tokens if "'" in token and self.reader.read(token) else [token]
        return found

    def strip_openers(self, tokens: list[str]) -> list[str]:
        index = 0
        while index < len(tokens):
            for opener in self.openers:
                if tuple(tokens[index:index + len(opener)]) == opener:
                    if opener == ("you", "know") and tokens[index + 2:index + 3] and tokens[index + 2] in _WH:
                        return tokens[index:]  # "you know what is going to happen": a statement
                    index += len(opener)
                    break
            else:
                break
        return tokens[index:]

    # -- cutting into acts -----------------------------------------------------------------------
    def acts(self, reply: str, spoken: bool = False) -> list[_Act]:
        """The acts of a reply; a transcript (``spoken``) is punctuated, so its sentences are not
        cut where a question word starts inside them ("we have to explore what would happen")."""
        found: list[_Act] = []
        for sentence in sentences(reply[:5000]):
            current: _Act | None = None
            for part in sentence.parts:
                tokens = self.tokens(part)
                for piece in ([tokens] if spoken else self._run_on(tokens)):
                    if current is None:
                        current = _Act(list(piece))
                        continue
                    if self._starts_question(piece):
                        if self._leads(current.tokens):
                            current = _Act(current.tokens + piece, lead=len(current.tokens),
                                           parts=[*current.parts, len(current.tokens)])
                            continue
                        found.append(current)
                        current = _Act(list(piece))
                    elif self._stands_alone(current.tokens):
                        found.append(current)
                        current = _Act(list(piece))
                    else:
                        current.parts.append(len(current.tokens))
                        current.tokens += piece
            if current is not None and current.tokens:
                current.asked = sentence.asked
                found.append(current)
        return found

    def _run_on(self, tokens: list[str]) -> list[list[str]]:
        """The pieces of a run-on part: a new piece where a question starts after a few words."""
        pieces: list[list[str]] = []
        start = 0
        for index in range(2, len(tokens) - 1):
            if index - start < 2 or tokens[index - 1] in _NO_CUT_AFTER or tokens[index - 1] in _SUBJECTS:
                continue
            if len(self.strip_openers(tokens[start:index])) < 2:
                continue
            if self._starts_question(tokens[index:], strict=True):
                pieces.append(tokens[start:index])
                start = index
        pieces.append(tokens[start:])
        return [piece for piece in pieces if piece]

    def _starts_question(self, tokens: list[str], strict: bool = False) -> bool:
        """Whether a part (or, ``strict``, a point inside a run-on sentence) starts a question. Inside
        a sentence "who", "which", "where" and "when" before a verb start a relative clause ("friends
        who are there"), so there they start a question only before a subject ("who could you ask")."""
        core = tokens if strict else self.strip_openers(tokens)
        if len(core) < 2:
            return False
        first, second = core[0], core[1]
        third = core[2] if len(core) > 2 else ""
        if first in _WH:
            if first in ("what", "how", "why"):
                return second in _AUX or (not strict and second not in _SUBJECTS)
            # After a comma or inside a run-on, "which makes sense", "who helped" are relative clauses.
            return (second in _AUX and third in _PERSONS | _THIRD) or (not strict and second in _WH_FOLLOWERS)
        if first in _AUX and first != "must":
            if strict:
                return second in _PERSONS
            return second in _SUBJECTS and not (first in ("is", "was") and second in ("that", "it") and len(core) < 3)
        return any(tuple(core[:len(start)]) == start for start in _STRONG_STARTS)

    @staticmethod
    def _invites(core: list[str]) -> bool:
        return core[:2] == ["what", "i"] and bool({"interested", "curious", "wondering"} & set(core[:8]))

    @staticmethod
    def _subordinate(core: list[str]) -> bool:
        """A sentence that starts "when ...", "where ..." with no verb after: a clause, not a question."""
        return core[0] in ("when", "where", "whenever", "wherever") and (len(core) < 2 or core[1] not in _AUX)

    def _leads(self, tokens: list[str]) -> bool:
        core = self.strip_openers(tokens)
        return bool(core) and core[0] in _LEADS and not (core[0] in _WH and len(core) > 1 and core[1] in _AUX)

    def _stands_alone(self, tokens: list[str]) -> bool:
        """A part that is a whole act by itself: a greeting, thanks, an apology, an acknowledgement."""
        core = self.strip_openers(tokens)
        if not core:
            return False
        clause = make_clause(0, core)
        other = self.phrases.find(clause).get("other")
        return other is not None and other[0] == 0 and other[1] >= len(core) - 1

    # -- coding ----------------------------------------------------------------------------------
    def code(self, reply: str, client: str | None = None, spoken: bool = False) -> Coded:
        parts = self.acts(reply, spoken)
        client_tokens = self.tokens(client or "")
        whole = make_clause(0, [token for act in parts for token in act.tokens])
        context = _Reply(_said(client_tokens), " ".join(client_tokens),
                         bool(self.cues.find(whole).keys() & {"opt_out"}), spoken)
        coded: list[list[tuple[Code, str]]] = []
        for index, act in enumerate(parts):
            coded.append(self._act(index, act, context))
        hits = self._reply_level(coded, context)
        if not hits and parts:
            hits = [Hit(Code.OTHER, 0, parts[0].text)]  # acknowledgements only: "ok", "i hear you"
        moves = self._moves(reply, whole, hits)
        return Coded(tuple(hits), moves, tuple(act.text for act in parts), spoken)

    def _reply_level(self, coded: list[list[tuple[Code, str]]], context: _Reply) -> list[Hit]:
        """Across acts: a permission asked before advice or information is folded into it (rule 6)."""
        advised = any(code in INPUTS for codes in coded for code, _ in codes)
        hits: list[Hit] = []
        for index, codes in enumerate(coded):
            for code, said in codes:
                if code is Code.COLLABORATION and index in context.permission_acts and advised \
                        and any(c in INPUTS for later in coded[index:] for c, _ in later):
                    continue
                hits.append(Hit(code, index, said))
        return hits

    def _act(self, index: int, act: _Act, context: _Reply) -> list[tuple[Code, str]]:
        body = self.strip_openers(act.tokens)
        if not body or tuple(body) in self.acknowledgements and (not act.asked or tuple(body) in self.checks):
            return []  # an acknowledgement beside another act is not coded
        opt_out = self.cues.find(make_clause(0, body)).get("opt_out")
        if opt_out is not None and opt_out[0] == 0 and opt_out[1] >= len(body) - 1 and index > 0:
            return []  # "only if you want to though", after the advice it belongs to
        core = self.strip_openers(act.tokens[act.lead:]) or body
        clause = make_clause(0, body)
        core_clause = make_clause(0, core)
        found = self.phrases.find(clause)
        cues = self.cues.find(clause)
        if "permission" in cues:
            context.permission_acts.append(index)
        question = self._question(act, core, core_clause, found, context)
        if question is not None:
            codes = [question]
            codes += self._question_extras(body, clause, found, cues, context)
        else:
            codes = self._statement(act, body, clause, found, cues, context)
        if "permission" in cues:
            context.permitted = True
        return codes

    def _question(self, act: _Act, core: list[str], clause: Clause, found: dict[str, tuple[int, int]],
                  context: _Reply) -> tuple[Code, str] | None:
        q = self.questions.find(clause)
        starts = "starts" in q and q["starts"][0] == 0
        if starts and not act.asked and ("not_starts" in q and q["not_starts"][0] == 0 or self._subordinate(core)):
            starts = False
        if starts and context.spoken and not act.asked and core[0] == "i" and "open" not in q \
                and ("if" in core[:5] or "whether" in core[:5]):
            starts = False  # "I'm wondering if ..." said without a question's intonation is not asked
        if "open" in q and q["open"][0] == 0 and not starts and self._invites(core):
            starts = True  # "what I'm really interested in is how ...": an indirect question
        tagged = "tags" in q and q["tags"][1] >= len(core)
        if not (act.asked or starts or tagged):
            return None
        if context.spoken and act.asked and not (starts or tagged) and self._rising(act, core, clause, found, context):
            return None  # MITI: a reflection said with rising intonation is still a reflection
        first = q.get("starts") or q.get("tags") or (0, len(core))
        said = clause.words(*first) if starts or tagged else clause.words(0, len(core))
        if "open" in q:
            return Code.OPEN_QUESTION, clause.words(*q["open"])
        if "closed" in q or tagged:
            return Code.CLOSED_QUESTION, clause.words(*(q.get("closed") or first))
        if starts and core[0] in ("what", "how", "why"):
            return Code.OPEN_QUESTION, said
        return Code.CLOSED_QUESTION, said

    def _rising(self, act: _Act, core: list[str], clause: Clause, found: dict[str, tuple[int, int]],
                context: _Reply) -> bool:
        """In speech, a statement with a question mark that says back with something added (a
        feeling, the other side, "it sounds like"): a reflection said rising. Plain checks ("you felt
        isolated?", "you've heard of it?") are coded as the questions they are in AnnoMI."""
        if len(core) < 5 or not self._reflective(core, clause, found):
            return False
        framed = self.cues.find(clause).get("rising_frame")
        return framed is not None or (act.tokens[:1] == ["so"] and len(core) > 8) \
            or self.complexity(core, clause, context.client)[1].startswith("adds the feeling")

    def _question_extras(self, body: list[str], clause: Clause, found: dict[str, tuple[int, int]],
                         cues: dict[str, tuple[int, int]], context: _Reply) -> list[tuple[Code, str]]:
        codes: list[tuple[Code, str]] = []
        if "question_confront" in cues or "confront_or_blame" in found:
            where = cues.get("question_confront") or found["confront_or_blame"]
            codes.append((Code.CONFRONT_OR_BLAME, clause.words(*where)))
        joint = cues.get("question_collaboration") or found.get("collaboration")
        if joint is not None and clause.tokens[joint[0]] == "together" and joint[0] > 0 \
                and clause.tokens[joint[0] - 1] == "all":
            joint = None  # "how much do you owe all together": in total
        collaborates = (joint is not None or "permission" in cues) and "offer" not in cues
        if collaborates:
            where = cues.get("permission") or joint or (0, 1)
            codes.append((Code.COLLABORATION, clause.words(*where)))
        elif "question_advice" in cues:
            advice = Code.ADVICE_WITH_PERMISSION if context.permitted or context.opt_out \
                else Code.ADVICE_WITHOUT_PERMISSION
            codes.append((advice, clause.words(*cues["question_advice"])))
        return codes

    def _statement(self, act: _Act, body: list[str], clause: Clause, found: dict[str, tuple[int, int]],
                   cues: dict[str, tuple[int, int]], context: _Reply) -> list[tuple[Code, str]]:
        found = self._resolve(found, cues, context, clause.tokens)
        if "reflection_frame" in cues and cues["reflection_frame"][0] == 0:
            # What a framed reflection holds is the client's: "it sounds like you need to choose".
            found = {name: where for name, where in found.items() if name in ("affirmation", "confront_or_blame")}
        codes: list[tuple[Code, str]] = []
        advice = "advice_without_permission" in found or "advice_with_permission" in found
        for name in ("other", "confront_or_blame", "affirmation", "collaboration", "information", "autonomy"):
            if name in found:
                codes.append((Code(name), clause.words(*found[name])))
        if advice:
            where = found.get("advice_without_permission") or found["advice_with_permission"]
            permitted = context.permitted or context.opt_out or "advice_with_permission" in found
            codes.append((Code.ADVICE_WITH_PERMISSION if permitted else Code.ADVICE_WITHOUT_PERMISSION,
                          clause.words(*where)))
        if codes:
            codes.sort(key=lambda item: clause.padded.find(" " + item[1] + " "))
            return codes
        return [self._plain(act, body, clause, cues, context)]

    def _resolve(self, found: dict[str, tuple[int, int]], cues: dict[str, tuple[int, int]],
                 context: _Reply, tokens: tuple[str, ...]) -> dict[str, tuple[int, int]]:
        """Where two codes' words overlap, the one the definitions put first."""
        found = dict(found)

        def covers(outer: str, inner: str) -> bool:
            a, b = found.get(outer), found.get(inner)
            return a is not None and b is not None and a[0] <= b[0] and b[1] <= a[1] + 1

        for strong, weak in (("affirmation", "advice_without_permission"), ("affirmation", "other"),
                             ("information", "advice_without_permission"), ("confront_or_blame", "other"),
                             ("collaboration", "other"), ("autonomy", "other"), ("affirmation", "information"),
                             ("confront_or_blame", "affirmation"), ("autonomy", "confront_or_blame"),
                             ("information", "other"), ("collaboration", "advice_without_permission")):
            if covers(strong, weak):
                del found[weak]
        collaboration = found.get("collaboration")
        if collaboration is not None and collaboration[0] > 0 and tokens[collaboration[0] - 1] in _WH | {"that", "if"}:
            del found["collaboration"]  # "what we focus on": a clause about the client's choice, not an offer
        if "affirmation" in found and "about_others" in cues:
            del found["affirmation"]  # "people tell you you're kind": their words, said back
        advice = "advice_without_permission" in found or "advice_with_permission" in found
        if "autonomy" in found and advice and context.opt_out:
            del found["autonomy"]  # the opt-out belongs to the advice (rule 6)
        if "other" in found and found["other"][0] > 0 and len(found) > 1:
            del found["other"]  # small talk inside another act is part of it
        return found

    def _plain(self, act: _Act, body: list[str], clause: Clause, cues: dict[str, tuple[int, int]],
               context: _Reply) -> tuple[Code, str]:
        """A statement with no code's phrases: a reflection, information or `other`."""
        text = clause.words(0, len(body))
        # The client as the one spoken about ("you feel", "your kids"), not "for people like you".
        second = any(token in _SECOND_PERSON and (index == 0 or body[index - 1] not in _PREPOSITIONS)
                     for index, token in enumerate(body))
        first_subject = body[0] in _FIRST_PERSON | {"we"} or (body[0] in _LEADS and any(
            act.tokens[start] in _FIRST_PERSON for start in act.parts if start < len(act.tokens)))
        if "self_reflection" in cues:
            return self._depth(body, clause, context), text
        if "story" in cues or (first_subject and not second):
            return Code.OTHER, text
        reflective = self._reflective(body, clause, {})
        framed = "starts" in self.reflections.find(clause) and self.reflections.find(clause)["starts"][0] == 0
        if "general" in cues and not second and not framed:
            return Code.INFORMATION, clause.words(*cues["general"])
        topic = self._new_topic(clause, context)
        if topic and not self._says_back(clause):
            return Code.INFORMATION, topic
        if reflective and not first_subject:
            return self._depth(body, clause, context), text
        if first_subject or (len(body) <= 2 and not _content(body) & context.client):
            return Code.OTHER, text  # the trainee's own view, or a name or a word that says nothing back
        return self._depth(body, clause, context), text

    def _new_topic(self, clause: Clause, context: _Reply) -> str | None:
        """What the statement tells about (a treatment, a risk, a rule, a service) that the client did not bring up."""
        for start, end in self.cues.all(clause, "topic"):
            said = clause.words(start, end)
            if not set(_stems(words(said))) & context.client:
                return said
        return None

    def _says_back(self, clause: Clause) -> bool:
        """Whether a statement is framed as a reflection ("it sounds like", "so you") or names a feeling."""
        r = self.reflections.find(clause)
        return ("starts" in r and r["starts"][0] == 0) or "feelings" in r

    def _reflective(self, core: list[str], clause: Clause, found: dict[str, tuple[int, int]]) -> bool:
        """Whether a statement is about the client: says "you", names a feeling, or starts like a reflection."""
        if found.keys() & set(_SUBSTANTIVE):
            return False
        if _SECOND_PERSON & set(core):
            return True
        r = self.reflections.find(clause)
        return "starts" in r or "feelings" in r

    def _depth(self, body: list[str], clause: Clause, context: _Reply) -> Code:
        """Complex when the reflection adds what the client did not say; simple when it says it back."""
        return Code.COMPLEX_REFLECTION if self.complexity(body, clause, context.client)[0] else Code.SIMPLE_REFLECTION

    def complexity(self, body: list[str], clause: Clause, client: set[str]) -> tuple[bool, str]:
        """Whether a reflection is complex, and why: the feeling or the words it adds, or that it says back."""
        said_by_client = self._kin_of(client)
        r = self.reflections.find(clause)
        for start, end in self.reflections.all(clause, "feelings"):
            said = clause.words(start, end)
            if not self._known(said, said_by_client):
                return True, f"adds the feeling `{said}`"
        for start, end in self.reflections.all(clause, "adds"):
            said = clause.words(start, end)
            if said.startswith("like ") and start > 0 and clause.tokens[start - 1] in _FRAME:
                continue  # "you feel like ...", "it sounds like ...": a frame, not a simile
            added = set(words(said)) - _SMALL
            unsaid = not self._known(said, said_by_client) if added else not set(words(said)) <= said_by_client
            if unsaid:
                return True, f"adds `{said}`"
        content = [t for t in body if t not in _SMALL and t not in _FRAME]
        new = [t for t in content if not self._known(t, said_by_client)]
        if "keeps" in r and len(new) <= 2:
            return False, "says back"
        if client and len(content) >= _NEW_WORDS and len(new) / len(content) >= _NEW_SHARE:
            return True, "says it in new words: " + " ".join(new)
        return False, "says back"

    def _kin_of(self, client: set[str]) -> set[str]:
        """The client's words with the words that say the same."""
        found = set(client)
        for word in client:
            for family_word in self.kin.get(word, ()):
                found.add(family_word)
                found.update(_stems(family_word.split()))
        return found

    def _known(self, said: str, said_by_client: set[str]) -> bool:
        """Whether the client said these words, or words that say the same."""
        if said in said_by_client:
            return True
        content = [word for word in words(said) if word not in _SMALL] or words(said)
        return all(set(_stems([word])) & said_by_client for word in content)

    def _moves(self, reply: str, whole: Clause, hits: list[Hit]) -> tuple[Move, ...]:
        found = self.phrases.find(whole)
        moves = [Move(name) for name in ("hope", "disclosure") if name in found]
        first_person = sum(1 for token in whole.tokens if token in _FIRST_PERSON)
        if len(reply.split()) > 60 and first_person >= 5:
            moves.append(Move.STORY)
        return tuple(dict.fromkeys(moves))


def _stems(tokens: Iterable[str]) -> list[str]:
    found = []
    for word in tokens:
        found += [word, re.sub(r"(ies|es|s|ing|ed|ly|y)$", "", word)]
    return found


def _content(tokens: Iterable[str]) -> set[str]:
    return set(_stems(token for token in tokens if token not in _SMALL))


def _said(tokens: list[str]) -> set[str]:
    """What the client said, as a reflection is compared with it: the content words (and their
    stems), and every run of two or three words ("no point", "on my own")."""
    runs = {" ".join(tokens[i:i + n]) for n in (2, 3) for i in range(len(tokens) - n + 1)}
    return _content(tokens) | runs | {token for token in tokens if token in _KIN_SMALL}


def client_words(text: str) -> set[str]:
    """The client's words, as the coder compares them with a reflection."""
    return _said(words(normalise(text)))
