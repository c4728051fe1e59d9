"""Coding a trainee's reply: each act gets its codes, each with the words that decided it.

A reply is cut into acts (sentences, and the parts of a sentence that start a question:
``cutting``). An act is first a question or not: a question is closed (yes/no, one fact, a
choice, a scale, or any statement typed with "?") or open, and may also carry advice ("have you
tried ...?"), collaboration ("shall we ...?", "can I share ...?") or a confrontation ("are you
really trying?"): ``questions``. A statement gets each code whose phrases it holds; one that holds
none is a reflection when it is about the client, information when it is a general fact, and
`other` when it is the trainee's own story or small talk: ``statements``. A reflection is complex
when it adds what the client did not say (a feeling, the other side, a metaphor, a link, a guess),
simple when it says the client's words back: ``reflections``. Advice is with permission when a
permission came earlier in the reply or an opt-out stands in it. The rules are in ``replies.yaml``.

``spoken`` is for transcribed speech (AnnoMI), where MITI's own convention holds: a statement
said with rising intonation (transcribed with "?") that says back what the client said is a
reflection, and a turn that asks anything is a question.
"""

from __future__ import annotations

from engine.understanding.coding.coded import INPUTS, QUESTIONS, REFLECTIONS, Coded, Hit, SpokenRules, main_behaviour
from engine.understanding.coding.context import Act, Reply
from engine.understanding.coding.cutting import ActCutter
from engine.understanding.coding.labelled import LabelledPhrases
from engine.understanding.coding.questions import QuestionCoder, proposes
from engine.understanding.coding.reflections import ReflectionJudge, client_words, said_by
from engine.understanding.coding.statements import StatementCoder
from engine.understanding.coding.vocabulary import Code, Move, ReplyVocabulary
from engine.understanding.coding.words import FIRST_PERSON, SCALED
from engine.understanding.reading import Clause, Lexicon, make_clause

# What other modules have taken from here: they stay importable from here.
__all__ = ["INPUTS", "QUESTIONS", "REFLECTIONS", "Coded", "Hit", "ReplyCoder", "client_words", "main_behaviour"]


