"""The engine's layers, and which way their imports may point.

Each subpackage of ``engine/`` is a layer with a rank; a module may import its own layer and any
layer ranked below it, never one above or beside it (the store and the renderer stand side by
side on the conversation's session types, and know nothing of each other or of front ends). The
imports are read with ``ast``, those inside functions too, so a lazy import cannot hide an arrow.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[1] / "engine"

# Lowest first. Layers of the same rank may not import each other.
RANKS = {
    "ground": 0,  # located problems, spans, strict YAML reading, private files
    "understanding": 1,  # what people type: answers, numbers, time frames, SMART, talk, listening, coding
    "dialogue": 2,  # the authoring format: model, builder, checks, expressions, sandbox
    "safety": 3,  # crisis rules, their vocabulary, resources by region
    "conversation": 4,  # the pure state machine, session types, the safety net, messages
    "store": 5,  # where sessions and people's progress are kept
    "render": 5,  # summaries and charts
    "frontends": 6,  # the console contract, the run loop, plain, terminal
    "evaluation": 7,  # measuring rules on labelled data
    "authoring": 7,  # tools for dialogue writers: dialogue tests and their coverage
    "cli": 8,  # the command line (engine/cli.py and engine/__main__.py), over everything else
}


def layer_of(module: str) -> str | None:
    """``engine.store.sqlite`` -> ``store``; ``engine.cli`` -> ``cli``; ``engine`` itself -> None."""
    parts = module.split(".")
    if parts[0] != "engine" or len(parts) < 2:
        return None
    return "cli" if parts[1] in ("cli", "__main__") else parts[1]


def module_name(path: Path) -> str:
    relative = path.relative_to(ENGINE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(path: Path) -> list[tuple[str, int]]:
    """Every engine module a file imports, with the line, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((base, node.lineno))
    return [(name, line) for name, line in found if name.startswith("engine")]


def wrong_way(path: Path) -> list[str]:
    own = layer_of(module_name(path))
    if own is None:
        return []
    problems = []
    for name, line in imported(path):
        theirs = layer_of(name)
        if theirs is None or theirs == own:
            continue
        if RANKS[theirs] >= RANKS[own]:
            problems.append(f"{path.relative_to(ENGINE.parent)}:{line}: `{own}` imports `{name}` ({theirs} is "
                            f"{'beside' if RANKS[theirs] == RANKS[own] else 'above'} it)")
    return problems


SOURCES = sorted(p for p in ENGINE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_subpackage_of_the_engine_is_a_known_layer():
    folders = {p.name for p in ENGINE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders <= set(RANKS), f"add the new layer to RANKS (and the README's map): {folders - set(RANKS)}"
    top = {p.stem for p in ENGINE.glob("*.py")} - {"__init__"}
    assert top <= {"cli", "__main__"}, f"modules belong in a layer's folder: {top - {'cli', '__main__'}}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ENGINE)))
def test_imports_point_down_the_layers(path):
    assert wrong_way(path) == []


def test_the_check_finds_an_import_that_points_up(tmp_path, monkeypatch):
    # The test itself can fail: a module of the understanding layer importing the dialogue format.
    fake = ENGINE / "understanding" / "_probe_for_architecture_test.py"
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: (
        "from engine.dialogue.model import AnswerSpec\nimport engine.ground.errors\n"
        "def later():\n    from engine.frontends import loop\n"))
    found = wrong_way(fake)
    assert len(found) == 2 and "dialogue" in found[0] and "frontends" in found[1]


def test_the_command_line_lists_every_measurement_without_importing_them():
    from engine.evaluation import KINDS
    from engine.evaluation.kinds import EVALUATIONS

    assert sorted(KINDS) == sorted(EVALUATIONS)
