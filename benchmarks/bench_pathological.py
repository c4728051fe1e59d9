"""Hostile answers: every rule's time on pathological text at the longest answer kept.

    python benchmarks/bench_pathological.py [--budget 1.0]

Long runs of spaces and punctuation, a keyword repeated, one long word: the inputs that make
backtracking regular expressions take quadratic time. Each rule reads each input at
MAX_ANSWER characters and at a tenth of it; the ratio shows the growth (linear is about 10x,
quadratic about 100x). Exits 1 if any answer takes longer than the budget (default 1 s).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "hostile"))

from test_core_limits import PATHOLOGICAL, RULES  # noqa: E402

from engine.conversation.machine import MAX_ANSWER  # noqa: E402


def seconds(function, text: str) -> float:
    began = time.perf_counter()
    function(text)
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--budget", type=float, default=1.0, help="seconds one answer may take")
    budget = parser.parse_args().budget
    RULES["safety"]("warm up")  # the vocabulary loads once, not per answer
    worst, over = 0.0, []
    print(f"{'rule':<22} {'worst input':<22} {'ms at full length':>18} {'growth 10x text':>16}")
    for rule, function in sorted(RULES.items()):
        timings = []
        for name, text in PATHOLOGICAL.items():
            full = seconds(function, text[:MAX_ANSWER])
            tenth = seconds(function, text[: MAX_ANSWER // 10]) or 1e-9
            timings.append((full, name, full / tenth))
            if full > budget:
                over.append((rule, name, full))
        full, name, growth = max(timings)
        worst = max(worst, full)
        print(f"{rule:<22} {name:<22} {full * 1000:>18.1f} {growth:>15.1f}x")
    print(f"\nslowest answer: {worst * 1000:.1f} ms (budget {budget * 1000:.0f} ms): {'met' if not over else 'MISSED'}")
    for rule, name, took in over:
        print(f"  over budget: {rule} on {name}: {took:.2f} s")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
