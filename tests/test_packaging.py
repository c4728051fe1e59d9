"""The bundled dialogues and templates are found from a wheel as well as from a checkout."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                           "--no-build-isolation", "--wheel-dir", str(out), str(ROOT)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    [built] = out.glob("peercoach-*.whl")
    return built


def test_wheel_carries_dialogues_templates_and_the_script(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for yaml_file in (ROOT / "dialogues").glob("*.yaml"):
        assert f"engine/dialogues/{yaml_file.name}" in names
    for template in (p for p in (ROOT / "prompts").rglob("*") if p.is_file()):
        assert f"engine/prompts/{template.relative_to(ROOT / 'prompts').as_posix()}" in names
    entry_points = zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "peercoach = engine.cli:main" in entry_points


def test_installed_wheel_finds_its_own_files(wheel, tmp_path):
    target = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                           "--target", str(target), str(wheel)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "PEERCOACH_STORE": str(tmp_path / "store")}
    probe = subprocess.run(
        [sys.executable, "-c", "import engine, engine.ground.files as l; "
         "print(engine.__file__); print(l.resource_dir('dialogues')); print(l.resource_dir('prompts'))"],
        cwd=elsewhere, env=env, capture_output=True, text=True)
    assert probe.returncode == 0, probe.stderr
    package, dialogues, prompts = probe.stdout.split()
    assert package.startswith(str(target))
    assert dialogues == str(target / "engine" / "dialogues")
    assert prompts == str(target / "engine" / "prompts")
    listed = subprocess.run([sys.executable, "-m", "engine", "list", "--json"], cwd=elsewhere, env=env,
                            capture_output=True, text=True)
    assert "strengths" in {row["id"] for row in json.loads(listed.stdout)}
    ran = subprocess.run([sys.executable, "-m", "engine", "run", "resource-map", "--out", "map.html"],
                         input="Robin\nJo\npark\n\n\n", cwd=elsewhere, env=env, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    assert "Jo" in (elsewhere / "map.html").read_text()
