"""Simple reflections by person swapping: "I feel stuck with my job" -> "you feel stuck with
your job". The same swap read the other way turns a counsellor's "you want to cut down" into
the person's own "I want to cut down", which the talk rules use as context.

Only pronouns and the verbs that agree with them change; quoted words and names stay as they
were said. "You" becomes "I" or "me" only in what the person said about themselves: a question
put to someone else ("Are you sure?", "Can you help me?") is not about the person, so it is said
back as it was typed; "Am I doing okay?" is, and becomes "are you doing okay?".
"""

from __future__ import annotations

import re

from engine.ground.regexes import compiled

# One word for another, both ways. "you" is handled apart: it can be "I" or "me".
_SWAP = {
    "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
    "i'm": "you're", "i've": "you've", "i'd": "you'd", "i'll": "you'll",
    "your": "my", "yours": "mine", "yourself": "myself",
    "you're": "I'm", "you've": "I've", "you'd": "I'd", "you'll": "I'll",
    "we": "you", "our": "your", "ours": "yours", "ourselves": "yourselves", "us": "you",
}
# Verbs that follow "I" and "you" differently.
_AFTER_I = {"am": "are", "was": "were", "'m": "'re"}
_AFTER_YOU = {"are": "am", "were": "was"}
# Words after which "you" is the subject ("I"), e.g. "you think", "you are".
_SUBJECT_NEXT = compiled(
    r"^(?:are|were|have|had|will|would|can|could|should|shall|must|might|may|do|did|don't|didn't|"
    r"can't|won't|wouldn't|couldn't|shouldn't|want|wanted|feel|felt|know|knew|think|thought|need|"
    r"needed|like|liked|love|loved|said|say|seem|seemed|get|got|go|went|make|made|see|saw|tell|told|"
    r"really|just|also|still|always|never|often|sometimes|usually|already|mean|meant|hope|hoped|"
    r"try|tried|keep|kept|started|start|decided|plan|planned|wish|wished|believe|believed|enjoy|"
    r"enjoyed|hate|hated|drink|drank|smoke|smoked|use|used|work|worked|live|lived|'re|'ve|'d|'ll)$")
# Words that say "you" (the one the person speaks to): a question holding one is put to someone else.
_SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves", "you're", "you've", "you'd",
                            "you'll"})
_AUXILIARIES = frozenset({"are", "were", "do", "did", "does", "can", "could", "will", "would", "should", "shall",
                         "have", "had", "may", "might", "must", "aren't", "don't", "didn't", "can't", "won't",
                         "wouldn't", "couldn't", "shouldn't", "haven't"})
_QUESTION_WORDS = frozenset({"what", "why", "how", "when", "where", "who", "which"})
_TOKEN = compiled(r"\"[^\"]*\"|“[^”]*”|[A-Za-z]+(?:['’][A-Za-z]+)?|'[a-z]+|[^A-Za-z\"“]+")


# Ordinary words that only have a capital because they start what was typed ("It has been hard"):
# set inside a sentence, they go to lower case; a name ("Jo", "AA") keeps its capital.
_STARTERS = frozenset({"it", "it's", "its", "there", "there's", "things", "the", "this", "that", "life", "work",
                       "everything", "nothing", "something", "some", "most", "all", "not", "just", "still",
                       "being", "getting", "trying", "going", "having", "feeling", "losing", "money", "home",
                       "honestly", "really", "actually", "well", "yes", "yeah", "no", "maybe", "probably",
                       # the first word of a question
                       "am", "are", "is", "was", "were", "do", "does", "did", "can", "could", "would",
                       "should", "have", "has", "what", "why", "how", "when", "where", "who"})


def reflect(text: str) -> str:
    """Swap first and second person, keeping quotes, names and capitals as they were. A reflection
    is said inside a sentence ("So {{ answer | reflect }}."): the end of sentence typed is left off
    and an ordinary first word loses its capital."""
    text = re.sub(r"[.!…\s]+$", "", text or "")
    first = re.match(r"[A-Za-z]+(?:['’][A-Za-z]+)?", text)
    if first and first.group().lower() in _STARTERS and first.group()[1:].islower():
        text = text[:1].lower() + text[1:]
    tokens = _TOKEN.findall(text)
    words = [i for i, t in enumerate(tokens) if t[:1].isalpha() or t[:1] == "'"]
    out = list(tokens)
    asked = _asked_of_another(tokens, words)
    previous_subject: str | None = None
    for position, index in enumerate(words):
        token = tokens[index]
        lower = token.lower().replace("’", "'")
        following = tokens[words[position + 1]].lower().replace("’", "'") if position + 1 < len(words) else ""
        if index in asked:
            previous_subject = None
            continue
        if lower in _AFTER_I and following == "i" and _adjacent(words, position + 1):
            swapped, previous_subject = _AFTER_I[lower], None  # "am I" -> "are you"
        elif lower == "you":
            at_start = position == 0 or _ends_sentence(tokens, words[position - 1], index)
            swapped = "I" if _SUBJECT_NEXT.match(following) or (at_start and following) else "me"
            previous_subject = "you" if swapped == "I" else None
        elif previous_subject == "i" and lower in _AFTER_I and _adjacent(words, position):
            swapped, previous_subject = _AFTER_I[lower], None
        elif previous_subject == "you" and lower in _AFTER_YOU and _adjacent(words, position):
            swapped, previous_subject = _AFTER_YOU[lower], None
        elif lower in _SWAP:
            swapped = _SWAP[lower]
            previous_subject = "i" if lower == "i" else None
        else:
            previous_subject = None
            continue
        # A reflection is usually set inside a sentence ("So {{ answer | reflect }}?"), so the
        # very first word goes to lower case; later sentences keep their capitals.
        new_sentence = position > 0 and _ends_sentence(tokens, words[position - 1], index)
        out[index] = _same_case(token, swapped, capital=new_sentence)
    return "".join(out)


def _asked_of_another(tokens: list[str], words: list[int]) -> set[int]:
    """The word tokens of each question that says "you": put to someone else, said back as typed."""
    kept: set[int] = set()
    sentence: list[int] = []
    for index, token in enumerate(tokens):
        if index in words:
            sentence.append(index)
        if index not in words and any(mark in token for mark in ".!?") or index == len(tokens) - 1:
            said = [tokens[i].lower().replace("’", "'") for i in sentence]
            if any(word in _SECOND_PERSON for word in said) and ("?" in token or _inverted(said)):
                kept.update(sentence)
            sentence = []
    return kept


def _inverted(said: list[str]) -> bool:
    """Whether a sentence starts the way a question to someone does, with or without its mark:
    "are you sure", "what do you think"."""
    start = said[1:] if said[:1] and said[0] in _QUESTION_WORDS else said
    return len(start) >= 2 and start[0] in _AUXILIARIES and start[1] == "you"


def _adjacent(words: list[int], position: int) -> bool:
    return position > 0 and words[position] - words[position - 1] <= 2  # only a space between


def _ends_sentence(tokens: list[str], before: int, index: int) -> bool:
    return any(mark in "".join(tokens[before + 1:index]) for mark in ".!?")


def _same_case(original: str, swapped: str, capital: bool) -> str:
    if swapped == "I" or swapped.startswith("I'"):
        return swapped  # "I" is always a capital
    if capital or (original[:1].isupper() and original.lower() not in ("i", "my", "me", "mine", "myself")
                   and not original.lower().startswith("i'")):
        return swapped[:1].upper() + swapped[1:]
    return swapped
