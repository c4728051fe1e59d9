"""The engine's own words are read as strictly as a dialogue, with every mistake located."""

from __future__ import annotations

import pytest

from engine.conversation.messages import Messages
from engine.ground.errors import DialogueLoadError


@pytest.mark.parametrize("text, line, column, words", [
    ("safety:\n  acute: Hello {{ name\n", 2, 10, "template error"),
    ("safety:\n  acute: [a, b]\n", 2, 10, "should be text"),
    ("safety: hello\n", 1, 9, "should be a mapping"),
    ("safety:\n  acute: Hi\n  acute: Again\n", 3, 3, "duplicate key"),
])
def test_a_mistake_in_the_messages_file_is_located(tmp_path, text, line, column, words):
    path = tmp_path / "messages.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DialogueLoadError) as caught:
        Messages.load(path)
    problem = next(p for p in caught.value.problems if words in p.message)
    assert (problem.span.line, problem.span.column) == (line, column), str(problem)


def test_good_messages_render_with_their_values(tmp_path):
    path = tmp_path / "messages.yaml"
    path.write_text("person:\n  hello: Thanks, {{ name }}.\n  empty: ''\n", encoding="utf-8")
    messages = Messages.load(path)
    assert messages("person.hello", name="Robin") == "Thanks, Robin."
    assert messages("person.empty") == ""
