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

from engine.understanding.phrases.compiler import Compiled, Compiler
from engine.understanding.phrases.syntax import (
    GAPS,
    PERSONS,
    ClassRef,
    Edge,
    Gap,
    Group,
    Item,
    NotFollowedBy,
    Number,
    Optional_,
    Person,
    PhraseError,
    Sequence,
    Word,
    class_refs,
    literal_words,
    parse,
)
from engine.understanding.phrases.words import (
    COMMON_WORDS,
    FREQUENT_WORDS,
    MANY,
    NEGATIVE_WORDS,
    NUMBER,
    inflections,
    word_cost,
)

__all__ = ["COMMON_WORDS", "FREQUENT_WORDS", "GAPS", "MANY", "NEGATIVE_WORDS", "NUMBER", "PERSONS", "ClassRef",
           "Compiled", "Compiler", "Edge", "Gap", "Group", "Item", "NotFollowedBy", "Number", "Optional_", "Person",
           "PhraseError", "Sequence", "Word", "class_refs", "inflections", "literal_words", "parse", "word_cost"]
