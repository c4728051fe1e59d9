"""The phrase language of the safety vocabulary: parsing, located errors, compiling, anchors."""

from __future__ import annotations

import pytest

from engine.understanding.phrases import Compiler, PhraseError, inflections, parse

CLASSES = {"die": (parse("die"), parse("be dead")), "pills": (parse("pills"), parse("sleeping pills"))}
OTHERS = {"I": " (?:he|she|my friend)", "ME": " (?:him|her)", "MY": " (?:his|her)", "MYSELF": " (?:himself|herself)"}


def matches(phrase: str, text: str, other: bool = False) -> bool:
    compiled = Compiler({k: v for k, v in CLASSES.items()}, OTHERS).compile(phrase, parse(phrase), other)
    return compiled.regex.search(f" {text} ") is not None


@pytest.mark.parametrize("phrase, text, found", [
    ("want to die", "i want to die", True),
    ("want to die", "i want to diet", False),  # whole words only
    ("want to {die}", "i want to be dead", True),
    ("(wish|hope) I was dead", "i hope i was dead", True),
    ("really? want to die", "i want to die", True),
    ("really? want to die", "i really want to die", True),
    ("thinking .. ending it", "thinking about maybe ending it", True),
    ("thinking .. ending it", "thinking about it and then maybe ending it", False),  # .. is at most 3 words
    ("thinking ... ending it", "thinking about it and then maybe ending it", True),
    ("suicid*", "feeling suicidal", True),
    ("{die} !laughing", "i could die laughing", False),
    ("{die} !laughing", "i could die", True),
    ("took # {pills}", "took 30 pills", True),
    ("took # {pills}", "took thirty sleeping pills", True),
    ("took ## {pills}", "took 2 pills", False),  # ## is ten or more
    ("took ## {pills}", "took 40 pills", True),
    ("^ i give up $", "i give up", True),
    ("^ i give up $", "i give up smoking", False),
    ("^ i give up $", "so i give up", False),
    ("drown MYSELF", "i will drown myself", True),
    ("drown", "she drowned", True),  # words inflect
    ("=drown", "she drowned", False),  # unless written exactly
])
def test_phrase_syntax(phrase, text, found):
    assert matches(phrase, text) is found


def test_a_phrase_with_the_speaker_also_finds_someone_else():
    assert matches("I want to kill MYSELF", "i want to kill myself")
    assert not matches("I want to kill MYSELF", "she wants to kill herself")
    assert matches("I want to kill MYSELF", "she wants to kill herself", other=True)
    assert matches("I want to kill MYSELF", "my friend wants to kill herself", other=True)
    assert matches("hurt MY arm", "she hurt her arm", other=True)


@pytest.mark.parametrize("word, forms", [
    ("hope", {"hope", "hopes", "hoped", "hoping"}),
    ("die", {"die", "dies", "died", "dying"}),
    ("try", {"try", "tries", "tried", "trying"}),
    ("wish", {"wish", "wishes", "wished", "wishing"}),
    ("stop", {"stop", "stops", "stopped", "stopping"}),
    ("cut", {"cut", "cuts", "cutted", "cutting"}),
    ("pill", {"pill", "pills", "pilled", "pilling"}),
])
def test_inflections(word, forms):
    assert set(inflections(word)) == forms


@pytest.mark.parametrize("word", ["to", "my", "not", "took", "cannot", "cutting", "planned", "myself", "i"])
def test_small_irregular_and_inflected_words_stay_exact(word):
    assert inflections(word) == (word,)


def test_anchors_avoid_common_words_and_requires_lists_every_needed_word():
    compiler = Compiler(CLASSES, OTHERS)
    compiled = compiler.compile("I want to overdose", parse("I want to overdose"))
    assert compiled.anchors == {"overdose", "overdoses", "overdosed", "overdosing"}
    assert frozenset({"want", "wants", "wanted", "wanting"}) in compiled.requires
    assert frozenset({"i"}) in compiled.requires
    optional = compiler.compile("really? want to die", parse("really? want to die"))
    assert not any("really" in group for group in optional.requires)


@pytest.mark.parametrize("phrase, column, message", [
    ("(want|wish", 1, "a bracket is not closed"),
    ("want | die", 6, "`|` outside brackets"),
    ("want to {Die}", 10, "a word class is written {name}"),
    ("want to Die", 9, "`Die` has capitals"),
    ("want (to|) die", 6, "an empty alternative"),
    ("su*", 1, "too short to be a prefix"),
    ("want ..? die", 8, "a gap is already optional"),
    ("want to die!", 12, "`!` needs a word after it"),
    ("want, die", 1, "`want,` is not a word"),
])
def test_phrase_errors_say_where_and_what(phrase, column, message):
    with pytest.raises(PhraseError) as caught:
        parse(phrase)
    assert caught.value.column == column
    assert message in caught.value.message
    assert caught.value.hint
