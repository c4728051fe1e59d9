"""Normalising what people type, shared by the rules that read it (safety, understanding).

Lower case, straight apostrophes, contractions spelled out ("can't" -> "cannot") and clauses
split at sentence ends and at "but", so each rule can match one plain form.
"""

from __future__ import annotations

import re

from engine.ground.regexes import compiled

_CONTRACTIONS = {
    "i'm": "i am", "im": "i am", "i've": "i have", "ive": "i have", "i'd": "i would", "i'll": "i will",
    "can't": "cannot", "cant": "cannot", "won't": "will not", "wont": "will not", "don't": "do not",
    "dont": "do not", "doesn't": "does not", "didn't": "did not", "isn't": "is not", "wasn't": "was not",
    "haven't": "have not", "havent": "have not", "hasn't": "has not", "aren't": "are not",
    "wouldn't": "would not", "couldn't": "could not", "shouldn't": "should not", "it's": "it is",
    "what's": "what is", "whats": "what is", "he's": "he is", "she's": "she is", "they're": "they are",
    "there's": "there is", "that's": "that is", "gonna": "going to", "wanna": "want to", "ain't": "am not",
    # Typed without the apostrophe, as chat often is.
    "hes": "he is", "shes": "she is", "theyre": "they are", "theres": "there is", "thats": "that is",
    "youre": "you are", "you're": "you are", "wouldnt": "would not", "couldnt": "could not",
    "shouldnt": "should not", "didnt": "did not", "doesnt": "does not", "isnt": "is not", "wasnt": "was not",
    "weren't": "were not", "werent": "were not", "arent": "are not", "hasnt": "has not", "hadn't": "had not",
    "hadnt": "had not", "it'd": "it would", "itd": "it would", "he'd": "he would", "she'd": "she would",
    "they'd": "they would", "you'd": "you would", "he'll": "he will", "she'll": "she will",
    "they'll": "they will", "we're": "we are", "we'll": "we will", "we've": "we have", "they've": "they have",
    "you've": "you have", "i'd've": "i would have", "would've": "would have", "could've": "could have",
    "should've": "should have", "wouldve": "would have", "couldve": "could have", "shouldve": "should have",
    "let's": "let us", "y'all": "you all", "how's": "how is", "hows": "how is", "who's": "who is",
    "where's": "where is", "when's": "when is", "why's": "why is",
}
_WORD = compiled(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
# Only the first space of a run may start a break, and it takes the whole run at once (\s++):
# a long run of spaces is read once, not once per space.
_CLAUSE_BREAK = compiled(r"[.!?;\n]+|,?(?<!\s)\s++(?:but|though|although|however|whereas)\b\s*")
# The same breaks and commas, keeping the contrast word as the first word of the clause after it.
_CLAUSE_BREAK_KEEPING = compiled(r"[.!?;,\n]+|(?<![\s,])\s++(?=(?:but|though|although|however|whereas)\b)")
_CONTRASTS = ("but", "though", "however", "whereas")  # the contrast words above ("although" holds "though")
_SENTENCE_BREAK = compiled(r"[.!?;\n]+")  # the first part of each: all a text without those words needs
_SENTENCE_BREAK_KEEPING = compiled(r"[.!?;,\n]+")


_SURROGATE = compiled("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """Text as it can be stored: a lone surrogate (what undecodable bytes become) is U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def words(text: str) -> list[str]:
    """The words of an already normalised text."""
    return _WORD.findall(text)


# Only the words that are contractions: the callback runs for them, not for every word.
_CONTRACTION = compiled(r"(?<![a-z0-9'-])(?:" + "|".join(sorted(map(re.escape, _CONTRACTIONS), key=len, reverse=True))
                          + r")(?![a-z0-9'-])")


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, contractions spelled out, single spaces."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return _CONTRACTION.sub(lambda m: _CONTRACTIONS[m.group(0)], text)


_ANNOTATION = compiled(r"\[[^\]]*\]")  # transcript notes: [coughs], [unintelligible]
_STUTTER = compiled(r"\b([a-z']+)(?:\s*-+\s*\1\b)+")  # "i-i", "for- for"
_FILLERS = compiled(r"\b(?:um+|uh+|uhm|erm?|hmm+|mm+-?hmm|mm+|you know|i mean|kinda|sorta|kind of|sort of)\b"
                      r"|,\s*like\s*,")


def plain_speech(text: str) -> str:
    """Speech as it would be written: no fillers, stutters or transcript notes."""
    text = normalise(text)
    # Each pattern is tried at every letter, so one that cannot match is not run: a note needs
    # its "[", a stutter its "-" (most answers have neither).
    if "[" in text:
        text = _ANNOTATION.sub(" ", text)
    if "-" in text:
        text = _STUTTER.sub(r"\1", text)
    return _FILLERS.sub(" ", text)


def clauses(text: str, keep_contrast: bool = False) -> list[str]:
    """The clauses of a text, split at sentence ends and at "but"; ``keep_contrast`` also splits at
    commas and keeps "but" (or "though", "however"...) as the first word of the clause it starts."""
    text = plain_speech(text)
    if any(word in text for word in _CONTRASTS):
        breaks = _CLAUSE_BREAK_KEEPING if keep_contrast else _CLAUSE_BREAK
    else:  # no contrast word anywhere: the sentence ends alone break it (the same split, found faster)
        breaks = _SENTENCE_BREAK_KEEPING if keep_contrast else _SENTENCE_BREAK
    return [" ".join(_WORD.findall(part)) for part in breaks.split(text) if _WORD.search(part)]
