"""Dialogue tests (`*.test.yaml` beside the dialogues): every bundled case runs here as a pytest
test, and the runner, its reports and its coverage are tested on cases of our own."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from engine.authoring.cases import case_files, read_cases
from engine.authoring.coverage import coverage
from engine.authoring.runner import run_case
from engine.cli import main
from engine.dialogue.loader import load_library
from engine.ground.errors import DialogueLoadError
from engine.ground.files import resource_dir

BUNDLED = [case for file in case_files([resource_dir("dialogues")]) for case in read_cases(file)]


@pytest.mark.parametrize("case", BUNDLED, ids=[f"{c.dialogue}: {c.name}" for c in BUNDLED])
def test_bundled_dialogue_case(bundled, messages, case):
    # the example folder's cases (dialogues/examples) run with that folder added, as `peercoach test` does
    library = bundled if case.dialogue in bundled else load_library([Path(case.span.file).parent])
    outcome = run_case(library, messages, case)
    assert outcome.passed, "\n".join(outcome.failures)


def test_every_client_dialogue_has_tests():
    tested = {case.dialogue for case in BUNDLED}
    clients = {d.id for d in load_library().dialogues.values() if d.audience.value == "client"}
    assert clients <= tested, f"no tests for {sorted(clients - tested)}"


WALK = """
    id: walk
    title: A walk
    audience: client
    start: how
    nodes:
      how:
        ask: Did you walk today?
        type: yesno
        next:
          - if: how
            then: well_done
          - else: why_not
      why_not:
        ask: What got in the way?
        help: A word is fine.
        next: done
      well_done:
        say: Well done!
      done:
        end: See you next week.
"""


def _write(tmp_path, tests: str):
    (tmp_path / "walk.yaml").write_text(textwrap.dedent(WALK).lstrip(), encoding="utf-8")
    path = tmp_path / "walk.test.yaml"
    path.write_text(textwrap.dedent(tests).lstrip(), encoding="utf-8")
    return load_library([tmp_path], bundled=False), path


def test_a_diverging_case_says_where_the_walk_went(tmp_path, messages):
    library, path = _write(tmp_path, """
        tests:
          - name: expects praise after a no
            answers: ["no", "rain"]
            expect:
              visits: [how, well_done]
              vars: {how: true}
              says: [Well done]
              summary: ["Did you walk today?"]
    """)
    [case] = read_cases(path)
    outcome = run_case(library, messages, case)
    assert outcome.failures[0].startswith("expected to visit `well_done`, but after answer 1 ('no') the walk went")
    assert "why_not" in outcome.failures[0]
    assert "`how` is False, expected True" in outcome.failures and "never said 'Well done'" in outcome.failures
    assert len(outcome.failures) == 3  # the summary does hold the question


def test_coverage_names_what_no_case_visits(tmp_path, messages):
    library, path = _write(tmp_path, """
        tests:
          - name: a yes
            answers: ["yes"]
            expect: {visits: [how, well_done, done], finished: true}
    """)
    [case] = read_cases(path)
    outcome = run_case(library, messages, case)
    assert outcome.passed
    found = coverage(library["walk"], [outcome.trace])
    assert found.missed_nodes() == [(13, "why_not")]
    assert round(found.node_share, 2) == 0.75 and round(found.branch_share, 2) == 0.5


@pytest.mark.parametrize("text, expected", [
    ("tests:\n  - name: x\n    answers: [a]\n    expect: {visits: [a], safty: none}\n",
     "walk.test.yaml:4:27: unknown key `safty` in `expect`: did you mean `safety`?"),
    ("tests:\n  - name: x\n    answers: [a]\n    expect: {safety: urgent}\n",
     "walk.test.yaml:4:22: `safety` should be one of `none`, `possible`, `acute`, not `urgent`"),
    ("tests:\n  - answers: [a]\n", "walk.test.yaml:2:5: a test case is missing `name`"),
])
def test_a_malformed_test_file_is_a_located_error(tmp_path, text, expected):
    _, path = _write(tmp_path, "tests: []\n")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DialogueLoadError) as caught:
        read_cases(path)
    assert str(caught.value.problems[0]).rsplit("/", 1)[-1] == expected


def test_peercoach_test_runs_files_and_reports_coverage(tmp_path, capsys):
    _write(tmp_path, """
        tests:
          - name: a yes
            answers: ["yes"]
            expect: {finished: true}
          - name: a wrong expectation
            answers: ["no", "rain"]
            expect: {finished: false}
    """)
    assert main(["test", str(tmp_path / "walk.test.yaml"), "--coverage"]) == 1
    out = capsys.readouterr()
    assert "ok      walk: a yes" in out.out and "FAILED  walk: a wrong expectation" in out.out
    assert "expected the dialogue to still be going" in out.out and "1 passed, 1 failed" in out.err
    assert "walk: nodes 100%, branches 100%" in out.out


DATED = """
    id: walk
    title: A walk
    audience: client
    start: how
    nodes:
      how:
        ask: Did you walk today?
        type: yesno
        next: noted
      noted:
        set:
          day: today
      done:
        end: "See you after {{ day }}."
"""


def _dated(tmp_path, tests: str):
    (tmp_path / "walk.yaml").write_text(textwrap.dedent(DATED).lstrip(), encoding="utf-8")
    path = tmp_path / "walk.test.yaml"
    path.write_text(textwrap.dedent(tests).lstrip(), encoding="utf-8")
    return load_library([tmp_path], bundled=False), path


def test_a_dialogue_test_runs_at_a_fixed_documented_clock(tmp_path, messages):
    from engine.authoring.cases import FIXED_NOW

    library, path = _dated(tmp_path, """
        tests:
          - name: no dates in the answers
            answers: ["yes"]
            expect: {vars: {day: "2026-12-02"}, says: ["See you after 2026-12-02."]}
    """)
    [case] = read_cases(path)
    assert case.now == FIXED_NOW == "2026-12-02T09:00:00"
    outcome = run_case(library, messages, case)
    assert outcome.passed, outcome.failures


def test_now_in_a_test_file_sets_the_clock_and_a_case_may_set_its_own(tmp_path, messages):
    library, path = _dated(tmp_path, """
        now: 2026-03-02 21:30
        tests:
          - name: the file's clock
            answers: ["yes"]
            expect: {vars: {day: "2026-03-02"}}
          - name: its own day
            now: 2026-04-10
            answers: ["yes"]
            expect: {vars: {day: "2026-04-10"}}
          - name: a day given wins
            given: {today: "2026-05-01"}
            answers: ["yes"]
            expect: {vars: {day: "2026-05-01"}}
    """)
    cases = read_cases(path)
    assert [c.now for c in cases] == ["2026-03-02T21:30:00", "2026-04-10T09:00:00", "2026-03-02T21:30:00"]
    assert [run_case(library, messages, c).failures for c in cases] == [[], [], []]


@pytest.mark.parametrize("now", ["next monday", "2026-13-40", "[2026]"])
def test_a_now_that_is_not_a_moment_is_a_located_error(tmp_path, now):
    _, path = _dated(tmp_path, "tests: []\n")
    path.write_text(f"now: {now}\ntests:\n  - name: x\n    answers: [a]\n", encoding="utf-8")
    with pytest.raises(DialogueLoadError) as caught:
        read_cases(path)
    [problem] = caught.value.problems
    assert str(problem).rsplit("/", 1)[-1] == ("walk.test.yaml:1:6: `now` should be a day, or a day and a time: "
                                               "for example `now: 2026-03-02` or `now: 2026-03-02 21:30`")
