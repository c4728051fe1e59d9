"""What a process starting a conversation loads (issue 15: the cold start and the first prompt):
only the modules of the command it runs, not those of every other command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OTHER_COMMANDS = ("engine.cli.authoring", "engine.cli.serve", "engine.cli.sessions", "engine.cli.people",
                  "engine.dialogue.lint", "engine.dialogue.drawings", "engine.frontends.web")


def test_a_run_loads_its_own_command_and_not_the_others(tmp_path):
    answers = (ROOT / "benchmarks" / "workload" / "answers.txt").read_text(encoding="utf-8")
    code = ("import sys, runpy; sys.argv = ['peercoach', '--plain', '--store', sys.argv[1], '--person', 'Sam', "
            "'run', 'benchmarks/workload/coaching.yaml']\n"
            "try:\n    runpy.run_module('engine', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "print('LOADED', sorted(m for m in sys.modules if m.startswith('engine.')))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "store")], cwd=ROOT, input=answers,
                          capture_output=True, text=True, check=True, timeout=120)
    assert "- Feeling: hopeful" in done.stdout  # the conversation ran to its summary
    loaded = eval(done.stdout.split("LOADED", 1)[1])  # noqa: S307  # our own list of names
    assert "engine.cli.conversations" in loaded
    assert [name for name in loaded if name.startswith(OTHER_COMMANDS)] == []


def test_every_drawing_format_is_offered_by_the_command_line():
    from engine.cli.parser import _FORMATS
    from engine.dialogue.drawings import FORMATS

    assert _FORMATS == FORMATS
