"""The rehearsals, end to end: each scenario driven through the real command in plain mode by its
answers files in tests/dialogue/paths (`rehearse-*.good.txt` ends on the client's commitment,
`rehearse-*.poor.txt` on their withdrawal, a `.time.txt` at the turn limit), with a fixed seed so the client's lines are the same
each run; the debrief's figures are checked in the session's own turns and in the summary written.
Also: the trainee menu and the rehearse command, and feedback turned off."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from engine.cli import main
from engine.cli.setup import runnable_library, words
from engine.conversation.machine import Conversation
from engine.dialogue.choosing import choose
from engine.dialogue.debriefing import debrief_filter
from engine.store.sqlite import SqliteStore

PATHS = Path(__file__).parent / "paths"
SEED = "paths"

# scenario -> path -> (how it ends, replies kept, tries again, ratio text, complex share or None, a pitfall it has)
EXPECTED: dict[str, dict[str, tuple[str, int, int, str, int | None, str | None]]] = {
    "rehearse-blame": {
        "good": ("committing", 8, 0, "5.0:1", 80, None),
        "poor": ("withdrawing", 8, 1, "0.0:1", None, "dictating_actions"),
        "time": ("guarded", 15, 0, "0.5:1", 75, "missed_cue"),
    },
    "rehearse-crisis": {
        "good": ("committing", 8, 0, "1.3:1", 100, None),
        "poor": ("withdrawing", 8, 1, "0.0:1", None, "minimising"),
        "time": ("committing", 15, 0, "1.6:1", 100, "missed_cue"),
    },
    "rehearse-goal": {
        "good": ("committing", 8, 0, "5.0:1", 60, None),
        "poor": ("withdrawing", 8, 1, "0.0:1", None, "premature_advice"),
        "time": ("guarded", 15, 0, "0.5:1", 75, "missed_cue"),
    },
    "rehearse-strengths": {
        "good": ("committing", 8, 0, "4.0:1", 50, None),
        "poor": ("withdrawing", 8, 1, "0.0:1", None, "confronting"),
        "time": ("guarded", 15, 0, "0.5:1", 75, "dictating_actions"),
    },
    "rehearse-stalled": {
        "good": ("committing", 8, 0, "5.0:1", 40, None),
        "poor": ("withdrawing", 8, 1, "0.0:1", None, "premature_advice"),
        "time": ("guarded", 15, 0, "0.5:1", 50, "missed_cue"),
    },
    "rehearse-tell-me": {
        "good": ("committing", 8, 0, "2.0:1", 100, None),
        "poor": ("withdrawing", 8, 1, "0.0:1", None, "dictating_actions"),
        "time": ("withdrawing", 15, 0, "0.4:1", 67, "confronting"),
    },
}
RUNS = [(scenario, kind) for scenario, kinds in EXPECTED.items() for kind in kinds]


def _answers(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[1:]) + "\n"  # the first line says what the path is for; the CLI skips comments


def _run(tmp: Path, scenario: str, answers: str, *more: str) -> tuple[int, Conversation, str]:
    tmp.mkdir(parents=True, exist_ok=True)
    stdin, sys.stdin = sys.stdin, io.StringIO(answers)
    out = tmp / "debrief.md"
    try:
        code = main(["--store", str(tmp / "s"), "--person", "Robin", "rehearse", scenario, "--plain", "--seed", SEED,
                     "--out", str(out), *more])
    finally:
        sys.stdin = stdin
    store = SqliteStore(tmp / "s")
    record = store.load(store.sessions()[-1].id)
    store.close()
    conversation = Conversation(runnable_library(), words(), record.dialogue, record.log, given=record.context)
    return code, conversation, out.read_text(encoding="utf-8") if out.exists() else ""


class Runs(dict):
    """Each path run once, when a test first asks for it (the inner loop leaves out the turn-limit paths)."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory):
        super().__init__()
        self.tmp_path_factory = tmp_path_factory

    def __missing__(self, key: tuple[str, str]) -> tuple[int, Conversation, str]:
        scenario, kind = key
        tmp = self.tmp_path_factory.mktemp(f"{scenario}-{kind}")
        self[key] = _run(tmp, scenario, _answers(PATHS / f"{scenario}.{kind}.txt"))
        return self[key]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    return Runs(tmp_path_factory)


# The turn-limit paths run 15 replies each: the whole suite runs them, the inner loop does not.
@pytest.mark.parametrize("scenario, kind", [pytest.param(s, k, marks=[pytest.mark.slow] if k == "time" else [],
                                                         id=f"{s}.{k}") for s, k in RUNS])
