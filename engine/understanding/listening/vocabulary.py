"""Reading the listening vocabulary (``listening.yaml``): strictly, with every mistake located.

The file is data a facilitator can extend without Python: what each kind of question asks for,
the phrases that give nothing or dodge the question, the life topics with their phrases and the
phrases that set a match aside, and the words that carry a feeling. It is read like a dialogue:
unknown keys are refused, each problem names file:line:col, and every phrase is compiled once.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import yaml

from engine.ground.errors import DialogueLoadError, did_you_mean
from engine.understanding.phrasebook import PhrasebookReader
from engine.understanding.phrases import Compiled, Compiler
from engine.understanding.reading import Lexicon

VOCABULARY_FILE = Path(__file__).with_name("listening.yaml")
TOP_KEYS = ("words", "spellings", "fuzzy", "questions", "nonanswers", "topics", "feeling")
NONANSWER_KEYS = ("unknown", "nothing", "little", "empty", "fillers", "dodges", "sore", "put_downs", "supports",
                  "not_supports", "offers", "hedges")
NONANSWER_OPTIONAL = ("sore", "put_downs", "hedges")
TOPIC_KEYS = ("says", "feels", "phrases", "unless", "yields_to", "yields_within")
FEELING_KEYS = ("positive", "negative", "neutral", "mixed", "wish", "occasion", "negation")


class Needs(StrEnum):
    """What still answers a kind of question after an empty start ("not really, ...")."""

    SUPPORT = "support"  # someone or something to turn to, not ruled out
    SOMETHING = "something"  # an offer, however small ("not much, but my dog")
    PROBLEM = "problem"  # a problem named ("no idea, the rent mostly")
    OUTCOME = "outcome"  # how a step went ("nothing, it went fine for once")
    DESCRIPTION = "description"  # any description ("dunno. tired")


class Topic(StrEnum):
    """The parts of life an answer can raise, in the order they are always listed."""

    LOSS = "loss"
    MONEY = "money"
    HOUSING = "housing"
    WORK = "work"
    HEALTH = "health"
    RELATIONSHIPS = "relationships"
    LONELINESS = "loneliness"
    ANXIETY = "anxiety"
    LOW_MOOD = "low_mood"
    SUBSTANCE = "substance"
    SLEEP = "sleep"
    CHILDREN = "children"


@dataclass(frozen=True)
class QuestionKind:
    name: str
    needs: Needs
    phrases: tuple[Compiled, ...]  # in the question: what marks this kind
    answers: tuple[Compiled, ...] = ()  # in the answer: what still answers it after an empty start
    done: tuple[Compiled, ...] = ()  # in the answer: the step was done, a good element ("rang them")
    nothing_raises: tuple[Topic, ...] = ()  # "nothing" to "What are you good at?" is low mood
    topics_feel_bad: bool = False  # `topics_feel: negative`: a topic raised in answer is a problem named
    occasions: bool = False  # `occasions: aside`: a hardship told as the occasion of what helped is no bad element
    dodges: tuple[Compiled, ...] = ()  # in the answer: what dodges this kind alone ("put it off" to "how did it go?")
    questions_answer: bool = False  # `questions: answer`: it asks for questions, so one is no question back
    nothing_answers: bool = False  # `nothing: answers`: "nothing" answers it ("What got in the way?" "nothing really")


@dataclass(frozen=True)
class TopicRules:
    topic: Topic
    says: str  # in a few words, for facilitators and explanations
    phrases: tuple[Compiled, ...]
    unless: tuple[Compiled, ...] = ()  # a match these overlap is something else ("money's not the problem")
    yields_to: tuple[Topic, ...] = ()  # a match inside one of these topics' matches is theirs
    negative: bool = False  # `feels: negative`: raising it is itself a bad element (worry, low mood)
    yields_within: int = 0  # it also yields to a match this many words away ("my nan, god rest her")


@dataclass(frozen=True)
class Nonanswers:
    unknown: tuple[Compiled, ...]  # "I don't know"
    nothing: tuple[Compiled, ...]  # "nothing", "nobody"
    little: tuple[Compiled, ...]  # "not much", "nothing really": a hedged nothing
    empty: tuple[Compiled, ...]  # other answers that give nothing: "yes", "same as always"
    fillers: tuple[Compiled, ...]
    dodges: tuple[Compiled, ...]
    supports: tuple[Compiled, ...]
    not_supports: tuple[Compiled, ...]
    offers: tuple[Compiled, ...]
    put_downs: tuple[Compiled, ...] = ()  # sweeping put-downs of oneself: a dodge where something good is asked for
    hedges: tuple[Compiled, ...] = ()  # "maybe my cousin": a support offered tentatively
    sore: tuple[Compiled, ...] = ()  # dodges with a bad feeling: "don't ask", "what's it matter"


@dataclass(frozen=True)
class Feelings:
    positive: tuple[Compiled, ...]
    negative: tuple[Compiled, ...]
    neutral: tuple[Compiled, ...]
    mixed: tuple[Compiled, ...]
    wish: tuple[Compiled, ...]
    occasion: tuple[Compiled, ...]  # "when I lost my flat": a hardship told as the occasion of what helped
    negation: tuple[Compiled, ...]  # turns a good element just after it into a bad one


@dataclass(frozen=True)
class ListeningVocabulary:
    questions: tuple[QuestionKind, ...]
    nonanswers: Nonanswers
    topics: tuple[TopicRules, ...]  # in Topic order
    feelings: Feelings
    lexicon: Lexicon


class _ListeningReader(PhrasebookReader):
    def read(self) -> ListeningVocabulary:
        root = self.root("the listening vocabulary needs `questions`, `nonanswers`, `topics` and `feeling`")
        top = self.mapping(root, "the listening vocabulary") if root is not None else None
        if top is None or root is None:
            raise DialogueLoadError(self.problems)
        self.check_keys(top, TOP_KEYS, "the listening vocabulary")
        self.require(top, ("questions", "nonanswers", "topics", "feeling"), root, "the listening vocabulary")
        classes = self.word_classes(top["words"][1]) if "words" in top else {}
        self.compiler = Compiler(classes, {})
        questions = self.questions(top["questions"][1]) if "questions" in top else ()
        nonanswers = self.nonanswers(top["nonanswers"][1]) if "nonanswers" in top else None
        topics = self.topics(top["topics"][1]) if "topics" in top else ()
        feelings = self.feelings(top["feeling"][1]) if "feeling" in top else None
        spellings = self.spellings(top["spellings"][1]) if "spellings" in top else {}
        fuzzy = tuple(self.fuzzy_words(top["fuzzy"][1])) if "fuzzy" in top else ()
        if self.problems or nonanswers is None or feelings is None:
            raise DialogueLoadError(self.problems)
        lexicon = dataclasses.replace(self.lexicon(spellings, fuzzy), keep_contrast=True)  # "not much, but my dog"
        return ListeningVocabulary(questions, nonanswers, topics, feelings, lexicon)

    def compiled(self, node: yaml.Node, what: str) -> tuple[Compiled, ...]:
        return tuple(self.compile(text, sequence, item) for text, sequence, item in self.phrases(node, what))

    def section(self, node: yaml.Node, keys: tuple[str, ...], what: str,
                required: tuple[str, ...] = ()) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        entries = self.mapping(node, what) or {}
        self.check_keys(entries, keys, what)
        self.require(entries, required, node, what)
        return entries

    def questions(self, node: yaml.Node) -> tuple[QuestionKind, ...]:
        found = []
        for name, (_, body) in (self.mapping(node, "`questions`") or {}).items():
            fields = self.section(body, ("needs", "phrases", "answers", "dodges", "done", "nothing_raises",
                                         "occasions", "topics_feel", "questions", "nothing"), f"question kind `{name}`",
                                  ("needs", "phrases"))
            needs = self.one_of(fields["needs"][1], f"`needs` of `{name}`", [n.value for n in Needs]) \
                if "needs" in fields else None
            phrases = self.compiled(fields["phrases"][1], f"the phrases of `{name}`") if "phrases" in fields else ()
            answers = self.compiled(fields["answers"][1], f"the answers of `{name}`") if "answers" in fields else ()
            raises = self.topic_names(fields["nothing_raises"][1], f"`nothing_raises` of `{name}`") \
                if "nothing_raises" in fields else ()
            occasions = self.one_of(fields["occasions"][1], f"`occasions` of `{name}`", ("aside", "count")) \
                if "occasions" in fields else "count"
            feels = self.one_of(fields["topics_feel"][1], f"`topics_feel` of `{name}`", ("negative", "neutral")) \
                if "topics_feel" in fields else "neutral"
            done = self.compiled(fields["done"][1], f"`done` of `{name}`") if "done" in fields else ()
            dodges = self.compiled(fields["dodges"][1], f"`dodges` of `{name}`") if "dodges" in fields else ()
            questions = self.one_of(fields["questions"][1], f"`questions` of `{name}`", ("answer", "back")) \
                if "questions" in fields else "back"
            nothing = self.one_of(fields["nothing"][1], f"`nothing` of `{name}`", ("answers", "empty")) \
                if "nothing" in fields else "empty"
            if needs is not None:
                found.append(QuestionKind(name, Needs(needs), phrases, answers, done, raises, feels == "negative",
                                          occasions == "aside", dodges, questions == "answer", nothing == "answers"))
        return tuple(found)

    def topic_names(self, node: yaml.Node, what: str, besides: str | None = None) -> tuple[Topic, ...]:
        names = [topic.value for topic in Topic if topic.value != besides]
        found = []
        for name, item in self.strings(node, what):
            if name in names:
                found.append(Topic(name))
            else:
                self.error(item,
                           f"{what} names `{name}`, which is not a topic" + (" (or is this one)" if besides else ""),
                           did_you_mean(name, names) or "the topics are " + ", ".join(names))
        return tuple(found)

    def nonanswers(self, node: yaml.Node) -> Nonanswers:
        fields = self.section(node, NONANSWER_KEYS, "`nonanswers`",
                              tuple(key for key in NONANSWER_KEYS if key not in NONANSWER_OPTIONAL))
        lists = {key: self.compiled(fields[key][1], f"`nonanswers` `{key}`") if key in fields else ()
                 for key in NONANSWER_KEYS}
        return Nonanswers(**lists)

    def feelings(self, node: yaml.Node) -> Feelings:
        fields = self.section(node, FEELING_KEYS, "`feeling`", ("positive", "negative"))
        lists = {key: self.compiled(fields[key][1], f"`feeling` `{key}`") if key in fields else ()
                 for key in FEELING_KEYS}
        return Feelings(**lists)

    def topics(self, node: yaml.Node) -> tuple[TopicRules, ...]:
        entries = self.mapping(node, "`topics`") or {}
        names = [topic.value for topic in Topic]
        found: dict[Topic, TopicRules] = {}
        for name, (key, body) in entries.items():
            if name not in names:
                self.error(key, f"there is no topic `{name}`",
                           did_you_mean(name, names) or "the topics are " + ", ".join(names))
                continue
            what = f"topic `{name}`"
            fields = self.section(body, TOPIC_KEYS, what, ("says", "phrases"))
            says = self.string(fields["says"][1], f"`says` of {what}") if "says" in fields else None
            phrases = self.compiled(fields["phrases"][1], f"the phrases of {what}") if "phrases" in fields else ()
            unless = self.compiled(fields["unless"][1], f"`unless` of {what}") if "unless" in fields else ()
            yields = self.topic_names(fields["yields_to"][1], f"`yields_to` of {what}", besides=name) \
                if "yields_to" in fields else ()
            feels = self.one_of(fields["feels"][1], f"`feels` of {what}", ("negative", "neutral")) \
                if "feels" in fields else "neutral"
            within = self.number(fields["yields_within"][1], f"`yields_within` of {what}") \
                if "yields_within" in fields else 0
            found[Topic(name)] = TopicRules(Topic(name), says or name, phrases, unless, yields,
                                            feels == "negative", int(within or 0))
        for topic in Topic:
            if topic not in found:
                self.error(node, f"`topics` is missing `{topic.value}`", "every topic needs its phrases")
        return tuple(found[topic] for topic in Topic if topic in found)


def read_listening(path: Path) -> ListeningVocabulary:
    """The vocabulary in ``path``; a ``DialogueLoadError`` lists every problem in it."""
    return _ListeningReader(path).read()


@functools.lru_cache(maxsize=1)
def bundled_listening() -> ListeningVocabulary:
    return read_listening(VOCABULARY_FILE)
