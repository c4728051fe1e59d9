"""The closed classes of words the coder's rules name: persons, question words, auxiliaries, the
words that lead into a question or stop a run-on sentence being cut, and the starts of a question
whatever its grammar ("tell me", "i wonder")."""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


SECOND_PERSON = word_set("you your yours yourself yourselves")
FIRST_PERSON = word_set("i me my mine myself")
WH = word_set("what how why when where who which whose")
AUX = word_set("do does did are is was were am have has had can could would will shall should may might must")
PERSONS = word_set("you we i")
WH_FOLLOWERS = word_set("one ones of bit part else")
THIRD = word_set("it they he she that this")
PREPOSITIONS = word_set("for to with like at about of from than as by")
SUBJECTS = word_set("you i we they it there that this he she your people anyone anybody someone things")
# A run-on sentence is not cut before a question word that is the object of these ("you get to decide what ...").
NO_CUT_AFTER = word_set(
    "know knew decide decides decided choose chooses chose see saw seen wonder wondering wondered ask asked asking "
    "sure tell told say said think thought figure out understand explain remember forget about on of for in at with "
    "by to from is was are were matter matters care show shows hear heard mind learn find work guess idea clue unsure "
    "why how what where when who which whether if that than like notice noticed realise realize imagine")
# A part that starts like this leads into the question after it and is coded with it.
LEADS = word_set("when if while since because after before as whenever once although though given between "
                 "from in for with about looking thinking during on at over compared now")
STRONG_STARTS = (("tell", "me"), ("walk", "me"), ("talk", "me"), ("take", "me"), ("say", "more"), ("i", "wonder"),
                 ("i", "am", "wondering"), ("i", "was", "wondering"), ("i", "am", "just", "wondering"),
                 ("i", "was", "just", "wondering"), ("i", "just", "wonder"), ("i", "wondered"), ("i", "am", "curious"),
                 ("i", "am", "really", "curious"), ("i", "am", "just", "curious"), ("i", "am", "interested", "to"),
                 ("i", "am", "really", "interested", "to"), ("i", "am", "interested", "in", "what"),
                 ("i", "am", "interested", "in", "how"),
                 ("how", "about"),
                 ("what", "about"), ("what", "if"), ("can", "i", "ask"), ("could", "i", "ask"), ("help", "me"),
                 ("any", "other"), ("anything", "else"), ("anyone", "else"), ("anybody", "else"), ("any", "more"),
                 # "..., if you can tell me a bit about that": an invitation after what was said back
                 ("if", "you", "can", "tell"), ("if", "you", "could", "tell"), ("if", "you", "could", "just"),
                 ("if", "you", "can", "just"), ("if", "you", "could", "give"), ("if", "you", "can", "give"),
                 # "..., and I wanted to check in with you and see how it went": what the speaker wants to know
                 ("i", "wanted", "to", "check"), ("i", "wanted", "to", "ask"), ("i", "wanted", "to", "find"),
                 ("i", "would", "like", "to", "know"), ("i", "would", "like", "to", "hear"),
                 ("i", "would", "like", "to", "find"), ("i", "would", "love", "to", "hear"),
                 ("i", "would", "love", "to", "know"))
# "your" typed for "you're" (and "ur", read as "your"): before these it can only be "you are"
# ("your not listening", "ur so brave"), unless a word before makes it a noun ("it's your doing").
AFTER_YOURE = word_set(
    "not so just really doing going being always never still probably definitely making trying clearly obviously "
    "feeling done right welcome allowed able very too such ok okay alright fine sure saying telling thinking "
    "looking getting taking putting worried scared tired stuck interested keen the a an")
NOUN_BEFORE_YOUR = word_set("is was all own of on in at to for with by from about that this it")
COPULAS = word_set("is was")
DETERMINERS = word_set("the my your our his her their one all what")
# A word that alone, after a statement, asks whether it is so ("so you want to quit, right").
TAG_WORDS = word_set("right yeah yea correct eh innit")
TAG_PERSONS = word_set("you it they he she we")
# Words before a last "right" that make it part of the statement ("you did it right", "you are right").
NOT_TAGGED = word_set("it that this things all just so do did doing done get got getting is are was were am be "
                      "alright way")
# Openers that ask when "if" follows them ("ok if i share something?", "alright if we stop there").
ASKING_OPENERS = word_set("ok okay alright right fine cool")
MODALS = word_set("can could would will might should may must")
# What a scaling question asks about ("how confident are you", on a scale named in the reply).
SCALED = word_set("confident important ready sure likely motivated committed willing serious determined keen "
                  "interested prepared certain")
