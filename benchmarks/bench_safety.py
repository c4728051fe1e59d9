"""How long the safety check takes on one answer, side by side with a naive keyword scan.

    python benchmarks/bench_safety.py [--data ../shared/data/annomi/annomi-simple.csv]

Runs over real client utterances when the shared data is there, else over generated sentences.
Prints percentiles per answer and the ratio to a plain keyword search.
"""

from __future__ import annotations

import argparse
import csv
import re
import time
from pathlib import Path

from engine.safety import check

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "annomi" / "annomi-simple.csv"
KEYWORDS = re.compile(r"\b(?:kill|suicide|die|cut|hurt|overdose|hopeless|abuse)\w*")


def texts(path: Path) -> list[str]:
    if path.exists():
        with path.open(encoding="utf-8", newline="") as stream:
            return [r["utterance_text"] for r in csv.DictReader(stream) if r["interlocutor"] == "client"]
    words = "I think my week was okay but work has been hard and I want to cut down on drinking".split()
    return [" ".join(words[: 5 + i % len(words)]) for i in range(2000)]


def timed(function, items: list[str]) -> list[int]:
    samples = []
    for text in items:
        began = time.perf_counter_ns()
        function(text)
        samples.append(time.perf_counter_ns() - began)
    return sorted(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    items = texts(parser.parse_args().data)
    rows = {"safety.check": timed(check, items), "keyword scan": timed(KEYWORDS.search, items)}
    pick = lambda s, q: s[min(len(s) - 1, int(q * len(s)))] / 1000  # noqa: E731
    print(f"{len(items)} answers, mean {sum(map(len, items)) / len(items):.0f} characters")
    print(f"{'':<14} {'p50 us':>8} {'p95 us':>8} {'p99 us':>8}")
    for name, samples in rows.items():
        print(f"{name:<14} {pick(samples, .5):>8.1f} {pick(samples, .95):>8.1f} {pick(samples, .99):>8.1f}")
    ratio = pick(rows["safety.check"], .5) / max(pick(rows["keyword scan"], .5), 0.001)
    print(f"\nsafety.check vs keyword scan (p50): {ratio:.0f}x")


if __name__ == "__main__":
    main()
