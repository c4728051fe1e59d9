"""The editor schema and the loader agree: same keys, same verdicts on good and bad files."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from engine.dialogue.files import TEST_SUFFIX
from engine.dialogue.loader import load_library
from engine.dialogue.model import CATALOGUE_FILE, COMMON_NODE_KEYS, DIALOGUE_KEYS, NODE_KEYS, OPTION_KEYS
from engine.dialogue.schema import dialogue_schema
from engine.ground.errors import DialogueLoadError
from engine.ground.files import resource_dir
from engine.ground.yamlfile import compose, plain_value

jsonschema = pytest.importorskip("jsonschema")
SCHEMA_FILE = resource_dir("dialogues") / "dialogue.schema.json"
VALIDATOR = jsonschema.Draft202012Validator(dialogue_schema())


def data(text: str):
    return plain_value(compose(textwrap.dedent(text), "x.yaml"))


def test_committed_schema_is_up_to_date():
    assert json.loads(SCHEMA_FILE.read_text()) == dialogue_schema(), \
        "run: python -m engine.dialogue.schema > dialogues/dialogue.schema.json"


def test_schema_names_exactly_the_keys_the_loader_accepts():
    schema = dialogue_schema()
    assert set(schema["properties"]) == set(DIALOGUE_KEYS)
    kinds = {tuple(node["required"]): set(node["properties"]) for node in schema["$defs"]["node"]["oneOf"]}
    assert kinds == {(kind,): set(keys + COMMON_NODE_KEYS) for kind, keys in NODE_KEYS.items()}
    assert set(schema["$defs"]["option"]["oneOf"][1]["properties"]) == set(OPTION_KEYS)


@pytest.mark.parametrize("path", sorted(p for p in resource_dir("dialogues").glob("*.yaml")
                                         if p.name != CATALOGUE_FILE and not p.name.endswith(TEST_SUFFIX)),
                         ids=lambda p: p.name)
def test_bundled_dialogues_pass_the_schema(path: Path):
    VALIDATOR.validate(plain_value(compose(path.read_text(), path.name)))


BASE = """
id: main
title: T
audience: client
start: a
nodes:
  a:
    ask: Pick
    options:
      - label: Yes please
        value: no
      - Another
  b:
    end:
"""


@pytest.mark.parametrize("change", [
    ("    ask: Pick", "    ask: Pick\n    nxt: b"),  # unknown key
    ("    ask: Pick", "    ask: Pick\n    type: yesnoo"),  # unknown answer type
    ("audience: client", "audience: clients"),  # unknown audience
    ("title: T\n", ""),  # missing title
    ("    ask: Pick", "    say: Hi\n    ask: Pick"),  # two kinds in one node
    ("        value: no", "        value: no\n        colour: red"),  # unknown option key
])
def test_schema_and_loader_both_reject(tmp_path, change):
    text = textwrap.dedent(BASE).replace(*change)
    assert list(VALIDATOR.iter_errors(data(text))), "the schema accepted it"
    path = tmp_path / "main.yaml"
    path.write_text(text)
    with pytest.raises(DialogueLoadError):
        load_library([path], bundled=False)


def test_schema_and_loader_both_accept(tmp_path):
    VALIDATOR.validate(data(BASE))
    path = tmp_path / "main.yaml"
    path.write_text(textwrap.dedent(BASE))
    assert load_library([path], bundled=False)["main"].nodes["a"].answer.options[0].value == "no"
