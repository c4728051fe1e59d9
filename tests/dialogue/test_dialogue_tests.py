"""Dialogue tests (`*.test.yaml` beside the dialogues): every bundled case runs here as a pytest
test, and the runner, its reports and its coverage are tested on cases of our own."""

from __future__ import annotations

import textwrap

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
    outcome = run_case(bundled, messages, case)
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
