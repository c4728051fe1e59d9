"""The command line, called in-process as ``main(argv)``."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from engine.cli import main
from engine.store.sqlite import SqliteStore

STRENGTHS = ["I lost my job", "my sister", "no", "kind, funny", "cooking", "2",
             "Jo", "the park", "", "", "7", "find work", "being honest", "call Jo", "yes"]


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "store"
    monkeypatch.setenv("PEERCOACH_STORE", str(path))
    SqliteStore(path).remember_person("Sam")  # as if Sam had used peercoach on this computer before
    return path


def sessions(store: Path) -> list:
    """Every session in the store, with its answers."""
    opened = SqliteStore(store)
    return [opened.load(info.id) for info in opened.sessions()]


def feed(monkeypatch, lines: list[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))


def test_list_json_has_the_documented_shape(capsys):
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"strengths", "resource-map"} <= {r["id"] for r in rows}
    for row in rows:
        assert set(row) == {"id", "title", "audience", "description"}
        assert row["audience"] in ("client", "trainee", "facilitator")


def test_list_text(capsys):
    assert main(["list"]) == 0
    assert "My strengths and supports" in capsys.readouterr().out


def test_validate_clean_bundle(capsys):
    assert main(["validate"]) == 0
    err = capsys.readouterr().err
    assert "0 errors" in err and "cards, prompts/peer-voice.yaml: 0 errors" in err  # the cards and the peer voice are checked with the bundle


def test_validate_reports_every_problem_without_a_traceback(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: B\naudience: client\nstart: a\nnodes:\n  a:\n    say: Hi\n    nxt: b\n  b:\n    ednd:\n")
    assert main(["validate", str(bad)]) == 1
    out, err = capsys.readouterr()
    assert "bad.yaml:8:5: unknown key `nxt` in node `a`: did you mean `next`?" in out
    assert "bad.yaml:9:3: node `b` does not say what it does: did you mean `end`?" in out
    assert "Traceback" not in out + err and "2 errors" in err


def test_validate_json(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: B\naudience: client\nstart: a\nnodes:\n  a:\n    end: '{{ nmae }}'\n")
    assert main(["validate", "--format", "json", str(bad)]) == 1
    [problem] = json.loads(capsys.readouterr().out)
    assert problem["line"] == 7 and problem["column"] == 10 and problem["message"] == "unknown variable `nmae`"


def test_validate_syntax_error_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: a: b\n")
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "bad.yaml:2:9: YAML syntax error: mapping values are not allowed here" in out


def test_run_in_plain_mode_to_the_end(store, monkeypatch, capsys, tmp_path):
    feed(monkeypatch, STRENGTHS)
    out_file = tmp_path / "summary.html"
    assert main(["run", "strengths", "--out", str(out_file)]) == 0
    out = capsys.readouterr().out
    assert "That's the end" not in out  # the dialogue's own end text is used
    assert "Thank you, Sam" in out and "\nMy strengths and supports: Sam\n" in out and "**" not in out
    html = out_file.read_text()
    assert "Sticking with it" not in html and "Courage, facing hard things" in html
    [record] = sessions(store)
    assert record.status.value == "finished" and len(record.log) == len(STRENGTHS)


def test_summary_during_a_conversation_is_plain_text_wrapped_at_words(store, monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "40")
    hard_time = "I lost my job at the warehouse after eleven years and got through it, slowly"
    feed(monkeypatch, [hard_time, "my sister", "/summary"])
    assert main(["--plain", "run", "strengths"]) == 0
    out = capsys.readouterr().out
    shown = out.split("> /summary")[1].split("Is there something from that time")[0]
    lines = shown.strip("\n").splitlines()
    assert lines[0] == "My strengths and supports: Sam"  # not "# My strengths..."
    assert "Getting through hard times" in lines and "  - What helped: my sister" in lines
    assert not any(mark in shown for mark in ("#", "**", "_ ", " _"))
    assert all(len(line) <= 40 for line in lines)
    [item] = [n for n, line in enumerate(lines) if line.startswith("  - A hard time I got through: I lost")]
    assert lines[item + 1].startswith("    ")  # wrapped at a space, the next line hanging under the text
    assert " ".join(" ".join(lines[item:item + 3]).split()).endswith(hard_time)  # every word whole


def test_comment_lines_in_an_answers_file_are_not_answers(tmp_path, monkeypatch, capsys):
    # No --person and nobody met yet: without the fix, the first comment would even become the name.
    monkeypatch.setenv("PEERCOACH_STORE", str(tmp_path / "store"))
    feed(monkeypatch, ["# strengths, for Sam: the name comes first", "Sam", "#the hard time", "I lost my job",
                       "  #1 was my sister"])  # indented: an answer that starts with #
    assert main(["--plain", "run", "strengths"]) == 0
    out = capsys.readouterr().out
    [record] = sessions(tmp_path / "store")
    assert record.person == "Sam"
    assert [e.text for e in record.log] == ["I lost my job", "  #1 was my sister"]
    assert "the hard time" not in out and "for Sam" not in out  # not echoed either


def test_end_of_input_pauses_and_resume_carries_on(store, monkeypatch, capsys):
    feed(monkeypatch, STRENGTHS[:3])
    assert main(["run", "strengths"]) == 0
    out = capsys.readouterr().out
    assert "Paused. Your answers are saved." in out
    [record] = sessions(store)
    assert record.status.value == "paused" and [e.text for e in record.log] == STRENGTHS[:3]

    feed(monkeypatch, STRENGTHS[3:])
    assert main(["resume"]) == 0
    out = capsys.readouterr().out
    assert "Welcome back" in out and "Thank you, Sam" in out
    [record] = sessions(store)
    assert record.status.value == "finished" and [e.text for e in record.log] == STRENGTHS


def test_summary_command_writes_markdown_and_html(store, monkeypatch, capsys, tmp_path):
    feed(monkeypatch, STRENGTHS[:2])
    main(["run", "strengths"])
    session = sessions(store)[0].id
    capsys.readouterr()
    assert main(["summary", session]) == 0
    assert "I lost my job" in capsys.readouterr().out
    assert main(["summary", session, "--out", str(tmp_path / "s.html")]) == 0
    assert (tmp_path / "s.html").read_text().startswith("<!DOCTYPE html>")


def test_run_a_dialogue_file_by_path(store, monkeypatch, capsys, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("id: mine\ntitle: Mine\naudience: client\nstart: q\nnodes:\n  q:\n    ask: Colour?\n"
                    "  sub:\n    call: resource-map\n  done:\n    end: Bye {{ q }}\n")
    feed(monkeypatch, ["blue", "", "", "", "", ""])  # four empty map questions, then "anyone?"
    assert main(["run", str(path)]) == 0
    assert "Bye blue" in capsys.readouterr().out
    assert sessions(store)[0].source == str(path.resolve())


def test_unknown_dialogue_suggests_one(store, capsys):
    assert main(["run", "strenghts"]) == 1
    err = capsys.readouterr().err
    assert "there is no dialogue `strenghts`: did you mean `strengths`?" in err


def test_broken_dialogue_file_is_reported_not_raised(store, tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text("id: bad\n")
    assert main(["run", str(path)]) == 1
    assert "bad.yaml:1:1: the dialogue is missing `title`" in capsys.readouterr().err


def test_bad_out_extension_is_reported_before_starting(store, monkeypatch, capsys):
    feed(monkeypatch, STRENGTHS)
    assert main(["run", "strengths", "--out", "x.pdf"]) == 1
    assert "use a name ending in .md or .html" in capsys.readouterr().err
    assert sessions(store) == []  # nothing was started


def test_nothing_to_resume(store, capsys):
    assert main(["resume"]) == 1
    assert "no unfinished conversation" in capsys.readouterr().out


def test_menu_runs_the_chosen_dialogue(store, monkeypatch, capsys):
    feed(monkeypatch, ["99", "map my", "Jo"])
    assert main(["menu"]) == 0
    out = capsys.readouterr().out
    assert "What would you like to work on today?" in out
    assert "Please choose by typing a number from 1 to 9" in out  # the client dialogues listed
    assert sessions(store)[0].dialogue == "resource-map"


def test_no_command_starts_the_welcome(store, monkeypatch, capsys):
    feed(monkeypatch, ["Sam"])
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "not an emergency service" in out and "988" in out
    assert sessions(store)[0].dialogue == "welcome"


def test_python_dash_m_engine_works():
    import subprocess
    done = subprocess.run([sys.executable, "-m", "engine", "list"], capture_output=True, text=True)
    assert done.returncode == 0 and "strengths" in done.stdout


@pytest.mark.parametrize("before", [True, False])
def test_store_option_before_or_after_the_command(tmp_path, monkeypatch, before):
    monkeypatch.setenv("PEERCOACH_STORE", str(tmp_path / "default"))
    chosen = ["--store", str(tmp_path / "chosen")]
    feed(monkeypatch, ["Jo"])
    argv = chosen + ["run", "resource-map"] if before else ["run", "resource-map"] + chosen
    assert main(argv) == 0
    assert len(sessions(tmp_path / "chosen")) == 1
    assert not (tmp_path / "default").exists()


def test_a_failing_dialogue_keeps_the_answer_and_reports_the_place(store, tmp_path, monkeypatch, capsys):
    path = tmp_path / "broken.yaml"
    path.write_text("id: broken\ntitle: B\naudience: client\nstart: q\nnodes:\n  q:\n    ask: How many?\n"
                    "    type: number\n  calc:\n    set:\n      share: 10 / (q - q)\n  done:\n    end:\n")
    feed(monkeypatch, ["4"])
    assert main(["run", str(path)]) == 0  # the person can go on (here: the input ends, so it pauses)
    shown = capsys.readouterr()
    said = " ".join(shown.out.split())  # as wrapped for the terminal
    assert "Something went wrong in this conversation's script (not in your answer)" in said
    assert "broken.yaml:11:14: ZeroDivisionError" in said and "Traceback" not in shown.err
    [record] = sessions(store)
    assert [e.text for e in record.log if e.text] == ["4"] and record.status.value == "paused"
    feed(monkeypatch, ["4"])  # resuming does not fail for ever: the question comes again
    assert main(["resume"]) == 0
    assert "How many?" in capsys.readouterr().out


# -- people -------------------------------------------------------------------------------------
def test_a_new_person_is_asked_their_name_once_and_remembered(tmp_path, monkeypatch, capsys):
    store = tmp_path / "fresh"
    feed(monkeypatch, ["/nope", "Ash", "Jo"])  # not a name, then a name, then the map's first answer
    assert main(["--store", str(store), "run", "resource-map"]) == 0
    out = capsys.readouterr().out
    assert "What name would you like me to use?" in out and "Please choose a name of 1 to 40" in out
    assert "Thank you, Ash." in out
    feed(monkeypatch, ["Jo"])
    assert main(["--store", str(store), "run", "resource-map"]) == 0
    out = capsys.readouterr().out
    assert "What name would you like me to use?" not in out and "Hello again, Ash." in out
    assert {s.person for s in sessions(store)} == {"Ash"}


def test_crisis_words_given_as_a_name_are_answered_with_resources(tmp_path, monkeypatch, capsys):
    feed(monkeypatch, ["I want to kill myself", "Ash"])
    assert main(["--store", str(tmp_path / "s"), "--region", "uk-ie", "run", "resource-map"]) == 0
    out = capsys.readouterr().out
    assert "Samaritans" in out and "Thank you, Ash." in out
    assert sessions(tmp_path / "s")[0].person == "Ash"


@pytest.mark.parametrize("route, greeting", [("2", "Good to have you here"), ("5", "Good to have you here"),
                                             ("4", "Welcome back")])
def test_the_welcome_greets_once_and_the_dialogue_it_hands_over_to_does_not_again(tmp_path, monkeypatch, capsys,
                                                                                  route, greeting):
    monkeypatch.setenv("PEERCOACH_STORE", str(tmp_path / "store"))  # nobody met yet: the name is asked
    feed(monkeypatch, ["Robin", route])
    assert main(["--plain"]) == 0
    out = " ".join(capsys.readouterr().out.split("> Robin")[1].split("Paused")[0].split())
    assert out.startswith("Thank you, Robin. Hi, and welcome to peercoach.")  # the one greeting
    assert "Thanks, Robin" not in out and "Hi, and welcome." not in out and greeting not in out
    assert out.count("Robin") == 2  # "Thank you, Robin." and "What would you like to work on today, Robin?"


def test_a_dialogue_run_on_its_own_still_greets(store, monkeypatch, capsys):
    feed(monkeypatch, [])
    assert main(["--plain", "run", "strengths"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Hi, and welcome. This is a short conversation" in out and "Good to have you here, Sam." in out
    feed(monkeypatch, [])
    assert main(["--plain", "run", "review"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    # Sam has no goal yet: no "welcome back ... since you set your goal" for someone new
    assert "Let's look at a goal you are working on" in out and "since you set your goal" not in out


def test_person_option_switches_and_is_remembered(store, monkeypatch, capsys):
    feed(monkeypatch, ["Jo"])
    assert main(["--person", "  River  ", "run", "resource-map"]) == 0
    assert SqliteStore(store).default_person() == "River"
    assert main(["--person", "/etc/passwd", "run", "resource-map"]) == 1
    assert "cannot be used as a name" in capsys.readouterr().err


def test_resume_takes_the_latest_unfinished_session(store, monkeypatch, capsys):
    feed(monkeypatch, STRENGTHS[:2])
    main(["run", "strengths"])
    feed(monkeypatch, ["Jo"])
    main(["run", "resource-map"])
    feed(monkeypatch, [])
    capsys.readouterr()
    assert main(["resume"]) == 0
    assert "Where do you feel safe" in capsys.readouterr().out  # the map, paused last, at its second question


def test_resume_passes_over_a_conversation_closed_before_its_first_answer(store, monkeypatch, capsys):
    feed(monkeypatch, ["I can't keep a routine"])
    assert main(["--plain", "run", "mindset"]) == 0  # one answer, then the input ends: paused
    feed(monkeypatch, [])
    assert main(["--plain", "run", "goals"]) == 0  # closed before any answer
    capsys.readouterr()
    feed(monkeypatch, [])
    assert main(["--plain", "resume"]) == 0
    after = " ".join(capsys.readouterr().out.split("Welcome back")[-1].split())
    assert "If a good friend told you that" in after  # mindset's next question, not goals' first
    assert main(["sessions", "list", "--json"]) == 0  # the empty one is kept, and listed
    assert [(row["dialogue"], row["answers"]) for row in json.loads(capsys.readouterr().out)] == [
        ("mindset", 1), ("goals", 0)]


def test_resume_counts_answers_undone_with_back_as_something_typed(store, monkeypatch, capsys):
    feed(monkeypatch, STRENGTHS[:2])
    assert main(["--plain", "run", "strengths"]) == 0
    feed(monkeypatch, ["I can't keep a routine", "/back"])  # no answer left in force, but words typed
    assert main(["--plain", "run", "mindset"]) == 0
    feed(monkeypatch, [])
    assert main(["--plain", "run", "goals"]) == 0
    capsys.readouterr()
    feed(monkeypatch, [])
    assert main(["--plain", "resume"]) == 0
    after = " ".join(capsys.readouterr().out.split("Welcome back")[-1].split())
    assert 'When you think "I can\'t", what is the "can\'t" about?' in after  # mindset again, at its first question
    assert "Think of a time when life was hard" not in after and "Which part of your life" not in after


def test_resume_takes_a_conversation_closed_before_its_first_answer_when_it_is_the_only_one(store, monkeypatch,
                                                                                             capsys):
    feed(monkeypatch, [])
    assert main(["--plain", "run", "goals"]) == 0  # as after a kill before the first answer
    capsys.readouterr()
    feed(monkeypatch, [])
    assert main(["--plain", "resume"]) == 0
    assert "Which part of your life would you like to work on?" in capsys.readouterr().out


# -- sessions -----------------------------------------------------------------------------------
def test_sessions_list_json_has_the_documented_shape(store, monkeypatch, capsys):
    feed(monkeypatch, STRENGTHS[:3])
    main(["run", "strengths"])
    capsys.readouterr()
    assert main(["sessions", "list", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert set(row) == {"id", "person", "dialogue", "status", "answers", "updated"}
    assert (row["person"], row["dialogue"], row["status"], row["answers"]) == ("Sam", "strengths", "paused", 3)
    assert main(["sessions", "list"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0].split() == ["session", "person", "dialogue", "status", "answers", "updated"]
    assert row["id"] in text


def test_sessions_show(store, monkeypatch, capsys):
    feed(monkeypatch, STRENGTHS[:2])
    main(["run", "strengths"])
    [session] = sessions(store)
    capsys.readouterr()
    assert main(["sessions", "show", session.id, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["id"] == session.id and shown["answers"] == 2
    assert [e["answer"] for e in shown["entries"]] == STRENGTHS[:2]
    assert main(["sessions", "show", session.id]) == 0
    assert "I lost my job" in capsys.readouterr().out
    assert main(["sessions", "show", "nope"]) == 1
    assert "no session `nope`" in capsys.readouterr().err


def test_sessions_export_writes_a_private_file(store, monkeypatch, capsys, tmp_path):
    feed(monkeypatch, STRENGTHS)
    main(["run", "strengths"])
    out = tmp_path / "sam.json"
    assert main(["sessions", "export", "sam", "--out", str(out)]) == 0
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    exported = json.loads(out.read_text())
    assert exported["person"] == "Sam" and len(exported["sessions"]) == 1
    assert "Jo" in [r["text"] for r in exported["resources"]]
    assert "kind" in [s["text"] for s in exported["strengths"]]
    assert main(["sessions", "export", "nobody"]) == 1


def test_sessions_delete_needs_confirmation_then_removes(store, monkeypatch, capsys):
    feed(monkeypatch, STRENGTHS[:2])
    main(["run", "strengths"])
    [session] = sessions(store)
    feed(monkeypatch, [])
    assert main(["sessions", "delete", session.id]) == 1
    assert "add --yes to confirm" in capsys.readouterr().err and len(sessions(store)) == 1
    assert main(["sessions", "delete", session.id, "--yes"]) == 0
    assert sessions(store) == []
    assert main(["sessions", "delete"]) == 1  # neither a session nor a person


def test_sessions_delete_a_person(store, monkeypatch, capsys):
    feed(monkeypatch, STRENGTHS[:2])
    main(["run", "strengths"])
    feed(monkeypatch, ["Jo"])
    main(["--person", "Kim", "run", "resource-map"])
    assert main(["sessions", "delete", "--person", "sam", "--yes"]) == 0
    assert [s.person for s in sessions(store)] == ["Kim"]
    assert SqliteStore(store).people() == ["Kim"]


def test_a_damaged_store_is_one_clear_line(tmp_path, capsys):
    (tmp_path / "peercoach.db").write_bytes(b"garbage" * 500)
    assert main(["--store", str(tmp_path), "sessions", "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("peercoach: ") and "left as it is" in err and "Traceback" not in err


def test_the_menu_reads_a_choice_like_any_question(store, monkeypatch, capsys):
    # Free words naming one conversation's own words pick it, as at a choice inside a dialogue.
    feed(monkeypatch, ["the one with dated steps I think", "Jo"])
    assert main(["menu"]) == 0
    assert sessions(store)[0].dialogue == "goals"


def test_an_ambiguous_menu_answer_says_which_it_could_be(store, monkeypatch, capsys):
    feed(monkeypatch, ["goal", "review", "Jo"])  # `goal` is in several: which one is meant?
    assert main(["menu"]) == 0
    out = capsys.readouterr().out
    said = out.split("That could be ")[1].split("Please type")[0]
    assert "Setting a goal and an action plan" in said and "Reviewing my progress" in said
    assert sessions(store)[0].dialogue == "review"


def test_the_pause_hint_gives_a_command_that_works_as_typed(tmp_path, monkeypatch, capsys):
    # After the quick start, `peercoach` is not on the PATH: the hint names `python3 run.py`, and
    # the store the person chose, so typing it finds the same session.
    monkeypatch.setenv("PEERCOACH_LAUNCHER", "python3 run.py")
    chosen = tmp_path / "my store"
    feed(monkeypatch, [])
    assert main(["--store", str(chosen), "--person", "Sam", "--plain", "run", "mindset"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    [session] = [s.id for s in SqliteStore(chosen).sessions()]
    assert f"python3 run.py --store '{chosen}' resume {session}" in out
    assert main(["--store", str(chosen), "resume", session]) == 0  # what it says works


def test_the_pause_hint_keeps_the_command_on_one_line_in_a_narrow_terminal(tmp_path, monkeypatch, capsys):
    # Wrapped at 40 columns, the command would break inside the quoted store path: typed (or
    # pasted) as shown, it would not work. The paragraph around it still wraps.
    monkeypatch.setenv("PEERCOACH_LAUNCHER", "python3 run.py")
    monkeypatch.setenv("COLUMNS", "40")
    chosen = tmp_path / "my store"
    feed(monkeypatch, [])
    assert main(["--store", str(chosen), "--person", "Sam", "--plain", "run", "mindset"]) == 0
    lines = capsys.readouterr().out.splitlines()
    [session] = [s.id for s in SqliteStore(chosen).sessions()]
    assert f"    python3 run.py --store '{chosen}' resume {session}" in lines
    assert all(len(line) <= 40 for line in lines if "resume" not in line)


def test_without_the_quick_start_the_hint_uses_a_command_that_exists(store, monkeypatch, capsys):
    monkeypatch.delenv("PEERCOACH_LAUNCHER", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    feed(monkeypatch, [])
    assert main(["--plain", "run", "mindset"]) == 0
    assert "python3 -m engine resume" in " ".join(capsys.readouterr().out.split())
