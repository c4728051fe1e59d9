"""Reading the safety vocabulary (``crisis.yaml``): strictly, with every mistake located.

The file is data a clinician or facilitator can extend without Python: word classes, spellings,
the words that set a match aside (negation, the distant past, someone else, a story), and the
constructs themselves, each with its level, its reasons and its phrases. It is read like a
dialogue: unknown keys are refused, each problem names file:line:col, and every phrase is
compiled once, here, into a matcher.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from engine.ground.errors import DialogueLoadError, did_you_mean
from engine.ground.source import Span
from engine.safety.findings import Level
from engine.understanding.phrasebook import PhrasebookReader, split_word
from engine.understanding.phrases import ClassRef, Compiled, Compiler, Sequence
from engine.understanding.reading import Lexicon
from engine.understanding.textnorm import normalise, words

VOCABULARY_FILE = Path(__file__).with_name("crisis.yaml")
TOP_KEYS = ("words", "spellings", "fuzzy", "fuzzy_far", "not_misspelt", "context", "constructs")
CONTEXT_KEYS = ("negation", "not_negation", "boundary", "past", "recent", "now", "again", "someone",
                "someone_object", "story", "implied_i", "fillers", "purpose")
CONSTRUCT_KEYS = ("level", "says", "told", "phrases", "frame", "unless", "all", "within", "near", "recent", "past",
                  "about_others", "subject")
# A frame: a clause read as subject + stance + act + object ("I" + "am ready to" + "end" + "my life").
FRAME_KEYS = ("subject", "between", "stance", "act", "object", "alone")
LEVELS = {"acute": Level.ACUTE, "possible": Level.POSSIBLE, "cue": None}
# How someone else is written where a phrase says MY or MYSELF.
_OTHER_POSSESSIVE = " (?:his|her|their)"
_OTHER_REFLEXIVE = " (?:himself|herself|themselves|themself)"


@dataclass(frozen=True)
class Construct:
    """One thing the safety net looks for: a clinical construct, or a cue that counts in combination."""

    id: str
    level: Level | None  # None: a cue, found only to take part in combinations
    says: str  # for facilitators: what it means, in a few words
    told: str  # for the person's own summary: "you were thinking of ending your life"
    phrases: tuple[Compiled, ...]
    unless: tuple[Compiled, ...] = ()  # words in the same clause that make a match something else
    all_of: tuple[frozenset[str], ...] = ()  # a combination: one construct or cue from each group
    within: int = 3  # a combination's parts may lie this many clauses apart
    near: int | None = None  # or: all in one clause, each within this many words of another, in any order
    recent: Level | None = None  # its level when it happened days or weeks ago rather than now
    past: bool = True  # the distant past sets it aside
    about_others: bool = True  # someone else in this danger is worth an offer of help
    anyone: bool = False  # `subject: any`: the speaker's concern whoever the sentence names ("they'd be better off")
    span: Span = field(default=Span("<safety>", 1, 1), compare=False)


@dataclass(frozen=True)
class Context:
    """Compiled lists of the words around a match that change what it means."""

    negation: tuple[Compiled, ...]
    not_negation: tuple[Compiled, ...]
    boundary: frozenset[str]
    past: tuple[Compiled, ...]
    recent: tuple[Compiled, ...]
    now: tuple[Compiled, ...]
    again: tuple[Compiled, ...]
    someone: tuple[Compiled, ...]
    story: tuple[Compiled, ...]
    purpose: tuple[Compiled, ...]
    implied_i: dict[str, tuple[str, ...]]  # a clause starting with this word means "i ..." (or "i am ...")
    fillers: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Vocabulary:
    constructs: dict[str, Construct]
    spellings: dict[tuple[str, ...], tuple[str, ...]]  # typed words -> what they stand for
    fuzzy: tuple[str, ...]  # long key words also found when misspelt by one letter
    context: Context
    known_words: frozenset[str]  # every literal word of every phrase (for dropped g's: "thinkin")
    fuzzy_far: tuple[str, ...] = ()  # key words also found when misspelt by two letters
    not_misspelt: frozenset[str] = frozenset()  # real words near a key word, never read as it

    @property
    def lexicon(self) -> Lexicon:
        """What the reader needs from this vocabulary to read a text as the rules expect."""
        return Lexicon(self.spellings, self.fuzzy, self.context.fillers, self.context.implied_i, self.known_words,
                       fuzzy_far=self.fuzzy_far, not_misspelt=self.not_misspelt)


class _VocabularyReader(PhrasebookReader):
    def read(self) -> Vocabulary:
        root = self.root("the vocabulary needs `words`, `context` and `constructs`")
        top = self.mapping(root, "the vocabulary") if root is not None else None
        if top is None or root is None:
            raise DialogueLoadError(self.problems)
        self.check_keys(top, TOP_KEYS, "the vocabulary")
        self.require(top, ("context", "constructs"), root, "the vocabulary")
        classes = self.word_classes(top["words"][1]) if "words" in top else {}
        context_node = top.get("context", (None, None))[1]
        raw_context = self.context_lists(context_node) if context_node is not None else {}
        others = {
            "I": self.alternation(raw_context.get("someone", []), classes),
            "ME": self.alternation(raw_context.get("someone_object", []), classes),
            "MY": _OTHER_POSSESSIVE,
            "MYSELF": _OTHER_REFLEXIVE,
        }
        self.compiler = Compiler(classes, others)
        context = self.build_context(raw_context)
        constructs = self.constructs(top["constructs"][1]) if "constructs" in top else {}
        spellings = self.spellings(top["spellings"][1]) if "spellings" in top else {}
        fuzzy = tuple(self.fuzzy_words(top["fuzzy"][1])) if "fuzzy" in top else ()
        far = tuple(self.one_words(top["fuzzy_far"][1], "fuzzy_far", 7)) if "fuzzy_far" in top else ()
        real = frozenset(self.one_words(top["not_misspelt"][1], "not_misspelt", 1)) if "not_misspelt" in top else None
        if self.problems:
            raise DialogueLoadError(self.problems)
        return Vocabulary(constructs, spellings, fuzzy, context, frozenset(self.known_words), far, real or frozenset())

    def one_words(self, node: yaml.Node, key: str, shortest: int) -> list[str]:
        """A list of single lower-case words (`fuzzy_far`: of ``shortest`` letters or more)."""
        found = []
        for text, item in self.strings(node, f"`{key}`"):
            if not text.isalpha() or text != text.lower() or len(text) < shortest:
                self.error(item, f"`{text}` in `{key}` should be one lower-case word"
                           + (f" of {shortest} letters or more" if shortest > 1 else ""),
                           "a two-letter misspelling of a shorter word is too often another word" if shortest > 1
                           else "list the real words a misspelt key word must not swallow, one each")
                continue
            found.append(text)
        return found

    def context_lists(self, node: yaml.Node) -> dict[str, list[tuple[str, Sequence, yaml.Node]]]:
        entries = self.mapping(node, "`context`") or {}
        self.check_keys(entries, CONTEXT_KEYS, "`context`")
        lists: dict[str, list[tuple[str, Sequence, yaml.Node]]] = {}
        for name, (_, value) in entries.items():
            if name == "implied_i":  # `word = i am` lines, not phrases
                lists[name] = [(text, (), item) for text, item in self.strings(value, "context `implied_i`")]
            elif name in CONTEXT_KEYS:
                lists[name] = self.phrases(value, f"context `{name}`")
        return lists

    def build_context(self, raw: dict[str, list[tuple[str, Sequence, yaml.Node]]]) -> Context:
        def compiled(name: str) -> tuple[Compiled, ...]:
            return tuple(self.compile(text, sequence, item) for text, sequence, item in raw.get(name, []))

        def plain(name: str) -> list[tuple[str, ...]]:
            return [tuple(split_word(text.replace("*", ""))) if " " not in text else tuple(words(normalise(text)))
                    for text, _, _ in raw.get(name, [])]

        implied: dict[str, tuple[str, ...]] = {}
        for text, _, item in raw.get("implied_i", []):
            first, _, rest = text.partition(" = ")
            if not rest:
                self.error(item, f"`{text}` in context `implied_i` should read `word = i ...`",
                           "for example `thinking = i am` or `want = i`")
                continue
            implied[first.strip()] = tuple(words(rest))
        return Context(
            negation=compiled("negation"), not_negation=compiled("not_negation"),
            boundary=frozenset(w for phrase in plain("boundary") for w in phrase),
            past=compiled("past"), recent=compiled("recent"), now=compiled("now"), again=compiled("again"),
            someone=compiled("someone"), story=compiled("story"), purpose=compiled("purpose"),
            implied_i=implied, fillers=tuple(plain("fillers")))

    def constructs(self, node: yaml.Node) -> dict[str, Construct]:
        entries = self.mapping(node, "`constructs`") or {}
        found: dict[str, Construct] = {}
        combinations: dict[str, list[tuple[list[str], yaml.Node]]] = {}
        for construct_id, (key, body) in entries.items():
            construct = self.construct(construct_id, key, body)
            if construct is None:
                continue
            found[construct_id] = construct
            fields = self.mapping(body, "") or {}
            if "all" in fields:
                combinations[construct_id] = [([part.strip() for part in text.split("|")], item)
                                              for text, item in self.strings(fields["all"][1],
                                                                             f"`all` of `{construct_id}`")]
        for construct_id, groups in combinations.items():
            resolved = self.combination(construct_id, groups, found)
            if len(resolved) < 2:
                self.error(entries[construct_id][0], f"construct `{construct_id}` combines fewer than two things",
                           "`all` lists two or more constructs or cues that must each be found")
            found[construct_id] = replace(found[construct_id], all_of=tuple(resolved))
        return found

    def construct(self, construct_id: str, key: yaml.Node, body: yaml.Node) -> Construct | None:
        """One construct's fields (its combination, if any, is resolved once all are read)."""
        what = f"construct `{construct_id}`"
        fields = self.mapping(body, what)
        if fields is None:
            return None
        self.check_keys(fields, CONSTRUCT_KEYS, what)
        self.require(fields, ("level",), body, what)
        level_name = self.one_of(fields["level"][1], f"the level of {what}", LEVELS) if "level" in fields else None
        if level_name is None:
            return None
        level = LEVELS[level_name]
        if level is not None:
            self.require(fields, ("says", "told"), body, what)
        if ("phrases" in fields or "frame" in fields) == ("all" in fields):
            self.error(body, f"{what} needs either `phrases` (or a `frame`) or `all`",
                       "`phrases` lists what to look for; `all` combines other constructs and cues")

        def text(name: str) -> str:
            return (self.string(fields[name][1], f"`{name}` of {what}") or "") if name in fields else ""

        def flag(name: str) -> bool:
            return self.boolean(fields[name][1], f"`{name}` of {what}") is not False if name in fields else True

        recent = subject = None
        if "recent" in fields:
            recent = self.one_of(fields["recent"][1], f"`recent` of {what}", ("acute", "possible"))
        if "subject" in fields:
            subject = self.one_of(fields["subject"][1], f"`subject` of {what}", ("speaker", "any"))
        within = self.number(fields["within"][1], f"`within` of {what}") if "within" in fields else 3
        near = self.near(fields, what)
        return Construct(
            id=construct_id, level=level, says=text("says"), told=text("told"),
            phrases=tuple(self.construct_phrases(fields, what)), unless=tuple(self.unless(fields, what)),
            recent=LEVELS[recent] if recent else None, past=flag("past"), about_others=flag("about_others"),
            within=0 if near is not None else int(within or 0), near=near, anyone=subject == "any",
            span=self.span(key))

    def near(self, fields: dict[str, tuple[yaml.Node, yaml.Node]], what: str) -> int | None:
        """`near: N`: a combination whose parts are all in one clause, N words apart at most."""
        if "near" not in fields:
            return None
        key, node = fields["near"]
        value = self.number(node, f"`near` of {what}")
        if value is None:
            return None
        if "all" not in fields:
            self.error(key, f"{what} has `near` but no `all`",
                       "`near` says how many words apart the parts of a combination (`all`) may be")
        elif "within" in fields:
            self.error(key, f"{what} has both `near` and `within`",
                       "`near` keeps the parts in one clause; `within` lets them lie clauses apart")
        if value != int(value) or not 0 <= value <= 12:
            self.error(node, f"`near` of {what} should be a whole number of words from 0 to 12",
                       "the words allowed between two parts of the combination, in one clause")
            return None
        return int(value)

    def construct_phrases(self, fields: dict[str, tuple[yaml.Node, yaml.Node]], what: str) -> list[Compiled]:
        """A construct's phrases; one that names the speaker is also compiled for someone else."""
        compiled: list[Compiled] = []
        found = self.phrases(fields["phrases"][1], f"{what}, `phrases`", strict=True) if "phrases" in fields else []
        if "frame" in fields:  # one frame, or a list of them
            node = fields["frame"][1]
            for one in node.value if isinstance(node, yaml.SequenceNode) else [node]:
                found += self.frame(one, what)
        for text, sequence, item in self.members(found):
            compiled.append(self.compile(text, sequence, item))
            if self.compiler is not None and self.compiler.uses_person(sequence):
                compiled.append(self.compile(text, sequence, item, other=True))
        return compiled

    def members(self, found: list[tuple[str, Sequence, yaml.Node]]) -> list[tuple[str, Sequence, yaml.Node]]:
        """A phrase that is one word class alone ("{final}") is tried as each of its members: one
        regular expression for the whole class is anchored on the first words of all its members
        ("the", "and", "I"), so it ran on almost every clause; each member alone is tried only where
        its own words are. What it finds is the same."""
        spread: list[tuple[str, Sequence, yaml.Node]] = []
        for text, sequence, item in found:
            ref = sequence[0] if len(sequence) == 1 else None
            members = self.class_members.get(ref.name) if isinstance(ref, ClassRef) else None
            if members:
                spread.extend((member, parsed, item) for member, parsed in members)
            else:
                spread.append((text, sequence, item))
        return spread

    def frame(self, node: yaml.Node, what: str) -> list[tuple[str, Sequence, yaml.Node]]:
        """A construct's frame as phrases, one per stance: the subject (the speaker, ``I`` unless
        told), at most two of the ``between`` words, the stance (and one more of them: "want to
        just"), then an ``act`` and its ``object``, or an act that is whole ``alone``. "I am not
        going to..." is no frame (``not`` is no stance); the clause's context (the past, someone
        else, a story, the construct's ``unless``) weighs each match like any phrase's."""
        entries = self.mapping(node, f"the frame of {what}") or {}
        self.check_keys(entries, FRAME_KEYS, f"the frame of {what}")
        self.require(entries, ("stance",), node, f"the frame of {what}")
        if "act" in entries and "object" not in entries:
            self.error(entries["act"][0], f"the frame of {what} has an `act` but no `object`",
                       "list the objects (MYSELF, MY life), or put acts that need none under `alone`")
        if "act" not in entries and "alone" not in entries:
            self.error(node, f"the frame of {what} needs an `act` (with an `object`) or `alone`",
                       "`act` lists verbs that take an object; `alone` lists acts complete in themselves")
        slots = {key: [text for text, _, _ in self.phrases(value, f"{what}, frame `{key}`")]
                 for key, (_, value) in entries.items()}

        def either(key: str, default: str = "") -> str:
            texts = slots.get(key) or ([default] if default else [])
            return "(" + "|".join(texts) + ")" if texts else ""

        subject, between = either("subject", "I"), either("between")
        lead = f"{subject} {between}? {between}?" if between else subject
        tails = []
        if slots.get("act") and slots.get("object"):
            tails.append(f"{either('act')} {either('object')}")
        if slots.get("alone"):
            tails.append(either("alone"))
        found: list[tuple[str, Sequence, yaml.Node]] = []
        stances = self.strings(entries["stance"][1], f"{what}, frame `stance`") if "stance" in entries else []
        # Each stance is checked alone, so a mistake in one is shown where it is; then all of them
        # make one phrase per tail: one regular expression, not one per stance (a frame's acts and
        # objects spelled out again for each stance made each a hundred thousand characters).
        good = [stance for stance, item in stances if self.phrase(item, f"{lead} {stance} {tails[0]}" if tails else
                                                                    f"{lead} {stance}",
                                                                    f"in the frame of {what}, stance `{stance}`")]
        if not good or not tails:
            return found
        stance = "(" + "|".join(good) + ")"
        for tail in tails:
            text = f"{lead} {stance} {between}? {tail}" if between else f"{lead} {stance} {tail}"
            sequence = self.phrase(entries["stance"][1], text, f"in the frame of {what}")
            if sequence is not None:
                found.append((text, sequence, entries["stance"][1]))
        return found

    def unless(self, fields: dict[str, tuple[yaml.Node, yaml.Node]], what: str) -> list[Compiled]:
        if "unless" not in fields:
            return []
        return [self.compile(text, sequence, item)
                for text, sequence, item in self.phrases(fields["unless"][1], f"{what}, `unless`")]

    def combination(self, construct_id: str, groups: list[tuple[list[str], yaml.Node]],
                    found: dict[str, Construct]) -> list[frozenset[str]]:
        """The groups of an `all:`, each a set of construct ids that must all exist."""
        resolved = []
        for names, item in groups:
            for name in names:
                if name not in found:
                    self.error(item, f"`all` of construct `{construct_id}` names `{name}`, which is not defined",
                               did_you_mean(name, found) or "define it under `constructs:` (level `cue` for a cue)")
                elif name == construct_id:
                    self.error(item, f"construct `{construct_id}` cannot combine itself")
            resolved.append(frozenset(names))
        return resolved

def read_vocabulary(path: Path) -> Vocabulary:
    """The vocabulary in ``path``; a ``DialogueLoadError`` lists every problem in it."""
    return _VocabularyReader(path).read()


@functools.lru_cache(maxsize=1)
def bundled_vocabulary() -> Vocabulary:
    return read_vocabulary(VOCABULARY_FILE)

