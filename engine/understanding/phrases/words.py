"""Words in phrases: which are too common to anchor on, number words, and the inflections a literal
word also matches."""

from __future__ import annotations

import functools

# Auxiliaries and verb endings that change when someone else is the subject.
OTHER_VERBS = {"am": "(?:am|is|are)", "have": "(?:have|has)", "do": "(?:do|does)",
                "was": "(?:was|were)", "were": "(?:was|were)"}
# Words too common to be a useful anchor, or to be all that a phrase requires (a phrase anchored
# on them is tried on most clauses).
COMMON_WORDS = frozenset(["i", "me", "my", "myself", "to", "a", "an", "the", "and", "of", "it", "is", "am", "be",
                          "in", "on", "at", "for", "with", "this", "that", "so"])
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


_ENDINGS = ("s", "es", "ed", "d", "ing")


def _stems(word: str) -> set[str]:
    """The word and what it may be a form of: "ways" -> {"ways", "way", "wa"}."""
    return {word} | {word[:-len(end)] for end in _ENDINGS if word.endswith(end)}


def word_cost(word: str) -> int:
    """How often a word is in a clause, roughly: what anchoring a phrase on it costs."""
    if word in COMMON_WORDS:
        return 100
    return 40 if _stems(word) & FREQUENT_WORDS else 1


def group_cost(words: frozenset[str]) -> int:
    """What anchoring on a group of words costs: each word's cost, a word's inflections counted once
    (a word and its forms are in about as many clauses as the word: "way", "ways", "wayed" cost what
    "way" does, not three times that, so "way" anchors "I am in the way" rather than "I" does)."""
    return sum(word_cost(word) for word in words if not (_stems(word) - {word}) & words)


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


NEGATIVE_WORDS = frozenset({"not", "never", "no", "nor", "nobody", "nothing", "none", "cannot"})
