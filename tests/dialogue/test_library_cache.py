"""The checked library is kept between runs, and a kept library is never trusted when it is stale,
damaged or not this user's own."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from engine.dialogue import cache
from engine.dialogue.builder import DialogueBuilder
from engine.dialogue.loader import load_library

DIALOGUE = """\
id: tiny
title: Tiny
audience: trainee
start: hello
nodes:
  hello:
    ask: Say something.
  bye:
    end: {said}
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    path = tmp_path / "dialogues"
    path.mkdir()
    (path / "tiny.yaml").write_text(DIALOGUE.format(said="Bye"), encoding="utf-8")
    return path


def no_reading(monkeypatch):
    def refuse(self):
        raise AssertionError("the file was read again")
    monkeypatch.setattr(DialogueBuilder, "read", refuse)


def test_a_second_load_comes_from_the_cache(folder, monkeypatch):
    first = load_library([folder], bundled=False)
    no_reading(monkeypatch)
    again = load_library([folder], bundled=False)
    assert again == first and again["tiny"].nodes["bye"].text.render({}) == "Bye"
    assert list((folder.parent / "cache").glob("library-*.pickle"))


def test_an_edited_file_is_read_again(folder):
    load_library([folder], bundled=False)
    path = folder / "tiny.yaml"
    path.write_text(DIALOGUE.format(said="See you"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert load_library([folder], bundled=False)["tiny"].nodes["bye"].text.render({}) == "See you"


def test_a_new_file_in_the_folder_is_read(folder):
    load_library([folder], bundled=False)
    (folder / "other.yaml").write_text(DIALOGUE.format(said="x").replace("id: tiny", "id: other"), encoding="utf-8")
    assert "other" in load_library([folder], bundled=False)


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps(("wrong key", None)), pickle.dumps(42)])
def test_a_damaged_cache_file_is_ignored_and_made_again(folder, damage):
    load_library([folder], bundled=False)
    [kept] = (folder.parent / "cache").glob("library-*.pickle")
    kept.write_bytes(damage)
    assert load_library([folder], bundled=False)["tiny"].title == "Tiny"
    assert pickle.loads(kept.read_bytes())[1]["tiny"].title == "Tiny"  # made again, whole


def test_a_cache_others_could_write_is_not_read(folder, monkeypatch):
    load_library([folder], bundled=False)
    (folder.parent / "cache").chmod(0o777)
    no_reading_called = []
    monkeypatch.setattr(DialogueBuilder, "read", lambda self: no_reading_called.append(1))
    load_library([folder], bundled=False)
    assert no_reading_called  # read from the files, not from a folder anyone could have written


def test_the_cache_can_be_turned_off(folder, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    load_library([folder], bundled=False)
    assert not (folder.parent / "cache").exists()


def test_errors_are_never_kept(folder):
    (folder / "tiny.yaml").write_text("id: tiny\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(Exception, match="missing"):
            load_library([folder], bundled=False)
    assert not list((folder.parent / "cache").glob("library-*.pickle"))


def test_a_bundled_file_is_built_once_per_process_while_it_stays_the_same(tmp_path, monkeypatch):
    # Beside a file of one's own, the bundled dialogues are not built again (the disk cache cannot
    # help: the key holds the other file); an edited file, or another current folder, is.
    import engine.dialogue.loader as loader

    original = loader.resource_dir
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    for name in ("mindset.yaml", "strategies.yaml"):  # a bundle of one dialogue (and the catalogue it names)
        (bundle / name).write_bytes((original("dialogues") / name).read_bytes())
    monkeypatch.setattr(loader, "resource_dir", lambda name: bundle if name == "dialogues" else original(name))
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    own = tmp_path / "own.yaml"
    own.write_text(DIALOGUE.format(said="Bye"), encoding="utf-8")
    built: list[str] = []
    read = DialogueBuilder.read
    monkeypatch.setattr(DialogueBuilder, "read", lambda self: built.append(Path(self.path).name) or read(self))

    first = load_library([own])
    assert "mindset.yaml" in built and "own.yaml" in built
    built.clear()
    assert load_library([own]) == first and built == ["own.yaml"]  # only the file that is not bundled
    mindset = bundle / "mindset.yaml"
    mindset.write_text(mindset.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    built.clear()
    load_library([own])
    assert "mindset.yaml" in built  # (and the files beside it: summary templates are looked for there too)
    monkeypatch.chdir(tmp_path)  # spans name files from the current folder
    built.clear()
    again = load_library([own])
    assert "mindset.yaml" in built and again["mindset"].span.file != first["mindset"].span.file


def test_a_load_holds_the_garbage_collector_off_and_puts_it_back(folder, monkeypatch):
    """Issue 15: a library is many lasting objects made at once, and a full collection walks all of
    them, again and again as they grow (a 10,000-question load took 15 times a 1,000-question one)."""
    import gc

    from engine.ground.errors import DialogueLoadError

    seen = []
    read = DialogueBuilder.read

    def noting(self):
        seen.append(gc.isenabled())
        return read(self)

    monkeypatch.setattr(DialogueBuilder, "read", noting)
    assert gc.isenabled()
    load_library([folder], bundled=False)
    assert seen == [False] and gc.isenabled()
    (folder / "tiny.yaml").write_text("id: tiny\n", encoding="utf-8")  # an error: the collector still comes back
    with pytest.raises(DialogueLoadError):
        load_library([folder], bundled=False)
    assert seen == [False, False] and gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(DialogueLoadError):
            load_library([folder], bundled=False)
        assert not gc.isenabled()  # held off by the caller: left so
    finally:
        gc.enable()


def test_the_engine_code_a_key_names_is_looked_at_once_a_process(monkeypatch):
    """Issue 15: a start makes several keys over the engine's code folders; each walked them again."""
    from engine.ground import cache as ground_cache

    code = Path(ground_cache.__file__).resolve().parent
    walked = []
    real = ground_cache._python_files

    def noting(folder):
        walked.append(folder)
        return real(folder)

    monkeypatch.setattr(ground_cache, "_CODE_STAMPS", {})
    monkeypatch.setattr(ground_cache, "_python_files", noting)
    first = ground_cache.key_for([], [], "test", [code])
    assert ground_cache.key_for([], [], "test", [code]) == first and walked == [code]


def test_what_a_load_made_is_filed_with_the_oldest_objects_and_its_cycles_still_go():
    """Issue 15: objects made while the collector was held off would all sit among the young, and
    the first collection after walks every one (a quarter of reading a big library from the cache)."""
    import gc
    import weakref

    from engine.ground.cache import collector_paused

    class Node:
        pass

    with collector_paused():
        lasting = [[index] for index in range(50_000)]
        cycle = Node()
        cycle.itself = cycle  # garbage that only the collector can free
        gone = weakref.ref(cycle)
        del cycle
    assert gc.isenabled()
    oldest = {id(thing) for thing in gc.get_objects(generation=2)}
    assert id(lasting) in oldest and id(lasting[-1]) in oldest  # not young, waiting to be walked
    gc.collect()
    assert gone() is None  # filed with the oldest, not frozen: a full collection still frees it
