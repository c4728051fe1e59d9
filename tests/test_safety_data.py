"""The safety rules measured on the shared labelled data (skipped when ../shared is absent)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from engine.safety import Level, check

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
CRISIS = DATA / "safety" / "crisis-dev.tsv"
ANNOMI = DATA / "annomi" / "annomi-simple.csv"


@pytest.fixture(scope="module")
def crisis():
    if not CRISIS.exists():
        pytest.skip("../shared/data is not here")
    with CRISIS.open(encoding="utf-8", newline="") as stream:
        return [(row["level"], check(row["text"]).level.label)
                for row in csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)]


def test_no_acute_message_is_missed(crisis):
    acute = [predicted for gold, predicted in crisis if gold == "acute"]
    assert acute and all(p == "acute" for p in acute)


def test_alert_recall_at_least_97_percent(crisis):
    alerts = [predicted != "none" for gold, predicted in crisis if gold != "none"]
    assert sum(alerts) / len(alerts) >= 0.97


def test_false_alarms_at_most_5_percent(crisis):
    alarms = [predicted != "none" for gold, predicted in crisis if gold == "none"]
    assert sum(alarms) / len(alarms) <= 0.05


def test_everyday_counselling_talk_is_rarely_acute():
    if not ANNOMI.exists():
        pytest.skip("../shared/data is not here")
    with ANNOMI.open(encoding="utf-8", newline="") as stream:
        client = [row["utterance_text"] for row in csv.DictReader(stream) if row["interlocutor"] == "client"]
    acute = sum(check(text).level is Level.ACUTE for text in client)
    assert acute / len(client) <= 0.01
