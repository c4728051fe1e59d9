"""The shortcuts the safety rules take for speed (issue 15) find what the plain way finds.

Every sentence here is our own; none comes from the shared evaluation data.
"""

from __future__ import annotations

import pytest

from engine.safety.rules import CrisisRules, default_rules

# Combinations of combinations, each declared before what it is made of, so that sweeping the
# combinations in order until nothing changes needs several sweeps; one `near` part.
NESTED = """
words:
  die: [die]
context:
  negation: [not, never]
  someone: [she]
  someone_object: [her]
constructs:
  whole:
    level: acute
    says: a plan with a time
    told: you had a plan
    all: [planned, when]
  planned:
    level: possible
    says: a wish with a way
    told: you had a way
    all: [wish, means]
  wish:
    level: possible
    says: wishes to be dead
    told: you wanted to die
    all: [stance, dying]
    near: 3
  stance:
    level: cue
    phrases: ["want", "ready"]
  dying:
    level: cue
    phrases: ["=die", "be dead"]
  means:
    level: cue
    phrases: ["the rope", "the pills"]
  when:
    level: cue
    phrases: ["tonight", "on friday"]
  unrelated:
    level: possible
    says: something else
    told: something else
    all: [when, means]
    within: 0
"""

TEXTS = [
    "I want to die. I have the rope. Tonight.",
    "I want to die and I have the pills",
    "I have the rope. Tonight.",
    "tonight I want to be dead",
    "I want to go for a walk on friday",
    "ready to die, the pills, on friday",
    "I do not want to die. The rope is in the shed. Tonight.",
    "she is ready to die tonight with the pills",
    "the pills tonight",
    "nothing at all",
]


def _swept(rules: CrisisRules, per_clause: list[set[str]]) -> set[str]:
    """The cues needed, worked out the plain way: every combination swept until nothing changes."""
    present = set().union(*per_clause) if per_clause else set()
    if present.isdisjoint(rules._cue_ids):
        return set()
    possible = set(present)
    grown = True
    while grown:
        grown = False
        for construct in rules._combinations:
            if construct.id in possible or any(group.isdisjoint(possible) for group in construct.all_of):
                continue
            if construct.id in rules._near_of_phrases and not any(
                    all(not group.isdisjoint(ids) for group in construct.all_of) for ids in per_clause):
                continue
            possible.add(construct.id)
            grown = True
    return {name for construct in rules._combinations if construct.id in possible
            for group in construct.all_of for name in group & possible}


def _per_clause(rules: CrisisRules, text: str) -> list[set[str]]:
    return [{hit.owner.id for hit in rules.index.find(clause)} for clause in rules.reader.read(text)]


@pytest.fixture(scope="module")
def nested(tmp_path_factory: pytest.TempPathFactory) -> CrisisRules:
    path = tmp_path_factory.mktemp("nested") / "crisis.yaml"
    path.write_text(NESTED, encoding="utf-8")
    return CrisisRules.from_file(path)


@pytest.mark.parametrize("text", TEXTS)
def test_the_cues_needed_are_those_a_full_sweep_finds(nested: CrisisRules, text: str) -> None:
    assert nested._cues_needed(_per_clause(nested, text)) == _swept(nested, _per_clause(nested, text))


def test_the_cues_of_combinations_of_combinations_are_weighed(nested: CrisisRules) -> None:
    weighed = {match.construct.id for match in nested.matches("I want to die. I have the rope. Tonight.")}
    assert {"stance", "dying", "means", "when"} <= weighed  # the parts of `wish`, `planned` and `whole`
    assert nested.matches("I want to go for a walk on friday") == []  # a cue that can make nothing is not weighed
    assert nested._cues_needed(_per_clause(nested, "the pills tonight")) == {"means", "when"}  # `unrelated`


def test_the_bundled_rules_need_the_cues_a_full_sweep_finds() -> None:
    rules = default_rules()
    for text in TEXTS + ["I am ready, tonight is the night, I have written the notes",
                         "I keep thinking everyone would be better off, I have the pills saved up"]:
        assert rules._cues_needed(_per_clause(rules, text)) == _swept(rules, _per_clause(rules, text))
