"""The phrase language of the vocabularies (safety, listening): readable by a clinician, compiled to fast matchers.

A phrase is a sequence of words, matched against one normalised clause (lower case, contractions
spelled out, one space between words)::

    I {want} to {die}                a word class from the vocabulary's ``words``
    (wish|hope) I (was|were) dead    alternatives; each may be several words
    really? want to die              ``?`` makes the word (or group) before it optional
    thinking .. ending it            ``..`` skips up to 3 words, ``...`` up to 8
    suicid*                          a word that starts with ``suicid``
    =hung                            exactly this word (words are otherwise inflected, below)
    {end} (it|things) !with          ``!`` : not followed by this word (or group)
    took # pills                     ``#`` : a number, in digits or words ("30", "thirty")
    took ## pills                    ``##``: a number of ten or more
    ^ i am done $                    ``^`` and ``$``: the start and the end of the clause

``I``, ``ME``, ``MY`` and ``MYSELF`` (capitals) stand for the speaker. Each phrase that uses them
is compiled twice: once for the speaker, and once with another person in their place ("she",
"my brother", "herself"), so the same phrase also notices someone else in danger.

A literal word also matches its inflections: ``drown`` finds drowns, drowned and drowning, and
``pill`` finds pills (small words such as "to", "my" or "not" stay exact, as does ``=word``).

Every phrase compiles to one regular expression whose every repetition is bounded, so matching
is linear in the length of the clause. Each phrase also names its *anchors*: words one of which
must be in a clause for the phrase to match at all, so most phrases are never tried.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

GAPS = {"..": 3, "...": 8}
PERSONS = ("I", "ME", "MY", "MYSELF")
# Auxiliaries and verb endings that change when someone else is the subject.
_OTHER_VERBS = {"am": "(?:am|is|are)", "have": "(?:have|has)", "do": "(?:do|does)",
                "was": "(?:was|were)", "were": "(?:was|were)"}
# Words too common to be a useful anchor, or to be all that a phrase requires (a phrase anchored
# on them is tried on most clauses).
COMMON_WORDS = frozenset(["i", "me", "my", "myself", "to", "a", "an", "the", "and", "of", "it", "is", "am", "be",
                          "in", "on", "at", "for", "with", "this", "that", "so"])


class PhraseError(ValueError):
    """A phrase that cannot be compiled; ``column`` is 1-based within the phrase."""

    def __init__(self, message: str, column: int, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.column = column
        self.hint = hint


# -- the parsed form ------------------------------------------------------------------------
@dataclass(frozen=True)
class Word:
    text: str
    prefix: bool = False  # ``suicid*``
    exact: bool = False  # ``=word``: no inflections

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.text,) if self.exact or self.prefix else inflections(self.text)


@dataclass(frozen=True)
class ClassRef:
    name: str
    column: int


@dataclass(frozen=True)
class Person:
    role: str  # one of PERSONS


@dataclass(frozen=True)
class Gap:
    size: int


@dataclass(frozen=True)
class Number:
    many: bool = False  # ``##``: ten or more


@dataclass(frozen=True)
class Edge:
    end: bool  # ``$`` (the clause ends here) or ``^`` (it starts here)


@dataclass(frozen=True)
class Group:
    alternatives: tuple[Sequence, ...]


@dataclass(frozen=True)
class Optional_:
    item: Item


@dataclass(frozen=True)
class NotFollowedBy:
    item: Item


Item = Word | ClassRef | Person | Gap | Number | Edge | Group | Optional_ | NotFollowedBy
Sequence = tuple[Item, ...]

_TOKEN = re.compile(r"\s*(\.\.\.|\.\.|##|[(){}|?!#^$]|=?[^\s(){}|?!#=^$]+)")
_NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                 "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
                 "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "dozen"]
NUMBER = r"(?:\d+(?:[.,]\d+)?(?:st|nd|rd|th|s)?|" + "|".join(_NUMBER_WORDS) + ")"
MANY = (r"(?:[1-9]\d+|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|dozens|"
        r"a hundred|a dozen|loads|a load|a lot)")


# Words that are never inflected: function words, and words whose "inflections" are other words.
_UNINFLECTED = frozenset(["i", "me", "my", "myself", "mine", "you", "your", "yourself", "he", "him", "his", "himself",
                          "she", "her", "hers", "herself", "it", "its", "itself", "we", "us", "our", "they", "them",
                          "their", "themselves", "to", "a", "an", "the", "and", "or", "but", "if", "of", "in", "on",
                          "at", "by", "for", "with", "from", "into", "onto", "off", "out", "up", "down", "over",
                          "under", "about", "as", "than", "then", "so", "not", "no", "nor", "never", "is", "am",
                          "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did",
                          "will", "would", "shall", "should", "can", "could", "may", "might", "must", "this", "that",
                          "these", "those", "there", "here", "now", "just", "only", "all", "any", "some", "each",
                          "every", "very", "too", "also", "again", "back", "away", "who", "what", "when", "where",
                          "why", "how", "which", "one", "two", "three", "four", "five", "six", "seven", "eight",
                          "nine", "ten", "one's", "lot", "lots", "bit", "own", "yet", "still", "even", "more", "most",
                          "much", "many", "few", "less", "least", "ever", "once", "twice", "already", "soon", "today",
                          "tonight", "tomorrow", "yesterday", "week", "weekend", "month", "year", "day", "night",
                          "morning", "evening", "sure", "okay", "ok", "like", "else", "other", "another", "anymore",
                          "anyway", "always", "forever", "together", "alone", "maybe", "really", "cannot", "took",
                          "went", "gone", "done", "said", "got", "gave", "given", "made", "came", "saw", "seen",
                          "felt", "left", "kept", "thought", "told", "knew", "known", "wrote", "written", "ate",
                          "eaten", "drank", "drunk", "bought", "brought", "sold", "found", "heard", "held", "hung",
                          "lost", "meant", "met", "paid", "put", "read", "ran", "sat", "slept", "spoke", "spent",
                          "stood", "stole", "threw", "thrown", "wore", "won", "woke", "broke", "broken", "chose",
                          "chosen", "fell", "fallen", "flew", "forgot", "hid", "hidden", "shot", "burnt", "dead",
                          "alive", "myself"])
# The most frequent words of English: a phrase is anchored on a rarer word when it has one.
FREQUENT_WORDS = frozenset(["i", "me", "my", "myself", "to", "a", "an", "the", "and", "of", "it", "is", "am", "be",
                            "in", "on", "at", "for", "with", "this", "that", "so", "not", "no", "do", "does", "did",
                            "done", "have", "has", "had", "will", "would", "can", "could", "should", "shall", "may",
                            "might", "must", "if", "how", "what", "when", "where", "why", "who", "out", "up", "down",
                            "off", "over", "just", "all", "any", "some", "get", "got", "go", "going", "gone", "want",
                            "like", "know", "think", "feel", "make", "made", "take", "took", "her", "him", "them",
                            "they", "he", "she", "we", "you", "your", "our", "their", "his", "its", "there", "here",
                            "now", "then", "than", "too", "very", "really", "more", "much", "many", "one", "two",
                            "as", "by", "from", "about", "into", "but", "or", "because", "been", "being", "was",
                            "were", "are", "again", "still", "even", "only", "back", "way", "time", "day", "week",
                            "night", "well"])
_VOWELS = set("aeiou")


def word_cost(word: str) -> int:
    """How often a word is in a clause, roughly: what anchoring a phrase on it costs."""
    if word in COMMON_WORDS:
        return 100
    stems = {word} | {word[:-len(end)] for end in ("s", "es", "ed", "d", "ing") if word.endswith(end)}
    return 40 if stems & FREQUENT_WORDS else 1


@functools.cache
def inflections(word: str) -> tuple[str, ...]:
    """The word and its regular inflections: -s, -es, -ed, -ing (with e-dropping, y to i, doubling)."""
    if (len(word) < 3 or word in _UNINFLECTED or not word.isalpha()
            or word.endswith(("ing", "ed")) and len(word) >= 5):  # already inflected: "cutting", "asked"
        return (word,)
    if word.endswith("e"):  # hope: hopes, hoped, hoping; die: dies, died, dying
        forms = [word, word + "s", word + "d", word[:-2] + "ying" if word.endswith("ie") else word[:-1] + "ing"]
    elif word.endswith("y") and word[-2] not in _VOWELS:  # try: tries, tried, trying
        forms = [word, word[:-1] + "ies", word[:-1] + "ied", word + "ing"]
    elif word.endswith(("s", "x", "z", "ch", "sh", "o")):  # wish: wishes, wished, wishing
        forms = [word, word + "es", word + "ed", word + "ing"]
    elif (len(word) <= 5 and word[-1] not in _VOWELS | set("wxy") and word[-2] in _VOWELS
            and word[-3] not in _VOWELS):  # stop: stops, stopped, stopping
        forms = [word, word + "s", word + word[-1] + "ed", word + word[-1] + "ing"]
    else:
        forms = [word, word + "s", word + "ed", word + "ing"]
    return tuple(dict.fromkeys(forms))


def parse(source: str, split_word: Callable[[str], list[str]] = lambda w: [w]) -> Sequence:
    """The parsed phrase; ``split_word`` normalises a literal word (``can't`` -> cannot)."""
    tokens: list[tuple[str, int]] = []
    position = 0
    while position < len(source):
        match = _TOKEN.match(source, position)
        if match is None or not match.group(1):
            break
        tokens.append((match.group(1), match.start(1) + 1))
        position = match.end()
    parser = _Parser(tokens, source, split_word)
    sequence = parser.sequence(top=True)
    if not sequence:
        raise PhraseError("the phrase is empty", 1, "write at least one word")
    return sequence


class _Parser:
    def __init__(self, tokens: list[tuple[str, int]], source: str, split_word: Callable[[str], list[str]]):
        self.tokens = tokens
        self.index = 0
        self.source = source
        self.split_word = split_word

    def peek(self) -> tuple[str, int] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> tuple[str, int]:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def sequence(self, top: bool = False) -> Sequence:
        items: list[Item] = []
        while (token := self.peek()) is not None:
            text, column = token
            if text in ("|", ")"):
                if top:
                    raise PhraseError(f"`{text}` outside brackets", column,
                                      "alternatives go inside brackets: (a|b)")
                break
            items.extend(self.item())
        return tuple(items)

    def item(self) -> list[Item]:
        text, column = self.take()
        items: list[Item]
        if text == "!":
            return [self.not_followed_by(column)]
        if text == "(":
            items = [self.group(column)]
        elif text == "{":
            items = [self.class_ref(column)]
        elif text in GAPS:
            items = [Gap(GAPS[text])]
        elif text in ("#", "##"):
            items = [Number(many=text == "##")]
        elif text in ("^", "$"):
            items = [Edge(end=text == "$")]
        elif text in PERSONS:
            items = [Person(text)]
        elif text in (")", "}", "|", "?"):
            raise PhraseError(f"unexpected `{text}`", column, "check the brackets")
        else:
            items = self.word(text, column)
        return self.maybe_optional(items)

    def not_followed_by(self, column: int) -> NotFollowedBy:
        if self.peek() is None:
            raise PhraseError("`!` needs a word after it", column, "write !with or !(with|to)")
        following = self.item()
        if len(following) != 1:
            raise PhraseError("`!` takes one word or one bracketed group", column, "write !(for a walk)")
        return NotFollowedBy(following[0])

    def group(self, column: int) -> Group:
        alternatives = [self.sequence()]
        while (token := self.peek()) is not None and token[0] == "|":
            self.take()
            alternatives.append(self.sequence())
        if self.peek() is None or self.take()[0] != ")":
            raise PhraseError("a bracket is not closed", column, "add `)`")
        if any(not alternative for alternative in alternatives):
            raise PhraseError("an empty alternative", column,
                              "remove the extra `|`, or mark the group optional with `?`")
        return Group(tuple(alternatives))

    def class_ref(self, column: int) -> ClassRef:
        name, name_column = self.take() if self.peek() else ("", column)
        if not re.fullmatch(r"[a-z_]+", name) or self.peek() is None or self.take()[0] != "}":
            raise PhraseError("a word class is written {name}", name_column, "for example {die} or {pills}")
        return ClassRef(name, name_column)

    def maybe_optional(self, items: list[Item]) -> list[Item]:
        """What was just read, made optional when a `?` follows it."""
        if (token := self.peek()) is None or token[0] != "?":
            return items
        self.take()
        if isinstance(items[-1], Gap):
            raise PhraseError("a gap is already optional", token[1], "remove the `?`")
        return [Optional_(items[0] if len(items) == 1 else Group((tuple(items),)))]

    def word(self, text: str, column: int) -> list[Item]:
        prefix = text.endswith("*")
        exact = text.startswith("=")
        bare = text[1 if exact else 0:-1 if prefix else None]
        if not re.fullmatch(r"[a-z0-9'\-]+", bare):
            if bare.lower() != bare:
                raise PhraseError(f"`{text}` has capitals", column,
                                  "write words in lower case; only I, ME, MY and MYSELF are capitals")
            raise PhraseError(f"`{text}` is not a word", column, "use letters, digits, `'` and `-`")
        if prefix:
            if len(bare) < 3:
                raise PhraseError(f"`{text}` is too short to be a prefix", column, "give at least three letters")
            return [Word(bare, prefix=True)]
        parts = self.split_word(bare)
        return [Word(part, exact=exact or len(parts) > 1) for part in parts]


# -- compiling ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Compiled:
    """One phrase as a matcher: a regex over ``" " + clause + " "`` and its anchor words.

    The regex is compiled the first time a clause holds one of the anchors, so starting up
    costs little however large the vocabulary grows.
    """

    source: str
    pattern: str
    anchors: frozenset[str]  # words (or "prefix*") one of which a clause must contain; empty: always try
    other: bool  # compiled with another person in the speaker's place
    requires: tuple[frozenset[str], ...] = ()  # for each required word of the phrase, the forms it can take
    personal: bool = False  # names the speaker (I, ME, MY, MYSELF), so its subject is known
    denies: bool = False  # holds a negative word itself ("do not want to live"), so one inside it is its own

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern)


