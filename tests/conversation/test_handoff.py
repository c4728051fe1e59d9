"""A hand-off summary for the person's peer supporter (issue 19, item 4): `peercoach sessions
handoff NAME` writes one only after the person said yes in a review, with their goals, ratings,
stalls and safety plan, and the days of hard moments but never the words said then; no consent,
a later no, or nobody by that name is a clear refusal, and nothing is written."""

from __future__ import annotations

import os
import stat

import pytest
from test_progress import GOAL, checkin
from test_safety_plan import PLAN, session

from engine.cli import main
from engine.conversation.session import Status
from engine.render.summary import render_summary
from engine.store.sqlite import SqliteStore


def review(store, bundled, messages, day, share, person="Robin", again=False):
    """A stalled review that asks for another professional (or, a stall again, the peer supporter),
    then answers the sharing question."""
    answers = (checkin("1", "put my shoes by the door", "yes", "yes", "no", "", "keep", "no", share, "walk on Monday",
                       "") if again else checkin("1", "yes", "no", "", "keep", "no", "yes", share, "walk on Monday", ""))
    console, run = session(store, bundled, messages, "review", answers, day, person=person)
    assert run.conversation.finished, console.shown
    return console


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("PEERCOACH_STORE", str(tmp_path))
    opened = SqliteStore(tmp_path)
    yield opened
    opened.close()


