"""Hostile answers and settings: nothing a person types can drive the terminal, break the store
or swap the crisis lines (issue 13, items 3, 5 and 6)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import main
from engine.ground.printable import json_text, markdown_text, printable

PEERCOACH = str(Path(sys.executable).with_name("peercoach"))
# An OSC 52 clipboard write, a window title, a screen clear, NUL, a right-to-left override, a C1 CSI.
HOSTILE = ["copy \x1b]52;c;ZXZpbA==\x07 me", "title \x1b]0;owned\x07", "clear \x1b[2J\x1b[H", "nul \x00 byte",
           "rtl \u202egnp.exe", "c1 \x9b31m"]
RAW = ("\x1b", "\x07", "\x00", "\u202e", "\x9b")
DIALOGUE = "id: echo\ntitle: Echo\naudience: client\nstart: q1\nnodes:\n" + "".join(
    f"  q{n}:\n    ask: Question {n}?\n" for n in range(1, 9)) + "  done:\n    end: Thanks.\n"


def environment(store: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PEERCOACH")}
    return {**env, "PEERCOACH_STORE": str(store), "PEERCOACH_REGION": "ca-us", "NO_COLOR": "1"}


def run(args: list[str], store: Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([PEERCOACH, *args], input=stdin, capture_output=True, env=environment(store), timeout=60)


def assert_clean(output: bytes | str) -> None:
    text = output.decode("utf-8", "replace") if isinstance(output, bytes) else output
    found = [repr(c) for c in RAW if c in text]
    assert not found, f"raw control characters in the output: {found}"


def test_the_helpers():
    assert printable("a\x1b[2Jb\u202ec\td\ne") == "a\u241b[2Jb\ufffdc\td\ne"
    assert markdown_text("<script>alert(1)</script> [x](javascript:alert(1))") == \
        "\\<script\\>alert(1)\\</script\\> \\[x\\](javascript:alert(1))"
    assert json.loads(json_text({"a": "x\x1b\u202e\x9b"})) == {"a": "x\x1b\u202e\x9b"}  # the same data...
    assert_clean(json_text({"a": "x\x1b\u202e\x9b"}))  # ...safe to print


@pytest.mark.slow
def test_hostile_answers_are_kept_exactly_and_shown_harmlessly(tmp_path):
    store = tmp_path / "store"
    dialogue = tmp_path / "echo.yaml"
    dialogue.write_text(DIALOGUE)
    answers = ["Sam", *HOSTILE, "/summary", "<script>alert(1)</script> [click](javascript:alert(1))", "fine"]
    md, html = tmp_path / "s.md", tmp_path / "s.html"
    done = run(["--plain", "run", str(dialogue), "--out", str(md)], store, "\n".join(answers).encode() + b"\n")
    assert done.returncode == 0, done.stderr
    assert_clean(done.stdout)  # the questions, the echoed answers, /summary and the end summary
    [session] = json.loads(run(["sessions", "list", "--json"], store).stdout)
    shown = run(["sessions", "show", session["id"]], store)
    assert_clean(shown.stdout)
    summary = run(["summary", session["id"]], store)
    assert_clean(summary.stdout)
    assert b"\\<script\\>" in summary.stdout and b"<script>" not in summary.stdout
    assert run(["summary", session["id"], "--out", str(html)], store).returncode == 0
    for written in (md, html):
        assert_clean(written.read_bytes())
    assert "<script>" not in html.read_text() and "&lt;script&gt;" in html.read_text()
    # Stored text stays as typed: the JSON view has every character, escaped.
    record = json.loads(run(["sessions", "show", session["id"], "--json"], store).stdout)
    typed = [entry["text"] for entry in record["entries"]]
    assert "copy \x1b]52;c;ZXZpbA==\x07 me" in typed and "rtl \u202egnp.exe" in typed
    assert_clean(run(["sessions", "show", session["id"], "--json"], store).stdout)


@pytest.mark.slow
def test_bytes_that_are_not_utf8_are_kept_not_a_traceback(tmp_path):
    store = tmp_path / "store"
    done = run(["--person", "Sam", "--plain", "run", "mindset"], store, b"caf\xe9 au lait\n")
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    [session] = json.loads(run(["sessions", "list", "--json"], store).stdout)
    assert session["answers"] == 1 and session["status"] == "paused"
    record = json.loads(run(["sessions", "show", session["id"], "--json"], store).stdout)
    assert record["entries"][0]["text"] == "caf\ufffd au lait"


def run_here(args: list[str], store: Path, monkeypatch, capsys, stdin: str = "", **env: str) -> tuple[int, str, str]:
    """``run`` without a process of its own, for what needs none: the command's ``main`` in this
    process, in the environment ``run`` gives a child; (exit status, output, error output)."""
    for name in [name for name in os.environ if name.startswith("PEERCOACH") and name != "PEERCOACH_CACHE"]:
        monkeypatch.delenv(name)
    for name, value in {"PEERCOACH_STORE": str(store), "PEERCOACH_REGION": "ca-us", "NO_COLOR": "1", **env}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("region", ["../../../etc/passwd", "/tmp/fake-region", "uk-ie/../ca-us", "x.yaml"])
def test_a_region_is_a_code_never_a_path(tmp_path, monkeypatch, capsys, region):
    code, _, err = run_here(["--region", region, "--person", "Sam", "--plain", "run", "mindset"], tmp_path / "store",
                            monkeypatch, capsys)
    assert code == 1
    assert "a region is a code such as ca, ca-us, ie, uk, uk-ie, us, not a file or path" in err
    assert "Traceback" not in err


def test_a_region_from_the_environment_is_checked_too(tmp_path, monkeypatch, capsys):
    fake = tmp_path / "fake.yaml"
    fake.write_text("region: Fake\nemergency: '555-0100'\nresources:\n  - {name: Totally Real, reach: x, hours: y}\n")
    code, out, err = run_here(["--person", "Sam", "--plain", "run", "mindset"], tmp_path / "store", monkeypatch, capsys,
                              "I want to die\n", PEERCOACH_REGION=str(fake.with_suffix("")))
    assert "555-0100" not in out and "Totally Real" not in out
    assert code == 1 and "not a file or path" in err
