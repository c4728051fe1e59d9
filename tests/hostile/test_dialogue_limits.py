"""Dialogue files cannot take the machine's memory or time (issue 13, item 8), not even in
``validate``: a file size limit, YAML aliases refused where they would multiply, templates whose
constant parts would make something huge refused at their line, and run-time limits in the
sandbox that stop a render with a ``DialogueRuntimeError`` at the node instead of a hang.

Each bomb must be stopped quickly *and* without making what it asks for, so the tests time it
and trace the memory Python allocates meanwhile.
"""

from __future__ import annotations

import io
import sys
import resource
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from dialogue_texts import GOOD, VARIABLES
from engine.errors import DialogueLoadError, Problem
from engine.loader import load_library
from engine.yamlreader import MAX_FILE_BYTES, MAX_VALUES

MB = 1_000_000


@contextmanager
def bounded(seconds: float = 1.0, megabytes: float = 50):
    """The block must finish within ``seconds``, and the process's peak memory may grow by at most
    ``megabytes`` meanwhile (what a bomb would make is thousands of times that)."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    started = time.perf_counter()
    yield
    elapsed = time.perf_counter() - started
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
    assert elapsed < seconds, f"took {elapsed:.2f} s"
    assert grown < megabytes, f"the peak memory grew by {grown:.0f} MB"


def problems_of(path: Path) -> list[Problem]:
    try:
        return list(load_library([path], bundled=False).warnings)
    except DialogueLoadError as exc:
        return exc.problems


def one_error(path: Path) -> Problem:
    found = [p for p in problems_of(path) if p.severity == "error"]
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


# -- the size of a file ---------------------------------------------------------------------------
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text(GOOD + ("# a comment that goes on and on\n" * (MAX_FILE_BYTES // 30)), encoding="utf-8")
    assert path.stat().st_size > MAX_FILE_BYTES
    with bounded(0.5):
        problem = one_error(path)
    assert (problem.span.line, problem.span.column) == (1, 1)
    assert problem.message == "the file is bigger than 1 MB, the most peercoach reads"
    assert "split it" in problem.hint


def test_a_50_mb_file_is_refused_in_milliseconds(tmp_path):
    path = tmp_path / "fifty.yaml"
    with path.open("w", encoding="utf-8") as stream:
        stream.write(GOOD)
        stream.truncate(50 * MB)  # sparse: nothing is written, the reader must not read it
    with bounded(0.2):
        problem = one_error(path)
    assert "bigger than 1 MB" in problem.message


def long_dialogue(count: int, misspelt: bool = False) -> str:
    nodes = "".join(f"  n{i}:\n    say: Step {i} of a long dialogue\n" + (f"    next: n{i}x\n" if misspelt else "")
                    for i in range(count))
    return "id: long\ntitle: Long\naudience: client\nstart: n0\nnodes:\n" + nodes + "  last:\n    end: Bye\n"


def test_a_long_dialogue_is_checked_in_a_time_in_proportion_to_it(tmp_path):
    """4,000 steps: the checks for loops and progress swept every node until nothing changed
    (2,000 steps took 35 s, 20,000 did not finish in 10 minutes)."""
    path = tmp_path / "long.yaml"
    path.write_text(long_dialogue(4000), encoding="utf-8")
    started = time.perf_counter()
    library = load_library([path], bundled=False)
    assert time.perf_counter() - started < 5
    assert library.remaining[("long", "n0")] == 0


def test_thousands_of_misspelt_names_are_all_reported_quickly(tmp_path):
    """A "did you mean" costs up to 20 ms among many names: only the first mistakes get one."""
    path = tmp_path / "long.yaml"
    path.write_text(long_dialogue(3000, misspelt=True), encoding="utf-8")
    started = time.perf_counter()
    found = problems_of(path)
    assert time.perf_counter() - started < 8
    assert sum("there is no node" in p.message for p in found) == 3000
    assert any(p.hint == "did you mean `n0`?" for p in found)


@pytest.mark.slow
def test_a_dialogue_just_under_the_size_limit_is_checked_in_seconds(tmp_path):
    count = (MAX_FILE_BYTES - 2000) // len("  n00000:\n    say: Step 00000 of a long dialogue\n")
    path = tmp_path / "long.yaml"
    path.write_text(long_dialogue(count), encoding="utf-8")
    assert MAX_FILE_BYTES * 0.9 < path.stat().st_size <= MAX_FILE_BYTES
    started = time.perf_counter()
    assert "long" in load_library([path], bundled=False)
    assert time.perf_counter() - started < 20


# -- YAML aliases -----------------------------------------------------------------------------------
def laughs(levels: int, width: int = 9) -> str:
    """The "billion laughs": each anchor repeats the one before ``width`` times."""
    lines = ["    l0: &l0 [lol]"]
    for level in range(1, levels + 1):
        lines.append(f"    l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    return "\n".join(lines)


def test_a_billion_laughs_in_variables_is_refused_at_once(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(VARIABLES.format(value="\n" + laughs(9)), encoding="utf-8")
    with bounded(0.5):
        found = problems_of(path)
    limit = [p for p in found if "values" in p.message]
    assert len(limit) == 1
    assert limit[0].message == f"with its aliases (`*name`) written out, the file would hold more than {MAX_VALUES:,} values"
    assert limit[0].span.line == 11  # the first line whose aliases pass the limit (9**5 > 100,000)


def test_a_billion_laughs_anywhere_is_refused(tmp_path):
    """Not only where the loader writes values out: under any key."""
    path = tmp_path / "laughs.yaml"
    path.write_text(GOOD.replace("start: hello", "notes:\n  x:\n" + laughs(9) + "\nstart: hello"), encoding="utf-8")
    with bounded(0.5):
        found = problems_of(path)
    assert any(p.message.endswith(f"would hold more than {MAX_VALUES:,} values") for p in found), [str(p) for p in found]


def test_aliases_are_refused_in_variables_where_each_conversation_copies_them(tmp_path):
    path = tmp_path / "alias.yaml"
    path.write_text(VARIABLES.format(value="&x [1, 2]").replace("start: hello", "  again: *x\nstart: hello"),
                    encoding="utf-8")
    problem = one_error(path)
    assert (problem.span.line, problem.span.column) == (6, 10)
    assert problem.message == "an alias (`*x`) cannot be used in `variables`"


def test_an_alias_that_repeats_options_is_still_fine(tmp_path):
    path = tmp_path / "options.yaml"
    path.write_text(GOOD.replace("ask: Your name?", "ask: Tea?\n    options: &yes_no [yes, no]\n"
                                 "  again:\n    ask: Coffee?\n    options: *yes_no"), encoding="utf-8")
    library = load_library([path], bundled=False)
    assert [o.value for o in library["good"].nodes["again"].answer.options] == ["yes", "no"]


def test_a_file_of_too_many_values_is_refused(tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text(GOOD.replace("start: hello", "notes: [" + "1, " * (MAX_VALUES + 10) + "1]\nstart: hello"),
                    encoding="utf-8")
    started = time.perf_counter()
    problem = one_error(path)
    assert time.perf_counter() - started < 1
    assert problem.message == f"the file holds more than {MAX_VALUES:,} values"
