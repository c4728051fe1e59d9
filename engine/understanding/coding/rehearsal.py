"""A trainee's reply in a rehearsal, read against the simulated client's line it answers.

``read_reply(reply, line)`` is the value a dialogue's ``type: reply`` question keeps: the reply's
codes (``coder``) with the words that gave each and its main behaviour; the cues the client's line
carried (change talk, a feeling, distress, a disclosure) and those the reply missed; the pitfalls
and safety steps it holds, the strategies it shows, and how much it tends to open the client up
(``opens``) or close them down (``closes``), by the rules of motivational interviewing. Plain
data (text, numbers, lists, mappings), so it is saved with the answer and replays as it was.

The phrases are data in ``rehearsal.yaml`` (``RehearsalVocabulary``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from engine.ground.errors import DialogueLoadError, did_you_mean
from engine.understanding.coding.coded import INPUTS, QUESTIONS, REFLECTIONS, Coded
from engine.understanding.coding.coder import ReplyCoder
from engine.understanding.coding.labelled import LabelledPhrases
from engine.understanding.coding.reflections import content
from engine.understanding.coding.vocabulary import Code, Move
from engine.understanding.phrasebook import PhrasebookReader
from engine.understanding.phrases import Compiled, Compiler
from engine.understanding.reading import make_clause

VOCABULARY_FILE = Path(__file__).with_name("rehearsal.yaml")
TOP_KEYS = ("words", "cues", "pitfalls", "steps", "shows", "rewordings")
CUE_KINDS = ("disclosure", "distress", "feeling")  # found by phrase; "change" by the talk rules
PITFALLS = ("dictating_actions", "blaming_others", "encouraging_avoidance", "minimising", "promising_secrecy")
STEPS = ("ask_directly", "ask_safety", "connect_help", "stay_with")
REWORDINGS = ("advice", "reflect", "reflect_first", "deepen", "open_do", "open_did", "open_could", "open_are",
              "open_other", "instead_of_blame", "safety", "keep")

# How much each code tends to open a client up, or close them down (MITI 4.2.1: reflections and the
# MI-adherent behaviours against the MI-non-adherent ones). A reply's total is capped.
OPENS = {Code.COMPLEX_REFLECTION: 2, Code.SIMPLE_REFLECTION: 1, Code.AFFIRMATION: 1, Code.AUTONOMY: 1}
CLOSES = {Code.ADVICE_WITHOUT_PERMISSION: 2, Code.CONFRONT_OR_BLAME: 2}
CLOSING_PITFALLS = {"blaming_others": 1, "encouraging_avoidance": 1, "minimising": 2, "promising_secrecy": 1}
MOST_OPENED, MOST_CLOSED = 2, 3
# Change talk the client's line carries, by the talk rules' cue kinds (a weak lean is no cue).
CHANGE_KINDS = ("desire", "ability", "need", "commitment", "activation", "taking_steps", "reasons", "hope",
                "weak.plans", "weak.openness")
_FEELING_WORDS = frozenset({"feel", "feeling", "feelings", "felt"})


@dataclass(frozen=True)
class Phrased:
    says: str
    phrases: tuple[Compiled, ...]


@dataclass(frozen=True)
class Shows:
    codes: tuple[str, ...]
    phrases: tuple[Compiled, ...]


@dataclass(frozen=True)
class RehearsalVocabulary:
    cues: dict[str, Phrased]
    pitfalls: dict[str, Phrased]
    steps: dict[str, Phrased]
    shows: dict[str, Shows]
    rewordings: dict[str, str]


# Names a strategy can be shown by: the codes, the moves, the steps and the pitfalls.
SHOWN_BY = tuple(c.value for c in Code) + tuple(m.value for m in Move) + STEPS + PITFALLS


class _RehearsalReader(PhrasebookReader):
    def read(self) -> RehearsalVocabulary:
        root = self.root("the rehearsal vocabulary needs `cues`, `pitfalls`, `steps`, `shows` and `rewordings`")
        top = self.mapping(root, "the rehearsal vocabulary") if root is not None else None
        if top is None or root is None:
            raise DialogueLoadError(self.problems)
        self.check_keys(top, TOP_KEYS, "the rehearsal vocabulary")
        self.require(top, TOP_KEYS[1:], root, "the rehearsal vocabulary")
        self.compiler = Compiler(self.word_classes(top["words"][1]) if "words" in top else {}, {})
        cues = self.phrased(top, "cues", CUE_KINDS)
        pitfalls = self.phrased(top, "pitfalls", PITFALLS)
        steps = self.phrased(top, "steps", STEPS)
        shows = self.shows(top["shows"][1]) if "shows" in top else {}
        rewordings = self.rewordings(top["rewordings"][1]) if "rewordings" in top else {}
        if self.problems:
            raise DialogueLoadError(self.problems)
        return RehearsalVocabulary(cues, pitfalls, steps, shows, rewordings)

    def phrased(self, top: dict[str, tuple[yaml.Node, yaml.Node]], name: str,
                names: tuple[str, ...]) -> dict[str, Phrased]:
        node = top[name][1] if name in top else None
        entries = (self.mapping(node, f"`{name}`") or {}) if node is not None else {}
        self.check_keys(entries, names, f"`{name}`")
        if node is not None:
            self.require(entries, names, node, f"`{name}`")
        found = {}
        for key, (_, body) in entries.items():
            fields = self.mapping(body, f"`{name}` `{key}`") or {}
            self.check_keys(fields, ("says", "phrases"), f"`{name}` `{key}`")
            self.require(fields, ("says", "phrases"), body, f"`{name}` `{key}`")
            says = self.string(fields["says"][1], f"`says` of `{key}`") if "says" in fields else None
            phrases = self.compiled(fields["phrases"][1], f"the phrases of `{key}`") if "phrases" in fields else ()
            found[key] = Phrased(says or key, phrases)
        return found

    def shows(self, node: yaml.Node) -> dict[str, Shows]:
        found = {}
        for strategy, (_, body) in (self.mapping(node, "`shows`") or {}).items():
            fields = self.mapping(body, f"`shows` `{strategy}`") or {}
            self.check_keys(fields, ("codes", "phrases"), f"`shows` `{strategy}`")
            codes = []
            for text, item in (self.strings(fields["codes"][1], "`codes`") if "codes" in fields else []):
                if text not in SHOWN_BY:
                    self.error(item, f"`{text}` is not a code, move, step or pitfall",
                               did_you_mean(text, SHOWN_BY) or "see replies.yaml and `steps` above")
                    continue
                codes.append(text)
            phrases = self.compiled(fields["phrases"][1], f"the phrases of `{strategy}`") \
                if "phrases" in fields else ()
            if not codes and not phrases:
                self.error(body, f"`{strategy}` needs `codes` or `phrases`")
            found[strategy] = Shows(tuple(codes), phrases)
        return found

    def rewordings(self, node: yaml.Node) -> dict[str, str]:
        entries = self.mapping(node, "`rewordings`") or {}
        self.check_keys(entries, REWORDINGS, "`rewordings`")
        self.require(entries, REWORDINGS, node, "`rewordings`")
        return {key: self.string(value, f"the rewording `{key}`") or "" for key, (_, value) in entries.items()}

    def compiled(self, node: yaml.Node, what: str) -> tuple[Compiled, ...]:
        return tuple(self.compile(text, sequence, item) for text, sequence, item in self.phrases(node, what))


def read_rehearsal(path: Path) -> RehearsalVocabulary:
    """The vocabulary in ``path``; a ``DialogueLoadError`` lists every problem in it."""
    return _RehearsalReader(path).read()


class ReplyReader:
    """Reads a reply against the client's line, with one coder and one rehearsal vocabulary."""

    def __init__(self, coder: ReplyCoder, vocabulary: RehearsalVocabulary):
        self.coder = coder
        self.vocabulary = vocabulary
        self.cue_phrases = LabelledPhrases({k: v.phrases for k, v in vocabulary.cues.items()})
        self.pitfalls = LabelledPhrases({k: v.phrases for k, v in vocabulary.pitfalls.items()})
        self.steps = LabelledPhrases({k: v.phrases for k, v in vocabulary.steps.items()})
        self.signs = LabelledPhrases({k: v.phrases for k, v in vocabulary.shows.items() if v.phrases})

    # -- the client's line ------------------------------------------------------------------------
    def cues(self, line: str) -> list[dict[str, str]]:
        """What the client's line carries that a reply should pick up: each cue's ``kind``
        (disclosure, distress, feeling, change), the ``words`` that carry it and the ``sentence``
        they are in, strongest first."""
        from engine.understanding import talk

        found: list[dict[str, str]] = []
        sentences = _sentences(line)
        for sentence in sentences:
            clause = make_clause(0, self.coder.tokens(sentence))
            for kind, (start, end) in self.cue_phrases.find(clause).items():
                found.append({"kind": kind, "words": clause.words(start, end), "sentence": sentence})
        said = talk.classify(line)
        disclosed = {cue["sentence"] for cue in found if cue["kind"] == "disclosure"}
        if said.label == talk.CHANGE and said.kind in CHANGE_KINDS:
            sentence = _holding(sentences, said.cue, self)
            if sentence not in disclosed:  # "better off without me" is no reason to change
                found.append({"kind": "change", "words": said.cue, "sentence": sentence})
        order = {"disclosure": 0, "distress": 1, "feeling": 2, "change": 3}
        kept: dict[str, dict[str, str]] = {}
        for cue in sorted(found, key=lambda c: order[c["kind"]]):
            words = content(self.coder.tokens(cue["words"]))
            if any(words & content(self.coder.tokens(k["words"])) for k in kept.values()):
                continue  # "sick of waiting" is distress; its "i am sick of" is not a second cue
            kept.setdefault(cue["kind"], cue)
        if "disclosure" in kept:  # a disclosure is distress too; say it once
            kept.pop("distress", None)
        return list(kept.values())

    # -- the reply --------------------------------------------------------------------------------
    def read(self, reply: str, line: str) -> dict[str, Any]:
        coded = self.coder.code(reply, line)
        acts = self.coder.acts(reply)
        cues = self.cues(line)
        pitfalls = self._found(self.pitfalls, acts)
        steps = self._found(self.steps, acts)
        counted = [hit.code for hit in coded.hits]
        missed = [cue for cue in cues if not self._picked_up(cue, coded, acts, steps)]
        names = {c.value for c in coded.codes} | {m.value for m in coded.moves} | set(steps) | set(pitfalls)
        shows = self._shows(names, coded, acts, steps, pitfalls)
        if Code.ADVICE_WITHOUT_PERMISSION in coded.codes:
            pitfalls = {"dictating_actions": coded.words_for(Code.ADVICE_WITHOUT_PERMISSION)[0], **pitfalls}
        opens = min(MOST_OPENED, sum(OPENS.get(code, 0) for code in coded.codes))
        closes = min(MOST_CLOSED, sum(CLOSES.get(code, 0) for code in coded.codes)
                     + sum(CLOSING_PITFALLS.get(name, 0) for name in pitfalls))
        if closes:  # good words beside a dictate or a put-down do not land
            opens = 0
        questions = [c for c in counted if c in QUESTIONS]
        return {
            "text": reply.strip(),
            "line": line,
            "codes": [code.value for code in coded.codes],
            "main": coded.main,
            "hits": [{"code": hit.code.value, "act": hit.act, "words": hit.words} for hit in coded.hits],
            "words": {code.value: coded.words_for(code)[0] for code in coded.codes},
            "moves": [move.value for move in coded.moves],
            "acts": list(coded.acts),
            "reflections": sum(c in REFLECTIONS for c in counted),
            "complex": counted.count(Code.COMPLEX_REFLECTION),
            "questions": len(questions),
            "open": questions.count(Code.OPEN_QUESTION),
            "closed": questions.count(Code.CLOSED_QUESTION),
            "closed_only": bool(questions) and Code.OPEN_QUESTION not in questions
            and not any(c in REFLECTIONS for c in counted),
            "advice": any(c in INPUTS[1:] for c in coded.codes),
            "reflected_first": _reflected_first(coded),
            "cues": cues,
            "missed": missed,
            "pitfalls": [{"id": name, "words": words, "says": self._says(self.vocabulary.pitfalls, name)}
                         for name, words in pitfalls.items()],
            "steps": [{"id": name, "words": words, "says": self._says(self.vocabulary.steps, name)}
                      for name, words in steps.items()],
            "shows": shows,
            "opens": opens,
            "closes": closes,
        }

    @staticmethod
    def _says(entries: dict[str, Phrased], name: str) -> str:
        found = entries.get(name)
        return found.says if found else ""

    def _found(self, phrases: LabelledPhrases, acts: Iterable[Any]) -> dict[str, str]:
        found: dict[str, str] = {}
        for act in acts:
            clause = make_clause(0, act.tokens)
            for name, (start, end) in phrases.find(clause).items():
                found.setdefault(name, clause.words(start, end))
        return found

    def _picked_up(self, cue: dict[str, str], coded: Coded, acts: list[Any], steps: dict[str, str]) -> bool:
        """Whether a reflection or a question of the reply takes up the cue: shares words with the
        sentence it is in (or their kin), or names a feeling for a feeling or distress; a
        disclosure is taken up by saying it back, or by asking directly about it or about their
        safety (naming a feeling is not enough)."""
        if cue["kind"] == "disclosure" and steps.keys() & {"ask_directly", "ask_safety"}:
            return True
        wanted = self._kin(content(self.coder.tokens(cue["sentence"])) | content(self.coder.tokens(cue["words"])))
        taking = {hit.act for hit in coded.hits if hit.code in REFLECTIONS or hit.code in QUESTIONS}
        for index in taking:
            if index >= len(acts):
                continue
            tokens = acts[index].tokens
            if content(tokens) & wanted:
                return True
            if cue["kind"] in ("feeling", "distress") and (_FEELING_WORDS & set(tokens)
                                             or "feelings" in self.coder.reflections.find(make_clause(0, tokens))):
                return True
        return False

    def _kin(self, words: set[str]) -> set[str]:
        found = set(words)
        for word in words:
            for family in self.coder.kin.get(word, ()):
                found |= content(family.split())
        return found

    def _shows(self, names: set[str], coded: Coded, acts: list[Any], steps: dict[str, str],
               pitfalls: dict[str, str]) -> list[dict[str, str]]:
        shown: list[dict[str, str]] = []
        signs = self._found(self.signs, acts)
        for strategy, rule in self.vocabulary.shows.items():
            by = next((name for name in rule.codes if name in names), None)
            if by is not None:
                words = steps.get(by) or pitfalls.get(by) or _words_for(coded, by) or by
                shown.append({"id": strategy, "words": words})
            elif strategy in signs:
                shown.append({"id": strategy, "words": signs[strategy]})
        return shown


