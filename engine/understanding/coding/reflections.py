"""Reflections: whether a statement is about the client, and whether it says back what the client
said (simple) or adds what they did not say (complex: a feeling, the other side, a metaphor, new
words), compared with the client's words and the words that say the same (``kin``)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from engine.understanding.coding.context import Reply
from engine.understanding.coding.labelled import LabelledPhrases, at_start
from engine.understanding.coding.vocabulary import Code
from engine.understanding.coding.words import SECOND_PERSON, word_set
from engine.understanding.reading import Clause
from engine.understanding.textnorm import normalise, words

# Codes that make a statement something other than a reflection.
_SUBSTANTIVE = ("advice_without_permission", "advice_with_permission", "information", "affirmation",
                "confront_or_blame", "collaboration", "autonomy", "other")
# Words too common to show that a reflection repeats the client, or adds to what they said.
SMALL = word_set(
    "i you me my your yours yourself it its the a an and or but so to of in on at for with is am are was were be been "
    "being have has had do does did not no yes that this these those there they them their he she him her his we us "
    "our just really very like get got go going gone about what how why when where who which would could should can "
    "will shall may might must than then too also only even still now all any some more most much many lot lots "
    "bit quite pretty kind sort thing things something anything nothing everything way well right ok okay yeah "
    "if as because by from up down out off over into onto again back here")
# Words that frame a reflection without adding to it ("it sounds like", "you feel").
_FRAME = word_set("sound sounds sounding seem seems seemed feel feels feeling felt say says said saying mean means "
                  "hear hearing guess think thinking know tell telling told mention mentioned")
# Small words that still say something when a client says them ("nothing", "everything").
_KIN_SMALL = word_set("nothing everything all no none fine ok okay alone")
# The client speaking of themselves, and the words that turn what they said round.
_SELF = word_set("i me my myself im")
_POLARITY = word_set("not never always no")
# A reflection that says it in new words is complex when this many content words, this share of them new.
_NEW_WORDS = 2
_NEW_SHARE = 0.85
# Speech takes more words to say the same ("what I'm picking up is ..."): a spoken reflection needs more new ones.
_NEW_WORDS_SPOKEN = 4
# In speech a counsellor says back what the client said turns before a short "yeah, mm-hmm": against fewer
# content words (and their stems) than this, new words are not judged.
_CLIENT_WORDS_SPOKEN = 6
# Feeling words that name none before "to" ("it is down to them", "you are happy to wait").
_BEFORE_TO = frozenset(("down", "happy"))
# Saying that something matters to the client, and the client's words for what they want.
_VALUING = word_set("matters matter important value values care cares mean means")
_WANTING = word_set("want wants wanted goal goals wish hope hoping aim decided")
# Verbs before "down" that make it a doing ("cut down", "slow down", "put it down"), not a feeling.
_DOWN_NOT_LOW = word_set("cut cutting calm calming slow slowing settle settling sit sat sitting write wrote writing "
                         "put putting turn turned turning wind winding back break shut close step narrow water tone "
                         "it")


def stems(tokens: Iterable[str]) -> list[str]:
    found = []
    for word in tokens:
        found += [word, re.sub(r"(ies|es|s|ing|ed|ly|y)$", "", word)]
    return found


def content(tokens: Iterable[str]) -> set[str]:
    return set(stems(token for token in tokens if token not in SMALL))


def said_by(tokens: list[str]) -> set[str]:
    """What the client said, as a reflection is compared with it: the content words (and their
    stems), and every run of two or three words ("no point", "on my own")."""
    runs = {" ".join(tokens[i:i + n]) for n in (2, 3) for i in range(len(tokens) - n + 1)}
    return content(tokens) | runs | {token for token in tokens if token in _KIN_SMALL}


_LINKS = word_set("so because cos coz cause since until till which")


def _linked(client: set[str]) -> bool:
    """Whether the client's own words link one thing to another ("it didn't help so i stopped")."""
    return any(" " in run and run.split()[0] in _LINKS for run in client)


# The client's words said back to them: "you are" is their "i am".
_TURNED = {"you": "i", "your": "my", "yours": "mine", "yourself": "myself", "are": "am", "were": "was"}


