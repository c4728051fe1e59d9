"""An option's `explain` is kept in the summary as it was said, with the values of that moment,
not rendered again with the values the dialogue ended with (issue 18, bug e)."""

from __future__ import annotations

from engine.conversation.session import Status
from engine.render.summary import render_summary

DIALOGUE = """
id: main
title: Quiz
audience: trainee
start: first
summary:
  markdown: quiz.md.j2
variables:
  step: 1
nodes:
  first:
    ask: Pick one
    options:
      - label: Tea
        value: tea
        explain: "Said at step {{ step }}, after {{ first }}."
      - label: Coffee
        value: coffee
  later:
    set:
      step: step + 1
  second:
    ask: And now?
    options:
      - label: Tea
        value: tea
        explain: "Said at step {{ step }}."
      - label: Coffee
        value: coffee
    next: bye
  bye:
    end: Done.
"""
SUMMARY = "{% for a in answers %}{% if a.explain %}- {{ a.explain }}\n{% endif %}{% endfor %}"


def test_the_summary_keeps_what_explain_said_when_it_was_said(talk, write):
    write("quiz.md.j2", SUMMARY)
    conversation = talk(DIALOGUE)
    said = conversation.reply("Tea")
    assert "Said at step 1, after tea." in said.messages
    conversation.reply("Tea")
    markdown = render_summary(conversation, "markdown", status=Status.FINISHED)
    assert "Said at step 1, after tea." in markdown and "Said at step 2." in markdown
    assert "Said at step 2, after tea." not in markdown


def test_what_explain_said_is_kept_on_resuming_and_after_back(talk, load, messages, write):
    from engine.conversation.machine import Conversation

    write("quiz.md.j2", SUMMARY)
    conversation = talk(DIALOGUE)
    conversation.reply("Tea")
    resumed = Conversation(load(DIALOGUE), messages, "main", conversation.log)
    markdown = render_summary(resumed, "markdown", status=Status.PAUSED)
    assert "Said at step 1, after tea." in markdown
    resumed.reply("Tea")
    resumed.back()
    resumed.reply("Coffee")
    markdown = render_summary(resumed, "markdown", status=Status.FINISHED)
    assert "Said at step 1, after tea." in markdown and "Said at step 2." not in markdown