def _reflected_first(coded: Coded) -> bool:
    """Whether a reflection comes before the reply's first advice (one with none is not advice)."""
    advice = [hit.act for hit in coded.hits if hit.code in INPUTS[1:]]
    reflections = [hit.act for hit in coded.hits if hit.code in REFLECTIONS]
    return bool(advice and reflections and min(reflections) < min(advice))


def _words_for(coded: Coded, name: str) -> str:
    if name in {c.value for c in Code}:
        found = coded.words_for(Code(name))
        return found[0] if found else ""
    return ""


_SPEAKER = re.compile(r"^\s*[A-Z][\w'. -]{0,30}:\s+")  # "Jo: ..." names who says the line
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+")


def without_speaker(line: str) -> str:
    """A client's line without the speaker's name before it ("Jo: ...")."""
    return _SPEAKER.sub("", line, count=1).strip()


def _sentences(line: str) -> list[str]:
    """The sentences of a client's line as written, without the speaker's name before it."""
    said = without_speaker(line)
    found = [sentence.strip() for sentence in _SENTENCE_END.split(said) if re.search(r"\w", sentence)]
    return found or [said]


def _holding(sentences: list[str], words: str, reader: ReplyReader) -> str:
    """The sentence that holds ``words`` (the first, when none does)."""
    wanted = reader.coder.tokens(words)
    for sentence in sentences:
        tokens = reader.coder.tokens(sentence)
        if any(tokens[i:i + len(wanted)] == wanted for i in range(len(tokens))):
            return sentence
    return sentences[0] if sentences else ""


@functools.lru_cache(maxsize=1)
def bundled_rehearsal() -> RehearsalVocabulary:
    return read_rehearsal(VOCABULARY_FILE)


@functools.lru_cache(maxsize=1)
def default_reader() -> ReplyReader:
    from engine.understanding.coding import default_coder

    return ReplyReader(default_coder(), bundled_rehearsal())


def read_reply(reply: str, line: str) -> dict[str, Any]:
    """What a ``reply`` question keeps: ``reply`` coded against the client's ``line``."""
    return default_reader().read(reply, line)


def client_cues(line: str) -> list[dict[str, str]]:
    """The cues a client's line carries (see ``ReplyReader.cues``)."""
    return default_reader().cues(line)
