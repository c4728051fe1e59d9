"""How long the safety check takes per answer, side by side with a naive keyword scan.

    python benchmarks/bench_safety.py [--data ../shared/data] [--rounds 5] [--json]

Two workloads, the ones the safety net's targets name: AnnoMI client utterances (short
answers; target p99 <= 1 ms) and Reddit posts (whole paragraphs; target p99 <= 5 ms). Falls
back to generated text when the shared data is not there. Each round times every text once,
the engines alternating round by round; the figures are the median over rounds of each
percentile, with the range. The first round also shows the cold cost (phrases compile on
first use). A keyword scan is the floor any safety net must pay; the ratio says how much more
the rules' reading costs.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.safety import check  # noqa: E402

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
KEYWORDS = re.compile(r"\b(?:kill|suicid|die|dead|cut|hurt|overdos|hopeless|abuse|burden|trapped)\w*")
TARGETS = {"annomi": 1.0, "reddit": 5.0}  # p99 in milliseconds


def workloads(data: Path) -> dict[str, list[str]]:
    annomi, reddit = data / "annomi" / "annomi-simple.csv", data / "safety" / "rmhd-dev.csv"
    found: dict[str, list[str]] = {}
    if annomi.exists():
        with annomi.open(encoding="utf-8", newline="") as stream:
            found["annomi"] = [r["utterance_text"] for r in csv.DictReader(stream) if r["interlocutor"] == "client"]
    if reddit.exists():
        with reddit.open(encoding="utf-8", newline="") as stream:
            found["reddit"] = [r["post"] for r in csv.DictReader(stream)]
    if not found:  # no shared data: generated answers and paragraphs
        words = "I think my week was okay but work has been hard and I want to cut down on drinking".split()  # noqa: SIM905
        found["annomi"] = [" ".join(words[: 5 + i % len(words)]) for i in range(2000)]
        found["reddit"] = [". ".join(found["annomi"][i:i + 40]) for i in range(0, 2000, 4)]
    return found


def percentiles(samples: list[int]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] / 1e6  # noqa: E731  (ms)
    return {"p50": pick(0.5), "p95": pick(0.95), "p99": pick(0.99)}


def one_round(function: Callable[[str], object], texts: list[str]) -> dict[str, float]:
    samples = []
    for text in texts:
        began = time.perf_counter_ns()
        function(text)
        samples.append(time.perf_counter_ns() - began)
    return percentiles(samples)


def run(rounds: int, data: Path) -> dict[str, dict[str, object]]:
    engines: dict[str, Callable[[str], object]] = {"safety.check": check, "keyword scan": KEYWORDS.search}
    results: dict[str, dict[str, object]] = {}
    for name, texts in workloads(data).items():
        cold = one_round(check, texts)  # the first pass compiles the phrases it meets
        per_engine: dict[str, list[dict[str, float]]] = {engine: [] for engine in engines}
        for _ in range(rounds):
            for engine, function in engines.items():  # alternated, round by round
                per_engine[engine].append(one_round(function, texts))
        summary: dict[str, object] = {"texts": len(texts), "chars": sum(map(len, texts)) / len(texts),
                                      "cold": cold, "target_p99_ms": TARGETS.get(name)}
        for engine, measured in per_engine.items():
            summary[engine] = {q: {"median": statistics.median(m[q] for m in measured),
                                   "min": min(m[q] for m in measured), "max": max(m[q] for m in measured)}
                               for q in ("p50", "p95", "p99")}
        results[name] = summary
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = run(args.rounds, args.data)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for name, summary in results.items():
        print(f"== {name}: {summary['texts']} texts, mean {summary['chars']:.0f} characters ==")
        print(f"{'':<14} {'p50 ms':>18} {'p95 ms':>18} {'p99 ms':>18}")
        for engine in ("safety.check", "keyword scan"):
            row = summary[engine]
            cells = [f"{row[q]['median']:.3f} ({row[q]['min']:.3f}-{row[q]['max']:.3f})" for q in ("p50", "p95", "p99")]
            print(f"{engine:<14} " + " ".join(f"{cell:>18}" for cell in cells))
        cold = summary["cold"]
        print(f"{'first pass':<14} {cold['p50']:>18.3f} {cold['p95']:>18.3f} {cold['p99']:>18.3f}")
        check_p50 = summary["safety.check"]["p50"]["median"]
        scan_p50 = max(summary["keyword scan"]["p50"]["median"], 1e-6)
        target = summary["target_p99_ms"]
        p99 = summary["safety.check"]["p99"]["median"]
        verdict = f"target p99 <= {target} ms: {'met' if p99 <= target else 'missed'}" if target else ""
        print(f"safety.check / keyword scan (p50): {check_p50 / scan_p50:.0f}x   {verdict}\n")


if __name__ == "__main__":
    main()
