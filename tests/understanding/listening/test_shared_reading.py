"""An answer is read by several readers one after another (the listening rules, the safety rules,
the cards), some of them twice (issue 15): each reader keeps the last text it read, and the cutting
into clauses is shared by readers that cut alike. What each reader makes of a text is the same."""

from __future__ import annotations

import pickle

from engine.understanding import reading
from engine.understanding.listening import default_listener
from engine.understanding.reading import Reader

TEXTS = ["I get tired easily and I skip meals", "yes", "my sister Ana, but she is busy. Kms lol",
         "I get tired easily and I skip meals", "", "Want to die. thinkin about it"]


def readers() -> list[Reader]:
    from engine.safety.rules import default_rules

    return [default_listener().reader, default_rules().reader, Reader(reading.Lexicon({}))]


def test_every_reader_reads_each_text_as_a_fresh_reader_does(monkeypatch):
    made = [(reader, Reader(reader.lexicon)) for reader in readers()]
    for text in TEXTS:
        for shared, fresh in made:
            first, again = shared.read(text), shared.read(text)
            assert first == again == fresh._read(text)
            first.append(None)  # the list is the caller's own
            assert shared.read(text) == again


def test_a_text_read_twice_is_read_once(monkeypatch):
    reader = Reader(default_listener().reader.lexicon)
    calls = []
    real = Reader._read
    monkeypatch.setattr(Reader, "_read", lambda self, text: calls.append(text) or real(self, text))
    reader.read("I skip meals")
    reader.read("I skip meals")
    reader.read("something else")
    reader.read("I skip meals")
    assert calls == ["I skip meals", "something else", "I skip meals"]


def test_a_kept_reader_keeps_no_text_and_one_kept_before_reads_as_well():
    reader = Reader(default_listener().reader.lexicon)
    reader.read("my private words")
    state = reader.__getstate__()
    assert "_last" not in state and b"my private words" not in pickle.dumps(reader)
    older = Reader.__new__(Reader)
    older.__dict__.update(state)  # as a cache written before the last text was kept
    assert older.read("I skip meals") == reader._read("I skip meals")
