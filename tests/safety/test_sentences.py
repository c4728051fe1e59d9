"""The safety rules measured on our own sentence sets (tests/safety/data; see its README).

The floors are what we promise, below today's figures so ordinary vocabulary work does not
trip them, and high enough that losing a mechanism (negation, someone else, a combination)
fails here. The unseen sets are measured, never read while writing rules.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from engine.safety import About, Level, check

pytestmark = pytest.mark.slow  # measures every construct on its own sentences

DATA = Path(__file__).with_name("data")


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def sentences():
    return [(row, check(row["text"])) for row in rows("sentences.tsv")]


def test_each_construct_is_found_in_most_of_its_own_sentences(sentences):
    found: dict[str, list[bool]] = defaultdict(list)
    for row, finding in sentences:
        if row["kind"] == "positive":
            found[row["construct"]].append(finding.level >= Level.from_label(row["level"]))
    assert len(found) >= 26
    weakest = {construct: sum(hits) / len(hits) for construct, hits in found.items()}
    assert min(weakest.values()) >= 0.6, sorted(weakest.items(), key=lambda item: item[1])[:3]
    everything = [hit for hits in found.values() for hit in hits]
    assert sum(everything) / len(everything) >= 0.93


@pytest.mark.parametrize("kind, floor", [("negated", 0.95), ("past", 0.93), ("idiom", 0.93)])
def test_denials_the_past_and_idioms_pass(sentences, kind, floor):
    passed = [finding.level is Level.NONE for row, finding in sentences if row["kind"] == kind]
    assert sum(passed) / len(passed) >= floor


def test_someone_else_in_danger_is_told_apart(sentences):
    told = [finding.level is Level.NONE and finding.about is About.OTHER
            for row, finding in sentences if row["kind"] == "other"]
    assert sum(told) / len(told) >= 0.75


def figures(name: str) -> dict[str, float]:
    judged = [(row["level"], check(row["text"]).level) for row in rows(name)]
    acute = [level is Level.ACUTE for gold, level in judged if gold == "acute"]
    alerts = [level > Level.NONE for gold, level in judged if gold != "none"]
    alarms = [level > Level.NONE for gold, level in judged if gold == "none"]
    return {"acute_recall": sum(acute) / len(acute), "alert_recall": sum(alerts) / len(alerts),
            "false_alarms": sum(alarms) / len(alarms)}


@pytest.mark.slow
@pytest.mark.parametrize("name, acute, alert, alarms", [
    ("training-1.tsv", 0.96, 0.96, 0.01),  # round 7: 0.975 / 0.973 / 0.003
    ("training-2.tsv", 0.94, 0.95, 0.01),  # round 7: 0.951 / 0.967 / 0.004
    ("training-3.tsv", 0.95, 0.95, 0.01),  # round 7: 0.961 / 0.966 / 0.000
    ("training-4.tsv", 0.98, 0.97, 0.01),  # round 7: 1.000 / 0.983 / 0.000
    ("training-5.tsv", 0.98, 0.98, 0.01),  # was unseen-1: read to write rules in round 2; round 7: 0.992 / 0.996 / 0
    ("training-6.tsv", 0.98, 0.98, 0.015),  # read to write the rules in round 2 (0.66 / 0.60 fresh); round 7: 0.995 / 0.994 / 0.005
    ("training-7.tsv", 0.95, 0.97, 0.015),  # was unseen-3: read in round 3 (0.66 / 0.71 fresh); round 7: 0.967 / 0.985 / 0.006
    ("training-8.tsv", 0.98, 0.95, 0.02),  # read in round 5 (0.660 / 0.665 / 0.031 fresh); round 7: 0.993 / 0.964 / 0.009
    ("training-9.tsv", 0.93, 0.90, 0.045),  # measured once fresh in round 7 (0.693 / 0.738 / 0.036), then read: 0.907 / 0.873 / 0.036; round 8: 0.947 / 0.913 / 0.036
    ("training-10.tsv", 0.85, 0.83, 0.045),  # measured once fresh in round 8 (0.579 / 0.608 / 0.032; the round-7 rules on its final version 0.566 / 0.597 / 0.032), then read: 0.862 / 0.849 / 0.032
    ("training-11.tsv", 0.92, 0.82, 0.02),  # measured once fresh in round 9 with the round-8 rules (0.640 / 0.689 / 0.036), then read: 0.933 / 0.836 / 0.009
    ("unseen-2.tsv", 0.84, 0.86, 0.03),  # never read while writing rules: the honest figures; round 7: 0.855 / 0.870 / 0.006
    ("unseen-4.tsv", 0.75, 0.80, 0.055),  # written in round 4 after the rules, measured once (0.705 / 0.763 / 0.055); round 7: 0.732 / 0.789 / 0.050; round 8: 0.759 / 0.810 / 0.046
    ("unseen-5.tsv", 0.78, 0.79, 0.07),  # written in round 5, never read (0.721 / 0.754 / 0.050); round 7: 0.765 / 0.786 / 0.050; round 8: 0.787 / 0.794 / 0.064 (false alarms up, lines never read)
    ("unseen-6.tsv", 0.55, 0.62, 0.055),  # written in round 7 apart from training-9, never read (round-6 rules 0.541 / 0.612 / 0.045); round 7: 0.563 / 0.628 / 0.050; round 8: 0.563 / 0.632 / 0.045
    ("unseen-7.tsv", 0.45, 0.43, 0.03),  # written in round 8 apart from training-10, never read (round-7 rules 0.453 / 0.420 / 0.020); round 8: 0.460 / 0.444 / 0.020; round 9: 0.474 / 0.452 / 0.020
    ("unseen-8.tsv", 0.59, 0.62, 0.06),  # written in round 9 apart from training-11, never read (round-8 rules 0.593 / 0.626 / 0.050); round 9: 0.613 / 0.637 / 0.050
])
def test_our_sets(name, acute, alert, alarms):
    measured = figures(name)
    assert measured["acute_recall"] >= acute and measured["alert_recall"] >= alert, measured
    assert measured["false_alarms"] <= alarms, measured


@pytest.mark.slow
def test_ordinary_talk_raises_few_alarms():
    """everyday-1: 1,200 lines of ordinary coaching answers, check-ins and posts, all `none`,
    with the everyday senses of words the rules key on (round 9: 1.1% flagged)."""
    ordinary = rows("everyday-1.tsv")
    assert len(ordinary) == 1200 and {row["level"] for row in ordinary} == {"none"}
    flagged = sum(check(row["text"]).level > Level.NONE for row in ordinary)
    assert flagged / len(ordinary) <= 0.015, flagged
