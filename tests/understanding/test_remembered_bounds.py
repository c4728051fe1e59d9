"""What the rules remember between answers to go faster (each phrase index's words, the kind of
each question) stays bounded, whatever is typed: many different words, very long ones, questions
that quote long answers."""

from __future__ import annotations

import engine.understanding.listening as listening
from engine.understanding import matching
from engine.understanding.listening import Listener, bundled_listening
from engine.understanding.reading import make_clause


def test_a_phrase_index_remembers_a_bounded_number_of_real_words():
    listener = Listener(bundled_listening())
    index = listener.topic_finder.phrases.index
    for number in range(matching._SEEN_LIMIT + 500):
        index.candidates(make_clause(0, [f"word{number}", "x" * 100 + str(number)]))
    seen = index.__dict__["_seen"]
    assert len(seen) <= matching._SEEN_LIMIT
    assert all(len(word) <= matching._SEEN_LONGEST for word in seen)


def test_a_long_question_is_read_but_not_remembered():
    listener = Listener(bundled_listening())
    question = "Who could support you with " + "a very long answer quoted back " * 100 + "?"
    assert listener.kind_of(question) == listener.kind_of(question)
    assert question not in listener.__dict__.get("_kind_of", {})
    short = "Who could support you?"
    listener.kind_of(short)
    assert short in listener.__dict__["_kind_of"]
    assert len(question) > listening._KIND_LONGEST
