"""Bad or hostile dialogue files (issue 13, item 7): each gives one line saying where and what,
never a traceback or a hang, and the good files beside it still load and run.

The files are made here, in tmp_path: nesting deeper than anything recursion can follow, aliases
inside what they repeat, characters YAML refuses, links to nowhere, folders and named pipes
under a `.yaml` name, files nobody may read.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from dialogue_texts import GOOD, VARIABLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from engine.cli import main
from engine.dialogue.loader import load_library
from engine.ground.errors import DialogueLoadError, Problem
from engine.ground.files import display_path
from engine.ground.yamlfile import MAX_DEPTH
from engine.store.sqlite import SqliteStore


def checked(*paths: Path) -> list[Problem]:
    """Every problem ``validate`` would list for ``paths`` (warnings too)."""
    try:
        return list(load_library(paths, bundled=False).warnings)
    except DialogueLoadError as exc:
        return exc.problems


def only_problem(problems: list[Problem], path: Path) -> Problem:
    mine = [p for p in problems if p.span.file == display_path(path)]
    assert len(mine) == 1, [str(p) for p in problems]
    return mine[0]


def place(text: str, index: int) -> tuple[int, int]:
    """Line and column (from 1) of character ``index`` of ``text``."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def the_others_still_load(folder: Path) -> None:
    library = load_library([folder], bundled=False, skip_broken=True)
    assert "good" in library


# -- nesting, aliases and characters: YAML that recursion cannot follow -------------------------
def _flow_lists(depth: int) -> str:
    return "[" * depth + "]" * depth


def _flow_maps(depth: int) -> str:
    return "{a: " * depth + "1" + "}" * depth


def _block_lists(depth: int) -> str:
    return "\n    " + "- " * depth + "x"


def _indented_maps(depth: int) -> str:
    return "".join("\n" + "  " * (level + 2) + "a:" for level in range(depth)) + " 1"


@pytest.mark.parametrize("nested", [_flow_lists(5000), _flow_maps(5000), _block_lists(2000), _indented_maps(700)],
                         ids=["flow lists", "flow mappings", "block lists", "indented mappings"])
def test_deep_nesting_is_one_located_line(folder, nested):
    text = VARIABLES.format(value=nested)
    bad = folder / "deep.yaml"
    bad.write_text(text.replace("id: good", "id: deep"), encoding="utf-8")
    problem = only_problem(checked(folder), bad)
    assert problem.message == f"lists and mappings are nested more than {MAX_DEPTH} deep"
    assert "indentation" in problem.hint
    assert 4 <= problem.span.line <= text.count("\n") + 1  # at the part one level too deep
    the_others_still_load(folder)


def test_flow_nesting_points_at_the_bracket_one_too_deep(folder):
    text = VARIABLES.format(value=_flow_lists(5000)).replace("id: good", "id: deep")
    (folder / "deep.yaml").write_text(text, encoding="utf-8")
    problem = only_problem(checked(folder), folder / "deep.yaml")
    first = text.index("[")
    # The top mapping and `variables` are two levels, so the 49th bracket is the 51st level.
    assert (problem.span.line, problem.span.column) == place(text, first + MAX_DEPTH - 2)


@pytest.mark.parametrize("say", [
    "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}",
    "{{ " + " + ".join(["1"] * 3000) + " }}",
    "{% if true %}" * 400 + "x" + "{% endif %}" * 400,
    "{{ " + "-" * 3000 + "1 }}",
], ids=["brackets", "a long sum", "nested ifs", "signs"])
def test_deeply_nested_templates_are_one_located_line(folder, say):
    bad = folder / "deep.yaml"
    bad.write_text(GOOD.replace("id: good", "id: deep").replace("say: Hi", f"say: '{say}'"), encoding="utf-8")
    problem = only_problem(checked(folder), bad)
    assert (problem.span.line, problem.span.column) == (7, 10)
    assert "nested too deeply" in problem.message
    the_others_still_load(folder)


def test_deeply_nested_condition_is_one_located_line(folder):
    condition = "(" * 3000 + "name" + ")" * 3000
    text = GOOD.replace("id: good", "id: deep").replace(
        "say: Hi", f"say: Hi\n    next:\n      - if: '{condition}'\n        then: bye\n      - else: name")
    bad = folder / "deep.yaml"
    bad.write_text(text, encoding="utf-8")
    problem = only_problem(checked(folder), bad)
    assert (problem.span.line, problem.span.column) == (9, 13)
    assert "nested too deeply" in problem.message