class ReplyCoder:
    def __init__(self, vocabulary: ReplyVocabulary):
        q = vocabulary.questions
        self.questions = LabelledPhrases({"starts": q.starts, "not_starts": q.not_starts, "tags": q.tags,
                                          "closed": q.closed, "open": q.open, "curious": q.curious})
        self.phrases = LabelledPhrases({name: phrases for name, (_, phrases) in vocabulary.codes.items()})
        self.cues = LabelledPhrases(dict(vocabulary.cues))
        r = vocabulary.reflections
        self.reflections = LabelledPhrases({"starts": r.starts, "adds": r.adds, "feelings": r.feelings,
                                            "keeps": r.keeps, "requests": r.requests,
                                            "strengths": r.strengths})
        self.says = {name: says for name, (says, _) in vocabulary.codes.items()}
        self.openers = vocabulary.openers
        self.acknowledgements = frozenset(vocabulary.acknowledgements)
        self.checks = frozenset(vocabulary.checks)
        self.kin = vocabulary.kin
        self.lexicon: Lexicon = vocabulary.lexicon
        rules = vocabulary.rules  # the words of the rules written in Python (`rules:` in replies.yaml)
        self.cutter = ActCutter(vocabulary.lexicon, vocabulary.openers, self.phrases, rules,
                                LabelledPhrases({"tags": q.tags}), LabelledPhrases({"curious": q.curious}))
        self.reader = self.cutter.reader
        self.judge = ReflectionJudge(self.reflections, vocabulary.kin, rules.softeners)
        self.asking = QuestionCoder(self.questions, self.cues, self.judge, rules.exclaim_subjects)
        self.spoken_rules = SpokenRules(rules)
        self.telling = StatementCoder(self.cues, self.judge)

    # -- reading and cutting (``cutting``) -------------------------------------------------------
    def tokens(self, text: str) -> list[str]:
        return self.cutter.tokens(text)

    def strip_openers(self, tokens: list[str]) -> list[str]:
        return self.cutter.strip_openers(tokens)

    def acts(self, reply: str, spoken: bool = False) -> list[Act]:
        return self.cutter.acts(reply, spoken)

    def complexity(self, body: list[str], clause: Clause, client: set[str]) -> tuple[bool, str]:
        """Whether a reflection is complex, and why (``reflections``)."""
        return self.judge.complexity(body, clause, client)

    # -- coding ----------------------------------------------------------------------------------
    def code(self, reply: str, client: str | None = None, spoken: bool = False) -> Coded:
        parts = self.acts(reply, spoken)
        client_tokens = self.tokens(client or "")
        whole = make_clause(0, [token for act in parts for token in act.tokens])
        context = Reply(said_by(client_tokens), " ".join(client_tokens),
                        bool(self.cues.find(whole).keys() & {"opt_out"}), spoken,
                        asks="client_asks" in self.cues.find(make_clause(0, client_tokens)))
        coded: list[list[tuple[Code, str]]] = []
        for index, act in enumerate(parts):
            coded.append(self._act(index, act, context))
            context.reflected = any(code in REFLECTIONS for code, _ in coded[-1])
        hits = self._reply_level(coded, context)
        if "scale" in self.cues.find(whole):
            hits = [self._on_the_scale(hit, parts[hit.act]) for hit in hits]
        if not hits and parts:
            hits = [Hit(Code.OTHER, 0, parts[0].text)]  # acknowledgements only: "ok", "i hear you"
        moves = self._moves(reply, whole)
        return Coded(tuple(hits), moves, tuple(act.text for act in parts), spoken, self.spoken_rules)

    def _on_the_scale(self, hit: Hit, act: Act) -> Hit:
        """With a scale named in the reply, "how confident are you", "where would you put yourself" and
        "what number would you give" ask for a point on it: closed, however open their wording."""
        if hit.code is not Code.OPEN_QUESTION:
            return hit
        core = self.strip_openers(act.tokens[act.lead:])
        if core[:1] == ["where"] or core[:1] == ["how"] and core[1:2] and core[1] in SCALED \
                or core[:1] in (["what"], ["which"]) and core[1:2] in (["number"], ["point"]) \
                or "scale" in self.cues.find(make_clause(0, act.tokens)):
            return Hit(Code.CLOSED_QUESTION, hit.act, hit.words)
        return hit

    @staticmethod
    def _reply_level(coded: list[list[tuple[Code, str]]], context: Reply) -> list[Hit]:
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

    def _act(self, index: int, act: Act, context: Reply) -> list[tuple[Code, str]]:
        whole = make_clause(0, act.tokens)
        sarcasm = self.cues.find(whole).get("sarcasm")
        codes = self._coded(index, act, context)
        if sarcasm is None:
            return codes
        # "yeah right, like that's going to happen": mocking, whatever the words after the openers say.
        kept = [(code, said) for code, said in codes if code not in REFLECTIONS and code is not Code.OTHER
                and code is not Code.CONFRONT_OR_BLAME]
        return [(Code.CONFRONT_OR_BLAME, whole.words(*sarcasm)), *kept]

    def _coded(self, index: int, act: Act, context: Reply) -> list[tuple[Code, str]]:
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
        question = self.asking.question(act, core, core_clause, found, context)
        if question is not None:
            codes = [question]
            codes += self.asking.extras(clause, core, found, cues, context)
        elif context.spoken and not act.asked and proposes(core):
            # "how about you come back in a week", said flat: what the client is to do, or the two of them
            code = Code.COLLABORATION if core[2] == "we" else Code.ADVICE_WITH_PERMISSION \
                if context.permitted or context.opt_out else Code.ADVICE_WITHOUT_PERMISSION
            codes = [(code, core_clause.words(0, min(len(core), 5)))]
        else:
            codes = self.telling.statement(act, body, clause, found, cues, context)
        if "permission" in cues:
            context.permitted = True
        return codes

    def _moves(self, reply: str, whole: Clause) -> tuple[Move, ...]:
        found = self.phrases.find(whole)
        moves = [Move(name) for name in ("hope", "disclosure") if name in found]
        first_person = sum(1 for token in whole.tokens if token in FIRST_PERSON)
        if len(reply.split()) > 60 and first_person >= 5:
            moves.append(Move.STORY)
        return tuple(dict.fromkeys(moves))
