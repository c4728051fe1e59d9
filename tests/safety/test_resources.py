"""Crisis resources by region: read strictly, every region complete, chosen by code only."""

from __future__ import annotations

import re

import pytest

from engine.ground.errors import DialogueLoadError, PeercoachError
from engine.safety.resources import (
    LISTS,
    PHONE,
    Resource,
    Resources,
    countries,
    default_region,
    joined,
    load_resources,
    read_resources,
    regions,
)

GOOD = """region: Testland
short: Test
emergency: "112"
emergency_call: "112"
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
    (("  - name: Helpline\n", "  - nme: Helpline\n"), "unknown key `nme` in an entry of `resources`: did you mean `name`?", 6),
    (("emergency: \"112\"\n", ""), "a resources file is missing `emergency`", 1),
    (("emergency_call: \"112\"\n", ""), "a resources file is missing `emergency_call`", 1),
    (("short: Test\n", ""), "a resources file is missing `short`", 1),
    (("emergency_call: \"112\"", "emergency_call: 1-1-2"), "`emergency_call` should be a number as a phone dials it", 4),
    (("    hours: 24 hours a day\n", "    hours: 24 hours a day\n    call: 100 now\n"),
     "`call` should be a number as a phone dials it, not `100 now`", 9),
    (("    hours: 24 hours a day\n", "    hours: 24 hours a day\n    text: \"tel:100\"\n"), "`text` should be a number", 9),
    (("    hours: 24 hours a day\n", "    hours: 24 hours a day\n    phone: \"100\"\n"),
     "unknown key `phone` in an entry of `resources`", 9),
    (("for_someone_else:", "for_someone:"), "unknown key `for_someone` in a resources file", 9),
    (("    hours: evenings\n", ""), "an entry of `for_someone_else` is missing `hours`", 10),
])
def test_mistakes_are_located(tmp_path, change, message, line):
    path = tmp_path / "test.yaml"
    path.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(DialogueLoadError) as caught:
        read_resources(path, "test")
    found = [p for p in caught.value.problems if message in p.message + (f": {p.hint}" if p.hint else "")]
    assert found and found[0].span.line == line, caught.value.problems


def test_unknown_region_suggests_one():
    with pytest.raises(PeercoachError, match="no crisis resources for region `gb`"):
        load_resources("gb")
    with pytest.raises(PeercoachError, match="did you mean `uk-ie`"):
        load_resources("uk-i")


@pytest.mark.parametrize("env, expected", [
    ({"PEERCOACH_REGION": "uk-ie"}, "uk-ie"), ({"LANG": "en_GB.UTF-8"}, "uk"),
    ({"LANG": "en_IE.UTF-8"}, "ie"), ({"LANG": "en_CA.UTF-8"}, "ca"), ({"LANG": "fr_CA.UTF-8"}, "ca"),
    ({"LANG": "en_US.UTF-8"}, "us"), ({"LANG": "fr_FR.UTF-8"}, "ca-us"), ({}, "ca-us"),
])
def test_default_region(monkeypatch, env, expected):
    for name in ("PEERCOACH_REGION", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert default_region() == expected


# -- one file per country (issue 19) -----------------------------------------------------------
CALL_IN_WORDS = re.compile(r"\bCall (?:or text )?([0-9][0-9 -]*[0-9]|[0-9])")
TEXT_IN_WORDS = re.compile(r"\b(?:text [A-Z]+ to|Call or text|or text) ([0-9][0-9 -]*[0-9])")


def digits(text):
    return re.sub(r"[^0-9]", "", text)


def test_each_country_has_its_own_file():
    assert {"us", "ca", "uk", "ie"} <= set(countries())
    assert load_resources("us").region == "the United States" and load_resources("ca").region == "Canada"


@pytest.mark.parametrize("code", ["us", "ca", "uk", "ie", "ca-us", "uk-ie"])
def test_every_region_has_every_kind_of_resource_the_engine_uses(code):
    resources = load_resources(code)
    assert resources.emergency and PHONE.fullmatch(resources.emergency_call)
    assert digits(resources.emergency_call) in digits(resources.emergency)
    assert any(r.call for r in resources.entries), "a crisis line to call"
    assert any(r.text for r in resources.entries), "a crisis line to text"
    assert any("24 hours" in r.hours for r in resources.entries if r.call)
    for kind in LISTS:  # help for someone else, finding help, groups, food and housing
        assert resources.listed(kind), f"{code} has no `{kind}`"


@pytest.mark.parametrize("code", countries())
def test_every_number_is_a_string_a_phone_can_dial_and_matches_its_words(code):
    resources = load_resources(code)
    for kind in LISTS:
        for entry in resources.listed(kind):
            for number in (entry.call, entry.text):
                assert number is None or PHONE.fullmatch(number), (entry.name, number)
            said = CALL_IN_WORDS.search(entry.reach)
            if said:  # "Call 1-800-662-4357": the same number, as a phone dials it
                assert entry.call and digits(entry.call).endswith(digits(said.group(1))), entry
            written = TEXT_IN_WORDS.search(entry.reach)
            if written:
                assert entry.text and digits(entry.text).endswith(digits(written.group(1))), entry
            if entry.call:
                assert said, f"{entry.name}: the number to call is also said in words"


def test_the_codes_users_passed_before_still_work_and_join_both_countries():
    both = load_resources("ca-us")
    assert both.region == "Canada and the United States" and both.emergency == "911"
    names = [r.name for r in both.entries]
    assert "Crisis Text Line (US)" in names and any(n.endswith("(Canada)") for n in names)
    assert len(names) == len(load_resources("ca").entries) + len(load_resources("us").entries)
    islands = load_resources("uk-ie")
    assert islands.region == "the United Kingdom and Ireland" and "Shout (UK)" in [r.name for r in islands.entries]
    assert "116 123" in islands.entries[0].reach


def test_joined_regions_list_a_shared_entry_once():
    one = Resources("a", "A", "112", (Resource("Line", "Call 100", "always", "100"),
                                      Resource("Own", "Call 200", "always", "200")), short="A", emergency_call="112")
    two = Resources("b", "B", "999", (Resource("Line", "Call 100", "always", "100"),), short="B", emergency_call="999")
    both = joined("a-b", "A and B", [one, two])
    assert [r.name for r in both.entries] == ["Line", "Own (A)"]
    assert both.emergency == "112 (A), 999 (B)"


def test_a_region_that_is_a_path_or_unknown_gets_a_clear_message():
    with pytest.raises(PeercoachError, match="a region is a code such as ca, ca-us, ie, uk, uk-ie, us"):
        load_resources("../us")
