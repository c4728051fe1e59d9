"""The hand-off summary's templates (prompts/handoff.md.j2 and handoff.html.j2) rendered as the
command renders them: in the sandbox, the HTML autoescaped, with how the rulers moved in words."""

from __future__ import annotations

import pytest

from engine.ground.files import resource_dir
from engine.render.summary import environment

RULERS = [{"day": "2026-11-01", "importance": 9, "confidence": 3}, {"day": "2026-11-08", "importance": 9,
                                                                      "confidence": None},
          {"day": "2026-11-29", "importance": 7, "confidence": 6}]


def context(**changes):
    base = {"person": "Robin", "today": "2026-12-02", "consent": {"given": True, "day": "2026-11-29"},
            "last_active": "2026-11-29", "reason": "", "reassessments": 0,
            "safety_events": {"acute": 0, "possible": 0, "days": []}, "safety_plan": {}, "overdue_reviews": [],
            "asked_about": [],
            "goals": [{"text": "Walk more", "status": "open", "set": "2026-11-01", "due": None, "review": None,
                       "steps": ["buy shoes"], "ratings": [{"day": "2026-11-08", "progress": 3},
                                                            {"day": "2026-11-29", "progress": 6}],
                       "stalls": 0, "rulers": RULERS}]}
    return {**base, **changes}


def render(fmt, **changes):
    name = {"markdown": "handoff.md.j2", "html": "handoff.html.j2"}[fmt]
    return environment([resource_dir("prompts")], fmt).get_template(name).render(context(**changes))


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_how_the_rulers_moved_is_said_in_words(fmt):
    text = render(fmt)
    assert "Confidence went up: from 3 on 2026-11-01 to 6 on 2026-11-29" in text  # the day it was not given is passed by
    assert "Importance went down: from 9 on 2026-11-01 to 7 on 2026-11-29" in text


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_one_ruler_is_no_change(fmt):
    goal = {**context()["goals"][0], "rulers": RULERS[:1]}
    text = render(fmt, goals=[goal])
    assert "went up" not in text and "went down" not in text and "stayed the same" not in text


def test_the_html_page_escapes_what_a_person_wrote():
    goal = {**context()["goals"][0], "text": "<script>alert('x')</script>", "steps": ["<img src=x onerror=y>"]}
    page = render("html", goals=[goal], safety_plan={"people": ["Jo <b>07700</b>"]},
                  asked_about=["</li><script>"], overdue_reviews=[{"goal": "<i>x</i>", "review": "2026-11-20"}])
    assert "<script>" not in page and "<img" not in page and "<b>" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page and "Jo &lt;b&gt;07700&lt;/b&gt;" in page
    assert page.count("<h3>") >= 2  # the plan's heading and the goal's


def test_the_html_page_is_one_printable_page():
    page = render("html")
    assert page.startswith("<!DOCTYPE html>") and page.count("<html") == 1 and "@media print" in page
    assert "<script" not in page  # no script of its own