def test_each_scenario_ends_as_its_path_means_with_the_figures_of_its_replies(runs, scenario, kind):
    code, conversation, summary = runs[scenario, kind]
    ending, replies, retried, ratio, share, pitfall = EXPECTED[scenario][kind]
    assert code == 0 and conversation.finished
    variables = conversation.variables()
    assert variables["state"] == ending and variables["replies"] == replies
    assert variables["ended"] == {"good": "commitment", "poor": "withdrawal", "time": "time"}[kind]
    assert 8 <= variables["replies"] <= 15, "a rehearsal runs 8 to 15 turns"
    debrief = debrief_filter(variables["turns"], variables["practise"])
    assert (debrief["ending"], debrief["turns"], debrief["retried"]) == (ending, replies, retried)
    assert debrief["ratio_text"] == ratio and debrief["complex_share"] == share
    if pitfall:
        assert pitfall in {p["id"] for p in debrief["pitfalls"]}
    # The summary written shows the same figures, the chart and the transcript.
    assert f"**Reflections to questions:** {ratio}" in summary
    assert (f"{share}% of reflections" if share is not None else "no reflections yet") in summary
    assert summary.count("\nturn ") == replies + 1, "one chart line per turn kept, and the start"
    assert summary.count("### Turn ") == replies + retried
    assert 2 <= len(debrief["suggestions"]) <= 3
    assert all(entry.safety is None for entry in conversation.log), "a rehearsal path never sets off the safety net"


@pytest.mark.parametrize("scenario", EXPECTED)
def test_the_good_path_opens_the_client_and_the_poor_path_closes_them(runs, scenario):
    good = debrief_filter(runs[scenario, "good"][1].variables()["turns"])
    poor = debrief_filter(runs[scenario, "poor"][1].variables()["turns"])
    assert good["chart"][-1]["openness"] > good["chart"][0]["openness"] and good["opened_by"]
    assert poor["chart"][-1]["openness"] < poor["chart"][0]["openness"] and poor["closed_by"]
    assert good["ratio_band"] in ("good", "fair") and poor["ratio_band"] == "below fair"


def test_a_retried_reply_keeps_both_attempts_and_the_client_hears_only_the_second(runs):
    _, conversation, summary = runs["rehearse-blame", "poor"]
    turns = conversation.variables()["turns"]
    first, second = turns[0], turns[1]
    assert first["retried"] and not second.get("retried")
    assert first["reply"]["line"] == second["reply"]["line"], "the client says the same line again"
    assert second["before"] == first["before"], "the client is as they were before the first attempt"
    assert "### Turn 1 (first attempt, tried again)" in summary and "### Turn 1\n" in summary


def test_the_crisis_debrief_shows_each_step_of_the_safety_response(runs):
    good = debrief_filter(runs["rehearse-crisis", "good"][1].variables()["turns"])["safety"]
    poor = debrief_filter(runs["rehearse-crisis", "poor"][1].variables()["turns"])["safety"]
    assert good["disclosed"] == 2 and poor["disclosed"] == 2, "Dee discloses in the line after the first reply"
    assert {s["id"] for s in good["taken"]} == {"ask_directly", "ask_safety", "connect_help", "stay_with"}
    assert [s["turn"] for s in good["taken"] if s["id"] == "ask_directly"] == [2]
    assert poor["taken"] == [] and len(poor["missing"]) == 4
    summary = runs["rehearse-crisis", "poor"][2]
    assert "## Safety response" in summary and "**Not done:** asks directly about suicide" in summary
    assert '"Are you having thoughts of suicide?' in summary, "the first suggestion is to ask directly"


def test_feedback_after_each_reply_and_none_with_no_feedback(tmp_path):
    answers = _answers(PATHS / "rehearse-blame.poor.txt")
    _, with_feedback, _ = _run(tmp_path / "on", "rehearse-blame", answers)
    assert any("Feedback:" in said for said in _said(with_feedback))
    quiet = "".join(line + "\n" for line in answers.splitlines() if line not in ("yes", "no"))
    code, without, summary = _run(tmp_path / "off", "rehearse-blame", quiet, "--no-feedback")
    assert code == 0 and without.finished and without.given["feedback"] is False
    assert not any("Feedback:" in said for said in _said(without))
    assert "## Figures" in summary, "the debrief is kept"


