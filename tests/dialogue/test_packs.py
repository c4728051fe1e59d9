"""Dialogue packs: `peercoach pack DIR` checks a folder (validate, lint, its tests) and bundles it
into one zip another agency adds with `--dialogues FILE`; reading a pack is as strict as reading
a folder, each problem naming the file inside the pack, and a pack with a path out of it, a link,
a folder, an oversized member or a file that is not a dialogue's is refused whole."""

from __future__ import annotations

import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from engine.cli import main
from engine.dialogue.loader import load_library
from engine.dialogue.packs import MAX_MEMBER_BYTES
from engine.ground import cache
from engine.ground.errors import DialogueLoadError


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory) -> Path:
    """What `peercoach new sleep-check` writes, made once for the module (it checks what it wrote,
    a fifth of a second each time); never changed: each test gets its own copy."""
    made = tmp_path_factory.mktemp("scaffold") / "agency"
    made.mkdir()
    assert main(["new", "sleep-check", "--into", str(made)]) == 0
    return made


@pytest.fixture
def folder(scaffolded, tmp_path) -> Path:
    """A folder as `peercoach new` leaves it (a copy, file for file, times kept), for this test to change."""
    return Path(shutil.copytree(scaffolded, tmp_path / "agency", symlinks=True))


def _pack(folder: Path, tmp_path: Path, capsys) -> Path:
    pack = tmp_path / "agency.peercoach.zip"
    assert main(["pack", str(folder), "-o", str(pack)]) == 0, capsys.readouterr()
    return pack


def test_a_good_folder_is_packed_and_the_pack_offers_its_dialogues(folder, tmp_path, capsys):
    pack = _pack(folder, tmp_path, capsys)
    assert "4 files, 2 tests passed" in capsys.readouterr().err
    with zipfile.ZipFile(pack) as archive:
        assert archive.namelist() == ["sleep-check.html.j2", "sleep-check.md.j2", "sleep-check.test.yaml",
                                      "sleep-check.yaml"]
    assert stat.S_IMODE(pack.stat().st_mode) == 0o600
    library = load_library([pack])
    assert "sleep-check" in library and "strengths" in library
    assert main(["--dialogues", str(pack), "list"]) == 0
    assert "sleep-check" in capsys.readouterr().out


def test_the_same_folder_makes_the_same_pack(folder, tmp_path, capsys):
    first = _pack(folder, tmp_path, capsys).read_bytes()
    assert _pack(folder, tmp_path, capsys).read_bytes() == first


@pytest.mark.parametrize("spoil, words", [
    (lambda d: (d / "sleep-check.yaml").write_text(
        (d / "sleep-check.yaml").read_text(encoding="utf-8").replace("start:", "strat:"), encoding="utf-8"),
     "unknown key `strat`"),
    (lambda d: (d / "sleep-check.test.yaml").write_text(
        (d / "sleep-check.test.yaml").read_text(encoding="utf-8").replace("finished: true", "finished: false"),
        encoding="utf-8"), "FAILED  sleep-check"),
    (lambda d: (d / "more.yaml").symlink_to(d / "sleep-check.yaml"), "a link cannot go in a pack"),
])
def test_a_folder_with_a_mistake_a_failing_test_or_a_link_is_not_packed(folder, tmp_path, capsys, spoil, words):
    spoil(folder)
    pack = tmp_path / "agency.peercoach.zip"
    assert main(["pack", str(folder), "-o", str(pack)]) == 1
    out = capsys.readouterr()
    assert words in out.out and "not packed" in out.err and "Traceback" not in out.out + out.err
    assert not pack.exists()


def test_a_lint_warning_stops_packing(folder, tmp_path, capsys):
    (folder / "warn.yaml").write_text("id: warn\ntitle: Warn\naudience: client\nstart: q\nnodes:\n  q:\n"
                                      "    strategy: self_reflection\n    ask: How are you?\n    next: done\n"
                                      "  done:\n    end: Bye.\n", encoding="utf-8")
    assert main(["pack", str(folder), "-o", str(tmp_path / "p.zip")]) == 1
    out = capsys.readouterr()
    assert "warn.yaml:6:3: warning" in out.out and "no `help`" in out.out and "not packed: 1 problem" in out.err
    assert not (tmp_path / "p.zip").exists()


def test_pack_wants_a_zip_name_and_a_folder(folder, tmp_path, capsys):
    assert main(["pack", str(folder), "-o", str(tmp_path / "p.tar")]) != 0
    assert main(["pack", str(tmp_path / "nowhere")]) != 0
    err = capsys.readouterr().err
    assert "ends in .zip" in err and "is not a folder of dialogues" in err and "Traceback" not in err


