"""SMART goal checking, and the goal and time-frame answer types in a conversation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine import cli
from engine.understanding.goals import check, improved

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "goals" / "smart-dev.tsv"


# Our own examples (specific, measurable, time-bound), written for these tests.
@pytest.mark.parametrize("goal, expected", [
    ("Be calmer", (0, 0, 0)),
    ("I wanna feel less anxious", (0, 0, 0)),
    ("Get my life together", (0, 0, 0)),
    ("Improve my mood by the spring", (0, 0, 1)),
    ("Be nicer to people by Christmas", (0, 0, 1)),
    ("Do better at work", (0, 0, 0)),
    ("Stop worrying so much", (0, 0, 0)),
    ("Have fun", (0, 0, 0)),
    ("Try to be more patient with my kids", (0, 0, 0)),
    ("Stop drinking", (1, 0, 0)),
    ("Walk the dog", (1, 0, 0)),
    ("Go to bed earlier", (1, 0, 0)),
    ("I would like to get a job", (1, 0, 0)),
    ("Call my mom on Sunday", (1, 0, 1)),
    ("See a counsellor within two weeks", (1, 0, 1)),
    ("Read more books this year", (1, 0, 1)),
    ("Quit vaping by New Year's", (1, 0, 1)),
    ("Go to one NA meeting a week", (1, 1, 0)),
    ("Take my meds every morning", (1, 1, 0)),
    ("Sleep 8 hours a night", (1, 1, 0)),
    ("Attend church on Sundays", (1, 1, 0)),
    ("Eat vegetables with dinner five nights a week", (1, 1, 0)),
    ("Lose 10 pounds by summer", (1, 1, 1)),
    ("Run a 5k in June", (1, 1, 1)),
    ("Cut back on soda to one can a day by March", (1, 1, 1)),
    ("Pay off $200 of debt by the end of the year", (1, 1, 1)),
    ("Limit screen time to 2 hours a day for a month", (1, 1, 1)),
    ("My goal is to phone two friends every week for the next month", (1, 1, 1)),
])
def test_smart_dimensions(goal, expected):
    found = check(goal)
    assert (found.specific, found.measurable, found.time_bound) == tuple(map(bool, expected))


def test_a_number_that_only_says_when_is_not_a_measure():
    assert not check("Phone the clinic in two weeks").measurable
    assert check("Phone the clinic in two weeks").time_bound
    assert check("Phone 2 clinics in two weeks").measurable


def test_the_deciding_words_are_exposed():
    found = check("Walk 20 minutes three times a week by Friday")
    assert found.because == {"specific": "walk", "time_bound": "by friday", "measurable": "three times a week"}
    assert check("Be happier").because["specific"] == "be"
    assert check("Be happier").missing == ("specific", "measurable", "time_bound")


@pytest.mark.parametrize("junk", ["", "   ", "???", "1234", "x" * 5000, "by Friday", "\x00\x1b[31m"])
def test_anything_typed_gets_an_answer_never_an_error(junk):
    found = check(junk)
    assert isinstance(found.to_dict()["missing"], list)
    assert not found.specific or junk == "x" * 5000


def test_the_improved_goal_reads_as_one_sentence():
    assert improved("walk after lunch.", "20 minutes 3 times a week", "by the end of the month") == \
        "Walk after lunch, 20 minutes 3 times a week, by the end of the month"
    assert improved("walk", "", None) == "Walk"


def test_eval_smart_json_has_one_report_per_dimension(tmp_path, capsys):
    data = tmp_path / "goals.tsv"
    data.write_text("specific\tmeasurable\ttime_bound\ttext\n"
                    "1\t1\t1\tSwim 10 lengths twice a week until June\n"
                    "0\t0\t0\tBe less grumpy\n"
                    "1\t0\t0\tTidy the kitchen\n"
                    "1\t1\t0\tTidy the kitchen\n", encoding="utf-8")
    assert cli.main(["eval", "smart", str(data), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"specific", "measurable", "time_bound"}
    assert result["specific"]["accuracy"] == 1.0
    assert result["measurable"]["accuracy"] == 0.75
    assert result["measurable"]["classes"]["1"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3),
                                                     "support": 2}
    assert cli.main(["eval", "smart", str(data)]) == 0
    out = capsys.readouterr().out
    assert "== measurable ==" in out and "1 -> 0  -  Tidy the kitchen" in out


@pytest.mark.parametrize("content, message", [
    ("specific\ttext\n1\tWalk\n", "missing column(s) measurable, time_bound"),
    ("specific\tmeasurable\ttime_bound\ttext\n1\tyes\t0\tWalk\n", ":2: `measurable` must be 0 or 1, not `yes`"),
])
def test_eval_smart_bad_files_are_clear_errors(tmp_path, capsys, content, message):
    data = tmp_path / "bad.tsv"
    data.write_text(content, encoding="utf-8")
    assert cli.main(["eval", "smart", str(data)]) != 0
    assert message in capsys.readouterr().err


def test_smart_accuracy_on_the_shared_development_set():
    if not DATA.exists():
        pytest.skip("../shared/data is not here")
    from engine.evaluation.measure import smart
    result = smart(DATA).to_dict()
    for dimension in ("specific", "measurable", "time_bound"):
        assert result[dimension]["accuracy"] >= 0.90, dimension
