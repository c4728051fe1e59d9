#!/usr/bin/env python3
"""Quick start: set up peercoach in ./.venv on first use, then run it.

    python3 run.py            start the guided conversation (any other arguments go to peercoach)
    python3 run.py --tests    run the whole test suite on every core (any other arguments go to pytest)
    python3 run.py --tests -m "not slow" -n auto
                              the inner loop: every test but the slow end-to-end ones, on every core
    python3 run.py --checks   run the style and type checks CI runs first (ruff, mypy --strict)

Needs only Python 3.11+ and pip. The environment is rebuilt when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
STAMP = VENV / ".peercoach-installed"


def _fingerprint() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def _say(text: str) -> None:
    print(f"[peercoach setup] {text}", file=sys.stderr, flush=True)


def ensure_environment() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036  # run by whatever python3 a machine has
        sys.exit(f"peercoach needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if STAMP.exists() and PYTHON.exists() and STAMP.read_text() == _fingerprint():
        return
    if not PYTHON.exists():
        _say("first run: creating a private environment in .venv (about a minute)...")
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
            pip = [str(PYTHON), "-m", "pip"]
        except (subprocess.CalledProcessError, OSError):
            # Some systems ship Python without ensurepip; use this Python's pip instead.
            venv.EnvBuilder(with_pip=False, clear=True).create(VENV)
            pip = [sys.executable, "-m", "pip", "--python", str(PYTHON)]
    else:
        ok = subprocess.run([str(PYTHON), "-m", "pip", "--version"], capture_output=True).returncode == 0
        pip = [str(PYTHON), "-m", "pip"] if ok else [sys.executable, "-m", "pip", "--python", str(PYTHON)]
    _say("installing peercoach and what it needs...")
    done = subprocess.run([*pip, "install", "--quiet", "--disable-pip-version-check",
                           "--editable", f"{ROOT}[test,dev]"])
    if done.returncode != 0:
        sys.exit("[peercoach setup] installing failed; see the messages above. "
                 "Check the internet connection and run the same command again.")
    STAMP.write_text(_fingerprint())


def _tests(given: list[str]) -> int:
    """The whole suite: the quick tests spread over every core (pytest-xdist; a test file's module
    fixtures stay on one worker), then the slow ones, which start many processes, kill them and wait
    for them, alone, so their waits are not spent on other tests. Arguments that choose tests or
    workers (``-m``, ``-k``, ``-n``, a path) make it one pytest run with exactly those arguments."""
    pytest = [str(PYTHON), "-m", "pytest"]
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled tests and engine are kept (see tests/conftest.py)
    chooses = any(arg in ("-m", "-k", "-n") or arg.startswith(("-n", "--numprocesses", "tests"))
                  or Path(arg.split("::")[0]).exists() for arg in given)
    if chooses:
        return subprocess.call([*pytest, *given])
    quick = subprocess.call([*pytest, "-m", "not slow", "-n", "auto", "--dist", "loadscope", *given])
    slow = subprocess.call([*pytest, "-m", "slow", *given])
    return quick or slow


def main(argv: list[str]) -> int:
    ensure_environment()
    if argv[:1] == ["--tests"]:
        os.chdir(ROOT)
        return _tests(argv[1:])
    elif argv[:1] == ["--checks"]:
        os.chdir(ROOT)
        for check in (["ruff", "check", "."], ["mypy"]):
            done = subprocess.run([str(PYTHON), "-m", *check])
            if done.returncode != 0:
                return done.returncode
        return 0
    else:
        command = [str(PYTHON), "-m", "engine", *argv]
        # So that peercoach's hints ("to carry on later, run ...") name the command that works here.
        os.environ.setdefault("PEERCOACH_LAUNCHER", "python3 run.py")
    if os.name == "nt":
        return subprocess.call(command)
    os.execv(command[0], command)  # hand the terminal over: Ctrl-C reaches peercoach itself


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
