"""Statements: each code whose phrases a statement holds (where two overlap, the one the
definitions put first), advice with or without permission; a statement that holds none is a
reflection when it is about the client, information when it tells a general fact or brings up a
topic the client did not, and `other` when it is the trainee's own story or small talk."""

from __future__ import annotations

from engine.understanding.coding.context import Act, Reply
from engine.understanding.coding.labelled import LabelledPhrases, at_start
from engine.understanding.coding.reflections import ReflectionJudge, accused, content, stems
from engine.understanding.coding.vocabulary import Code
from engine.understanding.coding.words import FIRST_PERSON, LEADS, PREPOSITIONS, SECOND_PERSON, WH
from engine.understanding.reading import Clause
from engine.understanding.textnorm import words

# A laugh that ends a remark with no "you" in it makes it chat ("yeah the buses are a joke lol").
_LAUGHS = frozenset(("lol", "haha", "lmao", "hah", "ha", "hehe", "rofl"))
# Where two codes' words overlap, the first of each pair stays.
_STRONGER = (("affirmation", "advice_without_permission"), ("affirmation", "other"),
             ("information", "advice_without_permission"), ("confront_or_blame", "other"),
             ("collaboration", "other"), ("autonomy", "other"), ("affirmation", "information"),
             ("confront_or_blame", "affirmation"), ("autonomy", "confront_or_blame"),
             ("information", "other"), ("collaboration", "advice_without_permission"),
             ("collaboration", "advice_with_permission"))


class StatementCoder:
    def __init__(self, cues: LabelledPhrases, judge: ReflectionJudge):
        self.cues = cues
        self.judge = judge

    def statement(self, act: Act, body: list[str], clause: Clause, found: dict[str, tuple[int, int]],
                  cues: dict[str, tuple[int, int]], context: Reply) -> list[tuple[Code, str]]:
        found = _resolve(found, cues, context, clause.tokens)
        if at_start(cues, "reflection_frame"):
            # What a framed reflection holds is the client's: "it sounds like you need to choose".
            found = {name: where for name, where in found.items() if name in ("affirmation", "confront_or_blame")}
        elif "confront_or_blame" not in found and accused(clause, cues, context):
            found["confront_or_blame"] = cues["accusing"]  # "you're not really trying", "you never listen"
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

    def _plain(self, act: Act, body: list[str], clause: Clause, cues: dict[str, tuple[int, int]],
               context: Reply) -> tuple[Code, str]:
        """A statement with no code's phrases: a reflection, information or `other`."""
        text = clause.words(0, len(body))
        # The client as the one spoken about ("you feel", "your kids"), not "for people like you".
        second = any(token in SECOND_PERSON and (index == 0 or body[index - 1] not in PREPOSITIONS)
                     for index, token in enumerate(body))
        first_subject = body[0] in FIRST_PERSON | {"we"} or (body[0] in LEADS and any(
            act.tokens[start] in FIRST_PERSON for start in act.parts if start < len(act.tokens)))
        if "self_reflection" in cues:
            return self.judge.depth(body, clause, context.client, context.asks, context.spoken), text
        if "story" in cues or (first_subject and not second):
            return Code.OTHER, text
        if not second and (body[-1] in _LAUGHS or body[-1] in ("too", "either") and set(body) & FIRST_PERSON):
            return Code.OTHER, text  # "yeah the buses are a joke lol", "mondays are grim for me too": chat, siding
        reflective = self.judge.reflective(body, clause, {})
        framed = self.judge.framed(clause)
        if "general" in cues and not second and not framed:
            return Code.INFORMATION, clause.words(*cues["general"])
        topic = self._new_topic(clause, context)
        if topic and not self.judge.says_back(clause):
            return Code.INFORMATION, topic
        if reflective and not first_subject:
            return self.judge.depth(body, clause, context.client, context.asks, context.spoken), text
        if first_subject or (len(body) <= 2 and not content(body) & context.client):
            return Code.OTHER, text  # the trainee's own view, or a name or a word that says nothing back
        return self.judge.depth(body, clause, context.client, context.asks, context.spoken), text

    def _new_topic(self, clause: Clause, context: Reply) -> str | None:
        """What the statement tells about (a treatment, a risk, a rule, a service) that the client did not bring up."""
        for start, end in self.cues.all(clause, "topic"):
            said = clause.words(start, end)
            if not set(stems(words(said))) & context.client:
                return said
        return None


def _resolve(found: dict[str, tuple[int, int]], cues: dict[str, tuple[int, int]],
             context: Reply, tokens: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    """Where two codes' words overlap, the one the definitions put first."""
    found = dict(found)

    def covers(outer: str, inner: str) -> bool:
        a, b = found.get(outer), found.get(inner)
        return a is not None and b is not None and a[0] <= b[0] and b[1] <= a[1] + 1

    for strong, weak in _STRONGER:
        if covers(strong, weak):
            del found[weak]
    collaboration = found.get("collaboration")
    if collaboration is not None and collaboration[0] > 0 and tokens[collaboration[0] - 1] in WH | {"that", "if"}:
        del found["collaboration"]  # "what we focus on": a clause about the client's choice, not an offer
    view = cues.get("client_view")
    if view is not None and "information" in found and view[1] <= found["information"][0]:
        del found["information"]  # "you think that's what the other students are doing": their view, said back
    if "about_others" in cues:
        for name in ("affirmation", "information"):
            found.pop(name, None)  # "people tell you you're kind", "some people say you're too much": said back
    advice = "advice_without_permission" in found or "advice_with_permission" in found
    if "autonomy" in found and advice and context.opt_out:
        del found["autonomy"]  # the opt-out belongs to the advice (rule 6)
    if "other" in found and found["other"][0] > 0 and len(found) > 1:
        del found["other"]  # small talk inside another act is part of it
    return found