def _zip(path: Path, members: dict[str, bytes], link: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        if link:
            info = zipfile.ZipInfo(link)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return path


@pytest.mark.parametrize("name, words", [
    ("../escape.yaml", "leads out of the pack"),
    ("/etc/escape.yaml", "its path is absolute"),
    ("deep/sleep.yaml", "top level only"),
    ("run.sh", "only dialogues, tests and strategies"),
])
def test_a_pack_with_a_bad_path_is_refused_naming_the_member(folder, tmp_path, capsys, name, words):
    good = {p.name: p.read_bytes() for p in folder.iterdir()}
    pack = _zip(tmp_path / "bad.zip", {**good, name: b"id: x\n"})
    with pytest.raises(DialogueLoadError) as caught:
        load_library([pack])
    [problem] = caught.value.problems
    assert problem.span.file.endswith(f"bad.zip/{name}") and words in problem.message


def test_a_pack_with_a_link_or_an_oversized_member_is_refused(folder, tmp_path):
    good = {p.name: p.read_bytes() for p in folder.iterdir()}
    with pytest.raises(DialogueLoadError) as caught:
        load_library([_zip(tmp_path / "link.zip", good, link="more.yaml")])
    assert "`more.yaml` is refused: it is a link" in str(caught.value)
    big = {**good, "big.yaml": b"# " + b"x" * MAX_MEMBER_BYTES + b"\n"}
    with pytest.raises(DialogueLoadError) as caught:
        load_library([_zip(tmp_path / "big.zip", big)])
    assert "`big.yaml` is refused: it is bigger than 1024 KiB" in str(caught.value)


def test_a_refused_pack_leaves_nothing_unpacked(folder, tmp_path):
    pack = _zip(tmp_path / "bad.zip", {"../escape.yaml": b"x: 1\n", "ok.yaml": b"id: ok\n"})
    base = cache.cache_folder()
    before = set((base / "packs").iterdir()) if base is not None and (base / "packs").is_dir() else set()
    with pytest.raises(DialogueLoadError):
        load_library([pack])
    after = set((base / "packs").iterdir()) if base is not None and (base / "packs").is_dir() else set()
    assert after == before
    assert not (tmp_path / "escape.yaml").exists() and not (tmp_path.parent / "escape.yaml").exists()


def test_a_file_that_is_not_a_zip_is_a_clear_error(tmp_path, capsys):
    pack = tmp_path / "fake.zip"
    pack.write_text("not a zip", encoding="utf-8")
    assert main(["--dialogues", str(pack), "validate"]) != 0
    out = capsys.readouterr()
    assert "fake.zip:1:1: this is not a dialogue pack" in out.out + out.err and "Traceback" not in out.out + out.err


def test_a_mistake_inside_a_pack_is_located_in_the_file_inside_the_pack(folder, tmp_path):
    good = {p.name: p.read_bytes() for p in folder.iterdir()}
    text = good["sleep-check.yaml"].decode().replace("start:", "strat:")
    pack = _zip(tmp_path / "agency.zip", {**good, "sleep-check.yaml": text.encode()})
    with pytest.raises(DialogueLoadError) as caught:
        load_library([pack])
    files = {p.span.file.rsplit("/", 2)[-2] + "/" + p.span.file.rsplit("/", 1)[-1] for p in caught.value.problems}
    assert files == {"agency.zip/sleep-check.yaml"}
    line = text.splitlines().index(next(t for t in text.splitlines() if t.startswith("strat:"))) + 1
    assert any(p.span.line == line and "strat" in p.message for p in caught.value.problems)


def test_templates_of_a_prompts_folder_beside_the_folder_go_in_the_pack(folder, tmp_path, capsys):
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    (folder / "sleep-check.md.j2").rename(prompts / "sleep-check.md.j2")
    pack = _pack(folder, tmp_path, capsys)
    with zipfile.ZipFile(pack) as archive:
        assert "sleep-check.md.j2" in archive.namelist()
    shutil.rmtree(folder)
    shutil.rmtree(prompts)
    assert "sleep-check" in load_library([pack])  # the pack alone is enough


def test_two_templates_of_one_name_cannot_both_go_in_a_pack(folder, tmp_path, capsys):
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    (prompts / "sleep-check.md.j2").write_text("# {{ dialogue.title }}\n", encoding="utf-8")
    assert main(["pack", str(folder), "-o", str(tmp_path / "p.zip")]) == 1
    assert "a pack holds one of each name" in capsys.readouterr().out