def in_their_words(said: str, client: set[str]) -> bool:
    """Whether every word of ``said`` is one the client used, turned to the client's person ("and
    still" after "... and i still feel rubbish", "when you are" after "when i am"): what the client
    said, however small its words, is not added."""
    told = {word for run in client for word in run.split()}
    said_words = words(said)
    return bool(said_words) and all(_TURNED.get(word, word) in told or word in told for word in said_words)


def client_words(text: str) -> set[str]:
    """The client's words, as the coder compares them with a reflection."""
    return said_by(words(normalise(text)))


def owned(said: str, client: set[str], client_text: str) -> bool:
    """Whether the client said these words of themselves ("i'm not really trying anymore"): the
    client spoke of themselves, every content word is theirs, and so is each "not", "never" or
    "always", just before one of them (so "you're not trying" is not theirs when they said "i'm
    trying so hard and it's not working")."""
    tokens = words(said)
    said_words = content(tokens)
    theirs = client_text.split()
    if not said_words or not set(theirs) & _SELF or not said_words <= client:
        return False
    turned = {token for token in tokens if token in _POLARITY}
    near = {token for index, token in enumerate(theirs) if token in _POLARITY
            and set(stems(theirs[index + 1:index + 4])) & said_words}
    return turned <= near


def accused(clause: Clause, cues: dict[str, tuple[int, int]], context: Reply) -> bool:
    """Whether the act charges the client with what they do or fail to do, and the client did not
    say the same of themselves."""
    where = cues.get("accusing")
    return where is not None and not owned(clause.words(*where), context.client, context.client_text)


