"""`peercoach graph`: a dialogue drawn in Mermaid, DOT and HTML, checked against golden files
(tests/dialogue/golden/walk.*; after a deliberate change, regenerate them with
`peercoach graph tests/dialogue/golden/walk.yaml --format FORMAT`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli import main
from engine.dialogue.drawings import draw
from engine.dialogue.loader import load_library

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def walk():
    return load_library([GOLDEN / "walk.yaml"], bundled=False)["walk"]


@pytest.mark.parametrize("fmt, suffix", [("mermaid", "mmd"), ("dot", "dot"), ("html", "html")])
def test_each_format_matches_its_golden_file(walk, fmt, suffix):
    assert draw(walk, fmt) == (GOLDEN / f"walk.{suffix}").read_text(encoding="utf-8")


def test_the_drawing_shows_kinds_conditions_choices_and_fall_throughs(walk):
    drawn = draw(walk, "mermaid")
    assert 'n0["how: Did you walk today, [person.name]?"]' in drawn  # a question, markup shown plainly
    assert "n0 -->|how| n4" in drawn and "n0 -->|else| n1" in drawn  # conditions label the edges
    assert "n1 -->|The weather| n5" in drawn  # a choice's own way out
    assert "n1 -.-> n2" in drawn  # falling through to the node below is dashed
    assert 'n5(("done: See you next week."))' in drawn and "start((start)) --> n0" in drawn


def test_the_html_page_is_self_contained(walk):
    page = draw(walk, "html")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert "<script" not in page and "http" not in page.replace("http://www.w3.org/2000/svg", "")


def test_graph_writes_a_file_and_refuses_an_unknown_dialogue(tmp_path, capsys):
    out = tmp_path / "walk.html"
    assert main(["graph", str(GOLDEN / "walk.yaml"), "--format", "html", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") and out.stat().st_mode & 0o077 == 0
    assert main(["graph", "strenghts"]) != 0
    assert "did you mean `strengths`" in capsys.readouterr().err
