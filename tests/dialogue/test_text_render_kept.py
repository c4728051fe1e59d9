"""A dialogue text rendered again with the same plain values gives its last render without Jinja
(engine.dialogue.expressions.Text.last); anything else is rendered afresh."""

from __future__ import annotations

import pickle

from engine.dialogue.expressions import Text
from engine.ground.source import Span

HERE = Span("test.yaml", 1, 1)


def text(source: str) -> Text:
    return Text.compile(source, HERE)


def test_the_same_plain_values_give_the_same_words_and_others_new_ones():
    shown = text("How are things with {{ area }} right now?")
    assert shown.render({"area": "work"}) == "How are things with work right now?"
    assert shown.last is not None
    assert shown.render({"area": "work"}) == "How are things with work right now?"
    assert shown.render({"area": "home"}) == "How are things with home right now?"
    assert shown.render({}) == "How are things with  right now?"
    assert shown.render({"area": None}) == "How are things with  right now?"


def test_values_that_are_equal_but_show_differently_are_rendered_again():
    shown = text("{{ n }}")
    assert [shown.render({"n": value}) for value in (1, True, 1.0, 0.0, -0.0, "1")] == \
        ["1", "True", "1.0", "0.0", "-0.0", "1"]


def test_lists_and_records_are_always_rendered_afresh():
    shown = text("{{ items | listing }}")
    items = ["a", "b"]
    assert shown.render({"items": items}) == "a and b"
    items.append("c")  # the same list, changed inside
    assert shown.render({"items": items}) == "a, b and c"
    assert shown.last is None


def test_only_what_the_text_reads_counts():
    shown = text("Step {{ n }}")
    assert shown.render({"n": 2, "other": "x"}) == "Step 2"
    assert shown.render({"n": 2, "other": "y"}) == "Step 2"
    assert shown.render({"n": 3, "other": "y"}) == "Step 3"


def test_a_text_is_kept_between_runs_without_its_last_render():
    shown = text("Hello {{ name }}")
    shown.render({"name": "Sam"})
    again = pickle.loads(pickle.dumps(shown))
    assert again == shown and again.last is None and again.template is None
    assert again.render({"name": "Jo"}) == "Hello Jo"


def test_texts_with_the_same_words_share_one_compiled_template():
    """Issue 14/15: every library loaded holds its own texts, and each compiled the same source again."""
    from engine.dialogue.expressions import Text
    from engine.ground.source import Span

    first = Text.compile("Hello {{ name }}, welcome back.", Span("a.yaml", 1, 1))
    second = Text.compile("Hello {{ name }}, welcome back.", Span("b.yaml", 7, 3))
    assert first.render({"name": "Sam"}) == second.render({"name": "Jo"}).replace("Jo", "Sam")
    assert first.template is second.template
    long_source = "{{ name }} " + "word " * 500
    assert Text.compile(long_source, Span("c.yaml", 1, 1)).render({"name": "x"}).startswith("x word")
