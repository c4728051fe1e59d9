"""What the browser tests need: Debian's chromium driven by Playwright, axe-core from its npm
package (kept in ~/.cache/peercoach-test), and a real uvicorn server on a free localhost port.
Each is looked for once; a test that cannot have one is skipped with the reason."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "peercoach-test"


def chromium_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (it is in the test extra)"
    if not os.access(CHROMIUM, os.X_OK):
        return f"no browser: {CHROMIUM} is missing (`apt-get install -y chromium`; .ci/run does it)"
    return None


def axe_script() -> Path | None:
    """axe.min.js from the npm package axe-core, fetched once with `npm pack` into the cache."""
    found = CACHE / "axe.min.js"
    if found.is_file():
        return found
    npm = shutil.which("npm")
    if npm is None:
        return None
    CACHE.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([npm, "pack", "axe-core", "--silent", "--pack-destination", str(CACHE)],
                          capture_output=True, text=True, timeout=180)
    names = [line.strip() for line in done.stdout.splitlines() if line.strip().endswith(".tgz")]
    if done.returncode != 0 or not names:
        return None
    with tarfile.open(CACHE / names[-1]) as packed:
        member = packed.extractfile("package/axe.min.js")
        if member is None:
            return None
        found.write_bytes(member.read())
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(store: Path, folder: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    """`peercoach serve` in its own process; returns once it answers."""
    env = {**os.environ, "PEERCOACH_REGION": "ca-us"}
    process = subprocess.Popen([sys.executable, "-m", "engine", "--store", str(store), "serve", "--port", str(port),
                                "--dialogues", str(folder), "--region", "ca-us"],
                               stdout=log.open("wb"), stderr=subprocess.STDOUT, env=env,
                               cwd=Path(__file__).resolve().parents[2])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"peercoach serve stopped: {log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("peercoach serve did not start in 30 s")


def serious(results: dict[str, object]) -> list[str]:
    """The axe violations of serious or critical impact, one line each."""
    violations = results.get("violations")
    assert isinstance(violations, list)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {json.dumps([n['target'] for n in v['nodes']][:3])}"
            for v in violations if v.get("impact") in ("serious", "critical")]
