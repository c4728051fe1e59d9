"""`peercoach transcripts`: each distinct route through a dialogue, readable by a reviewer."""

from __future__ import annotations

from pathlib import Path

from engine.authoring.transcripts import routes, transcript
from engine.cli import main
from engine.dialogue.loader import load_library

WALK = Path(__file__).parent / "golden" / "walk.yaml"


def test_each_choice_and_yes_or_no_that_leads_elsewhere_is_its_own_route(messages):
    library = load_library([WALK], bundled=False)
    found = routes(library, messages, "walk")
    assert sorted(route.answers for route in found) == [["no", "Something else"], ["no", "The weather"], ["yes"]]
    assert all(route.finished for route in found)
    text = transcript("A walk", 1, next(r for r in found if r.answers == ["yes"]))
    assert text.startswith("## Route 1: 1 answers, it ends here")
    assert "**Did you walk today, Sam?**" in text and "> **yes**" in text and "Well done!" in text


def test_the_bound_is_kept_and_the_command_writes_a_file(tmp_path, capsys, bundled, messages):
    assert len(routes(bundled, messages, "goals", most=3)) == 3
    out = tmp_path / "routes.md"
    assert main(["transcripts", "review", "--most", "4", "--out", str(out)]) == 0
    written = out.read_text(encoding="utf-8")
    assert written.startswith("# Reviewing my progress: 4 routes") and written.count("## Route ") == 4
