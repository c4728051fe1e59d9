"""Crisis resources by region: read strictly, every region complete, chosen by code only."""

from __future__ import annotations

import pytest

from engine.ground.errors import DialogueLoadError, PeercoachError
from engine.safety.resources import default_region, load_resources, read_resources, regions

GOOD = """region: Testland
emergency: "112"
resources:
  - name: Helpline
    reach: Call 100
    hours: 24 hours a day
for_someone_else:
  - name: Family line
    reach: Call 200
    hours: evenings
"""


def test_every_region_has_emergency_numbers_help_now_and_help_for_someone_else():
    assert {"ca-us", "uk-ie"} <= set(regions())
    for code in regions():
        resources = load_resources(code)
        assert resources.emergency and resources.entries and resources.for_others
        assert any("24 hours" in r.hours for r in resources.entries)
    assert "988" in load_resources("ca-us").entries[0].reach
    assert "116 123" in load_resources("uk-ie").entries[0].reach


def test_a_region_file_reads(tmp_path):
    path = tmp_path / "test.yaml"
    path.write_text(GOOD, encoding="utf-8")
    resources = read_resources(path, "test")
    assert (resources.region, resources.emergency) == ("Testland", "112")
    assert resources.for_others[0].name == "Family line"


@pytest.mark.parametrize("change, message, line", [
    (("  - name: Helpline\n", "  - nme: Helpline\n"), "unknown key `nme` in an entry of `resources`: did you mean `name`?", 4),
    (("emergency: \"112\"\n", ""), "a resources file is missing `emergency`", 1),
    (("for_someone_else:", "for_someone:"), "unknown key `for_someone` in a resources file", 7),
    (("    hours: evenings\n", ""), "an entry of `for_someone_else` is missing `hours`", 8),
])
def test_mistakes_are_located(tmp_path, change, message, line):
    path = tmp_path / "test.yaml"
    path.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(DialogueLoadError) as caught:
        read_resources(path, "test")
    found = [p for p in caught.value.problems if message in p.message + (f": {p.hint}" if p.hint else "")]
    assert found and found[0].span.line == line, caught.value.problems


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
