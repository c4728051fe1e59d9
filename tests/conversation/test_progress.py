"""A person's progress across sessions: goals set in one session are checked in on in later ones,
the stalled-progress rule in review.yaml reads the ratings, and the summaries chart them.

Each session runs through the real front-end loop (``Run``) with a scripted console and a clock
that the test hands in, so the check-ins fall on the days chosen here.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from engine.cli.setup import session_context
from engine.conversation.machine import Conversation
from engine.conversation.session import SessionRecord, Status
from engine.frontends.console import Tone
from engine.frontends.loop import Run
from engine.render.summary import progress_charts, render_summary
from engine.store.sqlite import SqliteStore

GOAL = ["my health", "I get out of breath", "Walk for 20 minutes three times a week by the end of January",
        "I want to keep up with my kids", "9", "8", "buy walking shoes", "Saturday", "no", "", "", "in a week"]


class Script:
    """A console that answers from a list and remembers everything shown."""

    def __init__(self, answers: list[str]):
        self.answers = list(answers)
        self.shown: list[str] = []
        self.asked: list[str] = []

    def show(self, text: str, tone: Tone = Tone.SAY) -> None:
        self.shown.append(text)

    def ask(self, question, toolbar: str) -> str | None:
        self.asked.append(question.text)
        return self.answers.pop(0) if self.answers else None


def session(store, library, messages, dialogue, answers, day, person="Robin") -> tuple[Script, Run]:
    when = datetime.fromisoformat(f"{day}T10:00:00").replace(tzinfo=UTC)
    record = SessionRecord(id=f"{dialogue}-{day}", dialogue=dialogue, person=person,
                           created=when.isoformat(timespec="seconds"),
                           context=session_context(store, person, when, "ca-us"))
    conversation = Conversation(library, messages, dialogue, given=record.context)
    console = Script(answers)
    run = Run(conversation, record, store, console, messages, clock=lambda: when)
    assert run.hold() == 0
    return console, run


def checkin(rating: str, *then: str) -> list[str]:
    """A review of the one open goal: how it went, the rating, nothing to add, then ``then``."""
    return ["I went twice", rating, "", "", "", *then]


STALLED = "Does this goal still matter to you?"


@pytest.fixture
def store(tmp_path, bundled, messages):
    opened = SqliteStore(tmp_path)
    session(opened, bundled, messages, "goals", GOAL, "2026-11-01")
    yield opened
    opened.close()


def test_the_goal_its_steps_and_dates_are_kept(store):
    [goal] = store.goals("Robin")
    assert goal["text"] == "Walk for 20 minutes three times a week by the end of January"
    assert goal["area"] == "my health" and goal["due"] == "2027-01-31" and goal["set"] == "2026-11-01"
    assert goal["steps"] == [{"text": "buy walking shoes", "due": "2026-11-07"}]  # the Saturday after 1 November


def test_stalled_progress_across_three_checkins_routes_to_reassessment(store, bundled, messages):
    first, _ = session(store, bundled, messages, "review", checkin("3", "keep walking", ""), "2026-11-08")
    second, _ = session(store, bundled, messages, "review", checkin("5", "keep walking", ""), "2026-11-15")
    assert STALLED not in first.asked + second.asked  # 3 is a start; 5 is a rise
    third, run = session(store, bundled, messages, "review",
                         checkin("4", "yes", "yes", "shorter walks", "keep", "no", "no", "walk on Monday", ""),
                         "2026-11-22")
    assert STALLED in third.asked  # 4 after 5: no rise, and 4 or less
    assert any("Your ratings so far are 3, 5 and 4" in said for said in third.shown)
    [goal] = store.goals("Robin")
    assert goal["ratings"] == [3, 5, 4]
    assert [c["day"] for c in goal["checkins"]] == ["2026-11-08", "2026-11-15", "2026-11-22"]
    assert run.record.status is Status.FINISHED


@pytest.mark.parametrize("ratings, stalls", [
    (["3", "5", "6"], False),  # rising
    (["6", "6", "6"], True),  # a plateau: three check-ins with no rise, below 8
    (["8", "8", "8"], False),  # steady near the top is not stuck
    (["5", "4"], True),  # two check-ins are enough: no rise, and 4
    (["4", "5"], False),
    (["1"], True),  # a first check-in of 2 or less
    (["3"], False),
])
def test_the_stalled_rule(store, bundled, messages, ratings, stalls):
    asked = []
    for week, rating in enumerate(ratings, start=1):
        then = ["no", "no", "", "keep", "no", "no"] if stalls and week == len(ratings) else []
        console, _ = session(store, bundled, messages, "review", checkin(rating, *then, "walk on Monday", ""),
                             f"2026-11-{7 * week + 1:02d}")
        asked += console.asked
    assert (STALLED in asked) is stalls


def test_putting_a_goal_aside_takes_it_off_the_next_review(store, bundled, messages):
    session(store, bundled, messages, "review", checkin("1", "no", "yes", "", "pause", "no", "no", "rest", ""),
            "2026-11-08")
    assert store.goals("Robin")[0]["status"] == "aside"
    console, _ = session(store, bundled, messages, "review", ["sleeping better", "I slept well", "7", "", "", "",
                                                              "keep going", ""], "2026-11-15")
    assert console.asked[0] == "Which goal would you like to look at today?"


def test_reworking_a_goal_replaces_it_with_the_new_one(store, bundled, messages):
    rework = ["yes", "yes", "", "rework", "Walk for 10 minutes twice a week by the end of December",
              "I still want to keep up", "8", "7", "walk to the shop", "tomorrow", "no", "", "", "in a week",
              "no", "no", "start small", ""]
    session(store, bundled, messages, "review", checkin("1", *rework), "2026-11-08")
    goals = store.goals("Robin")
    assert [(g["text"], g["status"]) for g in goals] == [
        ("Walk for 20 minutes three times a week by the end of January", "replaced"),
        ("Walk for 10 minutes twice a week by the end of December", "open")]
    assert goals[1]["replaces"] == goals[0]["id"]
    console, _ = session(store, bundled, messages, "review", checkin("6", "walk on Monday", ""), "2026-11-15")
    assert any("Walk for 10 minutes twice a week" in said for said in console.shown)


def test_each_open_goal_is_checked_in_on(store, bundled, messages):
    second_goal = ["home and money", "bills pile up", "Pay the phone bill by Friday", "the whole bill, once", "I want to stop worrying about money",
                   "9", "9", "find the bill", "tomorrow", "no", "", "", "next week"]
    session(store, bundled, messages, "goals", second_goal, "2026-11-02")
    console, run = session(store, bundled, messages, "review",
                           checkin("6", "walk on Monday") + ["paid half", "8", "", "", "no", "", "pay the rest"]
                           + ["keep it up", ""], "2026-11-08")
    assert console.asked.count("From 0 to 10, how much progress do you feel you've made on this goal?") == 2
    assert any(said.startswith("Goal 2 of 2: Pay the phone bill by Friday") for said in console.shown)
    assert [g["ratings"] for g in store.goals("Robin")] == [[6], [8]]


def test_summaries_chart_the_ratings(store, bundled, messages):
    for day, rating in (("2026-11-08", "3"), ("2026-11-15", "5")):
        session(store, bundled, messages, "review", checkin(rating, "walk on Monday", ""), day)
    _, run = session(store, bundled, messages, "review",
                     checkin("4", "yes", "no", "", "keep", "yes", "my sister", "no", "walk on Monday", ""),
                     "2026-11-22")
    html = render_summary(run.conversation, "html", status=Status.FINISHED)
    assert "<svg" in html and "<polyline" in html and "<script" not in html
    assert html.count("<circle") == 4 and "2026-11-22: 4 out of 10, took another look (keep)" in html  # 3 points, 1 ring
    markdown = render_summary(run.conversation, "markdown", status=Status.FINISHED)
    assert "## Progress over time" in markdown
    assert "2026-11-08  ###.......  3" in markdown and "2026-11-22  ####......  4" in markdown
    assert "**Bring in someone I trust:** yes" in markdown


def test_a_goal_text_in_a_chart_is_escaped(tmp_path, bundled, messages):
    store = SqliteStore(tmp_path)
    _, run = session(store, bundled, messages, "review",
                     ["<script>x</script>", "fine", "7", "", "", "", "walk on Monday", ""], "2026-11-08")
    html = render_summary(run.conversation, "html", status=Status.FINISHED)
    assert "<script>x" not in html and "&lt;script&gt;x&lt;/script&gt;" in html


# -- a plan carried from week to week (issue 16, item 4) --------------------------------------
def test_the_next_step_is_kept_and_the_next_review_starts_from_it(store, bundled, messages):
    session(store, bundled, messages, "review", checkin("5", "ring the leisure centre", ""), "2026-11-08")
    assert store.goals("Robin")[0]["checkins"][-1]["next_step"] == "ring the leisure centre"
    console, _ = session(store, bundled, messages, "review", checkin("6", "go on Tuesday", ""), "2026-11-15")
    assert any('The next step you planned last time was: "ring the leisure centre"' in said for said in console.shown)
    assert console.asked[0] == "How did that step go?"


def test_the_review_date_is_kept_and_an_overdue_one_is_noticed(store, bundled, messages):
    assert store.goals("Robin")[0]["review"] == "2026-11-08"  # "in a week", said on 1 November
    on_time, _ = session(store, bundled, messages, "review", checkin("5", "keep walking", ""), "2026-11-08")
    assert not any("You meant to look back" in said for said in on_time.shown)
    late, _ = session(store, bundled, messages, "review", checkin("6", "keep walking", ""), "2026-11-20")
    assert any("You meant to look back at this by Sunday 8 November" in said for said in late.shown)


def test_a_goal_can_be_marked_done_and_leaves_the_review(store, bundled, messages):
    console, run = session(store, bundled, messages, "review",
                           ["I walk most days now", "9", "", "", "yes", "I kept going", ""], "2026-11-08")
    assert "That's a high rating. Have you reached this goal?" in console.asked
    assert "What is your next step for this goal?" not in console.asked
    [goal] = store.goals("Robin")
    assert goal["status"] == "done" and goal["checkins"][-1]["status"] == "done"
    assert store.context_for("Robin")["person"]["goals"] == []
    assert store.context_for("Robin")["person"]["done"] == [goal["text"]]
    assert "(goal reached: well done!)" in render_summary(run.conversation, "markdown", status=Status.FINISHED)


def test_a_high_rating_that_is_not_done_yet_goes_on(store, bundled, messages):
    console, _ = session(store, bundled, messages, "review",
                         ["nearly there", "8", "", "", "no", "", "one more week", ""], "2026-11-08")
    assert "What is your next step for this goal?" in console.asked
    assert store.goals("Robin")[0]["status"] == "open"


def test_strengths_and_supports_are_offered_back(store, bundled, messages):
    strengths = ["losing my job", "I kept busy", "no", "patient, funny", "", "courage", "my sister Jo", "",
                 "", "", "7", "apply for two jobs", "I can be patient with the forms", "", "no"]
    session(store, bundled, messages, "strengths", strengths, "2026-11-02")
    person = store.context_for("Robin")["person"]
    assert person["strengths"][:2] == ["patient", "funny"]
    again, _ = session(store, bundled, messages, "strengths", ["a hard winter", "my friends", "no"], "2026-11-09")
    assert any('Last time you named "patient" and "funny"' in asked for asked in again.asked)


def test_the_goal_set_in_strengths_is_recorded(tmp_path, bundled, messages):
    fresh = SqliteStore(tmp_path)
    strengths = ["losing my job", "I kept busy", "no", "patient, funny", "", "courage", "", "", "", "", "",
                 "7", "apply for two jobs", "I can be patient with the forms", "look at the job site", "no"]
    session(fresh, bundled, messages, "strengths", strengths, "2026-11-02")
    assert [(g["text"], [s["text"] for s in g["steps"]]) for g in fresh.goals("Robin")] == [
        ("apply for two jobs", ["look at the job site"])]


# -- stalls read from the whole history (issue 16, item 5) --------------------------------------
def test_falling_behind_the_goals_date_is_a_stall(store, bundled, messages):
    console, _ = session(store, bundled, messages, "review",
                         checkin("6", "yes", "no", "", "keep", "no", "no", "walk on Monday", ""), "2027-02-05")
    assert STALLED in console.asked
    assert any("The date you set for this goal, Sunday 31 January, has passed" in said for said in console.shown)


def test_a_second_stall_goes_further_than_the_first(store, bundled, messages):
    first, _ = session(store, bundled, messages, "review",
                       checkin("1", "yes", "no", "", "keep", "no", "no", "walk on Monday", ""), "2026-11-08")
    assert store.goals("Robin")[0]["checkins"][-1]["decision"] == "keep"
    assert "What is the smallest step you could take this week?" not in " ".join(first.asked)
    second, run = session(store, bundled, messages, "review",
                          checkin("1", "walk to the corner", "yes", "yes", "no", "", "keep", "no", "no",
                                  "walk to the corner", ""), "2026-11-15")
    assert any("We have taken another look at this goal before" in said for said in second.shown)
    assert second.asked[5].startswith("What is the smallest step you could take this week?")
    assert second.asked[6].startswith("Would you like to go over this goal with your peer supporter")
    assert "Sometimes another professional can help" not in " ".join(second.asked)  # offered already
    markdown = render_summary(run.conversation, "markdown", status=Status.FINISHED)
    assert markdown.index("For my peer supporter:") < markdown.index("## Walk for 20 minutes")
    assert "has stalled more than once" in markdown and "with you or another professional" in markdown


def test_a_yes_to_an_offer_leads_somewhere(store, bundled, messages):
    console, run = session(store, bundled, messages, "review",
                           checkin("1", "yes", "no", "", "keep", "yes", "my brother", "unsure", "yes", "walk on Monday",
                                   ""),
                           "2026-11-08")
    shown = " ".join(console.shown)
    assert "you could say something like" in shown
    assert "211" in shown  # the region's services for finding a professional (ca-us)
    markdown = render_summary(run.conversation, "markdown", status=Status.FINISHED)
    assert "I would like to bring in someone I trust (my brother)" in markdown
    assert "I would like help finding another professional" in markdown


def test_a_reworked_goal_continues_its_chart_and_marks_the_reassessment(store, bundled, messages):
    session(store, bundled, messages, "review", checkin("3", "walk on Monday", ""), "2026-11-08")
    rework = ["yes", "yes", "", "rework", "Walk for 10 minutes twice a week by the end of December",
              "I still want to keep up", "8", "7", "walk to the shop", "tomorrow", "no", "", "", "in a week",
              "no", "no", ""]
    session(store, bundled, messages, "review", checkin("2", *rework), "2026-11-15")
    _, run = session(store, bundled, messages, "review", checkin("5", "walk on Friday", ""), "2026-11-22")
    [chart] = progress_charts(run.conversation)
    assert [p["progress"] for p in chart["points"]] == [3, 2, 5]
    assert [p["decision"] for p in chart["points"]] == [None, "rework", None]
    markdown = render_summary(run.conversation, "markdown", status=Status.FINISHED)
    assert "<- took another look: rework the goal or its steps" in markdown
