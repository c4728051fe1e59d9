"""Reading the safety vocabulary: strict, every mistake located, and the bundled file complete."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from engine.ground.errors import DialogueLoadError
from engine.safety.findings import Level
from engine.safety.rules import CrisisRules
from engine.safety.vocabulary import VOCABULARY_FILE, bundled_vocabulary, read_vocabulary

GOOD = """
words:
  die: [die, be dead]
  relation: [friend, sister]
context:
  negation: [not, never]
  someone: [she, "my {relation}"]
  someone_object: [her]
  implied_i: ["want = i"]
constructs:
  wish:
    level: acute
    says: wishes to be dead
    told: you wanted to die
    phrases: ["I want to {die}", "want to {die}"]
  plan_cue:
    level: cue
    phrases: ["picked a date"]
  euphemism:
    level: cue
    phrases: ["be gone"]
  wish_with_plan:
    level: acute
    says: a euphemism with a date
    told: you told us about a plan
    all: [euphemism, plan_cue]
"""


def vocabulary_problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "crisis.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    with pytest.raises(DialogueLoadError) as caught:
        read_vocabulary(path)
    return [str(problem).replace(str(path), "F") for problem in caught.value.problems]


def test_a_small_vocabulary_reads_and_works(tmp_path):
    path = tmp_path / "crisis.yaml"
    path.write_text(GOOD, encoding="utf-8")
    rules = CrisisRules.from_file(path)
    assert rules.check("I want to die").rule == "wish"
    assert rules.check("want to be dead").level is Level.ACUTE  # the implied "i"
    assert rules.check("I do not want to die").rule == "wish(negated)"
    assert rules.check("I will be gone, I picked a date").rule == "wish_with_plan"


@pytest.mark.parametrize("change, expected", [
    (("constructs:", "constructs:\n  oops:\n    level: acute\n    says: x\n    told: y\n    phrases: [x]\n    levle: acute"),
     "unknown key `levle` in construct `oops`: did you mean `level`?"),
    (("level: cue\n    phrases: [\"picked a date\"]", "level: severe\n    phrases: [\"picked a date\"]"),
     "the level of construct `plan_cue` should be one of"),
    (('["I want to {die}", "want to {die}"]', '["I want to {dye}"]'), "there is no word class `{dye}`: did you mean `die`?"),
    (('["I want to {die}", "want to {die}"]', '["I want to (die"]'), "a bracket is not closed"),
    (('["I want to {die}", "want to {die}"]', '["urges? to"]'), "would match almost any sentence: it only requires `to`"),
    (("all: [euphemism, plan_cue]", "all: [euphemism, plan_cues]"),
     "`all` of construct `wish_with_plan` names `plan_cues`, which is not defined: did you mean `plan_cue`?"),
    (("all: [euphemism, plan_cue]", "all: [euphemism]"), "combines fewer than two things"),
    (("    told: you wanted to die\n", ""), "construct `wish` is missing `told`"),
    (("  die: [die, be dead]", "  die: [die, \"{die} again\"]"), "word class `die` contains itself"),
    (('implied_i: ["want = i"]', 'implied_i: ["want i"]'), "should read `word = i ...`"),
    (("context:", "fuzzy: [kil]\ncontext:"), "`kil` in `fuzzy` should be one word of six letters or more"),
    (("context:", "extras: []\ncontext:"), "unknown key `extras` in the vocabulary"),
    (("  negation: [not, never]", "  negations: [not, never]"), "unknown key `negations` in `context`: did you mean `negation`?"),
])
def test_each_mistake_is_reported_where_it_is(tmp_path, change, expected):
    old, new = change
    assert old in GOOD
    problems = vocabulary_problems(tmp_path, GOOD.replace(old, new))
    assert any(expected in p for p in problems), problems
    assert all(p.startswith("F:") and p.split(":")[1].isdigit() for p in problems)  # file:line:col


def test_phrase_errors_point_at_the_column_in_the_file(tmp_path):
    [problem] = vocabulary_problems(tmp_path, GOOD.replace('["I want to {die}", "want to {die}"]', '["I want to (die"]'))
    line = GOOD.lstrip("\n").splitlines().index('    phrases: ["I want to {die}", "want to {die}"]') + 1
    # `(` is column 11 of the phrase; the phrase starts after `["` at column 16 of the line
    assert problem.startswith(f"F:{line}:{16 + 10}:")


def test_every_problem_of_a_file_at_once(tmp_path):
    broken = GOOD.replace('"I want to {die}"', '"I want to {dye}"').replace("level: cue", "level: huge", 1)
    assert len(vocabulary_problems(tmp_path, broken)) >= 2


def test_yaml_syntax_errors_are_located(tmp_path):
    [problem] = vocabulary_problems(tmp_path, GOOD.replace("  die: [die, be dead]", "  die: [die, be dead"))
    assert "YAML syntax error" in problem


# -- the bundled vocabulary --------------------------------------------------------------------
CLINICAL_MAP = {
    "suicide.wish_dead", "suicide.thoughts", "suicide.method", "suicide.intent", "suicide.plan",
    "suicide.preparation", "suicide.attempt", "means.at_hand", "self_harm.act", "harm_others.intent",
    "abuse.physical", "abuse.sexual", "abuse.threat", "overdose.now", "eating.purging", "eating.danger",
    "passive.wish", "hopeless", "burden", "entrapment", "urge.resisted", "unsafe", "fear_own_actions",
    "near_miss", "eating.restriction", "substance.risk",
}


def test_the_bundled_vocabulary_covers_the_clinical_map():
    constructs = bundled_vocabulary().constructs
    assert set(constructs) >= CLINICAL_MAP
    for construct in constructs.values():
        if construct.level is not None:  # a construct, not a cue: it must explain itself
            assert construct.says and construct.told, construct.id
            assert not construct.told[0].isupper(), construct.id  # it follows "You told us"


def test_acute_and_possible_levels_follow_the_map():
    constructs = bundled_vocabulary().constructs
    assert constructs["suicide.plan"].level is Level.ACUTE
    assert constructs["passive.wish"].level is Level.POSSIBLE
    assert constructs["near_miss"].level is Level.POSSIBLE
    assert constructs["suicide.attempt"].recent is Level.POSSIBLE  # days ago: a near miss


def test_the_lexicon_used_as_a_source_keeps_its_attribution_and_licence():
    here = VOCABULARY_FILE.parent
    notice = (here / "NOTICE.md").read_text(encoding="utf-8")
    assert "Suicide Risk Lexicon" in notice and "Apache License" in notice and "Daniel M. Low" in notice
    assert "Apache License" in (here / "LICENSE.srl").read_text(encoding="utf-8")
    assert "SRL" in VOCABULARY_FILE.read_text(encoding="utf-8")
