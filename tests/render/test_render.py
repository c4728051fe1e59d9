"""Summaries: rendered in the sandbox, HTML autoescaped, errors with template and line."""

from __future__ import annotations

import pytest

from engine.conversation.machine import Conversation
from engine.conversation.session import Status
from engine.render.summary import RenderError, format_for, render_summary
from engine.render.text import terminal_text

SCRIPT = "<script>alert('x')</script>"


def strengths_answers():
    return ["I lost my job", "my sister", "yes", "I kept going", f"kind, {SCRIPT}", "cooking",
            "4", "Jo, my sponsor", "the park", "AA", "food bank", "3", "find work", "by staying steady",
            "call Jo", "yes"]


@pytest.fixture
def finished(bundled, messages) -> Conversation:
    conversation = Conversation(bundled, messages, "strengths", given={"person": {"name": "Sam", "goals": []}})
    for text in strengths_answers():
        conversation.reply(text)
    assert conversation.finished
    return conversation


def test_html_summary_escapes_answers(finished):
    html = render_summary(finished, "html", status=Status.FINISHED, generated="23 November 2026")
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html  # self-contained
    assert "@media print" in html
    assert "<script" not in html.lower().replace("&lt;script", "")


def test_markdown_summary_shows_the_answers(finished):
    text = render_summary(finished, "markdown", status=Status.FINISHED, generated="23 November 2026")
    for expected in ["# My strengths and supports: Sam", "I lost my job", "my sister", "kind",
                     "cooking", "The strength most like me:** Sticking with it when things get tough",
                     "Jo and my sponsor",
                     "the park", "AA", "food bank", "3 out of 10", "find work", "call Jo"]:
        assert expected in text, expected
    assert "23 November 2026" in text


def test_summary_in_progress_says_so(bundled, messages):
    conversation = Conversation(bundled, messages, "strengths")
    conversation.reply("Sam")
    text = render_summary(conversation, "markdown", status=Status.PAUSED, generated="today")
    assert "(in progress)" in text and "not answered yet" in text


def test_default_summary_lists_every_answer(talk):
    conversation = talk("""
        id: main
        title: Plain one
        audience: client
        start: q
        nodes:
          q:
            ask: Favourite colour?
          r:
            ask: Anything else?
            optional: true
          done:
            end:
        """)
    conversation.reply("blue <b>")
    conversation.reply("/skip")
    markdown = render_summary(conversation, "markdown", status=Status.FINISHED)
    # Markdown keeps the words but not the tag: a renderer would otherwise run it.
    assert "**Favourite colour?**\nblue \\<b\\>" in markdown and "_skipped_" in markdown
    html = render_summary(conversation, "html", status=Status.FINISHED)
    assert "blue &lt;b&gt;" in html and "skipped" in html


def test_the_summary_on_a_terminal_is_plain_text(finished):
    # /summary and the summary at the end are read on a terminal: words, not Markdown's marks.
    markdown = render_summary(finished, "markdown", status=Status.FINISHED, generated="23 November 2026")
    text = terminal_text(markdown)
    lines = text.split("\n")
    assert lines[:3] == ["My strengths and supports: Sam", "23 November 2026", ""]
    assert "  - The strength most like me: Sticking with it when things get tough" in lines
    assert "  - At my best I am: kind and <script>alert('x')</script>" in lines  # as typed, not escaped
    assert "My supports" in lines and lines[lines.index("My supports") - 1] == ""  # a heading starts a block
    assert not any(mark in text for mark in ("#", "**", "_23", "\\<", "\n\n\n"))


def test_terminal_text_keeps_words_and_charts_as_they_are():
    markdown = ("> **To read first.**\n> - **Emergency services: 911**, if you are in danger right now.\n\n"
                "# Review\n\n## Progress over time\n\n```\n2026-11-01  ####......  4\n```\n\n"
                "1. call Jo: by Friday\n\n- **What helped:** my_file_name, _really_ and 5 * 3 \\[x\\]\n")
    assert terminal_text(markdown).split("\n") == [
        "To read first.", "  - Emergency services: 911, if you are in danger right now.", "",
        "Review", "", "Progress over time", "",
        "    2026-11-01  ####......  4", "",  # a chart is indented four spaces: never reflowed
        "  1. call Jo: by Friday", "",
        "  - What helped: my_file_name, really and 5 * 3 [x]"]


@pytest.mark.parametrize("trick", [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ vars.__class__.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os }}",
])
def test_sandbox_refuses_template_tricks_with_a_clear_error(talk, tmp_path, trick):
    (tmp_path / "evil.md.j2").write_text(f"line one\n{trick}\n")
    conversation = talk("""
        id: main
        title: T
        audience: client
        summary:
          markdown: evil.md.j2
        start: done
        nodes:
          done:
            end:
        """)
    with pytest.raises(RenderError) as caught:
        render_summary(conversation, "markdown", status=Status.FINISHED)
    message = str(caught.value)
    assert "evil.md.j2:2" in message and "not allowed in the sandbox" in message


def test_template_runtime_error_names_the_line(talk, tmp_path):
    (tmp_path / "oops.md.j2").write_text("a\nb\n{{ 1 / 0 }}\n")
    conversation = talk("id: main\ntitle: T\naudience: client\nsummary:\n  markdown: oops.md.j2\n"
                        "start: done\nnodes:\n  done:\n    end:\n")
    with pytest.raises(RenderError, match=r"oops.md.j2:3: ZeroDivisionError"):
        render_summary(conversation, "markdown", status=Status.FINISHED)


@pytest.mark.parametrize("name, fmt", [("a.md", "markdown"), ("A.HTML", "html"), ("x/y.htm", "html"),
                                       ("notes.txt", "markdown")])
def test_format_follows_the_extension(name, fmt):
    assert format_for(name) == fmt


def test_unknown_extension_is_a_clear_error():
    with pytest.raises(RenderError, match="use a name ending in .md or .html"):
        format_for("summary.pdf")
