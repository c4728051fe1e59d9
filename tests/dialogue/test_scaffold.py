"""`peercoach new`: a starter dialogue that validates with no warnings, summary templates that the
load checks accept, and a test file whose cases pass."""

from __future__ import annotations

import pytest

from engine.cli import main


@pytest.mark.parametrize("audience", ["client", "trainee"])
def test_new_writes_a_dialogue_that_validates_and_whose_tests_pass(tmp_path, capsys, audience):
    assert main(["new", "sleep-check-in", "--audience", audience, "--into", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["sleep-check-in.html.j2", "sleep-check-in.md.j2", "sleep-check-in.test.yaml", "sleep-check-in.yaml"]
    assert all(p.stat().st_mode & 0o077 == 0 for p in tmp_path.iterdir())
    capsys.readouterr()
    assert main(["validate", str(tmp_path / "sleep-check-in.yaml")]) == 0
    assert ": 0 errors, 0 warnings" in capsys.readouterr().err
    assert main(["test", str(tmp_path / "sleep-check-in.test.yaml"), "--coverage"]) == 0
    out = capsys.readouterr().out
    assert "ok      sleep-check-in: a good week" in out and "nodes 100%, branches 100%" in out


def test_new_refuses_a_taken_id_a_bad_name_and_files_in_the_way(tmp_path, capsys):
    assert main(["new", "strengths", "--into", str(tmp_path)]) != 0
    assert "there is already a dialogue `strengths`" in capsys.readouterr().err
    assert main(["new", "Sleep Check", "--into", str(tmp_path)]) != 0
    assert "cannot be a dialogue id" in capsys.readouterr().err
    (tmp_path / "sleep.md.j2").write_text("mine", encoding="utf-8")
    assert main(["new", "sleep", "--into", str(tmp_path)]) != 0
    assert "sleep.md.j2 already exists" in capsys.readouterr().err
    assert (tmp_path / "sleep.md.j2").read_text(encoding="utf-8") == "mine" and not (tmp_path / "sleep.yaml").exists()
