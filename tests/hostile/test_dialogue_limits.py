"""Dialogue files cannot take the machine's memory or time (issue 13, item 8), not even in
``validate``: a file size limit, YAML aliases refused where they would multiply, templates whose
constant parts would make something huge refused at their line, and run-time limits in the
sandbox that stop a render with a ``DialogueRuntimeError`` at the node instead of a hang.

Each bomb must be stopped quickly *and* without making what it asks for, so the tests time it
and trace the memory Python allocates meanwhile.
"""

from __future__ import annotations

import io
import resource
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from dialogue_texts import GOOD, VARIABLES

from engine.cli import main
from engine.conversation.session import Status
from engine.dialogue.loader import load_library
from engine.dialogue.sandbox import SUMMARY_LIMITS, TEXT_LIMITS
from engine.ground.errors import DialogueLoadError, DialogueRuntimeError, Problem
from engine.ground.yamlfile import MAX_DEPTH, MAX_FILE_BYTES, MAX_VALUES
from engine.render.summary import RenderError, render_summary

MB = 1_000_000


SLACK = 10  # these are hang guards, not timings: speed is measured in benchmarks/


@contextmanager
def bounded(seconds: float = 1.0, megabytes: float = 50):
    """The block must finish within ``seconds`` (times ``SLACK``, for a machine busy with other
    work), and the process's peak memory may grow by at most ``megabytes`` meanwhile. What a bomb
    would take is minutes and gigabytes, thousands of times either."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    started = time.perf_counter()
    yield
    elapsed = time.perf_counter() - started
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
    assert elapsed < seconds * SLACK, f"took {elapsed:.2f} s"
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


# -- constant parts of templates: worked out when the dialogue is loaded, under the limits ----------
STEPS = f"this takes more than {TEXT_LIMITS.work:,} steps to work out"
TOO_BIG = f"of more than {TEXT_LIMITS.size:,} characters or items"


@pytest.mark.parametrize("text, message", [
    ("{{ 'x' * 10**9 }}", TOO_BIG),
    ("{{ [0] * 10**9 }}", TOO_BIG),
    ("{{ 9 ** (9 ** 9) }}", "this would make a number with more than 1,000 digits"),
    ("{{ 2 ** 10000 }}", "this would make a number with more than 1,000 digits"),
    ("{{ range(10**9) | list }}", "`range` would count more than 100,000 numbers"),
    ("{{ lipsum(10**6) }}", "`lipsum` would write about 100,000,000 words, more than this allows"),
    ("{{ 'x' | center(10**9) }}", TOO_BIG),
    ("{{ 'ab' | indent(10**9, true) }}", TOO_BIG),
    ("{{ [1] | batch(10**9, 0) | list }}", TOO_BIG),
    ("{{ ('ab' * 1000) | replace('a', 'a' * 1000) }}", TOO_BIG),
    ("{{ '%999999999d' % 1 }}", "this would make a padded text of more than 100,000 characters or items"),
    ("{{ '%*d' % (10**9, 1) }}", "a width given by `*` cannot be checked"),
    ("{{ '{:999999999}'.format(1) }}", "this would make a padded text of more than 100,000 characters or items"),
    ("{{ 'x'.ljust(10**9) }}", TOO_BIG),
    ("{{ 'x\\t'.expandtabs(10**9) }}", TOO_BIG),
    ("{{ ('x' * 60000) + ('x' * 60000) }}", TOO_BIG),
], ids=lambda value: value if "{{" in value else "")
def test_a_constant_that_would_be_huge_is_a_load_error_at_its_line(tmp_path, text, message):
    path = tmp_path / "main.yaml"
    path.write_text(GOOD.replace("say: Hi", f'say: "{text}"'), encoding="utf-8")
    with bounded(1.0):
        problem = one_error(path)
    assert (problem.span.line, problem.span.column) == (7, 10)
    assert problem.message.startswith("template error in `say` of node `hello`: ")
    assert message in problem.message


def test_a_huge_constant_in_a_condition_is_a_load_error_at_its_line(tmp_path):
    """Jinja folds constants when it compiles, and conditions are compiled when loaded: this
    took minutes and gigabytes in ``validate``."""
    path = tmp_path / "main.yaml"
    path.write_text(GOOD.replace("say: Hi", "say: Hi\n    next:\n      - if: 9 ** (9 ** 9) > 1\n        then: bye\n"
                                 "      - else: name"), encoding="utf-8")
    with bounded(1.0):
        problem = one_error(path)
    assert (problem.span.line, problem.span.column) == (9, 13)
    assert problem.message == ("expression error in the `if` condition: "
                               "this would make a number with more than 1,000 digits")
    assert problem.hint == "use smaller numbers"


def test_the_line_inside_a_long_text_is_given(tmp_path):
    path = tmp_path / "main.yaml"
    path.write_text(GOOD.replace("say: Hi", "say: |\n      Hello.\n      Here is a lot: {{ 'x' * 10**9 }}"),
                    encoding="utf-8")
    problem = one_error(path)
    assert (problem.span.line, problem.span.column) == (9, 7)


# -- at run time: a DialogueRuntimeError at the node, quickly, with nothing huge made ---------------
RUNTIME = """
id: main
title: Main
audience: client
variables:
  count: {count}
  word: ab
start: hello
nodes:
  hello:
    say: "{text}"
  name:
    ask: Your name?
  bye:
    end: Bye
