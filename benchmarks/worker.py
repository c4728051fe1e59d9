"""The parts of the suite that need a fresh process each time, one JSON line on stdout.

    python -m benchmarks.worker load ENGINE N cold|cache
    python -m benchmarks.worker memory ENGINE SESSIONS traced|rss

``load``: the engine's adapter is imported and the generated N-question dialogue written first
(not timed); then one load is timed. Cold means nothing of it was loaded before in this process
(nor in a cache: "cache" times a second load that an engine's cache would serve, for adapters
that say they have one). ``memory``: SESSIONS sessions kept alive, each after the first
``HALF`` answers; traced counts what Python allocated for them (tracemalloc), rss what the
process grew by (which sees a native library's memory too; measured without tracemalloc, whose
own records would count). Then one finished session's serialised size.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from benchmarks.peers.common import adapter, answers, converse

HALF = 10  # answers given in each live session, of the workload's 19


def load(name: str, n: int, mode: str) -> dict[str, Any]:
    module = adapter(name).module
    assert module is not None and module.prepare is not None, f"{name} has nothing to load"
    with tempfile.TemporaryDirectory() as folder:
        prepared = module.prepare(n, Path(folder))
        gc.collect()
        if mode == "cache":
            cached = getattr(module, "build_cached", None)
            assert cached is not None, f"{name} has no cache"
            module.build(prepared)  # the cold load that fills the cache
            gc.collect()
            started = time.perf_counter()
            cached(prepared)
        else:
            started = time.perf_counter()
            module.build(prepared)
        return {"seconds": time.perf_counter() - started}


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def memory(name: str, count: int, mode: str) -> dict[str, Any]:
    module = adapter(name).module
    assert module is not None
    engine = module.engine()
    given = answers()
    converse(engine.session(), given)  # once through first: what is built on first use is not per session
    gc.collect()
    if mode == "traced":
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
    else:
        before = _rss()
    alive = []
    for _ in range(count):
        session = engine.session()
        session.start()
        for text in given[:HALF]:
            session.answer(text)
        alive.append(session)
    gc.collect()
    grown = (tracemalloc.get_traced_memory()[0] if mode == "traced" else _rss()) - before
    tracemalloc.stop()
    finished = engine.session()
    converse(finished, given)
    result: dict[str, Any] = {"per_session": grown / count, "serialised": len(finished.serialise().encode())}
    if hasattr(finished, "state_json"):
        result["state"] = len(finished.state_json().encode())
    return result


def main(argv: list[str]) -> None:
    job, name, number, mode = argv
    result = load(name, int(number), mode) if job == "load" else memory(name, int(number), mode)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
