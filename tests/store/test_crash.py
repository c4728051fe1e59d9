"""Nothing typed is lost when peercoach is killed: the installed command, in plain mode, is killed
with SIGKILL at random points (while waiting, while saving, between answers), then resumed.

Every answer whose next question had appeared before the kill must be in the store, in order,
exactly once; an answer typed just before the kill may or may not have made it, never twice.
Resuming then finishes the conversation with every answer exactly once.
"""

from __future__ import annotations

import os
import random
import select
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from stress import trials

from engine.conversation.session import Status
from engine.store.sqlite import SqliteStore

PEERCOACH = shutil.which("peercoach", path=str(Path(sys.executable).parent)) or shutil.which("peercoach")
if PEERCOACH is None:
    pytest.skip("the peercoach command is not installed (run the tests with `python3 run.py --tests`)",
                allow_module_level=True)

TRIALS = trials(quick=24, full=60)
QUESTIONS = 8
PROMPT = b"\n> "


@pytest.fixture(scope="module")
def dialogue(tmp_path_factory) -> Path:
    nodes = "".join(f"  q{n}:\n    ask: Question number {n}?\n" for n in range(1, QUESTIONS + 1))
    path = tmp_path_factory.mktemp("crash") / "crash.yaml"
    path.write_text(textwrap.dedent("""\
        id: crash
        title: Crash test
        audience: client
        start: q1
        nodes:
        """) + nodes + "  done:\n    end: All done.\n", encoding="utf-8")
    return path


class Child:
    """A running peercoach whose output we read as it comes."""

    def __init__(self, argv: list[str], env: dict[str, str]):
        self.process = subprocess.Popen([PEERCOACH, *argv], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, env=env)
        self.seen = b""

    def wait_for_prompt(self, count: int, timeout: float = 20) -> None:
        """Read until the ``count``-th answer prompt has been printed."""
        deadline = time.monotonic() + timeout
        fd = self.process.stdout.fileno()
        while self.seen.count(PROMPT) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"prompt {count} never came; output so far:\n{self.seen.decode()}")
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise AssertionError(f"peercoach ended early:\n{self.seen.decode()}")
                self.seen += chunk

    def send(self, line: str) -> None:
        self.process.stdin.write(line.encode() + b"\n")
        self.process.stdin.flush()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=20)
        self.process.stdout.close()
        self.process.stdin.close()


@dataclass
class Trial:
    acknowledged: int  # answers whose next question had appeared before the kill
    sent: int  # answers written to peercoach before the kill
    stored: list[str]  # the answers found in the store afterwards
    final: list[str]  # the answers after resuming to the end
    status: Status | None


def run_trial(number: int, dialogue: Path, root: Path) -> Trial:
    rng = random.Random(number)
    answers = [f"trial {number} answer {n}" for n in range(1, QUESTIONS + 1)]
    store = root / f"store-{number}"
    env = {**os.environ, "PEERCOACH_STORE": str(store), "COLUMNS": "100"}
    child = Child(["--plain", "--person", "Tester", "run", str(dialogue)], env)
    to_send = rng.randint(0, QUESTIONS - 1)  # how many answers to give before the kill
    child.wait_for_prompt(1)
    for index in range(to_send):
        child.send(answers[index])
        if index < to_send - 1:
            child.wait_for_prompt(index + 2)
    # Kill at once (often in the middle of saving), after a moment, or once the next question is up.
    moment = rng.choice(["now", "soon", "after"])
    if moment == "soon":
        time.sleep(rng.uniform(0.0, 0.05))
    elif moment == "after" and to_send:
        child.wait_for_prompt(to_send + 1)
    acknowledged = max(child.seen.count(PROMPT) - 1, 0)
    child.kill()

    opened = SqliteStore(store)  # also runs SQLite's integrity check
    [info] = opened.sessions()
    stored = [e.text for e in opened.load(info.id).log]
    opened.close()

    rest = "".join(a + "\n" for a in answers[len(stored):])
    resumed = subprocess.run([PEERCOACH, "--plain", "resume"], input=rest.encode(), env=env,
                             capture_output=True, timeout=60)
    assert resumed.returncode == 0, resumed.stderr.decode()
    opened = SqliteStore(store)
    record = opened.load(info.id)
    opened.close()
    return Trial(acknowledged, to_send, stored, [e.text for e in record.log], record.status)


@pytest.mark.slow
def test_sigkill_at_random_points_loses_and_duplicates_nothing(dialogue, tmp_path):
    with ThreadPoolExecutor(max_workers=4) as pool:
        trials = list(pool.map(lambda n: run_trial(n, dialogue, tmp_path), range(TRIALS)))
    answers = lambda n: [f"trial {n} answer {i}" for i in range(1, QUESTIONS + 1)]  # noqa: E731
    for number, trial in enumerate(trials):
        expected = answers(number)
        assert trial.stored == expected[: len(trial.stored)], f"trial {number}: stored answers out of order or wrong"
        assert trial.acknowledged <= len(trial.stored) <= trial.sent, (
            f"trial {number}: {trial.acknowledged} answers were acknowledged and {trial.sent} sent, "
            f"but {len(trial.stored)} were stored")
        assert trial.final == expected and trial.status is Status.FINISHED, f"trial {number} did not resume cleanly"
    # The random points did reach the interesting places: kills before, during and after a save.
    assert any(t.sent > t.acknowledged for t in trials) and any(t.sent == t.acknowledged > 0 for t in trials)
    assert sum(t.sent for t in trials) >= TRIALS
