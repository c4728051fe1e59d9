"""Each conversation's own summary whatever route reached it (issue 16): a dialogue that called
others (the Welcome calls strengths, goals, review...) shows each one's summary through that
dialogue's own template and the variables of the call's namespace, charts included, in
Markdown and HTML, one heading level down; the caller's own list of answers keeps only its own."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from engine.cli.setup import session_context
from engine.conversation.machine import Conversation
from engine.conversation.session import SessionRecord, Status
from engine.frontends.console import Tone
from engine.frontends.loop import Run
from engine.render.summary import render_summary
from engine.render.text import terminal_text
from engine.store.sqlite import SqliteStore

STRENGTHS = ["I lost my job", "my sister", "no", "kind, funny", "cooking", "2", "Jo", "the park", "", "", "7",
             "find work", "being honest", "call Jo", "yes"]
GOAL = ["my health", "I get out of breath", "Walk for 20 minutes three times a week by the end of January",
        "I want to keep up with my kids", "9", "8", "buy walking shoes", "Saturday", "no", "", "", "in a week"]


class Script:
    """A console that answers from a list."""

    def __init__(self, answers: list[str]):
        self.answers = list(answers)
        self.shown: list[str] = []

    def show(self, text: str, tone: Tone = Tone.SAY) -> None:
        self.shown.append(text)

    def ask(self, question, toolbar: str) -> str | None:
        return self.answers.pop(0) if self.answers else None


def run_on(store, library, messages, dialogue: str, answers: list[str], day: str) -> Run:
    """One session through the real front-end loop, on ``day``."""
    when = datetime.fromisoformat(f"{day}T10:00:00").replace(tzinfo=UTC)
    record = SessionRecord(id=f"{dialogue}-{day}", dialogue=dialogue, person="Robin",
                           created=when.isoformat(timespec="seconds"),
                           context=session_context(store, "Robin", when, "ca-us"))
    conversation = Conversation(library, messages, dialogue, given=record.context)
    run = Run(conversation, record, store, Script(answers), messages, clock=lambda: when)
    assert run.hold() == 0
    return run


def welcome(bundled, messages, choice: str, answers: list[str]) -> Conversation:
    conversation = Conversation(bundled, messages, "welcome", given={"person": {"name": "Sam", "goals": []}})
    for text in [choice, *answers]:
        conversation.reply(text)
    return conversation


def test_the_welcome_shows_the_strengths_summary_it_led_to(bundled, messages):
    conversation = welcome(bundled, messages, "My strengths and supports", STRENGTHS)
    assert conversation.finished
    markdown = render_summary(conversation, "markdown", status=Status.FINISHED, generated="2 December 2026")
    assert markdown.startswith("# Welcome to peercoach\n_2 December 2026_\n")
    assert "**What would you like to work on today, Sam?**\nMy strengths and supports" in markdown
    # The strengths dialogue's own summary, one level down, with the words its template gives them.
    assert "\n## My strengths and supports: Sam\n" in markdown
    for expected in ("### Getting through hard times", "- **At my best I am:** kind and funny",
                     "- **The strength most like me:** Courage, facing hard things",
                     "- **People:** Jo", "- **My first step:** call Jo"):
        assert expected in markdown, expected
    # ...and not the plain list of its questions as well.
    assert "Think of a time when life was hard" not in markdown
    assert markdown.count("kind") == 1


def test_the_welcome_html_nests_the_called_summary_in_its_page(bundled, messages):
    conversation = welcome(bundled, messages, "2", STRENGTHS)
    html = render_summary(conversation, "html", status=Status.FINISHED)
    assert html.startswith("<!DOCTYPE html>") and html.count("<!DOCTYPE html>") == 1
    assert html.count("<html") == 1 and html.count("<footer") == 1  # one page, not a page in a page
    assert '<section class="called">\n<h2>My strengths and supports: Sam</h2>' in html
    assert "<h3>My supports</h3>" in html and "<dt>People</dt><dd>Jo</dd>" in html
    assert "<li>kind</li><li>funny</li>" in html
    assert "Think of a time when life was hard" not in html
    assert "<dt>What would you like to work on today, Sam?</dt>" in html


def test_the_welcome_shows_the_goal_it_led_to(bundled, messages):
    conversation = welcome(bundled, messages, "Setting a goal and a plan", GOAL)
    assert conversation.finished
    markdown = render_summary(conversation, "markdown", status=Status.FINISHED)
    assert "\n## Setting a goal and an action plan\n" in markdown and "\n### My goal\n" in markdown
    assert "- **Goal:** Walk for 20 minutes three times a week by the end of January" in markdown
    assert "- **Importance:** 9 out of 10" in markdown and "1. buy walking shoes: Saturday" in markdown
    html = render_summary(conversation, "html", status=Status.FINISHED)
    assert "<dt>Goal</dt><dd>Walk for 20 minutes three times a week by the end of January</dd>" in html


def test_the_welcome_shows_the_review_it_led_to_with_its_chart(tmp_path, bundled, messages):
    store = SqliteStore(tmp_path)
    try:
        run_on(store, bundled, messages, "goals", GOAL, "2026-11-01")
        run_on(store, bundled, messages, "review", ["I went twice", "3", "", "", "", "walk on Monday", ""],
               "2026-11-08")
        run = run_on(store, bundled, messages, "welcome",
                     ["Looking back at a goal I set", "I went three times", "6", "my dog", "", "", "walk on Friday",
                      "seeing the numbers"], "2026-11-15")
    finally:
        store.close()
    conversation = run.conversation
    assert conversation.finished
    markdown = render_summary(conversation, "markdown", status=Status.FINISHED)
    assert "\n## Reviewing my progress\n" in markdown
    assert "\n### Walk for 20 minutes three times a week by the end of January\n" in markdown
    assert "- **Progress:** 6 out of 10\n- **What helped:** my dog\n" in markdown
    assert "\n### Progress over time\n" in markdown
    assert "```\n2026-11-08  ###.......  3\n2026-11-15  ######....  6\n```" in markdown
    assert "\n### What keeps me going\nseeing the numbers" in markdown
    html = render_summary(conversation, "html", status=Status.FINISHED)
    assert "<svg" in html and "<polyline" in html and html.count("<circle") == 2
    assert "<h3>Progress over time</h3>" in html
    # On a terminal the chart is still drawn as it is, and no heading mark is left.
    text = terminal_text(markdown)
    lines = text.split("\n")
    assert "    2026-11-15  ######....  6" in lines
    assert not any("#" in line for line in lines if not line.startswith("    2026-"))


def test_a_summary_asked_for_inside_a_call_shows_it_so_far(bundled, messages):
    conversation = welcome(bundled, messages, "2", STRENGTHS[:2])
    assert not conversation.finished
    markdown = render_summary(conversation, "markdown", status=Status.ACTIVE)
    assert "## My strengths and supports: Sam" in markdown
    assert "- **What helped:** my sister" in markdown and "- **Skills:**" not in markdown
    assert "- **What I want to work on:** not answered yet" in markdown


def test_a_choice_that_called_nothing_yet_leaves_no_nested_summary(bundled, messages):
    conversation = Conversation(bundled, messages, "welcome", given={"person": {"name": "Sam", "goals": []}})
    markdown = render_summary(conversation, "markdown", status=Status.ACTIVE)
    assert "##" not in markdown


def test_calls_nest_at_every_depth_each_through_its_own_template(talk, tmp_path):
    (tmp_path / "inner.md.j2").write_text("# {{ dialogue.title }}\n\n## Heard\n- **Colour:** {{ vars.c }}\n"
                                          "{% if nested %}(nested){% endif %}\n")
    conversation = talk("""
        id: main
        title: Outer
        audience: client
        start: q
        nodes:
          q:
            ask: Your name?
          go:
            call: middle
            as: mid
          done:
            end:
        """, middle="""
        id: middle
        title: Middle
        audience: client
        start: m
        nodes:
          m:
            ask: Your town?
          deeper:
            call: inner
            as: deep
          done:
            end:
        """, inner="""
        id: inner
        title: Inner
        audience: client
        summary:
          markdown: inner.md.j2
        start: c
        nodes:
          c:
            ask: Your colour?
          done:
            end:
        """)
    for text in ("Ana", "Leeds", "green"):
        conversation.reply(text)
    assert conversation.finished
    markdown = render_summary(conversation, "markdown", status=Status.FINISHED)
    assert markdown == ("# Outer\n\n**Your name?**\nAna\n\n## Middle\n\n**Your town?**\nLeeds\n\n"
                        "### Inner\n\n#### Heard\n- **Colour:** green\n(nested)\n")
    html = render_summary(conversation, "html", status=Status.FINISHED)
    # inner has no HTML template of its own: the default one, two levels down.
    assert html.count('<section class="called">') == 2 and html.count("<html") == 1
    assert "<h2>Middle</h2>\n<p>" not in html and "<h2>Middle</h2>" in html and "<h3>Inner</h3>" in html
    assert "<h4>Your answers</h4>" in html and "<dt>Your colour?</dt>" in html
    assert html.count("<dt>Your colour?</dt>") == 1 and html.count("<dt>Your town?</dt>") == 1


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_a_dialogue_that_shows_its_callee_itself_is_unchanged(bundled, messages, fmt):
    # strengths shows the resource map's answers under "My supports" itself: its template does not
    # place `called`, so the map is not shown twice.
    conversation = Conversation(bundled, messages, "strengths", given={"person": {"name": "Sam", "goals": []}})
    for text in STRENGTHS:
        conversation.reply(text)
    text = render_summary(conversation, fmt, status=Status.FINISHED)
    assert text.count("the park") == 1
    assert "Your map of supports" not in text and "Who and what I can lean on" not in text


def test_review_lines_that_end_in_a_condition_keep_their_line_break(tmp_path, bundled, messages):
    # Found by the nested review above: a line ending in `{% endif %}` lost its line break, so the
    # progress ran into "What helped", the chart's points into one another and the fence, and a
    # stalled goal's "Taking another look" and "Bring in someone I trust" into the next line.
    store = SqliteStore(tmp_path)
    try:
        run_on(store, bundled, messages, "goals", GOAL, "2026-11-01")
        run_on(store, bundled, messages, "review",
               ["I only went once", "1", "", "", "", "yes", "no", "", "keep", "no", "no", "walk on Monday", ""], "2026-11-08")
        run = run_on(store, bundled, messages, "review",
                     ["I did not go at all", "1", "", "", "", "walk to the corner", "no", "yes", "yes", "", "keep", "yes", "Jo",
                      "walk to the corner", ""], "2026-11-15")
    finally:
        store.close()
    markdown = render_summary(run.conversation, "markdown", status=Status.FINISHED)
    assert "- **Progress:** 1 out of 10\n- **What helped:** not answered\n" in markdown
    assert "\n### Taking another look (again)\n- **The smallest step I could take:** walk to the corner\n" in markdown
    assert "- **Bring in someone I trust:** yes (Jo)\n" in markdown
    assert "```\n2026-11-08  #.........  1  <- took another look: keep the goal as it is and try again\n" \
           "2026-11-15  #.........  1  <- took another look: keep the goal as it is and try again\n```" in markdown