@pytest.mark.parametrize("value, alias_at", [("&a [1, *a]", (5, 16)), ("&m {self: *m}", (5, 19))],
                         ids=["list", "mapping"])
def test_an_alias_inside_what_it_repeats_is_refused(folder, value, alias_at):
    bad = folder / "loop.yaml"
    bad.write_text(VARIABLES.format(value=value).replace("id: good", "id: loop"), encoding="utf-8")
    problem = only_problem(checked(folder), bad)
    assert (problem.span.line, problem.span.column) == alias_at
    assert "inside the part it repeats" in problem.message and "for ever" in problem.message
    the_others_still_load(folder)


@pytest.mark.parametrize("character, name", [("\0", "a NUL character (U+0000)"), ("\x07", "a control character (U+0007)"),
                                             ("\x1b", "a control character (U+001B)"), ("\ufffe", "a character (U+FFFE)")],
                         ids=["NUL", "bell", "escape", "non-character"])
def test_a_character_yaml_refuses_is_located(folder, character, name):
    text = GOOD.replace("id: good", "id: odd").replace("say: Hi", f"say: Hi{character} there")
    bad = folder / "odd.yaml"
    bad.write_text(text, encoding="utf-8")
    problem = only_problem(checked(folder), bad)
    assert (problem.span.line, problem.span.column) == place(text, text.index(character))
    assert problem.message == f"the file contains {name}, which YAML does not allow"
    assert problem.hint.startswith("delete it")
    the_others_still_load(folder)


def test_an_option_value_that_is_a_list_is_located(folder):
    text = GOOD.replace("id: good", "id: options").replace(
        "ask: Your name?", "ask: Pick one\n    options:\n      - label: A\n        value: [1, 2]\n      - label: B")
    bad = folder / "options.yaml"
    bad.write_text(text, encoding="utf-8")
    problem = only_problem(checked(folder), bad)
    assert (problem.span.line, problem.span.column) == (12, 16)
    assert problem.message == "an option's `value` should be text or a number, not a list"


# -- what is not a readable file ----------------------------------------------------------------
def test_a_link_to_nowhere_is_located(folder):
    (folder / "gone.yaml").symlink_to(folder / "moved-away.yaml")
    problem = only_problem(checked(folder), folder / "gone.yaml")
    assert (problem.span.line, problem.span.column, problem.severity) == (1, 1, "error")
    assert problem.message == f"this is a link to {folder / 'moved-away.yaml'}, which does not exist"
    the_others_still_load(folder)


def test_a_link_that_leads_to_itself_is_located(folder):
    (folder / "loop.yaml").symlink_to("loop.yaml")
    problem = only_problem(checked(folder), folder / "loop.yaml")
    assert problem.message.startswith("the file cannot be read: ")
    the_others_still_load(folder)


def test_a_folder_named_like_a_dialogue_is_skipped_with_a_note(folder):
    (folder / "drafts.yaml").mkdir()
    problem = only_problem(checked(folder), folder / "drafts.yaml")
    assert problem.severity == "warning"
    assert problem.message == "this is a folder, not a file, so it was skipped"
    assert "good" in load_library([folder], bundled=False)  # a note, not an error


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may read any file")
def test_an_unreadable_file_is_located(folder):
    locked = folder / "locked.yaml"
    locked.write_text(GOOD.replace("id: good", "id: locked"), encoding="utf-8")
    locked.chmod(0)
    try:
        problem = only_problem(checked(folder), locked)
    finally:
        locked.chmod(0o600)
    assert problem.message == "peercoach is not allowed to read this file"
    the_others_still_load(folder)


