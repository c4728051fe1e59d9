"""peercoach eval listening: figures per label on a labelled file, floors on our own sets and the
shared development file (skipped when ../shared is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.cli import main
from engine.evaluation.measure import DataError, listening

DATA = Path(__file__).resolve().parents[1] / "data"
SHARED = Path(__file__).resolve().parents[4] / "shared" / "data" / "listening"
HEADER = "question\tanswer\tnonanswer\ttopics\tfeeling\n"
# Written for this test, in the shared file's format.
SAMPLE = HEADER + (
    "Who could support you?\tnobody really\t1\tnone\tneutral\n"
    "Who could support you?\tmy nan, she's brilliant\t0\trelationships\tpositive\n"
    "How has your week been?\tskint and my back's bad\t0\tmoney,health\tnegative\n"
    "What strengths do you have?\tdunno\t1\tnone\tneutral\n")


def test_eval_listening_json_has_the_three_reports(tmp_path, capsys):
    data = tmp_path / "answers.tsv"
    data.write_text(SAMPLE, encoding="utf-8")
    assert main(["eval", "listening", str(data), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert {"nonanswer", "topics", "feeling"} <= set(result)
    for name in ("nonanswer", "topics", "feeling"):
        assert {"classes", "macro_f1"} <= set(result[name])
    assert "micro_f1" in result["topics"]
    assert set(result["nonanswer"]["classes"]) == {"1", "0"}
    assert set(result["feeling"]["classes"]) == {"positive", "negative", "mixed", "neutral"}
    assert len(result["topics"]["classes"]) == 12
    assert set(result["topics"]["classes"]["money"]) == {"precision", "recall", "f1", "support"}
    assert result["nonanswer"]["accuracy"] == 1.0
    assert result["topics"]["classes"]["money"]["support"] == 1


def test_eval_listening_table_names_each_report(tmp_path, capsys):
    data = tmp_path / "answers.tsv"
    data.write_text(SAMPLE, encoding="utf-8")
    assert main(["eval", "listening", str(data)]) == 0
    out = capsys.readouterr().out
    assert "== nonanswer ==" in out and "== topics ==" in out and "== feeling ==" in out and "micro F1" in out


@pytest.mark.parametrize("body, expected", [
    ("question\tanswer\tnonanswer\n", "missing column(s) topics, feeling"),
    (HEADER + "q\ta\tmaybe\tnone\tneutral\n", ":2: `nonanswer` must be 0 or 1"),
    (HEADER + "q\ta\t0\tnone\tangry\n", "unknown feeling `angry`"),
    (HEADER + "q\ta\t0\tmoney,pets\tneutral\n", "unknown topic `pets`"),
])
def test_a_bad_file_is_one_clear_line(tmp_path, capsys, body, expected):
    data = tmp_path / "answers.tsv"
    data.write_text(body, encoding="utf-8")
    with pytest.raises(DataError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        listening(data)
    assert main(["eval", "listening", str(data)]) != 0
    assert expected in capsys.readouterr().err


# Floors a little below the figures measured when the rules last changed: (non-answer F1 of class
# 1 and of class 0, topics micro-F1, weakest topic's F1, feeling macro-F1). listening-unseen-1 and
# listening-4 are held out (never read to write rules): their floors guard, they do not tune.
# listening-4's weakest topic is low mood, where its writer labelled a bare "nothing" to "What are
# you good at?" as low mood and the shared data does not.
FLOORS = {
    "listening-1.tsv": (0.94, 0.97, 0.88, 0.78, 0.79),
    "listening-2.tsv": (0.93, 0.96, 0.88, 0.80, 0.79),
    "listening-3.tsv": (0.92, 0.96, 0.88, 0.80, 0.80),
    "listening-unseen-1.tsv": (0.90, 0.95, 0.86, 0.62, 0.75),
    "listening-4.tsv": (0.95, 0.97, 0.87, 0.40, 0.78),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_our_own_sets_stay_above_their_floors(name):
    result = listening(DATA / name).to_dict()
    na1, na0, micro, weakest, feeling = FLOORS[name]
    assert result["nonanswer"]["classes"]["1"]["f1"] >= na1
    assert result["nonanswer"]["classes"]["0"]["f1"] >= na0
    assert result["topics"]["micro_f1"] >= micro
    assert min(row["f1"] for row in result["topics"]["classes"].values()) >= weakest
    assert result["feeling"]["macro_f1"] >= feeling


@pytest.mark.slow  # reads the shared data sets
def test_the_shared_development_file_stays_above_the_targets():
    path = SHARED / "answers-dev.tsv"
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared/data)")
    result = listening(path).to_dict()  # the targets, and floors a little below today's figures
    assert result["nonanswer"]["classes"]["1"]["f1"] >= 0.95
    assert result["nonanswer"]["classes"]["0"]["f1"] >= 0.97
    assert result["topics"]["micro_f1"] >= 0.89
    assert min(row["f1"] for row in result["topics"]["classes"].values()) >= 0.8
    assert result["feeling"]["macro_f1"] >= 0.80