class ReflectionJudge:
    """Tells a reflection by its ``reflections`` phrases (starts, adds, feelings, keeps), and
    how deep it goes by the client's words and their ``kin``."""

    def __init__(self, reflections: LabelledPhrases, kin: dict[str, frozenset[str]], softeners: frozenset[str]):
        self.reflections = reflections
        self.kin = kin
        # Hedges alone (`rules: softeners`): they soften a reflection without adding to it (a guess at a
        # feeling is the feeling's).
        self.softeners = softeners

    def framed(self, clause: Clause) -> bool:
        """Whether a statement starts like a reflection ("it sounds like", "so you")."""
        return at_start(self.reflections.find(clause), "starts")

    def says_back(self, clause: Clause) -> bool:
        """Whether a statement is framed as a reflection ("it sounds like", "so you") or names a feeling."""
        r = self.reflections.find(clause)
        return at_start(r, "starts") or "feelings" in r

    def reflective(self, core: list[str], clause: Clause, found: dict[str, tuple[int, int]]) -> bool:
        """Whether a statement is about the client: says "you", names a feeling, or starts like a reflection."""
        if found.keys() & set(_SUBSTANTIVE):
            return False
        if SECOND_PERSON & set(core):
            return True
        r = self.reflections.find(clause)
        return "starts" in r or "feelings" in r

    def depth(self, body: list[str], clause: Clause, client: set[str], asks: bool = False,
              spoken: bool = False) -> Code:
        """Complex when the reflection adds what the client did not say; simple when it says it back."""
        complex_ = self.complexity(body, clause, client, asks, spoken)[0]
        return Code.COMPLEX_REFLECTION if complex_ else Code.SIMPLE_REFLECTION

    def complexity(self, body: list[str], clause: Clause, client: set[str], asks: bool = False,
                   spoken: bool = False) -> tuple[bool, str]:
        """Whether a reflection is complex, and why: the feeling or the words it adds, or that it says back.
        ``asks``: the client asked the trainee to do something, so "you want me to ..." says it back."""
        said_by_client = self._kin_of(client)
        r = self.reflections.find(clause)
        for start, end in self.reflections.all(clause, "feelings"):
            said = clause.words(start, end)
            if clause.tokens[end:end + 1] == ("to",) and said in _BEFORE_TO:
                continue  # "it is all down to them", "happy to go along with it": who decides, being willing
            if said == "down" and start > 0 and clause.tokens[start - 1] in _DOWN_NOT_LOW:
                continue  # "cut down", "calm down", "write it down": doing less or doing it, not feeling low
            if not self._known(said, said_by_client) and clause.words(max(start - 1, 0), end) not in client:
                return True, f"adds the feeling `{said}`"  # "letting people down" is the client's, "so down" is not
        if asks and at_start(r, "requests"):
            return False, "says back what the client asks for"
        added = self._added(body, clause, client, said_by_client)
        if added:
            return True, added
        strength = self._strength(clause, client, said_by_client)
        if strength:
            return True, strength
        kept = [t for t in body if t not in SMALL and t not in _FRAME]
        new = [t for t in kept if not self._known(t, said_by_client)]
        if "keeps" in r and (len(new) <= 2 or spoken):
            return False, "says back"  # in speech "you said before ..." reports the client's words, however many
        if spoken and len({word for word in client if " " not in word}) < _CLIENT_WORDS_SPOKEN:
            return False, "says back"  # "mm-hmm. yeah.": what is said back was said before these words
        if client and len(kept) >= (_NEW_WORDS_SPOKEN if spoken else _NEW_WORDS) and len(new) / len(kept) >= _NEW_SHARE:
            return True, "says it in new words: " + " ".join(new)
        return False, "says back"

    def _added(self, body: list[str], clause: Clause, client: set[str], said_by_client: set[str]) -> str:
        """What a reflection's `adds` phrases add that the client did not say ("" when nothing)."""
        for start, end in self.reflections.all(clause, "adds"):
            said = clause.words(start, end)
            if said in self.softeners:
                continue  # "maybe you're not sure yet": a hedge softens what is said back, it adds nothing
            if said.startswith("like ") and start > 0 and clause.tokens[start - 1] in _FRAME:
                continue  # "you feel like ...", "it sounds like ...": a frame, not a simile
            added = set(words(said)) - SMALL
            unsaid = not self._known(said, said_by_client) if added else not set(words(said)) <= said_by_client
            if unsaid and in_their_words(said, client):
                continue  # "you do it all and still feel rubbish": the client's own "and i still"
            if unsaid and not added and _linked(client):
                continue  # "so you stopped going": the client made the link ("... so i stopped")
            if unsaid and self._their_want_valued(said, body, client, said_by_client):
                continue  # "being happy is really important to you" after "my goal is to be happy"
            if unsaid:
                return f"adds `{said}`"
        return ""

    def _their_want_valued(self, said: str, body: list[str], client: set[str], said_by_client: set[str]) -> bool:
        """Whether ``said`` only says that what the client wants matters to them: the client named a
        want or a goal, the reflection says being or doing it matters, and everything else in it is
        theirs ("being reliable matters to you" after "i want to be the kind of person people can
        count on")."""
        valued = set(words(said))
        if not valued & _VALUING or not client & _WANTING or not body or not (body[0] in ("being", "to")
                                                                              or body[0].endswith("ing")):
            return False  # "your family means a lot to you" after "i want to fix things with them" adds what
        rest = [token for token in body if token not in SMALL and token not in _FRAME and token not in valued
                and token not in ("being", "really")]
        return bool(rest) and all(self._known(token, said_by_client) for token in rest)

    def _strength(self, clause: Clause, client: set[str], said_by_client: set[str]) -> str:
        """Why a reflection that names a strength adds to what the client said ("" when it does not): it
        names one the client did not claim, or puts the client's in other words ("sticking at things is
        something you're good at" after "i'm good with the tomatoes")."""
        for start, end in self.reflections.all(clause, "strengths"):
            named = clause.words(start, end)
            if not client:
                return ""
            if not self._known(named, said_by_client):
                return f"names a strength the client did not: `{named}`"
            what = [token for index, token in enumerate(clause.tokens)
                    if not start <= index < end and token not in SMALL and token not in _FRAME]
            if what and not any(self._known(t, said_by_client) for t in what):
                return f"names the strength in other words: {' '.join(what)}"
        return ""

    def _kin_of(self, client: set[str]) -> set[str]:
        """The client's words with the words that say the same."""
        found = set(client)
        for word in client:
            for family_word in self.kin.get(word, ()):
                found.add(family_word)
                found.update(stems(family_word.split()))
        return found

    def _known(self, said: str, said_by_client: set[str]) -> bool:
        """Whether the client said these words, or words that say the same."""
        if said in said_by_client:
            return True
        kept = [word for word in words(said) if word not in SMALL] or words(said)
        return all(set(stems([word])) & said_by_client for word in kept)