def handoff(capsys, *args):
    code = main(["sessions", "handoff", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_review_asks_before_anything_is_shared(store, bundled, messages):
    assert store.handoff_consent("Robin") is None
    session(store, bundled, messages, "goals", GOAL, "2026-11-01")
    console = review(store, bundled, messages, "2026-11-08", "yes")
    assert any("Nothing is made for them unless you say yes" in asked for asked in console.asked)
    assert store.handoff_consent("Robin") == {"given": True, "day": "2026-11-08"}


def test_with_a_yes_the_summary_holds_goals_stalls_the_plan_and_days_not_words(store, bundled, messages, capsys):
    session(store, bundled, messages, "goals", GOAL, "2026-11-01")
    session(store, bundled, messages, "safety-plan", PLAN, "2026-11-02")
    session(store, bundled, messages, "strengths", ["I just want to die", "2"], "2026-11-03")
    review(store, bundled, messages, "2026-11-08", "yes")
    code, out, err = handoff(capsys, "robin")
    assert code == 0 and err == ""
    assert out.startswith("# Hand-off summary for Robin")
    assert "said yes to sharing this on 2026-11-08" in out
    assert "**To read first:** acute safety event on 2026-11-03" in out
    assert "1 serious, 0 possible" in out and "On: 2026-11-03" in out
    assert "want to die" not in out  # the words said in a hard moment are never in it
    assert "### Walk for 20 minutes three times a week by the end of January" in out
    assert "Steps: buy walking shoes" in out and "Progress (0 to 10): 1 on 2026-11-08" in out
    assert "Stalled 1 time" in out
    assert "**People I can ask for help:** my sister Jo 07700 900123; my sponsor Ray" in out


def test_with_no_consent_nothing_is_made(store, bundled, messages, capsys, tmp_path):
    session(store, bundled, messages, "goals", GOAL, "2026-11-01")
    code, out, err = handoff(capsys, "Robin", "--out", str(tmp_path / "h.md"))
    assert code == 1 and out == "" and "they have not been asked yet" in err and "Traceback" not in err
    assert not (tmp_path / "h.md").exists()
    review(store, bundled, messages, "2026-11-08", "no")
    code, out, err = handoff(capsys, "Robin")
    assert code == 1 and out == "" and "they said no on 2026-11-08" in err


def test_a_later_no_takes_back_an_earlier_yes(store, bundled, messages, capsys):
    session(store, bundled, messages, "goals", GOAL, "2026-11-01")
    review(store, bundled, messages, "2026-11-08", "yes")
    assert handoff(capsys, "Robin")[0] == 0
    review(store, bundled, messages, "2026-11-15", "no", again=True)
    code, out, _ = handoff(capsys, "Robin")
    assert code == 1 and out == ""
    review(store, bundled, messages, "2026-11-22", "yes", again=True)
    assert handoff(capsys, "Robin")[0] == 0


def test_an_unknown_person_is_a_clear_error(store, capsys):
    code, out, err = handoff(capsys, "Nobody")
    assert code != 0 and out == "" and "there is nobody called `Nobody`" in err and "Traceback" not in err


def test_the_file_is_written_for_its_owner_only(store, bundled, messages, capsys, tmp_path):
    session(store, bundled, messages, "goals", GOAL, "2026-11-01")
    review(store, bundled, messages, "2026-11-08", "yes")
    target = tmp_path / "handoff.md"
    code, out, err = handoff(capsys, "Robin", "--out", str(target))
    assert code == 0 and out == "" and "Wrote the hand-off summary for Robin" in err
    assert target.read_text(encoding="utf-8").startswith("# Hand-off summary for Robin")
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_markdown_in_a_step_cannot_break_the_summary(store, bundled, messages, capsys):
    goal = list(GOAL)
    goal[6] = "buy <b>shoes</b> **every** week"
    session(store, bundled, messages, "goals", goal, "2026-11-01")
    review(store, bundled, messages, "2026-11-08", "yes")
    code, out, _ = handoff(capsys, "Robin")
    assert code == 0 and "Steps: buy" in out and "<b>" not in out  # what a renderer would run is escaped


def test_the_pages_a_person_asked_about_are_named_by_title(store, bundled, messages, capsys):
    session(store, bundled, messages, "goals", GOAL, "2026-11-01")
    answers = checkin("1", "yes", "no", "", "keep", "no", "yes", "yes", "walk on Monday", "")
    answers[0] = "is there a group that isn't AA?"  # only a question: kept, the page offered, asked again
    answers.insert(1, "I went twice")
    console, run = session(store, bundled, messages, "review", answers, "2026-11-08")
    assert run.conversation.finished
    code, out, _ = handoff(capsys, "Robin")
    assert code == 0 and "## They asked about\n- Groups other than AA" in out
    assert "isn't AA" not in out


# -- as one printable HTML page (--format html) -------------------------------------------------
def test_as_html_the_page_holds_the_same_and_the_days_not_the_words(store, bundled, messages, capsys):
    session(store, bundled, messages, "goals", GOAL, "2026-11-01")
    session(store, bundled, messages, "safety-plan", PLAN, "2026-11-02")
    session(store, bundled, messages, "strengths", ["I just want to die", "2"], "2026-11-03")
    review(store, bundled, messages, "2026-11-08", "yes")
    code, out, err = handoff(capsys, "Robin", "--format", "html")
    assert code == 0 and err == ""
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    assert "<title>Hand-off summary for Robin</title>" in out and "@media print" in out
    assert "<strong>To read first:</strong> acute safety event on 2026-11-03" in out
    assert "1 serious, 0 possible" in out and "On: 2026-11-03" in out
    assert "want to die" not in out
    assert "<h3>Walk for 20 minutes three times a week by the end of January</h3>" in out
    assert "Steps: buy walking shoes" in out and "Stalled 1 time" in out
    assert "<dd>my sister Jo 07700 900123; my sponsor Ray</dd>" in out
    assert "<td>9</td><td>8</td>" in out  # the rulers by day
    assert handoff(capsys, "Robin", "--format", "md")[1] == handoff(capsys, "Robin")[1]  # md is the default


def test_as_html_a_persons_markup_is_shown_as_text(store, bundled, messages, capsys):
    goal = list(GOAL)
    goal[6] = "buy <script>alert(1)</script> & <b>shoes</b>"
    plan = list(PLAN)
    plan[3] = "Jo <img src=x onerror=alert(2)>"
    session(store, bundled, messages, "goals", goal, "2026-11-01")
    session(store, bundled, messages, "safety-plan", plan, "2026-11-02")
    review(store, bundled, messages, "2026-11-08", "yes")
    code, out, _ = handoff(capsys, "Robin", "--format", "html")
    assert code == 0
    assert "<script>" not in out and "<b>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;shoes&lt;/b&gt;" in out
    assert "&lt;img src=x onerror=alert(2)&gt;" in out


def test_an_html_file_is_chosen_by_its_name_and_written_for_its_owner_only(store, bundled, messages, capsys,
                                                                            tmp_path):
    session(store, bundled, messages, "goals", GOAL, "2026-11-01")
    review(store, bundled, messages, "2026-11-08", "yes")
    target = tmp_path / "handoff.html"
    code, out, err = handoff(capsys, "Robin", "--out", str(target))
    assert code == 0 and out == "" and "Wrote the hand-off summary for Robin" in err
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_format_that_does_not_match_the_file_name_is_a_clear_error(store, bundled, messages, capsys, tmp_path):
    session(store, bundled, messages, "goals", GOAL, "2026-11-01")
    review(store, bundled, messages, "2026-11-08", "yes")
    code, out, err = handoff(capsys, "Robin", "--format", "html", "--out", str(tmp_path / "h.md"))
    assert code != 0 and out == "" and "Traceback" not in err
    assert "--format html does not match" in err and "h.html" in err
    assert not (tmp_path / "h.md").exists()


def test_an_unknown_format_is_refused_with_the_choices(store, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["sessions", "handoff", "Robin", "--format", "pdf"])
    _, err = capsys.readouterr()
    assert stopped.value.code == 2 and "invalid choice: 'pdf'" in err and "'html'" in err and "Traceback" not in err


# -- the rulers a review asks again (at every fourth check-in on a goal) ------------------------
def test_the_rulers_a_review_asks_again_are_kept_for_the_hand_off_and_later_reviews(store, bundled, messages,
                                                                                      capsys):
    outcome_check = ["6", "6", "6", "6", "6"]  # the five ratings that come with every fourth check-in

    def looked_back(day, *answers):
        console, run = session(store, bundled, messages, "review", list(answers), day)
        assert run.conversation.finished, console.asked
        return console, run

    # A goal named in a review (no rulers yet) that stalls at once: another professional, and a yes to sharing.
    looked_back("2026-11-01", "walk to the shop every day",
                *checkin("1", "yes", "no", "", "keep", "no", "yes", "yes", "walk on Monday", ""))
    for day, rating in (("2026-11-08", "2"), ("2026-11-15", "3")):
        looked_back(day, *checkin(rating, "walk on Monday", ""))
    console, _ = looked_back("2026-11-22", *checkin("4", "8", "5", "walk on Monday", "", *outcome_check))
    assert "And from 0 to 10, how confident are you now that you can do it?" in console.asked  # the fourth
    [goal] = store.goals("Robin")
    assert goal["rulers"] == [{"day": "2026-11-22", "importance": 8, "confidence": 5}]
    code, out, _ = handoff(capsys, "Robin")
    assert code == 0 and "- Importance and confidence (0 to 10): 8 and 5 on 2026-11-22\n" in out
    for day, rating in (("2026-11-29", "5"), ("2026-12-06", "6"), ("2026-12-13", "7")):
        looked_back(day, *checkin(rating, "walk on Monday", ""))
    # The eighth: the review says how they moved since the fourth, and so do its summary and the hand-off.
    console, run = looked_back("2026-12-20", *checkin("7", "9", "7", "walk on Monday", "", *outcome_check))
    said = " ".join(console.shown)
    assert "Your confidence has gone from 5 to 7 since Sunday 22 November." in said
    assert "It matters more to you than on Sunday 22 November: 9 now, 8 then." in said
    markdown = render_summary(run.conversation, "markdown", status=Status.FINISHED)
    assert "**How confident I am now:** 7 out of 10 (up from 5 on Sunday 22 November)" in markdown
    code, out, _ = handoff(capsys, "Robin")
    assert code == 0 and "8 and 5 on 2026-11-22, 9 and 7 on 2026-12-20" in out
    assert "- Confidence went up: from 5 on 2026-11-22 to 7 on 2026-12-20" in out
    assert "- Importance went up: from 8 on 2026-11-22 to 9 on 2026-12-20" in out
