"""peercoach check and peercoach eval crisis, and the crisis resources files."""

from __future__ import annotations

import json

import pytest

from engine.cli import main
from engine.errors import PeercoachError
from engine.safety.resources import default_region, load_resources, regions

# Written for this test, in the shared data's format.
SAMPLE = "level\ttext\nacute\tI am going to hurt myself tonight\npossible\tit all feels hopeless\n" \
         "none\tthis traffic is killing me\nnone\tI'm not suicidal\npossible\tnice weather today\n"


def test_check_prints_level_and_rule(capsys):
    assert main(["check", "my", "partner", "hits", "me"]) == 0
    assert capsys.readouterr().out.startswith("acute  acute.abuse")
    assert main(["check", "--json", "I'd kill for a pizza"]) == 0
    assert json.loads(capsys.readouterr().out) == {"level": "none", "rule": None}


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


@pytest.mark.parametrize("content, message", [
    ("label\ttext\nacute\tx\n", "missing column(s) level"),
    ("level\ttext\nsevere\tx\n", "unknown level `severe`"),
])
def test_eval_bad_files_are_clear_errors(tmp_path, capsys, content, message):
    data = tmp_path / "bad.tsv"
    data.write_text(content)
    assert main(["eval", "crisis", str(data)]) == 1
    assert message in capsys.readouterr().err


def test_every_region_has_emergency_numbers_and_24_hour_help():
    assert {"ca-us", "uk-ie"} <= set(regions())
    for code in regions():
        resources = load_resources(code)
        assert resources.emergency and resources.entries
        assert any("24 hours" in r.hours for r in resources.entries)
    assert "988" in load_resources("ca-us").entries[0].reach
    assert "116 123" in load_resources("uk-ie").entries[0].reach


def test_unknown_region_suggests_one():
    with pytest.raises(PeercoachError, match="no crisis resources for region `uk`"):
        load_resources("uk")
    with pytest.raises(PeercoachError, match="did you mean `uk-ie`"):
        load_resources("uk-i")


@pytest.mark.parametrize("env, expected", [
    ({"PEERCOACH_REGION": "uk-ie"}, "uk-ie"), ({"LANG": "en_GB.UTF-8"}, "uk-ie"),
    ({"LANG": "en_IE.UTF-8"}, "uk-ie"), ({"LANG": "en_CA.UTF-8"}, "ca-us"),
    ({"LANG": "fr_FR.UTF-8"}, "ca-us"), ({}, "ca-us"),
])
def test_default_region(monkeypatch, env, expected):
    for name in ("PEERCOACH_REGION", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert default_region() == expected
