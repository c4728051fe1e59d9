"""The safety rules measured on the shared labelled data (skipped when ../shared is absent).

These are development sets: the rules were written while reading them, so the figures here are
an upper bound. The unseen parts are measured elsewhere; tests/safety/data/unseen-*.tsv are
our own held-out sets (test_sentences.py).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from engine.evaluation.measure import crisis
from engine.safety import Level, check

pytestmark = pytest.mark.slow  # reads and measures the shared labelled sets

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
EVERYDAY = ("personalfinance", "UKPersonalFinance", "legaladvice", "teaching", "ukpolitics", "unitedkingdom",
            "guns", "conspiracy", "mindfulness")


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared/data)")
    return path


@pytest.mark.parametrize("name, acute, alert, alarms", [
    ("crisis-dev.tsv", 0.99, 0.99, 0.01),  # round 7: 1.000 / 1.000 / 0
    ("crisis-dev-2.tsv", 0.98, 0.96, 0.01),  # round 7: 0.994 / 0.972 / 0
])
def test_short_messages(name, acute, alert, alarms):
    result = crisis(need(DATA / "safety" / name)).to_dict()
    assert result["classes"]["acute"]["recall"] >= acute
    assert result["alert_recall"] >= alert
    assert result["false_alarm_rate"] <= alarms


@pytest.mark.slow
def test_reddit_communities():
    communities = crisis(need(DATA / "safety" / "rmhd-dev.csv")).communities or {}
    assert communities["suicidewatch"]["alert_rate"] >= 0.85
    everyday = [communities[name]["alert_rate"] for name in EVERYDAY]
    assert sum(everyday) / len(everyday) <= 0.02
    assert max(everyday) <= 0.05


@pytest.mark.slow
def test_counselling_clients_are_rarely_acute():
    with need(DATA / "annomi" / "annomi-simple.csv").open(encoding="utf-8", newline="") as stream:
        client = [row["utterance_text"] for row in csv.DictReader(stream) if row["interlocutor"] == "client"]
    levels = Counter(check(text).level for text in client)
    assert levels[Level.ACUTE] / len(client) <= 0.01
