"""Dialogue test files (``NAME.test.yaml`` beside a dialogue), read strictly like dialogues.

A file holds the cases for one dialogue::

    dialogue: sleep               # optional: the file's name before .test.yaml
    now: 2026-03-02 21:30         # optional: the clock the cases run at (else FIXED_NOW)
    tests:
      - name: a good night
        answers: ["8", "no phone in bed"]
        now: 2026-03-03           # optional: this case's own clock (a day alone: 09:00 that day)
        dialogues: [../agency]    # optional: folders (or packs) added for this case, from this file's folder
        given: {person: {name: Robin}}      # optional: what the dialogue is given
        expect:
          visits: [hours, better, done]     # in this order (others may come between)
          never: [worried]                  # nodes it must not reach
          vars: {hours: 8}                  # values at the end ("map.total" reaches into a call)
          safety: none                      # the most serious safety level met: none, possible, acute
          says: ["Sleep well"]              # words shown somewhere
          summary: ["Hours: 8"]             # words of the Markdown summary
          finished: true
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from engine.dialogue.files import TEST_SUFFIX as SUFFIX
from engine.ground.errors import DialogueLoadError
from engine.ground.files import display_path
from engine.ground.source import Span
from engine.ground.yamlfile import plain_value
from engine.ground.yamlreader import Reader

FILE_KEYS = ("dialogue", "now", "tests")
CASE_KEYS = ("name", "answers", "now", "dialogues", "given", "expect")
# The clock a dialogue test runs at unless its file or case says `now:`: every answer is given at
# this moment and the dialogue is given its day as `today` (as `peercoach run` gives the real
# day), so a test gives the same result whatever day it runs. A Wednesday morning.
FIXED_NOW = "2026-12-02T09:00:00"
EXPECT_KEYS = ("visits", "never", "vars", "safety", "says", "summary", "finished")
SAFETY_LEVELS = ("none", "possible", "acute")


@dataclass(frozen=True)
class Case:
    name: str
    dialogue: str
    answers: tuple[str, ...]
    span: Span
    given: dict[str, Any] = field(default_factory=dict)
    now: str = FIXED_NOW  # ISO date and time every answer is given at; its day is `today`
    folders: tuple[Path, ...] = ()  # dialogue folders or packs added for this case (`dialogues:`)
    visits: tuple[str, ...] = ()
    never: tuple[str, ...] = ()
    variables: dict[str, Any] = field(default_factory=dict)
    safety: str | None = None
    says: tuple[str, ...] = ()
    summary: tuple[str, ...] = ()
    finished: bool | None = None


def case_files(paths: list[Path]) -> list[Path]:
    """The test files among ``paths`` (files, or folders searched for ``*.test.yaml``)."""
    found: list[Path] = []
    for path in paths:
        found += sorted(path.rglob(f"*{SUFFIX}")) if path.is_dir() else [path]
    return list(dict.fromkeys(found))


def read_cases(path: Path) -> list[Case]:
    """Every case in one test file; a ``DialogueLoadError`` lists every problem in it."""
    reader = _CaseReader(path, display_path(path))
    cases = reader.read()
    if reader.problems:
        raise DialogueLoadError(reader.problems)
    return cases


class _CaseReader(Reader):
    def read(self) -> list[Case]:
        root = self.root("a test file needs `tests:`, a list of cases")
        top = self.mapping(root, "a test file") if root is not None else None
        if top is None:
            return []
        self.check_keys(top, FILE_KEYS, "a test file")
        self.require(top, ("tests",), root, "a test file")  # type: ignore[arg-type]
        default = self.path.name[:-len(SUFFIX)] if self.path.name.endswith(SUFFIX) else self.path.stem
        dialogue = self.string(top["dialogue"][1], "`dialogue`") if "dialogue" in top else default
        now = self.moment(top["now"][1]) if "now" in top else FIXED_NOW
        cases = []
        for item in self.sequence(top["tests"][1], "`tests`") or [] if "tests" in top else []:
            case = self.case(item, dialogue or default, now or FIXED_NOW)
            if case is not None:
                cases.append(case)
        return cases

    def moment(self, node: Any) -> str | None:
        """A `now:` value: a day (`2026-03-02`, taken as 09:00 that day) or a day and a time
        (`2026-03-02 21:30` or `2026-03-02T21:30:00`), as an ISO date and time."""
        text = plain_value(node) if isinstance(node, yaml.ScalarNode) else None
        for form in ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
            try:
                moment = datetime.strptime(str(text), form)
            except ValueError:
                continue
            if form == "%Y-%m-%d":
                moment = moment.replace(hour=9)
            return moment.isoformat(timespec="seconds")
        self.error(node, "`now` should be a day, or a day and a time",
                   "for example `now: 2026-03-02` or `now: 2026-03-02 21:30`")
        return None

    def case(self, node: Any, dialogue: str, now: str = FIXED_NOW) -> Case | None:
        entries = self.mapping(node, "a test case")
        if entries is None:
            return None
        self.check_keys(entries, CASE_KEYS, "a test case")
        self.require(entries, ("name", "answers"), node, "a test case")
        name = self.string(entries["name"][1], "`name`") if "name" in entries else None
        answers = [text for text, _ in self.strings(entries["answers"][1], "`answers`")] if "answers" in entries else []
        given = plain_value(entries["given"][1]) if "given" in entries else {}
        if not isinstance(given, dict):
            self.error(entries["given"][1], "`given` should be a mapping, such as `{person: {name: Robin}}`")
            given = {}
        expect = self.mapping(entries["expect"][1], "`expect`") if "expect" in entries else {}
        if "now" in entries:
            now = self.moment(entries["now"][1]) or now
        folders: list[Path] = []
        for text, where in self.strings(entries["dialogues"][1], "`dialogues`") if "dialogues" in entries else ():
            folder = self.path.parent / text
            if folder.is_dir() or folder.is_file() and folder.suffix == ".zip":
                folders.append(folder)
            else:
                self.error(where, f"`{text}` is not a folder of dialogues or a pack",
                           "name it from the folder this test file is in, for example `../my-dialogues`")
        if name is None:
            return None
        fields: dict[str, Any] = {}
        for key, (_, value) in (expect or {}).items():
            if key not in EXPECT_KEYS:
                continue
            if key in ("visits", "never", "says", "summary"):
                fields[key] = tuple(text for text, _ in self.strings(value, f"`{key}`"))
            elif key == "vars":
                found = plain_value(value)
                if isinstance(found, dict):
                    fields["variables"] = found
                else:
                    self.error(value, "`vars` should be a mapping of names to values")
            elif key == "safety":
                fields["safety"] = self.one_of(value, "`safety`", SAFETY_LEVELS)
            elif key == "finished":
                fields["finished"] = self.boolean(value, "`finished`")
        if expect:
            self.check_keys(expect, EXPECT_KEYS, "`expect`")
        return Case(name, dialogue, tuple(answers), self.span(node), given, now, tuple(folders), **fields)

