"""`peercoach serve` as people run it: uvicorn with two workers over one store. Any worker answers
any page (a worker keeps nothing between requests) and every answer is in the store afterwards."""

from __future__ import annotations

import re
import signal
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from browser import free_port

from engine.store.sqlite import SqliteStore

pytestmark = pytest.mark.slow


def field(page, name):
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def one_person(base, code, answers):
    """Sign in, start the walk, give `answers` free-text answers (back after each but the last); the page times."""
    times = []
    with httpx.Client(base_url=base, follow_redirects=True, timeout=30) as client:
        page = client.get("/sign-in").text
        client.post("/sign-in", data={"csrf": field(page, "csrf"), "code": code})
        page = client.get("/").text
        page = client.post("/start", data={"csrf": field(page, "csrf"), "dialogue": "web-walk"}).text
        session = re.search(r'action="/s/([^"]+)"', page).group(1)
        for n in range(answers):
            started = time.perf_counter()
            page = client.post(f"/s/{session}", data={"csrf": field(page, "csrf"), "version": field(page, "version"),
                                                       "answer": f"answer number {n}"}).text
            times.append(time.perf_counter() - started)
            if n < answers - 1:
                page = client.post(f"/s/{session}", data={"csrf": field(page, "csrf"),
                                                           "version": field(page, "version"), "action": "back"}).text
    return session, times


def started(store_path, folder, log, workers=1):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "engine", "--store", str(store_path), "serve", "--port", str(port),
         "--workers", str(workers), "--dialogues", str(folder)], stdout=log.open("ab"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(base + "/sign-in", timeout=1)
            return process, base
        except httpx.HTTPError:
            assert time.monotonic() < deadline and process.poll() is None, log.read_text()
            time.sleep(0.3)


def test_a_killed_server_loses_nothing_and_the_person_carries_on(tmp_path, folder):
    store_path = tmp_path / "served.db"
    store = SqliteStore(store_path)
    code = store.add_code("Sam")
    store.close()
    log = tmp_path / "server.log"
    process, base = started(store_path, folder, log)
    try:
        session, _ = one_person(base, code, 1)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=15)
    process, base = started(store_path, folder, log)
    try:
        with httpx.Client(base_url=base, follow_redirects=True, timeout=30) as client:
            page = client.get("/sign-in").text
            client.post("/sign-in", data={"csrf": field(page, "csrf"), "code": code})
            home = client.get("/").text
            assert "Carry on where you left off" in home and f"/s/{session}" in home
            page = client.get(f"/s/{session}").text
            assert "Which would you like to look at?" in page
            page = client.post(f"/s/{session}", data={"csrf": field(page, "csrf"), "version": field(page, "version"),
                                                       "choice": "1"}).text
            assert "How hopeful do you feel?" in page
    finally:
        process.terminate()
        process.wait(timeout=15)
    store = SqliteStore(store_path)
    try:
        assert [e.text for e in store.load(session).log if e.text] == ["answer number 0", "1"]
    finally:
        store.close()


def test_two_workers_serve_one_store_and_keep_every_answer(tmp_path, folder, capsys):
    store_path = tmp_path / "served.db"
    store = SqliteStore(store_path)
    codes = [store.add_code(f"Person {n}") for n in range(8)]
    store.close()
    log = tmp_path / "server.log"
    process, base = started(store_path, folder, log, workers=2)
    try:
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(lambda code: one_person(base, code, 10), codes))
    finally:
        process.terminate()
        process.wait(timeout=15)
    store = SqliteStore(store_path)
    try:
        for session, _ in results:
            typed = [e.text for e in store.load(session).log if e.text]
            assert typed == [f"answer number {n}" for n in range(10)]
    finally:
        store.close()
    times = sorted(t for _, found in results for t in found)
    p50, p95 = statistics.median(times), times[int(len(times) * 0.95)]
    with capsys.disabled():
        print(f"\n2 workers, 8 people at once: {len(times)} answers, page time p50 {p50 * 1000:.0f} ms, "
              f"p95 {p95 * 1000:.0f} ms")
    served = log.read_text(errors="replace")
    assert "peercoach is serving at http://127.0.0.1:" in served and "answer number" not in served