"""


@pytest.mark.parametrize("count, text, message", [
    (100_000, "{% for a in range(count) %}{% for b in range(count) %}{% endfor %}{% endfor %}", STEPS),
    (200, "{% for i in range(count) %}{{ word * 1000 }}{% endfor %}",
     f"this would show more than {TEXT_LIMITS.size:,} characters"),
    (10**6, "{{ lipsum(count) }}", "`lipsum` would write about 100,000,000 words"),
    (60, "{% set ns = namespace(s='x') %}{% for i in range(count) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
     TOO_BIG),
    (60, "{% set ns = namespace(l=[1]) %}{% for i in range(count) %}{% set ns.l = [ns.l, ns.l] %}{% endfor %}"
         "{{ ns.l }}", TOO_BIG),
    # Dialogue texts cannot change lists at all (issue 13, item 12), so this stops at once.
    (60, "{% set l = [1] %}{% for i in range(count) %}{% set _ = l.extend(l) %}{% endfor %}",
     "access to attribute 'extend' of 'list' object is unsafe"),
    (40, "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(count) }}", STEPS),
    (0, "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "calls itself too deeply"),
    (10**9, "{{ word.center(count) }}", TOO_BIG),
    (10**9, "{{ word * count }}", TOO_BIG),
    (10**5, "{{ 7 ** count }}", "more than 1,000 digits"),
    (10**5, "{{ (word * 40000) ~ (word * 40000) }}", TOO_BIG),
    (60, "{% set ns = namespace(a=[1], b=[1]) %}{% for i in range(count) %}{% set ns.a = [ns.a, ns.a] %}"
         "{% set ns.b = [ns.b, ns.b] %}{% endfor %}{{ ns.a == ns.b }}", TOO_BIG),
    (60, "{% set ns = namespace(t=(1,)) %}{% for i in range(count) %}{% set ns.t = (ns.t, ns.t) %}{% endfor %}"
         "{{ {ns.t: 1} }}", TOO_BIG),
], ids=["nested loops", "output", "lipsum", "doubling text", "doubling lists", "extend", "macro tree",
        "macro recursion", "center", "repeat", "power", "concatenation", "comparing", "hashing"])
def test_a_render_that_would_take_too_much_stops_at_its_node(talk, count, text, message):
    source = RUNTIME.format(count=count, text=text.replace('"', '\\"'))
    with bounded(1.0), pytest.raises(DialogueRuntimeError) as caught:
        talk(source)
    assert (caught.value.span.line, caught.value.span.column) == (10, 10)
    assert message in caught.value.message


def test_a_computed_value_that_would_be_huge_stops_at_its_node(talk):
    source = RUNTIME.format(count=10**9, text="Hi").replace(
        "  hello:\n", "  grow:\n    set:\n      big: word * count\n  hello:\n").replace("start: hello", "start: grow")
    with bounded(1.0), pytest.raises(DialogueRuntimeError) as caught:
        talk(source)
    assert (caught.value.span.line, caught.value.span.column) == (11, 12)
    assert TOO_BIG in caught.value.message


def test_peercoach_run_reports_a_limit_in_one_line(tmp_path, monkeypatch, capsys):
    path = tmp_path / "loops.yaml"
    path.write_text(RUNTIME.format(count=100_000, text="{% for a in range(count) %}{% for b in range(count) %}"
                                                        "{% endfor %}{% endfor %}").lstrip(), encoding="utf-8")
    monkeypatch.setenv("PEERCOACH_STORE", str(tmp_path / "store"))
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with bounded(3.0):
        assert main(["--plain", "--person", "Sam", "run", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[-1].endswith(f"loops.yaml:10:10: {STEPS}: loop over fewer things: "
                                          "a loop inside a loop multiplies the steps")
    assert "Traceback" not in err


def test_an_ordinary_dialogue_is_not_limited(talk):
    """What dialogues really do stays well within the limits: a list of answers, shown."""
    source = RUNTIME.format(count=200, text="{% for i in range(count) %}{{ i }}: {{ word | upper }}, {% endfor %}")
    assert "199: AB" in talk(source).current_turn().messages[0]


# -- summary templates: bigger limits, the same protection ------------------------------------------
def test_a_summary_template_that_would_loop_for_ever_stops(tmp_path, talk):
    (tmp_path / "bomb.md.j2").write_text("{% for a in range(100000) %}{% for b in range(100000) %}{{ a }}"
                                         "{% endfor %}{% endfor %}", encoding="utf-8")
    source = RUNTIME.format(count=1, text="Hi").replace("start: hello", "summary:\n  markdown: bomb.md.j2\nstart: hello")
    conversation = talk(source)
    conversation.reply("Jo")
    assert conversation.finished
    with bounded(10.0, megabytes=100), pytest.raises(RenderError, match="steps to work out"):
        render_summary(conversation, "markdown", status=Status.FINISHED)


def test_a_summary_template_nested_too_deeply_is_a_load_error(tmp_path):
    (tmp_path / "deep.md.j2").write_text("{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}", encoding="utf-8")
    path = tmp_path / "main.yaml"
    path.write_text(GOOD.replace("start: hello", "summary:\n  markdown: deep.md.j2\nstart: hello"), encoding="utf-8")
    problem = one_error(path)
    assert problem.message.startswith("template error in `deep.md.j2`: it is nested too deeply")


def test_the_readme_states_the_limits_in_force():
    readme = " ".join((Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8").split())
    for stated in [f"| {MAX_FILE_BYTES // MB} MB |", f"| {MAX_DEPTH} deep |", f"| {MAX_VALUES:,} |",
                   f"| {TEXT_LIMITS.depth} deep |", f"holds it to {TEXT_LIMITS.work:,} steps",
                   f"no text or list over {TEXT_LIMITS.size:,} characters",
                   f"{TEXT_LIMITS.made:,} characters or items made in all", f"at most {TEXT_LIMITS.digits:,} digits",
                   f"a summary gets {SUMMARY_LIMITS.work:,} steps and {SUMMARY_LIMITS.size:,} characters"]:
        assert stated in readme, stated