def _said(conversation: Conversation) -> list[str]:
    """Everything the rehearsal said, replayed answer by answer."""
    replay = Conversation(runnable_library(), words(), conversation.dialogue.id, given=conversation.given)
    said = list(replay.current_turn().messages)
    for entry in conversation.answers:
        said += replay.reply(entry.text).messages
    return said


def test_the_same_seed_gives_the_same_rehearsal_and_another_seed_another():
    lines = ["a", "b", "c", "d", "e"]
    assert [choose(lines, SEED, turn) for turn in range(5)] == [choose(lines, SEED, turn) for turn in range(5)]
    assert len({tuple(choose(lines, seed, turn) for turn in range(5)) for seed in "abcdef"}) > 1


def test_there_are_six_scenarios_and_each_is_tested_here(bundled):
    from engine.cli.progress import rehearsals
    assert {d.id for d in rehearsals(bundled)} == set(EXPECTED) and len(EXPECTED) == 6


def test_the_trainee_menu_lists_checks_and_rehearsals_but_not_their_parts(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    main(["--store", str(tmp_path / "s"), "--person", "Robin", "menu", "--trainee", "--plain"])
    shown = capsys.readouterr().out
    assert "Knowledge check" in shown and "Rehearsal: Jo" in shown
    assert "Feedback on a rehearsal reply" not in shown


def test_rehearse_lists_only_rehearsals_and_refuses_another_dialogue(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    main(["--store", str(tmp_path / "s"), "--person", "Robin", "rehearse", "--plain"])
    shown = capsys.readouterr().out
    assert "Rehearsal: Jo" in shown and "Knowledge check" not in shown
    assert main(["--store", str(tmp_path / "s"), "--person", "Robin", "rehearse", "check-goals"]) != 0
    assert "not a rehearsal" in capsys.readouterr().err


def test_every_rehearsal_has_both_paths_and_names_strategies_of_the_catalogue(bundled):
    from engine.cli.progress import rehearsals
    for dialogue in rehearsals(bundled):
        assert (PATHS / f"{dialogue.id}.good.txt").exists() and (PATHS / f"{dialogue.id}.poor.txt").exists()
        assert set(dialogue.variables["practise"]) <= set(bundled.strategies), dialogue.id
        lines = dialogue.variables["lines"]
        assert set(lines) == {"guarded", "opening", "committing", "withdrawing"}, dialogue.id
        assert all(len(said) >= 3 for said in lines.values()), f"{dialogue.id}: several lines per state"
        assert not re.search(r"\{\{|\{%", str(lines)), "a client's lines are plain words"


def test_progress_across_rehearsals_is_charted_and_exported(tmp_path, capsys):
    for scenario, kind in (("rehearse-blame", "poor"), ("rehearse-goal", "good")):
        assert _run(tmp_path, scenario, _answers(PATHS / f"{scenario}.{kind}.txt"))[0] == 0
    stdin, sys.stdin = sys.stdin, io.StringIO(_answers(PATHS / "rehearse-stalled.good.txt"))
    try:
        main(["--store", str(tmp_path / "s"), "--person", "Robin", "rehearse", "rehearse-stalled", "--plain",
              "--seed", SEED, "--out", str(tmp_path / "debrief.html")])
    finally:
        sys.stdin = stdin
    _, conversation, summary = _run(tmp_path, "rehearse-crisis", _answers(PATHS / "rehearse-crisis.good.txt"))
    earlier = conversation.given["person"]["rehearsals"]
    assert [(r["dialogue"], r["ratio_text"], r["complex_share"]) for r in earlier] == [
        ("rehearse-blame", "0.0:1", None), ("rehearse-goal", "5.0:1", 60), ("rehearse-stalled", "5.0:1", 40)]
    assert "## Your rehearsals so far" in summary and "(this one)" in summary
    assert summary.index("0.0:1     -") < summary.index("5.0:1   60%"), "oldest first"
    html = (tmp_path / "debrief.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 2 and "Across your rehearsals" in html, "the openness chart and the progress chart"
    capsys.readouterr()
    assert main(["--store", str(tmp_path / "s"), "sessions", "export", "Robin"]) == 0
    import json
    exported = json.loads(capsys.readouterr().out)
    assert [r["dialogue"] for r in exported["rehearsals"]] == ["rehearse-blame", "rehearse-goal", "rehearse-stalled",
                                                               "rehearse-crisis"]
    crisis = exported["rehearsals"][-1]
    assert crisis["ended"] == "commitment" and crisis["safety_steps_missed"] == [] and crisis["ratio_text"] == "1.3:1"
    assert exported["rehearsals"][0]["pitfalls"]["dictating_actions"] >= 1
