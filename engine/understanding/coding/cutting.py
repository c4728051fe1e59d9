"""Cutting a reply into acts: each sentence's parts read into words (openers set aside), then
joined or cut where a question starts, a leading part runs into the question after it ("when you
say that, what ..."), or a part stands alone (a greeting, thanks, an acknowledgement)."""

from __future__ import annotations

import re

from engine.understanding.coding.acts import sentences
from engine.understanding.coding.context import Act
from engine.understanding.coding.labelled import LabelledPhrases, at_start
from engine.understanding.coding.vocabulary import RuleWords
from engine.understanding.coding.words import (
    AFTER_YOURE,
    ASKING_OPENERS,
    AUX,
    COPULAS,
    DETERMINERS,
    LEADS,
    MODALS,
    NO_CUT_AFTER,
    NOUN_BEFORE_YOUR,
    PERSONS,
    STRONG_STARTS,
    SUBJECTS,
    TAG_WORDS,
    THIRD,
    WH,
    WH_FOLLOWERS,
    word_set,
)
from engine.understanding.reading import Lexicon, Reader, make_clause

# A word restarted in speech or typing ("wh-what", "i-i", "the- the"): only the second is read.
_RESTART = re.compile(r"\b([\w']+)-+\s*(?=\1)", re.IGNORECASE)
# "you know" is a filler to the shared reader, except where it says whose knowledge counts.
_KNOW = re.compile(r"\byou know (?=(?:your|yourself|what (?:works|is best|you need|is right)|best|better|more "
                   r"about)\b)", re.IGNORECASE)
# "do you know where the clinic is", "did you know the group meets on fridays": asking what the client knows,
# not the filler (read as "do where the clinic is", an imperative); and "you know what is going to happen",
# "you know how much they love you" without a comma say what the client knows (a filler before a question
# has its comma: "you know, what happened next").
_ASK_KNOW = re.compile(r"\b(do|does|did|don't|didn't|do not|did not) you know\b", re.IGNORECASE)
_KNOW_WHAT = re.compile(r"(?<!\bdo )(?<!\bdid )\byou know (?=(?:what|how|where|when|why|who|which)\b)",
                        re.IGNORECASE)


def _youre(tokens: list[str]) -> list[str]:
    """"your" where it can only be "you are": "ur not even trying", "your doing great"."""
    if "your" not in tokens:
        return tokens
    mended: list[str] = []
    for index, token in enumerate(tokens):
        if token == "your" and tokens[index + 1:index + 2] and tokens[index + 1] in AFTER_YOURE \
                and not (index and tokens[index - 1] in NOUN_BEFORE_YOUR):
            mended += ["you", "are"]
        else:
            mended.append(token)
    return mended

# In a transcript, a start of up to three words broken off ("I was-- maybe you could ...", "what-- is it the
# same friends?") at the start of a sentence or part: the speaker began again, and only the new start is read.
_BROKEN_OFF = re.compile(r"(?:^|(?<=[.?!,;]\s))[a-z'’]+(?:[\s-]+[a-z'’]+){0,2}(?:--+|—)\s*(?=[a-z])",
                         re.IGNORECASE)

# "you know what?", "you know what, ...": said to get attention, not asking what the client knows.
_ATTENTION = re.compile(r"(?<!\bdo )(?<!\bdid )\b(?:you[-\s]+)?you know what\s*[,?!.:;]+\s*", re.IGNORECASE)

def hedge_pattern(rules: RuleWords) -> re.Pattern[str]:
    """"kind of", "sort of", "kinda" as a hedge ("it's kind of a way to cope", "he kinda gave you a directive"),
    not naming a type ("the sort of guy", "what kind of plan", "some sort of course", "that kind of thing"):
    `rules: hedges`, not after `hedge_names_after` nor before `hedge_names_before`. The reading drops them,
    so a part is looked at before it is read."""
    if not rules.hedges:
        return re.compile("(?!x)x")
    after = "".join(rf"(?<!\b{re.escape(word)} )" for word in rules.hedge_names_after)
    hedge = r"\b(?:" + "|".join(re.escape(words) for words in rules.hedges) + r")\b"
    before = "|".join(re.escape(words) for words in rules.hedge_names_before)
    return re.compile(after + hedge + (rf"(?! (?:{before})\b)" if before else ""), re.IGNORECASE)

