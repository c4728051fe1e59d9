"""A bounded load test of `peercoach serve` on loopback: many people answering at once.

    python benchmarks/bench_web_load.py [--sessions 200] [--seconds 60] [--workers 2] [--think 0.5]
                                        [--backend both] [--postgres URL]

For each backend (SQLite, then PostgreSQL in a throwaway cluster made as the store tests make
one, or the empty database ``--postgres`` names): a store with one access code per person,
`peercoach serve --workers N` over it, and ``--sessions`` people each signing in (from their own
loopback address, as people on their own phones would, so the sign-in limit per address is not
what is measured), then walking a four-question conversation to its end and starting the next,
for ``--seconds``, each pausing about ``--think`` seconds before an answer. Afterwards every
answer that was answered with a redirect (303: saved) is looked for in the store, session by
session. Prints, per backend: p50/p95/p99 time per page type, answers per second, sessions
completed, errors and answers missing from the store, with the machine's load average.
A benchmark, not a test: nothing here passes or fails on timing.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's engine, run from anywhere

from engine.conversation.session import EntryKind  # noqa: E402
from engine.store.opening import open_store  # noqa: E402

DIALOGUE = """
id: load-walk
title: A walk for the load test
audience: client
description: Free answers, for the load test.
start: feeling
nodes:
  feeling:
    ask: How are things for you this week?
  good:
    ask: What went well?
  hard:
    ask: What was hard?
  plans:
    ask: What would you like to do next?
  done:
    end: That is the end of the walk.
"""
PAGES = ("sign-in page", "sign in", "home", "start", "answer", "question", "finished")
MAX_PROBLEMS = 20  # a person who meets this many problems stops (the server is down, say)


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=lambda: {page: [] for page in PAGES})
    saved: list[tuple[str, str]] = field(default_factory=list)  # (session, answer) for every answer given a 303
    completed: int = 0
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def time(self, page: str, seconds: float) -> None:
        with self.lock:
            self.times[page].append(seconds)


class Problem(Exception):
    pass


def _field(page: str, name: str) -> str | None:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    return found.group(1) if found else None


class Person:
    def __init__(self, client: httpx.Client, tally: Tally):
        self.client, self.tally, self.page = client, tally, ""

    def request(self, page: str, method: str, url: str, expect: int,
                data: dict[str, str] | None = None) -> httpx.Response:
        if data is not None:
            data = {"csrf": _field(self.page, "csrf") or "", **data}
        started = time.perf_counter()
        response = self.client.request(method, url, data=data)
        took = time.perf_counter() - started
        if response.status_code != expect:
            raise Problem(f"{page} got {response.status_code}, not {expect}")
        self.tally.time(page, took)
        if expect == 200:
            self.page = response.text
        return response

    def follow(self, page: str, response: httpx.Response) -> str:
        location = response.headers["location"]
        self.request(page, "GET", location, 200)
        return location


def one_person(base: str, code: str, number: int, until: float, think: float, tally: Tally) -> None:
    address = f"127.0.{1 + number // 250}.{1 + number % 250}"
    transport = httpx.HTTPTransport(local_address=address)
    shake = random.Random(number)
    with httpx.Client(base_url=base, follow_redirects=False, timeout=60, transport=transport) as client:
        person, problems, signed_in = Person(client, tally), 0, False
        while time.monotonic() < until and problems < MAX_PROBLEMS:
            try:
                if not signed_in:
                    person.request("sign-in page", "GET", "/sign-in", 200)
                    person.request("sign in", "POST", "/sign-in", 303, {"code": code})
                    signed_in = True
                person.request("home", "GET", "/", 200)
                session = person.follow("question", person.request("start", "POST", "/start", 303,
                                                                    {"dialogue": "load-walk"})).rsplit("/", 1)[1]
                n = 0
                while _field(person.page, "version") is not None:
                    time.sleep(shake.uniform(0, 2 * think))
                    if time.monotonic() >= until:
                        return
                    text = f"person {number} session {session} answer {n}"
                    response = person.request("answer", "POST", f"/s/{session}", 303,
                                              {"version": _field(person.page, "version") or "", "answer": text})
                    with tally.lock:
                        tally.saved.append((session, text))
                    n += 1
                    ended = n == 4
                    person.follow("finished" if ended else "question", response)
                with tally.lock:
                    tally.completed += 1
            except (httpx.HTTPError, Problem, KeyError, IndexError) as exc:
                problems += 1
                with tally.lock:
                    tally.problems.append(f"person {number}: {type(exc).__name__}: {exc}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(location: str, folder: Path, workers: int, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "engine", "--store", location, "serve", "--port", str(port),
                                "--workers", str(workers), "--dialogues", str(folder)], cwd=ROOT,
                               stdout=log.open("ab"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(base + "/sign-in", timeout=1)
            return process, base
        except httpx.HTTPError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit(f"the server did not start: {log.read_text()[-2000:]}") from None
            time.sleep(0.3)


def missing_answers(location: str, saved: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Every (session, answer) that was given a 303 but is not in the store's log of that session."""
    store = open_store(location)
    try:
        wanted: dict[str, Counter[str]] = {}
        for session, text in saved:
            wanted.setdefault(session, Counter())[text] += 1
        missing = []
        for session, texts in wanted.items():
            try:
                log = store.load(session).log
            except Exception:  # noqa: BLE001 - a session the store cannot give back has lost every answer
                log = []
            kept = Counter(e.text for e in log if e.kind is EntryKind.ANSWER)
            missing.extend((session, text) for text, count in texts.items() for _ in range(count - kept[text]))
        return missing
    finally:
        store.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")


