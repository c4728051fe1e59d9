"""The benchmark suite's correctness, not its times: every engine's adapter runs the same
conversation (the same prompts in the same order) to the same end, with the same answers quoted
back in its summary; the generated dialogues the load figures time are what they claim to be."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's benchmarks package, not another one on the path

from benchmarks.peers import ENGINES, common  # noqa: E402

# What each adapter needs installed (peercoach needs only itself).
NEEDS = {"peercoach": "engine", "transitions": "transitions", "statemachine": "statemachine",
         "rivescript": "rivescript", "bink": "bink", "aiml": "aiml", "eliza": "nltk"}

ANSWERS = common.answers()
NO_BRANCH = [*ANSWERS[:4], "maybe", "No", "nothing fancy, just a list", *ANSWERS[6:]]  # a re-ask, then no
PATHS = {"yes": ANSWERS, "no-after-a-reask": NO_BRANCH}


def peer(name: str):
    pytest.importorskip(NEEDS[name])
    module = __import__(f"benchmarks.peers.{name}_peer", fromlist=["engine"])
    return module


@pytest.fixture(scope="module")
def engines():
    """One loaded engine per adapter, shared by the tests (peercoach's takes a moment to load)."""
    return {}


def loaded(engines, name):
    if name not in engines:
        engines[name] = peer(name).engine()
    return engines[name]


def test_the_workload_is_nineteen_answers_that_aiml_reads_as_one_sentence_each():
    prompts, summary = common.reference(ANSWERS)
    assert len(ANSWERS) == 19 and len(prompts) == 19 and len(summary) == 15
    assert not any(mark in answer for answer in ANSWERS for mark in ".!?")


def test_the_reference_takes_both_branches_and_asks_again():
    prompts, summary = common.reference(NO_BRANCH)
    assert prompts.count(common.PROMPTS["tried"]) == 2
    assert "- A first try would be easier with: nothing fancy, just a list" in summary
    assert [line for line in summary if line.startswith("- Step")] == [
        "- Step 1: buy fruit and oats on Saturday (Saturday morning)",
        "- Step 2: cook a big pot of soup (Sunday afternoon)",
        "- Step 3: pack lunch the night before (every weeknight)"]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("name", ENGINES)
def test_every_engine_shows_the_same_prompts_and_quotes_the_same_answers(engines, name, path):
    given = PATHS[path]
    session = loaded(engines, name).session()
    shown, summary = common.converse(session, given)
    prompts, lines = common.reference(given)
    assert session.finished, f"{name} did not reach the end"
    assert [" ".join(p.split()) for p in shown[:-1]] == prompts
    assert common.quoted(shown[-1]) == lines, "the last answer is answered with the summary"
    assert common.quoted(summary) == lines


@pytest.mark.parametrize("name", ENGINES)
def test_sessions_are_independent_and_serialise(engines, name):
    engine = loaded(engines, name)
    first, second = engine.session(), engine.session()
    first.start()
    second.start()
    first.answer("my health")
    assert second.answer("work or study") == "How are things with work or study right now?"
    common.converse(first, [])
    assert first.serialise() and "my health" in first.serialise()


@pytest.mark.parametrize("name", ENGINES)
def test_every_adapter_runs_here(name):
    peer(name)
    assert common.adapter(name).skipped is None


def test_a_missing_engine_is_skipped_with_its_reason():
    found = common.adapter("nonesuch")
    assert found.module is None and "not installed" in (found.skipped or "")


@pytest.mark.parametrize("name", [n for n in ENGINES if n != "eliza"])
def test_generated_dialogues_load_and_run_to_their_end(tmp_path, name):
    module = peer(name)
    built = module.build(module.prepare(25, tmp_path))
    if name == "peercoach":
        from engine.conversation.machine import Conversation, Outcome
        from engine.conversation.messages import Messages
        from engine.ground.files import resource_dir

        conversation = Conversation(built, Messages.load(resource_dir("prompts") / "messages.yaml"), "generated-25")
        turns = [conversation.reply("no" if "yes or no" in conversation.question().text else "on we go")
                 for _ in range(23)]
        assert turns[-1].outcome is Outcome.FINISHED  # 25 questions, two of them skipped by "no"
        assert turns[-2].outcome is Outcome.ASK
        assert len(built["generated-25"].nodes) == 26
    elif name == "bink":
        texts = [built.continue_maximally().strip()]
        while built.get_current_choices():
            built.set_variable("said", "no")
            built.choose_choice_index(0)
            texts.append(built.continue_maximally().strip())
        assert texts[0] == "Question 0: what comes next?" and texts[-1] == "Done." and len(texts) == 24


def test_the_generated_ink_is_what_the_ink_compiler_makes():
    bink = peer("bink")
    compiled = json.loads((common.WORKLOAD / "generated-12.ink.json").read_text(encoding="utf-8-sig"))
    assert bink.generated_json(12) == compiled


def test_the_generated_yaml_is_a_valid_dialogue(tmp_path):
    pytest.importorskip("engine")
    from engine.dialogue.loader import load_library

    library = load_library([peer("peercoach").prepare(30, tmp_path)], bundled=False)
    assert not library.warnings and library.remaining[("generated-30", "q0")] == 28


def test_every_shared_workload_file_is_used():
    used = {"answers.txt", "coaching.yaml", "coaching.md.j2", "loop.yaml", "coaching.ink", "coaching.ink.json",
            "coaching.rive", "coaching.aiml", "generated-12.ink.json"}
    assert {p.name for p in common.WORKLOAD.iterdir()} == used


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n in ENGINES if n != "peercoach"])
def test_each_peer_runs_as_a_whole_program(name):
    peer(name)
    done = subprocess.run([sys.executable, "-m", f"benchmarks.peers.{name}_peer"], cwd=ROOT, env=_env(),
                          input="\n".join(ANSWERS) + "\n", capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert common.quoted(done.stdout) == common.reference(ANSWERS)[1]


@pytest.mark.slow
def test_peercoach_runs_the_workload_from_the_command_line(tmp_path):
    done = subprocess.run([sys.executable, "-m", "engine", "--plain", "--store", str(tmp_path), "--person", "Sam",
                           "run", str(common.WORKLOAD / "coaching.yaml")], cwd=ROOT, env=_env(),
                          input="\n".join(ANSWERS) + "\n", capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert common.quoted(done.stdout) == common.reference(ANSWERS)[1]


@pytest.mark.slow
def test_the_suite_prints_json_figures(tmp_path):
    pytest.importorskip("transitions")
    done = subprocess.run([sys.executable, "benchmarks/run.py", "--quick", "--json", "--rounds", "1",
                           "--only", "turn", "resume", "load", "--engines", "transitions"], cwd=ROOT, env=_env(),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    figures = {f["key"]: f for f in report["figures"]}
    assert {"turn", "resume", "load-1000", "load-1000-cache", "load-growth"} <= set(figures)
    turn = {row["engine"]: row for row in figures["turn"]["rows"]}
    assert set(turn) == {"peercoach", "transitions"} and turn["transitions"]["peercoach_ratio"] > 0
    cached = {row["engine"]: row for row in figures["load-1000-cache"]["rows"]}
    assert set(cached) == {"peercoach"} and cached["peercoach"]["rounds"] >= 1  # peercoach's own cache
    assert not cached["peercoach"]["note"]


def test_the_authoring_figure_times_lint_and_coverage_of_a_large_dialogue():
    from benchmarks.run import QUICK, authoring

    figure = authoring(QUICK)
    rows = {cell.engine: cell for cell in figure.cells}
    assert set(rows) == {"lint", "coverage"} and all(cell.rounds for cell in rows.values())


def test_the_processes_timed_run_this_checkout_compiled_as_the_peers_installed_are():
    """The cold start and the first prompt time processes that find the engine's bytecode written
    (pip compiles every peer it installs), even when no untimed run went first (--quick) and the
    machine sets PYTHONDONTWRITEBYTECODE."""
    import importlib.util

    from benchmarks import run

    stale = Path(importlib.util.cache_from_source(str(ROOT / "benchmarks" / "peers" / "common.py")))
    stale.unlink(missing_ok=True)  # as after an edit, or on a machine that never wrote it
    run.compiled()
    assert stale.exists()
    for source in [*(ROOT / "engine").rglob("*.py"), *(ROOT / "benchmarks" / "peers").rglob("*.py")]:
        cache = Path(importlib.util.cache_from_source(str(source)))
        header = cache.read_bytes()[:16]
        assert int.from_bytes(header[4:8], "little") == 0, source  # checked by the source's time and size
        assert int.from_bytes(header[8:12], "little") == int(source.stat().st_mtime) & 0xFFFFFFFF, source