# A part that stands alone (a greeting, thanks) or leads into a question is shorter than this; a
# longer one is not read again each time a part is added to it, so a long reply costs linear time.
_LONGEST = 30
# What a part after a question can open with and be an act of its own.
_TELLING = ("advice_without_permission", "advice_with_permission", "information")


_WONDER = ("wonder", "wondered", "wondering")
_JOINING = ("and", "so", "but")


_WANTING = (["wanted", "to"], ["want", "to"], ["would", "like", "to"], ["would", "love", "to"])
_FINDING = word_set("know hear find check see ask understand learn")


def _finding_out(rest: list[str]) -> bool:
    """"(and) I wanted to check in with you and see how ...", "(so) I'd like to find out ... about how ...":
    the speaker goes on to ask what they want to know."""
    for want in _WANTING:
        if rest[:len(want)] == want:
            after = rest[len(want):]
            return bool(set(after[:5]) & _FINDING) and bool(set(after[1:12]) & (WH | {"if", "whether"}))
    return False


def _wondering(tokens: list[str], curious: LabelledPhrases | None = None) -> list[list[str]]:
    """A transcribed sentence is one act, except where the speaker goes on to wonder aloud
    ("... yesterday and I'm wondering if you can tell me how it happened"): that is a question of its
    own, cut off with the "and"/"so" before it."""
    for index in range(3, len(tokens) - 2):
        if tokens[index] != "i" or tokens[index - 1] not in _JOINING:
            continue
        rest = tokens[index + 1:index + 16]
        while rest and rest[0] in ("am", "was", "just", "also", "really"):
            rest = rest[1:]
        if len(rest) > 1 and rest[0] in _WONDER and rest[1] in ("if", "whether") + tuple(WH) or _finding_out(rest) \
                or curious is not None and at_start(curious.find(make_clause(0, ["i", "am"] + rest)), "curious"):
            start = index
            while start > 1 and tokens[start - 1] in _JOINING:
                start -= 1
            return [tokens[:start], tokens[start:]]
    return [tokens]


def _restarted(tokens: list[str]) -> list[str]:
    """Words said again at once, two to four of them, read once: a restart in speech or typing
    ("where do you- where do you feel ...", "is it is it ok"). A single word said twice ("very
    very", "that that would be") is kept."""
    if len(tokens) < 4:
        return tokens
    kept: list[str] = []
    index = 0
    while index < len(tokens):
        for size in (4, 3, 2):
            if tokens[index:index + size] == tokens[index + size:index + 2 * size] and index + 2 * size <= len(tokens):
                index += size  # the first saying is dropped, the second read
                break
        else:
            kept.append(tokens[index])
            index += 1
    return kept


_BEFORE_OBJECT = word_set("about of on at with for from by into around regarding")


def _object_of(before: list[str], piece: list[str]) -> bool:
    """"some pretty good ideas about, um, how to handle this", "the question of, you know, what comes next": a
    part after a preposition that ends the part before is its object, not a question of its own."""
    return bool(before) and before[-1] in _BEFORE_OBJECT and len(piece) > 1 and piece[0] in WH


def _named(tokens: list[str]) -> bool:
    """A short noun phrase that can be the subject of "is": "the problem", "my worry", "the thing"."""
    return 1 < len(tokens) <= 4 and tokens[0] in DETERMINERS and not set(tokens) & (AUX | PERSONS)