@dataclass
class Result:
    backend: str
    seconds: float
    tally: Tally
    missing: list[tuple[str, str]]
    load: tuple[float, float, float]

    @property
    def answers(self) -> int:
        return len(self.tally.saved)


def run(backend: str, location: str, sessions: int, seconds: float, workers: int, think: float,
        root: Path) -> Result:
    folder = root / f"dialogues-{backend}"
    folder.mkdir()
    (folder / "load-walk.yaml").write_text(textwrap.dedent(DIALOGUE).lstrip(), encoding="utf-8")
    store = open_store(location)
    codes = [store.add_code(f"Person {n}") for n in range(sessions)]
    store.close()
    process, base = serve(location, folder, workers, root / f"server-{backend}.log")
    tally = Tally()
    try:
        started = time.monotonic()
        with ThreadPoolExecutor(sessions) as pool:
            for number, code in enumerate(codes):
                pool.submit(one_person, base, code, number, started + seconds, think, tally)
        elapsed = time.monotonic() - started
        load = os.getloadavg()
    finally:
        process.terminate()
        process.wait(timeout=30)
    return Result(backend, elapsed, tally, missing_answers(location, tally.saved), load)


def report(results: list[Result]) -> None:
    for r in results:
        print(f"\n{r.backend}: {r.answers} answers saved ({r.answers / r.seconds:.1f} per s), "
              f"{r.tally.completed} sessions completed, {len(r.tally.problems)} errors, "
              f"{len(r.missing)} saved answers missing from the store; load average {r.load[0]:.2f} "
              f"{r.load[1]:.2f} {r.load[2]:.2f}")
        print(f"  {'page':<13} {'n':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
        for page in PAGES:
            times = r.tally.times[page]
            print(f"  {page:<13} {len(times):>7} {percentile(times, 0.5):>8.1f} {percentile(times, 0.95):>8.1f} "
                  f"{percentile(times, 0.99):>8.1f}")
        for problem, count in Counter(p.split(": ", 1)[1] for p in r.tally.problems).most_common(3):
            print(f"  error x{count}: {problem}")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200, help="people at once")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--think", type=float, default=0.5, help="mean pause before each answer, in seconds")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--postgres", metavar="URL", help="an empty database to use instead of a throwaway cluster")
    args = parser.parse_args()
    print(f"{args.sessions} people for {args.seconds:.0f} s, {args.workers} workers, think {args.think} s, "
          f"on loopback, {os.cpu_count()} cores; load average before {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        common = (args.sessions, args.seconds, args.workers, args.think, root)
        if args.backend in ("sqlite", "both"):  # each backend's figures as soon as they are in
            report([run("sqlite", str(root / "store" / "peercoach.db"), *common)])
        if args.backend in ("postgresql", "both"):
            if args.postgres:
                report([run("postgresql", args.postgres, *common)])
            else:
                from benchmarks.throwaway_postgres import cluster
                with cluster() as url:
                    report([run("postgresql", url, *common)])


if __name__ == "__main__":
    main()
