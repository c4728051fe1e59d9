"""The installed ``peercoach`` command, as a person or a script would use it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.store.sqlite import SqliteStore

pexpect = pytest.importorskip("pexpect")
pyte = pytest.importorskip("pyte")

pytestmark = pytest.mark.slow

PEERCOACH = shutil.which("peercoach", path=str(Path(sys.executable).parent)) or shutil.which("peercoach")
if PEERCOACH is None:
    pytest.skip("the peercoach command is not installed (run the tests with `python3 run.py --tests`)",
                allow_module_level=True)

# The first line answers "What name would you like me to use?" (a new store knows nobody yet).
ANSWERS = ["Sam", "I lost my job", "my sister", "yes", "I kept going", "kind, funny", "",
           "3", "Jo, my sponsor", "the park", "", "", "2", "find work", "being honest", "", "no"]


def environment(store: Path, **more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR",)}
    env.update({"PEERCOACH_STORE": str(store), "TERM": "xterm-256color", "COLUMNS": "100", **more})
    return env


def sessions(store: Path) -> list[dict]:
    """Every saved session as `sessions show --json` prints it, with its full log."""
    opened = SqliteStore(store)
    try:
        return [opened.load(info.id).to_dict() for info in opened.sessions()]
    finally:
        opened.close()


def test_plain_mode_with_an_answers_file(tmp_path):
    answers = tmp_path / "answers.txt"
    answers.write_text("\n".join(ANSWERS) + "\n")
    out = tmp_path / "summary.md"
    with answers.open() as stdin:
        done = subprocess.run([PEERCOACH, "run", "strengths", "--out", str(out)], stdin=stdin,
                              capture_output=True, text=True, env=environment(tmp_path / "store"), timeout=60)
    assert done.returncode == 0, done.stderr
    assert "\x1b[" not in done.stdout  # plain mode prints no escape codes
    assert "Thank you, Sam." in done.stdout
    summary = out.read_text()
    assert "Honesty, being real with people" in summary and "Jo and my sponsor" in summary
    [session] = sessions(tmp_path / "store")
    assert session["status"] == "finished" and session["answers"] == len(ANSWERS) - 1 and session["person"] == "Sam"


def test_plain_mode_pauses_at_end_of_input_and_resumes(tmp_path):
    store = tmp_path / "store"
    first = subprocess.run([PEERCOACH, "run", "strengths"], input="\n".join(ANSWERS[:5]) + "\n",
                           capture_output=True, text=True, env=environment(store), timeout=60)
    assert first.returncode == 0 and "Paused" in first.stdout
    [session] = sessions(store)
    assert [e["text"] for e in session["log"]] == ANSWERS[1:5]
    second = subprocess.run([PEERCOACH, "resume", session["id"]], input="\n".join(ANSWERS[5:]) + "\n",
                            capture_output=True, text=True, env=environment(store), timeout=60)
    assert second.returncode == 0 and "Thank you, Sam." in second.stdout
    [session] = sessions(store)
    assert session["status"] == "finished" and [e["text"] for e in session["log"]] == ANSWERS[1:]


class Terminal:
    """A real pseudo-terminal running peercoach, with the screen as a person would see it."""

    def __init__(self, args: list[str], env: dict[str, str], rows: int = 30, columns: int = 100):
        self.child = pexpect.spawn(PEERCOACH, args, env=env, dimensions=(rows, columns), encoding="utf-8")
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.Stream(self.screen)
        self.raw = ""

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, wanted: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = self.child.read_nonblocking(65536, timeout=0.2)
                self.raw += chunk
                parts = chunk.split("\x1b[6n")
                for index, part in enumerate(parts):
                    self.stream.feed(part)
                    if index < len(parts) - 1:  # answer a cursor position request, as terminals do
                        cursor = self.screen.cursor
                        self.child.send(f"\x1b[{cursor.y + 1};{cursor.x + 1}R")
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                break
            if wanted in self.text():
                return self.text()
        raise AssertionError(f"{wanted!r} never appeared on the screen:\n{self.text()}")

    def toolbar(self) -> str:
        """The bottom line of what peercoach draws."""
        return [line for line in self.text().splitlines() if line.strip()][-1]

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def finish(self) -> int:
        self.child.expect(pexpect.EOF, timeout=15)
        self.child.close()
        return self.child.exitstatus


def test_real_terminal_toolbar_choices_and_ctrl_c(tmp_path):
    store = tmp_path / "store"
    term = Terminal(["run", "strengths"], environment(store))
    term.wait_for("What name would you like me to use?")
    term.send("Sam\r")
    screen = term.wait_for("step 1 of about")
    assert "Hi, and welcome." in screen and "Good to have you here, Sam." in screen
    assert term.toolbar().startswith("My strengths and supports | Looking back | step 1 of about")
    for answer in ["I lost my job", "my sister", "no", "kind, funny", ""]:
        term.send(answer + "\r")
        time.sleep(0.3)
    screen = term.wait_for("Which of these strengths feels most like you?")
    assert re.search(r"1\. +Kindness, caring about others", screen)
    term.wait_for("arrows or number, Enter")
    # too long for 100 columns, so the title gives way to the section and the keys
    assert term.toolbar() == "What you are good at | step 6 of about 15 | arrows or number, Enter | / for commands"
    term.send("\x1b[B")  # arrow down to the second option
    time.sleep(0.3)
    term.send("\r")
    screen = term.wait_for("Who are the people you can turn to?")
    assert "Let's make a map of your supports, Sam." in screen
    term.wait_for("step 7 of about")
    assert "Your supports | step 7 of about" in term.toolbar()
    term.send("\x03")  # Ctrl-C pauses safely
    term.wait_for("Paused. Your answers are saved.")
    assert term.finish() == 0
    [session] = sessions(store)
    assert session["status"] == "paused"
    assert [e["display"] for e in session["log"]][-1] == "Courage, facing hard things"


@pytest.mark.parametrize("flag, env", [(["--no-color"], {}), ([], {"NO_COLOR": "1"})])
def test_no_color_is_honoured(tmp_path, flag, env):
    term = Terminal(["run", "strengths", *flag], environment(tmp_path / "store", **env))
    term.wait_for("What name would you like me to use?")
    term.send("Sam\r")
    term.wait_for("Think of a time when life was hard")
    term.send("/nope\r")
    term.wait_for("is not a command I know")
    term.send("\x04")  # Ctrl-D pauses too
    term.wait_for("Paused")
    assert term.finish() == 0
    assert not re.search(r"\x1b\[[0-9;]*(3[0-9]|38;[25];[0-9;]+)m", term.raw)


def test_colour_is_used_when_allowed(tmp_path):
    term = Terminal(["run", "strengths"], environment(tmp_path / "store"))
    term.wait_for("What name would you like me to use?")
    term.send("Sam\r")
    term.wait_for("Think of a time when life was hard")
    term.send("/nope\r")
    term.wait_for("is not a command I know")
    term.send("\x04")
    term.wait_for("Paused")
    term.finish()
    assert re.search(r"\x1b\[[0-9;]*38;[25];[0-9;]+m", term.raw)  # the check above can fail


def test_menu_labels_fit_a_narrow_terminal(tmp_path):
    term = Terminal(["menu"], environment(tmp_path / "store"), rows=40, columns=60)
    screen = term.wait_for("What would you like to work on today?")
    term.wait_for("Map my supports")
    words = " ".join(screen.split())
    assert "what has helped you before, and who and what you can lean on." in words  # nothing cut off
    term.send("\x04")
    assert term.finish() == 0


def test_plain_mode_acute_answer_shows_resources_records_it_and_finishes(tmp_path):
    answers = list(ANSWERS)
    answers[1] = "Last night I wanted to kill myself"  # the hard time, told in the person's own words
    answers.insert(2, "1")  # carry on with the conversation
    answers.insert(3, "shaky but ok")  # how are you feeling right now?
    out = tmp_path / "summary.html"
    done = subprocess.run([PEERCOACH, "run", "strengths", "--region", "uk-ie", "--out", str(out)],
                          input="\n".join(answers) + "\n", capture_output=True, text=True,
                          env=environment(tmp_path / "store"), timeout=60)
    assert done.returncode == 0, done.stderr
    shown = done.stdout
    crisis = shown.index("Thank you for telling me.")
    assert shown.index("Samaritans") > shown.index("call 999 or 112") > crisis  # emergency services first
    assert shown.index("What did you do, or what helped you") > shown.index("How are you feeling right now?")
    assert "Thank you, Sam." in shown  # finished
    assert shown.index("To read first") < shown.index("\nMy strengths and supports: Sam\n")  # plain text
    assert "You told us you were thinking of ending your life" in shown
    [session] = sessions(tmp_path / "store")
    [flagged] = [e for e in session["log"] if e.get("safety")]
    assert flagged["text"] == "Last night I wanted to kill myself"
    assert flagged["safety"]["level"] == "acute" and flagged["node"] == "strengths:hard_time"
    html = out.read_text()
    assert html.index("To read first") < html.index("Getting through hard times")


def test_output_cut_short_by_a_pipe_is_not_a_traceback(tmp_path):
    data = tmp_path / "many.tsv"
    data.write_text("level\ttext\n" + "possible\tall fine here\n" * 5000)
    done = subprocess.run(f"'{PEERCOACH}' eval crisis '{data}' | head -1", shell=True,
                          capture_output=True, text=True, env=environment(tmp_path / "store"), timeout=60)
    assert done.stdout.startswith("class") and "Traceback" not in done.stderr, done.stderr