class Compiler:
    """Turns parsed phrases into regular expressions, resolving word classes."""

    def __init__(self, classes: Mapping[str, tuple[Sequence, ...]], others: Mapping[str, str]):
        self.classes = classes  # name -> its phrases, parsed
        self.others = others  # person role -> regex for someone else in that role
        self._class_regex: dict[tuple[str, bool], str] = {}

    def body(self, sequence: Sequence, other: bool = False) -> str:
        """The regex of a phrase's words, each with its leading space."""
        return self._sequence(sequence, other)

    @staticmethod
    def required_words(sequence: Sequence) -> list[str] | None:
        """The literal words a match must contain, or None when a class or person is required too."""
        words: list[str] = []
        for item in sequence:
            if isinstance(item, Word) and not item.prefix:
                words.append(item.text)
            elif not isinstance(item, (Optional_, Gap, NotFollowedBy, Edge)):
                return None
        return words

    def compile(self, source: str, sequence: Sequence, other: bool = False) -> Compiled:
        body = self._sequence(sequence, other) if sequence else "(?!x)x"
        anchors = self._anchors(sequence, other)
        requires = tuple(group for group in self._required_groups(sequence, other)
                         if not any(word.endswith("*") for word in group))
        personal = other or self.uses_person(sequence)
        denies = bool(NEGATIVE_WORDS & set(literal_words(sequence)))
        return Compiled(source, body + "(?= )", anchors, other, requires, personal, denies)

    def uses_person(self, sequence: Sequence, seen: tuple[str, ...] = ()) -> bool:
        """Whether a match of ``sequence`` names the speaker (word classes included)."""
        for item in sequence:
            inner = item.item if isinstance(item, Optional_) else item
            if isinstance(inner, Person):
                return True
            if isinstance(inner, Group) and any(self.uses_person(alt, seen) for alt in inner.alternatives):
                return True
            if isinstance(inner, ClassRef) and inner.name not in seen and any(
                    self.uses_person(alt, (*seen, inner.name)) for alt in self.classes.get(inner.name, ())):
                return True
        return False

    # The regex of each item matches its words with a leading space: " want to die".
    def _sequence(self, sequence: Sequence, other: bool) -> str:
        parts: list[str] = []
        after_subject = False
        for item in sequence:
            parts.append(self._item(item, other, after_subject))
            after_subject = other and isinstance(item, Person) and item.role == "I"
        return "".join(parts)

    def _item(self, item: Item, other: bool, after_subject: bool = False) -> str:
        if isinstance(item, Word):
            if item.prefix:
                return " " + re.escape(item.text) + r"\S*"
            if other and item.text in _OTHER_VERBS:
                return " " + _OTHER_VERBS[item.text]
            forms = item.forms
            if after_subject and len(forms) == 1:  # "she wants", "he tries"
                return " " + re.escape(item.text) + "(?:s|es)?"
            return " " + _forms_regex(forms)
        if isinstance(item, Person):
            return self.others[item.role] if other else " " + item.role.lower()
        if isinstance(item, Gap):
            return rf"(?: \S+){{0,{item.size}}}"
        if isinstance(item, Number):
            return " " + (MANY if item.many else NUMBER)
        if isinstance(item, Edge):
            return "(?= $)" if item.end else "^"
        if isinstance(item, ClassRef):
            key = (item.name, other)
            if key not in self._class_regex:
                alternatives = [self._sequence(seq, other) for seq in _longest_first(self.classes[item.name])]
                self._class_regex[key] = "(?:" + "|".join(alternatives) + ")"
            return self._class_regex[key]
        if isinstance(item, Group):
            return "(?:" + "|".join(self._sequence(seq, other) for seq in _longest_first(item.alternatives)) + ")"
        if isinstance(item, Optional_):
            return "(?:" + self._item(item.item, other) + ")?"
        if isinstance(item, NotFollowedBy):
            return "(?!" + self._item(item.item, other) + "(?= ))"
        raise TypeError(item)  # pragma: no cover

    # -- anchors: a cheap test that rules a phrase out for most clauses --------------------
    def _required_groups(self, sequence: Sequence, other: bool) -> list[frozenset[str]]:
        """For each required item that starts with a short list of words, those words."""
        groups = []
        for item in sequence:
            if isinstance(item, (Optional_, Gap, NotFollowedBy, Edge)):
                continue
            words = self._first_words(item, other, depth=0)
            if words is not None:
                groups.append(words)
        return groups

    def _anchors(self, sequence: Sequence, other: bool) -> frozenset[str]:
        groups = self._required_groups(sequence, other)
        if not groups:
            return frozenset()
        return min(groups, key=lambda words: sum(word_cost(w) for w in words))

    def _first_words(self, item: Item, other: bool, depth: int) -> frozenset[str] | None:
        """The words a match of ``item`` can start with, or None when that is not a short list."""
        if depth > 6:
            return None
        if isinstance(item, Word):
            return frozenset({item.text + "*"}) if item.prefix else frozenset(item.forms)
        if isinstance(item, Person):
            return None if other else frozenset({item.role.lower()})
        if isinstance(item, (ClassRef, Group)):
            sequences = self.classes[item.name] if isinstance(item, ClassRef) else item.alternatives
            words: set[str] = set()
            for sequence in sequences:
                first = self._first_required(sequence, other, depth + 1)
                if first is None:
                    return None
                words |= first
            return frozenset(words)
        return None

    def _first_required(self, sequence: Sequence, other: bool, depth: int) -> frozenset[str] | None:
        """Words the sequence's first word can be (optional items ahead of it add theirs)."""
        words: set[str] = set()
        for item in sequence:
            if isinstance(item, (NotFollowedBy, Edge)):
                continue
            if isinstance(item, Gap):
                return None
            inner = item.item if isinstance(item, Optional_) else item
            first = self._first_words(inner, other, depth)
            if first is None:
                return None
            words |= first
            if not isinstance(item, Optional_):
                return frozenset(words)
        return None


