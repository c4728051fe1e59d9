"""A bounded load test of `peercoach serve` on loopback: many people answering at once.

    python benchmarks/bench_web_load.py [--sessions 200] [--seconds 60] [--workers 2] [--backend both]

For each backend (SQLite, then PostgreSQL in a throwaway cluster made as the store tests make
one): a store with one access code per person, `peercoach serve --workers N` over it, and
``--sessions`` people each signing in (from their own loopback address, as people on their own
phones would, so the sign-in limit per address is not what is measured), starting a conversation
and answering it for ``--seconds``: an answer, then back, then an answer again, so the
conversation never ends and every answer stays in the log. Afterwards every answer the people
were shown a next page for is counted in the store. Prints, per backend: answers, answers per
second, p50/p95 page time (the POST of an answer and the page it redirects to) and problems.
A benchmark, not a test: nothing here passes or fails on timing.
"""

from __future__ import annotations

import argparse
import re
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from engine.conversation.session import EntryKind
from engine.store.opening import open_store

ROOT = Path(__file__).resolve().parents[1]
DIALOGUE = """
id: load-walk
title: A walk for the load test
audience: client
description: Free answers, for the load test.
start: feeling
nodes:
  feeling:
    ask: How are things for you this week?
  plans:
    ask: What would you like to do next?
  done:
    end: That is the end of the walk.
"""


@dataclass
class Tally:
    times: list[float] = field(default_factory=list)  # seconds per answered page
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _field(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    if found is None:
        raise LookupError(f"no {name} field on the page")
    return found.group(1)


def one_person(base: str, code: str, number: int, until: float, tally: Tally) -> None:
    address = f"127.0.{1 + number // 250}.{1 + number % 250}"
    transport = httpx.HTTPTransport(local_address=address)
    try:
        with httpx.Client(base_url=base, follow_redirects=True, timeout=60, transport=transport) as client:
            page = client.get("/sign-in").text
            client.post("/sign-in", data={"csrf": _field(page, "csrf"), "code": code})
            page = client.get("/").text
            page = client.post("/start", data={"csrf": _field(page, "csrf"), "dialogue": "load-walk"}).text
            found = re.search(r'action="/s/([^"]+)"', page)
            if found is None:
                raise LookupError("the conversation did not start")
            session, n = found.group(1), 0
            while time.monotonic() < until:
                started = time.perf_counter()
                response = client.post(f"/s/{session}", data={
                    "csrf": _field(page, "csrf"), "version": _field(page, "version"), "answer": f"answer {n}"})
                took = time.perf_counter() - started
                if response.status_code != 200:
                    raise LookupError(f"an answer got {response.status_code}")
                with tally.lock:
                    tally.times.append(took)
                page = client.post(f"/s/{session}", data={"csrf": _field(response.text, "csrf"),
                                                           "version": _field(response.text, "version"),
                                                           "action": "back"}).text
                n += 1
    except (httpx.HTTPError, LookupError) as exc:
        with tally.lock:
            tally.problems.append(f"person {number}: {exc}")


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


def answers_in_store(location: str) -> int:
    store = open_store(location)
    try:
        return sum(e.kind is EntryKind.ANSWER for info in store.sessions() for e in store.load(info.id).log)
    finally:
        store.close()


def run(backend: str, location: str, args: argparse.Namespace, root: Path) -> dict[str, float | int | str]:
    folder = root / f"dialogues-{backend}"
    folder.mkdir()
    (folder / "load-walk.yaml").write_text(textwrap.dedent(DIALOGUE).lstrip(), encoding="utf-8")
    store = open_store(location)
    codes = [store.add_code(f"Person {n}") for n in range(args.sessions)]
    store.close()
    process, base = serve(location, folder, args.workers, root / f"server-{backend}.log")
    tally = Tally()
    try:
        started = time.monotonic()
        until = started + args.seconds
        with ThreadPoolExecutor(args.sessions) as pool:
            for number, code in enumerate(codes):
                pool.submit(one_person, base, code, number, until, tally)
        elapsed = time.monotonic() - started
    finally:
        process.terminate()
        process.wait(timeout=30)
    ordered = sorted(tally.times) or [0.0]
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    stored = answers_in_store(location)
    return {"backend": backend, "answers": len(tally.times), "stored": stored,
            "per_second": len(tally.times) / elapsed, "p50": pick(0.50), "p95": pick(0.95),
            "problems": len(tally.problems), "first_problem": tally.problems[0] if tally.problems else ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--postgres", metavar="URL", help="an empty database to use instead of a throwaway cluster")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        if args.backend in ("sqlite", "both"):
            rows.append(run("sqlite", str(root / "store" / "peercoach.db"), args, root))
        if args.backend in ("postgresql", "both"):
            if args.postgres:
                rows.append(run("postgresql", args.postgres, args, root))
            else:
                sys.path.insert(0, str(ROOT / "tests" / "store"))
                from postgres_cluster import Cluster, server_binaries
                binaries = server_binaries()
                if binaries is None:
                    raise SystemExit("no PostgreSQL server binaries here: give --postgres URL")
                cluster = Cluster(binaries)
                try:
                    cluster.start()
                    rows.append(run("postgresql", cluster.url(cluster.new_database()), args, root))
                finally:
                    cluster.stop()
    print(f"{args.sessions} people answering for {args.seconds:.0f} s, {args.workers} workers, on loopback")
    print(f"{'backend':<11} {'answers':>8} {'in store':>9} {'per s':>7} {'p50 ms':>7} {'p95 ms':>7} {'problems':>9}")
    for row in rows:
        print(f"{row['backend']:<11} {row['answers']:>8} {row['stored']:>9} {row['per_second']:>7.1f} "
              f"{row['p50']:>7.1f} {row['p95']:>7.1f} {row['problems']:>9}")
        if row["first_problem"]:
            print(f"  first problem: {row['first_problem']}")


if __name__ == "__main__":
    main()
