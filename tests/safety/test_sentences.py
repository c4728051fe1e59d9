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
    ("training-1.tsv", 0.88, 0.90, 0.03),
    ("training-2.tsv", 0.82, 0.85, 0.05),
    ("training-3.tsv", 0.90, 0.90, 0.05),
    ("training-4.tsv", 0.92, 0.92, 0.02),
    ("training-5.tsv", 0.95, 0.95, 0.02),  # was unseen-1: read to write rules in round 2
    ("training-6.tsv", 0.97, 0.97, 0.02),  # read to write the rules in round 2 (0.66 / 0.60 fresh)
    ("training-7.tsv", 0.95, 0.95, 0.02),  # was unseen-3: read in round 3 (0.66 / 0.71 fresh)
    ("training-8.tsv", 0.97, 0.94, 0.02),  # read in round 5 (0.660 / 0.665 / 0.031 fresh); round 6: 0.987 / 0.960 / 0.009
    ("unseen-2.tsv", 0.84, 0.85, 0.03),  # never read while writing rules: the honest figures
    ("unseen-4.tsv", 0.70, 0.76, 0.06),  # written in round 4 after the rules, measured once (0.705 / 0.763 / 0.055); round 6: 0.723 / 0.784 / 0.050
    ("unseen-5.tsv", 0.71, 0.75, 0.06),  # written in round 5, never read (0.721 / 0.754 / 0.050); round 6: 0.728 / 0.770 / 0.050
])
def test_our_sets(name, acute, alert, alarms):
    measured = figures(name)
    assert measured["acute_recall"] >= acute and measured["alert_recall"] >= alert, measured
    assert measured["false_alarms"] <= alarms, measured
