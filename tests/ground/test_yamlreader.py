"""Strict YAML: positions kept, duplicates and tags refused, only true/false are booleans."""

import pytest

from engine.ground.errors import DialogueLoadError
from engine.ground.yamlfile import compose, plain_value, structural_problems


def test_plain_values_have_no_surprise_booleans():
    node = compose("a: no\nb: yes\nc: on\nd: true\ne: 3\nf: 2.5\ng: '7'\nh: ~\ni: Norway\n", "f.yaml")
    assert plain_value(node) == {"a": "no", "b": "yes", "c": "on", "d": True, "e": 3, "f": 2.5,
                                 "g": "7", "h": None, "i": "Norway"}


def test_dates_and_octal_looking_text_stay_text():
    assert plain_value(compose("a: 2026-01-31\nb: 0777x\n", "f.yaml")) == {"a": "2026-01-31", "b": "0777x"}


def test_duplicate_keys_are_reported_with_both_lines():
    problems = structural_problems(compose("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n", "f.yaml"), "f.yaml")
    assert [str(p) for p in problems] == [
        "f.yaml:4:3: duplicate key `c`: it is already set at line 3; keep one",
        "f.yaml:5:1: duplicate key `a`: it is already set at line 1; keep one",
    ]


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!python/name:os.system", "!custom", "!!binary"])
def test_tags_that_could_build_objects_are_refused(tag):
    problems = structural_problems(compose(f"a: {tag} x\n", "f.yaml"), "f.yaml")
    assert len(problems) == 1 and "is not allowed" in problems[0].message


def test_syntax_error_is_located():
    with pytest.raises(DialogueLoadError) as caught:
        compose("a: [1, 2\nb: 3\n", "f.yaml")
    problem = caught.value.problems[0]
    assert problem.span.file == "f.yaml" and problem.span.line >= 1
    assert problem.message.startswith("YAML syntax error")


def test_more_than_one_document_is_an_error():
    with pytest.raises(DialogueLoadError, match="single document"):
        compose("a: 1\n---\nb: 2\n", "f.yaml")


def test_aliases_do_not_loop_the_walk():
    node = compose("a: &x {b: 1}\nc: *x\n", "f.yaml")
    assert plain_value(node) == {"a": {"b": 1}, "c": {"b": 1}}
    assert structural_problems(node, "f.yaml") == []
