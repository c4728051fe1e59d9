"""A JSON Schema for dialogue files, generated from the tables the loader itself reads.

Editors use it for completion and early warnings (the YAML language server reads the
``# yaml-language-server: $schema=...`` line at the top of our dialogue files). The loader stays
the authority: it also checks what a schema cannot, such as targets, variables and templates.

    python -m engine.dialogue.schema > dialogues/dialogue.schema.json
"""

from __future__ import annotations

import json
import sys
from typing import Any

from engine.dialogue.model import (
    BRANCH_KEYS,
    COMMON_NODE_KEYS,
    DIALOGUE_KEYS,
    NODE_KEYS,
    OFFER_KEYS,
    OPTION_KEYS,
    RECORD_FIELDS,
    REQUIRED_DIALOGUE_KEYS,
    SUMMARY_FORMATS,
    Audience,
)
from engine.understanding.answers import PARSERS

_TEXT = {"type": "string"}
_NAME = {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}
_ID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"}
_NUMBER = {"type": "number"}
_EXPRESSIONS = {"type": "object", "propertyNames": {"$ref": "#/$defs/name"},
                "additionalProperties": {"type": ["string", "number", "boolean"]}}

# What each key holds. Every key of the loader's tables must appear here (a test checks it).
_VALUES: dict[str, Any] = {
    "say": _TEXT, "ask": _TEXT, "help": _TEXT, "section": _TEXT, "save": {"$ref": "#/$defs/name"},
    "end": {"type": ["string", "null"]},
    "type": {"enum": sorted(PARSERS)}, "optional": {"type": "boolean"}, "shuffle": {"type": "boolean"},
    "min": _NUMBER, "max": _NUMBER,
    "options": {"type": "array", "minItems": 2, "items": {"$ref": "#/$defs/option"}},
    "set": _EXPRESSIONS, "with": _EXPRESSIONS,
    "call": {"oneOf": [{"$ref": "#/$defs/id"}, {"type": "object", "properties": {"chosen": {"$ref": "#/$defs/name"}},
                                                 "required": ["chosen"], "additionalProperties": False}]},
    "as": {"$ref": "#/$defs/name"}, "record": {"enum": sorted(RECORD_FIELDS)},
    "next": {"$ref": "#/$defs/next"}, "strategy": {"$ref": "#/$defs/id"},
}


def _closed(properties: dict[str, Any], required: list[str] | tuple[str, ...] = ()) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    return schema


def dialogue_schema() -> dict[str, Any]:
    node_kinds = [
        _closed({key: _VALUES[key] for key in keys + COMMON_NODE_KEYS}, [kind])
        for kind, keys in NODE_KEYS.items()
    ]
    top_values = {
        "id": {"$ref": "#/$defs/id"}, "title": _TEXT, "description": _TEXT, "help": _TEXT,
        "audience": {"enum": [a.value for a in Audience]}, "start": _TEXT, "order": _NUMBER,
        "safety": {"type": "boolean"},
        "variables": {"type": "object", "propertyNames": {"$ref": "#/$defs/name"}},
        "summary": _closed({fmt: _TEXT for fmt in SUMMARY_FORMATS}),
        "nodes": {"type": "object", "minProperties": 1, "additionalProperties": {"$ref": "#/$defs/node"}},
    }
    conditional, otherwise = [k for k in BRANCH_KEYS if k != "else"], ["else"]
    branch = {"oneOf": [_closed({k: _TEXT for k in conditional}, conditional),
                        _closed({k: _TEXT for k in otherwise}, otherwise)]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "peercoach dialogue",
        "description": "A guided conversation. `peercoach validate` checks everything this schema can't.",
        **_closed({key: top_values[key] for key in DIALOGUE_KEYS}, REQUIRED_DIALOGUE_KEYS),
        "$defs": {
            "id": _ID,
            "name": _NAME,
            "node": {"oneOf": node_kinds},
            "next": {"oneOf": [_TEXT, {"type": "array", "minItems": 1, "items": branch}]},
            "option": {"oneOf": [_TEXT, _closed({key: {"label": _TEXT, "value": {}, "explain": _TEXT,
                                                       "strategy": {"$ref": "#/$defs/id"},
                                                       "next": {"$ref": "#/$defs/next"}}[key]
                                                 for key in OPTION_KEYS}, ["label"]),
                                 _closed({"offer": {"enum": [a.value for a in Audience]},
                                          "next": {"$ref": "#/$defs/next"}}, list(OFFER_KEYS))]},
        },
    }


def main() -> None:
    sys.stdout.write(json.dumps(dialogue_schema(), indent=2) + "\n")


if __name__ == "__main__":
    main()
