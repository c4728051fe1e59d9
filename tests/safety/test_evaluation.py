"""peercoach check and peercoach eval crisis: the facilitator's view of the safety net."""

from __future__ import annotations

import json

import pytest

from engine.cli import main

# Written for this test, in the shared data's formats.
SAMPLE = "level\ttext\nacute\tI am going to hurt myself tonight\npossible\tit all feels hopeless\n" \
         "none\tthis traffic is killing me\nnone\tI'm not suicidal\npossible\tnice weather today\n"
POSTS = ('subreddit,post\nhelp,"I want to die, I have the pills here"\nhelp,"everything is hopeless and I am a burden"\n'
         'help,"just a normal day"\neveryday,"my car needs new tyres"\neveryday,"this traffic is killing me"\n')


def test_check_prints_level_rule_and_what_it_means(capsys):
    assert main(["check", "my", "partner", "hits", "me"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("acute  abuse.physical") and "physical violence against them now" in out
    assert main(["check", "--json", "I'd kill for a pizza"]) == 0
    assert json.loads(capsys.readouterr().out) == {"level": "none", "rule": None, "about": "self", "cue": "",
                                                   "says": ""}


def test_check_says_when_it_is_about_someone_else(capsys):
    assert main(["check", "--json", "my friend wants to kill herself"]) == 0
    assert json.loads(capsys.readouterr().out)["about"] == "other"


def test_eval_crisis_json(tmp_path, capsys):
    data = tmp_path / "sample.tsv"
    data.write_text(SAMPLE)
    assert main(["eval", "crisis", str(data), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"accuracy", "macro_f1", "classes", "alert_recall", "false_alarm_rate"}
    assert set(result["classes"]) == {"acute", "possible", "none"}
    assert set(result["classes"]["acute"]) == {"precision", "recall", "f1", "support"}
    assert result["accuracy"] == pytest.approx(0.8)
    assert result["alert_recall"] == pytest.approx(2 / 3)  # "nice weather" is labelled possible here
    assert result["false_alarm_rate"] == 0.0


def test_eval_crisis_table_lists_each_miss(tmp_path, capsys):
    data = tmp_path / "sample.tsv"
    data.write_text(SAMPLE)
    assert main(["eval", "crisis", str(data)]) == 0
    out = capsys.readouterr().out
    assert "gold \\ predicted" in out and "1 miss:" in out and "possible -> none  -  nice weather today" in out


def test_eval_crisis_reads_posts_by_community(tmp_path, capsys):
    data = tmp_path / "posts.csv"
    data.write_text(POSTS)
    assert main(["eval", "crisis", str(data), "--json"]) == 0
    communities = json.loads(capsys.readouterr().out)["communities"]
    assert set(communities) == {"help", "everyday"}
    assert set(communities["help"]) == {"posts", "acute", "possible", "alert_rate"}
    assert communities["help"] == {"posts": 3, "acute": pytest.approx(1 / 3), "possible": pytest.approx(1 / 3),
                                   "alert_rate": pytest.approx(2 / 3)}
    assert communities["everyday"]["alert_rate"] == 0.0
    assert main(["eval", "crisis", str(data)]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split() == ["community", "posts", "acute", "possible", "either"]
    assert "help" in table and "0.667" in table


@pytest.mark.parametrize("content, message", [
    ("label\ttext\nacute\tx\n", "missing column(s) level"),
    ("level\ttext\nsevere\tx\n", "unknown level `severe`"),
    ("subreddit,text\nhelp,x\n", "missing column(s) level"),
])
def test_eval_bad_files_are_clear_errors(tmp_path, capsys, content, message):
    data = tmp_path / "bad.tsv"
    data.write_text(content)
    assert main(["eval", "crisis", str(data)]) == 1
    assert message in capsys.readouterr().err