class _Reader(Reader):
    """The shared reader, without its guess of an implied "I" (a trainee's "caring for your mum
    every day takes patience" is not "I am caring ...")."""

    def _implied_subject(self, tokens: list[str]) -> list[str]:
        return tokens


class ActCutter:
    """Reads a reply into words and cuts it into acts; ``phrases`` are the codes' own (a part
    that is all `other` stands alone)."""

    def __init__(self, lexicon: Lexicon, openers: tuple[tuple[str, ...], ...], phrases: LabelledPhrases,
                 rules: RuleWords, tags: LabelledPhrases | None = None, curious: LabelledPhrases | None = None):
        self.reader = _Reader(lexicon)
        self.hedge = hedge_pattern(rules)  # "kind of", "sort of" softening what is said
        self.openers = openers
        self.phrases = phrases
        self.curious = curious  # "and i am curious how ...": cut off as its own question in speech
        self.tags = tags  # "is that right", "isn't it": a part that only asks whether the part before is so
        self._by_first: dict[str, list[tuple[str, ...]]] = {}  # longest first, as in ``openers``
        for opener in openers:
            self._by_first.setdefault(opener[0], []).append(opener)

    # -- reading ---------------------------------------------------------------------------------
    def tokens(self, text: str) -> list[str]:
        text = _KNOW.sub("you understand ", _RESTART.sub("", text))
        text = _KNOW_WHAT.sub("you understand ", _ASK_KNOW.sub(r"\1 you understand", text))
        found: list[str] = []
        for clause in self.reader.read(text):
            for token in clause.tokens:
                # A contraction the shared reading left whole (inside "what's-what's"), spelled out now.
                found += self.reader.read(token)[0].tokens if "'" in token and self.reader.read(token) else [token]
        return _youre(_restarted(found))

    def strip_openers(self, tokens: list[str]) -> list[str]:
        index = 0
        while index < len(tokens):
            for opener in self._by_first.get(tokens[index], ()):
                if tuple(tokens[index:index + len(opener)]) == opener:
                    if opener == ("you", "know") and tokens[index + 2:index + 3] and tokens[index + 2] in WH:
                        return tokens[index:]  # "you know what is going to happen": a statement
                    if opener[-1] in ASKING_OPENERS and tokens[index + len(opener):index + len(opener) + 1] == ["if"]:
                        return tokens[index:]  # "ok if i share an idea?": asking, not an opener
                    index += len(opener)
                    break
            else:
                break
        return tokens[index:]

    # -- cutting into acts -----------------------------------------------------------------------
    def acts(self, reply: str, spoken: bool = False) -> list[Act]:
        """The acts of a reply; a transcript (``spoken``) is punctuated, so its sentences are not
        cut where a question word starts inside them ("we have to explore what would happen")."""
        found: list[Act] = []
        heeded = _ATTENTION.sub("", reply)
        reply = heeded if re.search(r"\w", heeded) else reply
        if spoken:
            reply = _BROKEN_OFF.sub("", reply)
        for sentence in sentences(reply[:5000]):
            current: Act | None = None
            for part in sentence.parts:
                tokens = self.tokens(part)
                hedged = bool(self.hedge.search(part))
                for index, piece in enumerate(_wondering(tokens, self.curious) if spoken else self._run_on(tokens)):
                    current = self._place(current, list(piece), bool(spoken and index), found)
                    current.hedged = current.hedged or hedged
            if current is not None and current.tokens:
                current.asked = sentence.asked
                found.append(current)
        return found

    def _place(self, current: Act | None, piece: list[str], apart: bool, found: list[Act]) -> Act:
        """The act a sentence's next piece belongs to: the current one, joined, or a new one (the current
        one then goes to ``found``). ``apart``: a transcript's wondering aloud, cut off as its own act."""
        if current is None:
            return Act(piece)
        if apart:
            found.append(current)  # "... right now but I'm just wondering if we could ..."
            return Act(piece)
        if self._tag(piece):
            current.parts.append(len(current.tokens))  # "you want to quit, is that right": one question
            current.tokens += piece
            return current
        if self._starts_question(current.tokens[:_LONGEST]) and self._tells(piece):
            found.append(current)  # "can i offer a thought, you might try writing it down"
            return Act(piece)
        if self._starts_question(piece) and not _object_of(current.tokens, piece):
            if self._leads(current.tokens):
                return Act(current.tokens + piece, lead=len(current.tokens),
                           parts=[*current.parts, len(current.tokens)], hedged=current.hedged)
            found.append(current)
            return Act(piece)
        if self._stands_alone(current.tokens):
            found.append(current)
            return Act(piece)
        current.parts.append(len(current.tokens))
        current.tokens += piece
        return current

    def _run_on(self, tokens: list[str]) -> list[list[str]]:
        """The pieces of a run-on part: a new piece where a question starts after a few words."""
        pieces: list[list[str]] = []
        start = 0
        opened = len(tokens) - len(self.strip_openers(tokens))  # where the piece's own words start
        for index in range(2, len(tokens) - 1):
            if index - start < 2 or tokens[index - 1] in NO_CUT_AFTER or tokens[index - 1] in SUBJECTS:
                continue
            if index - opened < 2:
                continue
            if tokens[index] in COPULAS and _named(tokens[opened:index]):
                continue  # "the problem is you ...", "my worry is you ...": the subject of "is", not a new question
            if tokens[index - 1] in MODALS:
                continue  # "i wonder if you could tell me more": the question goes on, it does not start again
            if index == len(tokens) - 2 and tokens[index] in AUX and tokens[index + 1] in PERSONS | THIRD:
                continue  # "you're not trying are you": a tag on the statement, not a question of its own
            if self._starts_question(tokens[index:], strict=True):
                pieces.append(tokens[start:index])
                start = index
                opened = len(tokens) - len(self.strip_openers(tokens[start:]))
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
        if first in WH:
            if first in ("what", "how", "why"):
                return second in AUX or (not strict and second not in SUBJECTS)
            # After a comma or inside a run-on, "which makes sense", "who helped" are relative clauses.
            return (second in AUX and third in PERSONS | THIRD) or (not strict and second in WH_FOLLOWERS)
        if first in AUX and first != "must":
            if strict:
                return second in PERSONS
            return second in SUBJECTS and not (first in ("is", "was") and second in ("that", "it") and len(core) < 3)
        return any(tuple(core[:len(start)]) == start for start in STRONG_STARTS)

    def _tells(self, tokens: list[str]) -> bool:
        """Whether a part opens with advice or information: after a question it is an act of its own."""
        core = self.strip_openers(tokens[:_LONGEST])
        found = self.phrases.find(make_clause(0, core)) if core else {}
        return any(at_start(found, name) for name in _TELLING)

    def _tag(self, tokens: list[str]) -> bool:
        """Whether a part is only a tag on the part before ("is that right", "isn't it", "right")."""
        if self.tags is None or not tokens:
            return False
        if len(tokens) == 1:
            return tokens[0] in TAG_WORDS
        found = self.tags.find(make_clause(0, tokens))
        return at_start(found, "tags") and found["tags"][1] >= len(tokens)

    def _leads(self, tokens: list[str]) -> bool:
        core = self.strip_openers(tokens[:_LONGEST])
        return bool(core) and core[0] in LEADS and not (core[0] in WH and len(core) > 1 and core[1] in AUX)

    def _stands_alone(self, tokens: list[str]) -> bool:
        """A part that is a whole act by itself: a greeting, thanks, an apology, an acknowledgement."""
        if len(tokens) > _LONGEST:
            return False
        core = self.strip_openers(tokens)
        if not core:
            return False
        found = self.phrases.find(make_clause(0, core))
        return at_start(found, "other") and found["other"][1] >= len(core) - 1
