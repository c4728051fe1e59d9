"""What saving an answer costs, and what durability costs on top of that.

    python benchmarks/bench_store.py [--answers 200]

Side by side in one run, each in a fresh store on this machine's disk: saving after every answer
as peercoach does (WAL, synchronous=FULL: the answer is on disk before the next question), the
same with synchronous=NORMAL (survives a killed process but maybe not a power cut), and with
syncing off (a floor). Also: the save of answer 1 vs answer N (it should stay flat: only new
entries are written), loading a long session, and ``sessions list`` over many sessions.
Prints percentiles and ratios.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from engine.conversation.session import Entry, SessionRecord
from engine.store.sqlite import SqliteStore


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return pick(0.50), pick(0.95), pick(0.99)


def save_every_answer(folder: Path, answers: int, synchronous: str) -> list[float]:
    """Milliseconds per save, one save per answer, as the conversation loop does."""
    store = SqliteStore(folder)
    store.db.execute(f"PRAGMA synchronous = {synchronous}")
    record = SessionRecord(id="bench", dialogue="bench", person="Bench", created="2026-11-23T10:00:00")
    samples = []
    for n in range(answers):
        record.log.append(Entry(node=f"bench:q{n % 7}", value=f"answer {n}", text=f"answer {n} " * 8,
                                display=f"answer {n}", question="How did it go?", at="2026-11-23T10:00:00"))
        record.facts = [{"kind": "checkin", "fields": {"goal": "Walk daily", "progress": n % 11}, "at": None}]
        started = time.perf_counter()
        store.save(record)
        samples.append((time.perf_counter() - started) * 1000)
    store.close()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=200)
    parser.add_argument("--sessions", type=int, default=300)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as root:
        for synchronous in ("FULL", "NORMAL", "OFF"):
            samples = save_every_answer(Path(root) / synchronous, args.answers, synchronous)
            rows.append((synchronous, percentiles(samples), samples))
        store = SqliteStore(Path(root) / "FULL")
        started = time.perf_counter()
        store.load("bench")
        load_ms = (time.perf_counter() - started) * 1000
        for n in range(args.sessions):
            store.save(SessionRecord(id=f"s{n}", dialogue="bench", person=f"P{n % 20}",
                                     created=f"2026-11-{n % 28 + 1:02d}T10:00:00",
                                     log=[Entry(node="bench:q", value="x", text="x")]))
        started = time.perf_counter()
        listed = store.sessions()
        list_ms = (time.perf_counter() - started) * 1000
        store.close()

    full = rows[0][1][0]
    print(f"{args.answers} answers, one save each (milliseconds per save)\n")
    print(f"{'synchronous':>12} {'p50':>8} {'p95':>8} {'p99':>8} {'p50 vs FULL':>12}")
    for name, (p50, p95, p99), _ in rows:
        print(f"{name:>12} {p50:>8.2f} {p95:>8.2f} {p99:>8.2f} {p50 / full:>11.2f}x")
    samples = rows[0][2]
    first, last = percentiles(samples[:20])[0], percentiles(samples[-20:])[0]
    print(f"\nsave of answers 1-20 vs {args.answers - 19}-{args.answers} (p50, FULL): "
          f"{first:.2f} ms vs {last:.2f} ms = {last / first:.2f}x (flat is 1.00x)")
    print(f"load a {args.answers}-answer session: {load_ms:.2f} ms")
    print(f"sessions list over {len(listed)} sessions: {list_ms:.2f} ms")


if __name__ == "__main__":
    main()