def test_a_file_that_cannot_be_opened_is_located(folder, monkeypatch):
    """What ``chmod 000`` does for anyone but root, provoked for root too."""
    locked = folder / "locked.yaml"
    locked.write_text(GOOD.replace("id: good", "id: locked"), encoding="utf-8")
    real_open = os.open

    def refusing_open(path, *args, **kwargs):
        if str(path).endswith("locked.yaml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: refusing_open(self) or "")
    problem = only_problem(checked(folder), locked)
    assert (problem.span.line, problem.span.column) == (1, 1)
    assert problem.message == "peercoach is not allowed to read this file"
    assert "permission" in problem.hint


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_skipped_with_a_note_not_waited_on(folder):
    os.mkfifo(folder / "pipe.yaml")
    problem = only_problem(checked(folder), folder / "pipe.yaml")
    assert problem.severity == "warning"
    assert problem.message == "this is a named pipe, not a file, so it was skipped"
    assert "good" in load_library([folder], bundled=False)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_validate_does_not_block_on_a_named_pipe(folder):
    """In a separate process: opening a pipe for reading would block until a writer came."""
    os.mkfifo(folder / "pipe.yaml")
    checkout = str(Path(engine.__file__).resolve().parent.parent)  # this engine, not another installed one
    done = subprocess.run([sys.executable, "-m", "engine", "validate", str(folder)], capture_output=True,
                          text=True, timeout=60, cwd=folder.parent, env={**os.environ, "PYTHONPATH": checkout})
    assert done.returncode == 0, done.stderr
    assert ("dialogues/pipe.yaml:1:1: warning: this is a named pipe, not a file, so it was skipped: "
            "only ordinary files are read; rename it if it is not meant to be read") in done.stdout.splitlines()
    assert "0 errors" in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_catalogue_that_is_a_pipe_is_noted(folder):
    os.mkfifo(folder / "strategies.yaml")
    problem = only_problem(checked(folder), folder / "strategies.yaml")
    assert problem.message == "this is a named pipe, not a file, so it was skipped"


# -- one broken file never stops the others -----------------------------------------------------
def plant_bad_files(bundle: Path) -> dict[str, str]:
    """Broken files among the bundled dialogues; returns each one's name and where its line points."""
    (bundle / "nul.yaml").write_text(GOOD.replace("id: good", "id: nul").replace("Hi", "H\0i"), encoding="utf-8")
    (bundle / "deep.yaml").write_text(VARIABLES.format(value=_flow_lists(5000)).replace("id: good", "id: deep"),
                                      encoding="utf-8")
    (bundle / "gone.yaml").symlink_to(bundle / "nowhere.yaml")
    (bundle / "typo.yaml").write_text(GOOD.replace("id: good", "id: typo").replace("say: Hi", "sya: Hi"),
                                      encoding="utf-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(bundle / "pipe.yaml")
    return {"nul.yaml": ":7:11:", "deep.yaml": ":5:", "gone.yaml": ":1:1:", "typo.yaml": ":6:3:"}


def notes_name_each_bad_file(err: str, bad: dict[str, str]) -> None:
    lines = err.splitlines()
    for name, where in bad.items():
        mine = [line for line in lines if f"{name}:" in line]
        assert len(mine) == 1 and where in mine[0] and "left out" in mine[0], (name, err)
    assert "Traceback" not in err


ALSO_BAD = GOOD.replace("id: good", "id: also").replace("start: hello", "start: helo")


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A copy of the bundled dialogues with the bad files planted, a good one and one more bad one,
    and where each bad file's line points. Made once for the tests below, which only read it: the
    library of a new copy is checked from scratch (about 0.6 s), this one once, then from the cache."""
    copy = tmp_path_factory.mktemp("planted")
    for path in engine.dialogue.loader.resource_dir("dialogues").iterdir():
        if path.is_file():  # not dialogues/examples, a sample folder of one's own
            (copy / path.name).write_bytes(path.read_bytes())
    bad = plant_bad_files(copy)
    (copy / "good.yaml").write_text(GOOD, encoding="utf-8")
    (copy / "also-bad.yaml").write_text(ALSO_BAD, encoding="utf-8")
    return copy, bad


@pytest.fixture
def planted_bundle(planted, monkeypatch) -> tuple[Path, dict[str, str]]:
    """The planted copy standing in for the bundled dialogues (as the `bundle` fixture does)."""
    original = engine.dialogue.loader.resource_dir
    monkeypatch.setattr(engine.dialogue.loader, "resource_dir",
                        lambda name: planted[0] if name == "dialogues" else original(name))
    return planted


def test_list_shows_every_good_dialogue_beside_bad_files(planted_bundle, capsys):
    _, bad = planted_bundle
    assert main(["list"]) == 0
    out, err = capsys.readouterr()
    assert {"welcome", "strengths", "goals", "mindset"} <= {line.split()[0] for line in out.splitlines()}
    notes_name_each_bad_file(err, bad)


def test_menu_offers_the_good_dialogues_beside_bad_files(planted_bundle, capsys, monkeypatch, tmp_path):
    _, bad = planted_bundle
    monkeypatch.setenv("PEERCOACH_STORE", str(tmp_path / "store"))
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # they leave at once
    assert main(["--plain", "--person", "Sam", "menu"]) == 0
    out, err = capsys.readouterr()
    assert "My strengths and supports" in out
    notes_name_each_bad_file(err, bad)


def test_a_good_dialogue_runs_beside_bad_files(planted_bundle, capsys, monkeypatch, tmp_path):
    _, bad = planted_bundle
    store = tmp_path / "store"
    monkeypatch.setenv("PEERCOACH_STORE", str(store))
    monkeypatch.setattr(sys, "stdin", io.StringIO("Jo\n"))
    assert main(["--plain", "--person", "Sam", "run", "good"]) == 0
    out, err = capsys.readouterr()
    notes_name_each_bad_file(err, bad)
    (session,) = SqliteStore(store).sessions()
    assert session.dialogue == "good" and session.answers == 1


def test_running_a_bad_file_says_what_is_wrong_with_it(folder, capsys):
    bad = folder / "typo.yaml"
    bad.write_text(GOOD.replace("id: good", "id: typo").replace("say: Hi", "sya: Hi").replace("end: Bye", "ned: Bye"),
                   encoding="utf-8")
    assert main(["run", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "typo.yaml:6:3:" in err and "typo.yaml:10:3:" in err and "Traceback" not in err


@pytest.mark.parametrize("broken, reason", [
    (GOOD.replace("id: good", "id: broken").replace("say: Hi", "sya: Hi"),
     "dialogue `broken` has errors, so this one cannot run either"),
    (GOOD.replace("id: good", "id: broken").replace("Hi", "H\0i"),  # not even its id can be read
     "there is no dialogue with id `broken`"),
], ids=["a mistake", "unreadable"])
def test_a_dialogue_that_calls_a_broken_one_is_left_out_too(folder, broken, reason):
    (folder / "broken.yaml").write_text(broken, encoding="utf-8")
    (folder / "caller.yaml").write_text(GOOD.replace("id: good", "id: caller").replace("say: Hi", "call: broken"),
                                        encoding="utf-8")
    (folder / "caller-of-caller.yaml").write_text(
        GOOD.replace("id: good", "id: outer").replace("say: Hi", "call: caller"), encoding="utf-8")
    library = load_library([folder], bundled=False, skip_broken=True)
    assert set(library.dialogues) == {"good"}
    reasons = {p.span.file.rsplit("/", 1)[-1]: p.message for p in library.skipped}
    assert reasons["caller.yaml"] == reason
    assert reasons["caller-of-caller.yaml"] == "dialogue `caller` has errors, so this one cannot run either"
    assert set(reasons) == {"broken.yaml", "caller.yaml", "caller-of-caller.yaml"}


def test_validate_lists_each_bad_file_and_still_checks_the_good_ones(planted_bundle, capsys):
    bundle, bad = planted_bundle
    assert main(["validate", str(bundle)]) == 1
    out, err = capsys.readouterr()
    for name, where in {**bad, "also-bad.yaml": ":4:8:"}.items():
        assert sum(f"{name}{where}" in line for line in out.splitlines()) == 1, (name, out)
    assert "Traceback" not in out + err


# -- whatever a value is, wherever it is put, loading says what is wrong ------------------------
_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8)
_PLACES = ["id", "title", "audience", "start", "nodes", "hello", "say", "name", "ask", "bye", "end"]


@pytest.mark.slow  # 150 random files loaded (hypothesis)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=st.sampled_from(_PLACES), value=_values, extra=st.sampled_from(
    ["", "next", "options", "type", "min", "save", "optional", "variables", "summary", "help", "order", "with", "set"]))
def test_any_value_anywhere_gives_problems_not_a_traceback(tmp_path, place, value, extra):
    tree = yaml.safe_load(GOOD)

    def put(node):
        if isinstance(node, dict):
            for key in list(node):
                if key == place:
                    node[key] = value
                    if extra and isinstance(node, dict):
                        node[extra] = value
                else:
                    put(node[key])

    put(tree)
    path = tmp_path / "fuzz.yaml"
    path.write_text(yaml.safe_dump(tree), encoding="utf-8")
    try:
        load_library([path], bundled=False)
    except DialogueLoadError as exc:
        assert all(p.span.file.endswith("fuzz.yaml") or p.span.line >= 1 for p in exc.problems)
