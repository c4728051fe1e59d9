"""The bundled dialogue library: every path in tests/dialogue/paths driven in plain mode, node coverage,
summaries that show what they must, and the strategy catalogue."""

from __future__ import annotations

import io
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from engine.authoring.cases import case_files, read_cases
from engine.authoring.runner import run_case
from engine.cli import main
from engine.conversation.machine import Conversation
from engine.conversation.session import Status
from engine.dialogue.loader import load_library
from engine.dialogue.model import Ask, Call, End, Record, Say, SetVars
from engine.ground.files import resource_dir
from engine.render.summary import render_summary
from engine.store.sqlite import SqliteStore

# These only show that the Welcome hands over; their answers stop at the called dialogue's first question.
STOP_EARLY = {"welcome.ownership", "welcome.strengths", "welcome.goals", "welcome.unsure"}
PATHS = sorted((Path(__file__).parent / "paths").glob("*.txt"))
visited: dict[str, set[str]] = {}  # dialogue id -> node ids reached, over every path run


class _Recording(dict):
    """A dialogue's node table that notes each node the machine looks up."""

    def __init__(self, dialogue_id: str, nodes: dict):
        super().__init__(nodes)
        self.dialogue_id = dialogue_id

    def __getitem__(self, node_id):
        visited.setdefault(self.dialogue_id, set()).add(node_id)
        return super().__getitem__(node_id)


AFTER = "# after: "  # a path that needs another one run first (the review needs goals on record)


def _answers(path: Path) -> tuple[list[str], list[str]]:
    """(the paths to run first, the answers) of an answers file."""
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0].startswith("#"), f"{path.name}: the first line says what the path is for"
    lines = lines[1:-1] if lines[-1] == "" else lines[1:]
    before = [line.removeprefix(AFTER) for line in lines if line.startswith(AFTER)]
    return before, lines[len(before):]


