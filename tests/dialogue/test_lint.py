"""Lint rules, one dialogue per rule, each finding asserted by rule id, line and column; the
bundled dialogues pass every rule with no warnings."""

from __future__ import annotations

import json

import pytest

from engine.cli import main
from engine.dialogue.lint import RULES, LintSettings, lint
from engine.dialogue.loader import load_library
from engine.ground.files import resource_dir

CATALOGUE = resource_dir("dialogues") / "strategies.yaml"

HEAD = """
    id: t
    title: T
    audience: client
    start: first
    nodes:
"""

CASES = {
    "fall-through": ("""
      first:
        strategy: self_reflection
        ask: How are you?
        help: A word is fine.
        next: done
      done:
        end: Bye
      never_said:
        say: I am written at the bottom, but nothing falls into me.
    """, []),
    "no-help": ("""
      first:
        strategy: self_reflection
        ask: How are you?
      done:
        end: Bye
    """, [(7, 3)]),
    "unused-variable": ("""
      first:
        strategy: self_reflection
        ask: How are you?
        help: A word is fine.
      keep:
        set:
          kept_for_nothing: first | length
      done:
        end: Bye
    """, [(11, 3)]),
    "impossible-branch": ("""
      first:
        strategy: self_reflection
        ask: Which?
        options: [tea, coffee]
        next:
          - if: first == 'cofee'
            then: done
          - else: done
      done:
        end: Bye
    """, [(12, 9)]),
    "shadowed-branch": ("""
      first:
        strategy: self_reflection
        ask: Which?
        options: [tea, coffee]
        next:
          - if: first == 'tea'
            then: done
          - if: first  ==  'tea'
            then: first
          - else: done
      done:
        end: Bye
    """, [(14, 9)]),
    "reading-level": ("""
      first:
        strategy: self_reflection
        ask: >-
          Notwithstanding considerable organisational complexity, articulate comprehensively the
          multidimensional interpersonal circumstances characterising your contemporary situation.
        help: A word is fine.
      done:
        end: Bye
    """, [(9, 10)]),
}


def alone(tmp_path, write, body: str):
    """The dialogue loaded on its own, with the bundled strategy catalogue beside it."""
    write("t.yaml", HEAD + body)
    (tmp_path / "strategies.yaml").write_text(CATALOGUE.read_text(encoding="utf-8"), encoding="utf-8")
    return load_library([tmp_path], bundled=False)


def findings(tmp_path, write, body: str, rule: str) -> list[tuple[int, int]]:
    library = alone(tmp_path, write, body)
    return [(p.span.line, p.span.column) for p in lint(library, LintSettings()) if p.rule == rule
            and p.span.file.endswith("/t.yaml")]


@pytest.mark.parametrize("rule", [r for r in CASES if r != "fall-through"])
def test_each_rule_finds_its_mistake_at_its_line_and_column(tmp_path, write, rule):
    body, expected = CASES[rule]
    assert findings(tmp_path, write, body, rule) == expected


def test_a_node_falling_through_is_info_and_can_be_silenced(tmp_path, write):
    body = """
      first:
        strategy: self_reflection
        ask: How are you?
        help: A word is fine.
      said:
        say: Thanks.
      done:
        end: Bye
    """
    [first, said] = [p for p in lint(alone(tmp_path, write, body)) if p.rule == "fall-through"
                     and p.span.file.endswith("/t.yaml")]
    assert first.severity == "info" and (first.span.line, said.span.line) == (7, 11)
    assert "goes on to `said`" in first.message
    assert [p.span.line for p in lint(alone(tmp_path, write, body.replace("      said:", "      said:  # lint: ignore=fall-through"))) if p.rule == "fall-through"
            and p.span.file.endswith("/t.yaml")] == [7]


def test_every_rule_is_described_and_every_case_is_tested():
    assert {rule.id for rule in RULES} == set(CASES)
    assert all(rule.description and rule.severity in ("warning", "info") for rule in RULES)


def test_the_bundled_dialogues_pass_every_rule_with_no_warnings():
    assert [str(p) for p in lint(load_library()) if p.severity != "info"] == []


def test_validate_reports_lint_in_text_json_and_github(tmp_path, write, capsys):
    alone(tmp_path, write, CASES["no-help"][0])
    assert main(["validate", str(tmp_path / "t.yaml")]) == 0  # warnings do not fail
    text = capsys.readouterr()
    assert "t.yaml:7:3: warning: question `first` has no `help`" in text.out and "0 errors, 1 warning" in text.err
    assert main(["validate", "--format", "json", str(tmp_path / "t.yaml")]) == 0
    [found] = [p for p in json.loads(capsys.readouterr().out) if p["rule"] == "no-help"]
    assert (found["line"], found["column"], found["severity"]) == (7, 3, "warning")
    assert main(["validate", "--format", "github", str(tmp_path / "t.yaml")]) == 0
    out = capsys.readouterr().out
    assert "::warning file=" in out and ",line=7,col=3,title=no-help::question `first` has no `help`" in out
    assert main(["validate", "--rules"]) == 0 and "reading-level" in capsys.readouterr().out


def test_a_fragment_is_quoted_and_a_statement_reflected():
    from engine.dialogue.expressions import TEXT_ENV

    clause = TEXT_ENV.tests["clause"]
    assert clause("my back hurts") and clause("I want to keep up with my kids") and clause("it is hard")
    assert not clause("my kids") and not clause("to feel better") and not clause("things")


def test_validate_of_one_file_lints_that_file_only(tmp_path, write, capsys):
    alone(tmp_path, write, CASES["no-help"][0])
    assert main(["validate", "--all", "--reading-grade", "1", str(tmp_path / "t.yaml")]) == 0
    shown = capsys.readouterr().out
    assert "t.yaml" in shown and "dialogues/goals.yaml" not in shown  # the bundled ones are not re-linted


def test_order_zero_is_first_and_a_section_may_hold_the_dialogues_words(bundled, messages):
    from engine.conversation.machine import Conversation

    assert bundled["welcome"].order == 0 and bundled.listed(bundled["welcome"].audience)[0].id == "welcome"
    goal = {"id": "g/1", "text": "Walk more", "steps": [], "checkins": [], "ratings": [], "history": []}
    conversation = Conversation(bundled, messages, "review", given={"person": {"name": "Sam", "goals": [goal]}})
    assert conversation.question().section == "Walk more"  # not "{{ goal.text }}"


@pytest.mark.parametrize("rule", ["impossible-branch", "shadowed-branch", "reading-level"])
def test_a_comment_on_the_nodes_line_silences_a_finding_further_down_in_that_node(tmp_path, write, rule):
    body, expected = CASES[rule]
    assert expected and expected[0][0] > 7  # the finding is below the node's key line
    silenced = body.replace("      first:", f"      first:  # lint: ignore={rule}", 1)
    assert findings(tmp_path, write, silenced, rule) == []
    other = body.replace("      first:", "      first:  # lint: ignore=no-help", 1)
    assert findings(tmp_path, write, other, rule) == expected


def test_a_comment_on_a_nodes_line_does_not_silence_the_node_below_it(tmp_path, write):
    body = """
      first:  # lint: ignore=no-help
        strategy: self_reflection
        ask: How are you?
      second:
        strategy: self_reflection
        ask: And today?
      done:
        end: Bye
    """
    assert findings(tmp_path, write, body, "no-help") == [(10, 3)]