@functools.cache
def _longest_first(alternatives: Iterable[Sequence]) -> list[Sequence]:
    """Alternatives with more words first, so a match takes the longest ("same old same old", not "same")."""
    return sorted(alternatives, key=lambda sequence: -len(sequence))


def _forms_regex(forms: tuple[str, ...]) -> str:
    """A short regex for a word's forms: the stem they share, then their endings."""
    if len(forms) == 1:
        return re.escape(forms[0])
    stem = forms[0]
    for form in forms[1:]:
        while not form.startswith(stem):
            stem = stem[:-1]
    endings = sorted({form[len(stem):] for form in forms}, key=len, reverse=True)
    optional = "" in endings
    alternatives = "|".join(re.escape(e) for e in endings if e)
    return re.escape(stem) + "(?:" + alternatives + ")" + ("?" if optional else "")


NEGATIVE_WORDS = frozenset({"not", "never", "no", "nor", "nobody", "nothing", "none", "cannot"})


def literal_words(sequence: Iterable[Item]) -> Iterable[str]:
    """Every literal word of a parsed phrase (with its inflections), nested ones too."""
    for item in sequence:
        if isinstance(item, Word) and not item.prefix:
            yield from item.forms
        elif isinstance(item, Group):
            for alternative in item.alternatives:
                yield from literal_words(alternative)
        elif isinstance(item, Optional_):
            yield from literal_words((item.item,))


def class_refs(sequence: Iterable[Item]) -> Iterable[ClassRef]:
    """Every ``{name}`` in a parsed phrase, nested ones too."""
    for item in sequence:
        if isinstance(item, ClassRef):
            yield item
        elif isinstance(item, Group):
            for alternative in item.alternatives:
                yield from class_refs(alternative)
        elif isinstance(item, (Optional_, NotFollowedBy)):
            yield from class_refs((item.item,))