def _run(path: Path, store: Path, out: Path) -> int:
    before, answers = _answers(path)
    for stem in before:
        assert _run(path.with_name(stem + ".txt"), store, store / "before.md") == 0
    stdin, sys.stdin = sys.stdin, io.StringIO("\n".join(answers) + "\n")
    try:
        return main(["--store", str(store / "s"), "--person", "Alex", "run", path.stem.split(".")[0], "--plain",
                     "--seed", "paths", "--out", str(out)])  # a fixed seed: a rehearsal's lines are the same each run
    finally:
        sys.stdin = stdin


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Run every answers file through the real CLI in plain mode; keep each session and summary."""
    results = {}
    for path in PATHS:
        store = tmp_path_factory.mktemp(path.stem)
        out = store / "summary.md"
        code = _run(path, store, out)
        opened = SqliteStore(store / "s")
        results[path.stem] = (code, opened.load(opened.sessions()[-1].id), out)
        opened.close()
    return results


@pytest.mark.slow  # drives every path in plain mode
@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_each_path_runs_cleanly_in_plain_mode(runs, path):
    code, record, out = runs[path.stem]
    assert code == 0
    if path.stem not in STOP_EARLY:
        assert record.status.value == "finished", f"{path.name} should reach the end; it stopped early"
    assert all(entry.safety is None for entry in record.log), "no path answer should set off the safety net"


@pytest.mark.slow  # drives every path in plain mode
def test_every_node_of_every_bundled_dialogue_is_visited(runs, messages):
    library = load_library()
    recording = replace(library, dialogues={
        d.id: replace(d, nodes=_Recording(d.id, d.nodes)) for d in library.dialogues.values()})
    visited.clear()
    for _, record, _ in runs.values():
        conversation = Conversation(recording, messages, record.dialogue, record.log, given=record.context)
        conversation.current_turn()
    # ...and by the dialogue tests beside the dialogues (*.test.yaml), which can hand in a person's record
    for file in case_files([resource_dir("dialogues")]):
        for case in read_cases(file):
            for step in run_case(library, messages, case).trace:
                visited.setdefault(step.dialogue, set()).add(step.node)
    missing = [f"{d.id}:{n}" for d in library.dialogues.values() for n in d.nodes if n not in visited.get(d.id, ())]
    assert not missing, "never visited by any path in tests/dialogue/paths or dialogue test: " + ", ".join(missing)


@pytest.mark.parametrize("stem, must_show", [
    ("goals.vague", ["Walk after dinner, 20 minutes 3 times a week, by the end of the month", "walk to the corner",
                     "tomorrow (by", "walk around the block", "on Saturday", "rain and tiredness",
                     "walk in the mall", "my neighbour", "Confidence:** 3 out of 10", "walk once"]),
    ("goals.smart", ["Apply for 3 jobs by Friday", "update my resume", "Wednesday (by Wednesday",
                     "Importance:** 9 out of 10"]),
    ("ownership.discouraged", ["my kids and my health", "what I buy and who I see", "call my sponsor",
                               "I want to ask about a detox program", "medication options"]),
    ("strengths.proud-low", ["I kept going", "kind and funny", "Jo", "my sponsor", "the park"]),
    ("review.stalled", ["2 out of 10", "walk indoors", "Rework the goal or its steps",
                        "walk 10 minutes twice a week by the end of the month", "walk in the mall",
                        "Bring in someone I trust:** yes", "another professional:** not sure"]),
    ("check-goals.mixed", ["Score:** 3 of 5 person-centred choices on the first try", "Think again.", "Good choice.", "Strategies to revisit",
                           "Reviewing progress regularly"]),
])
@pytest.mark.slow  # drives every path in plain mode
def test_summaries_show_what_was_said(runs, stem, must_show):
    _, _, out = runs[stem]
    summary = out.read_text(encoding="utf-8")
    for wanted in must_show:
        assert wanted in summary, f"{wanted!r} missing from the {stem} summary"


def test_every_client_strategy_is_used_and_every_question_names_one():
    library = load_library()
    assert not library.warnings, library.warnings
    used = {node.strategy for d in library.dialogues.values() for node in d.nodes.values() if isinstance(node, Ask)}
    used |= {o.strategy for d in library.dialogues.values() for node in d.nodes.values() if isinstance(node, Ask)
             for o in node.answer.options}
    client = {s.id for s in library.strategies.values() if s.audience == "client"}
    assert not client - used, f"client strategies no dialogue uses: {sorted(client - used)}"
    pitfalls = {s.id for s in library.strategies.values() if s.kind == "pitfall"}
    assert {"dictating_actions", "blaming_others", "encouraging_avoidance"} <= pitfalls and pitfalls <= used
    assert {1, 2, 3, 4, 5} == {n for s in library.strategies.values() for n in s.sources}


def test_a_knowledge_check_tags_its_best_option_with_a_strategy_and_every_other_with_a_pitfall():
    """Otherwise the debrief praises a wrong pick ("set the same steps again" practising small steps)."""
    library = load_library()
    kinds = {s.id: s.kind for s in library.strategies.values()}
    checks = [d for d in library.dialogues.values() if d.id.startswith("check-")]
    assert len(checks) >= 5
    wrong = []
    for dialogue in checks:
        for node in dialogue.nodes.values():
            if isinstance(node, Ask) and node.answer.options:
                for option in node.answer.options:
                    expected = "strategy" if option.value == "best" else "pitfall"
                    if kinds.get(option.strategy or "") != expected:
                        wrong.append((dialogue.id, node.id, option.value, option.strategy))
    assert not wrong, wrong


def test_an_unknown_strategy_is_a_load_error_with_a_suggestion(problems, write):
    write("strategies.yaml", """
        strategies:
          smart_goals:
            name: Clear goals
            description: Specific, measurable, time-bound.
            sources: [2]
            audience: client
            kind: strategy
        """)
    found = problems("""
        id: main
        title: T
        audience: client
        start: q
        nodes:
          q:
            ask: Your goal?
            strategy: smart_goal
          e:
            end:
        """)
    [problem] = [p for p in found if p.severity == "error"]
    assert (problem.span.line, problem.span.column) == (8, 15)
    assert "no strategy `smart_goal`" in problem.message and "did you mean `smart_goals`" in problem.hint


@pytest.mark.parametrize("catalogue, where, message", [
    ("strategies:\n  a:\n    name: A\n    description: d\n    sources: [1]\n    audience: everyone\n    kind: strategy\n",
     (6, 15), "`audience` should be one of `client`, `practitioner`"),
    ("strategies:\n  a:\n    name: A\n    description: d\n    sources: [one]\n    audience: client\n    kind: pitfal\n",
     (5, 14), "`sources` should list document numbers"),
    ("strategies:\n  a:\n    name: A\n    descripton: d\n    sources: [1]\n    audience: client\n    kind: strategy\n",
     (4, 5), "unknown key `descripton`"),
])
def test_catalogue_mistakes_name_file_line_and_column(tmp_path, catalogue, where, message):
    from engine.ground.errors import DialogueLoadError
    (tmp_path / "strategies.yaml").write_text(catalogue, encoding="utf-8")
    with pytest.raises(DialogueLoadError) as caught:
        load_library([tmp_path / "strategies.yaml"], bundled=False)
    hits = [p for p in caught.value.problems if message in p.message]
    assert hits and (hits[0].span.line, hits[0].span.column) == where
    assert hits[0].span.file.endswith("strategies.yaml")


@pytest.mark.slow  # drives every path in plain mode
def test_an_option_explains_itself_at_once_and_in_the_summary(runs, bundled, messages):
    conversation = Conversation(bundled, messages, "check-ownership")
    turn = conversation.reply("Give them a clear three-step plan to follow this week.")  # by its words: the options are shuffled
    assert turn.messages[0].startswith("Think again. A plan handed over is your plan")
    summary = render_summary(conversation, "markdown", status=Status.ACTIVE, generated=None)
    assert "Pitfall: dictating actions" in summary and "Working together as equals" in summary


# The bundle itself (the paths above drive every node of it in plain mode).
def test_bundle_has_no_warnings(bundled):
    assert bundled.warnings == ()


def test_strengths_uses_every_node_kind(bundled):
    kinds = {type(node) for node in bundled["strengths"].nodes.values()}
    assert kinds == {Say, Ask, SetVars, Call, Record, End}
    types = {node.answer.type for node in bundled["strengths"].nodes.values() if isinstance(node, Ask)}
    types |= {node.answer.type for node in bundled["resource-map"].nodes.values() if isinstance(node, Ask)}
    assert types == {"text", "yesno", "scale", "list", "choice"}
