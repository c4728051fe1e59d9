"""Regular expressions compiled once on this computer (engine.ground.regexes): what they find is
what ``re.compile`` finds, whether compiled here, made from code an earlier process kept, or
compiled again because the kept code was damaged."""

from __future__ import annotations

import os
import pickle
import re
from pathlib import Path

import pytest

from engine.ground import cache, regexes
from engine.safety.rules import default_rules

TEXTS = ["i want to kill myself tonight", "my brother said he wants to die", "not sure", "",
         "bought rope and i know which tree", " " * 50 + "x", "ééé ünïcode ☃ words", "i am fine thanks"]


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch) -> Path:
    """A process of its own, as far as the module knows: nothing kept or made yet."""
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(regexes, "_kept", None)
    monkeypatch.setattr(regexes, "_new", {})
    monkeypatch.setattr(regexes, "_new_big", {})
    monkeypatch.setattr(regexes, "_made_here", {})
    monkeypatch.setattr(regexes, "_used", [])
    monkeypatch.setattr(regexes.atexit, "register", lambda function: None)  # kept by hand below
    return tmp_path / "cache"


def next_process(monkeypatch) -> None:
    regexes._keep()
    monkeypatch.setattr(regexes, "_kept", None)
    monkeypatch.setattr(regexes, "_made_here", {})


def patterns() -> list[str]:
    """Real phrases of the safety vocabulary, for speakers and for someone else, and small ones."""
    phrases = [phrase for _, phrase in default_rules().index._entries]
    return [r"(?: i| you)(?: \S+){0,3} (?:die|dead)(?= )", "(?!x)x", r"(a)(?P<name>b)?",
            *[p.pattern for p in phrases[:40]], *[p.pattern for p in phrases if p.other][:3]]


def same(one: re.Pattern[str], other: re.Pattern[str]) -> None:
    assert (one.pattern, one.flags, one.groups, dict(one.groupindex)) == \
        (other.pattern, other.flags, other.groups, dict(other.groupindex))
    for text in TEXTS:
        padded = f" {text} "
        assert [m.span() for m in one.finditer(padded)] == [m.span() for m in other.finditer(padded)]
        assert [m.groups() for m in one.finditer(padded)] == [m.groups() for m in other.finditer(padded)]


def test_compiled_here_and_from_kept_code_find_what_re_finds(fresh, monkeypatch):
    for pattern in patterns():
        same(regexes.compiled(pattern), re.compile(pattern))
    next_process(monkeypatch)
    assert [path.name for path in fresh.glob("regexes-*.pickle")]
    made = []
    monkeypatch.setattr(regexes, "_compile", lambda pattern: made.append(pattern))  # never called
    for pattern in patterns():
        same(regexes.compiled(pattern), re.compile(pattern))
    assert made == []


def test_damaged_code_is_refused_and_compiled_again(fresh, monkeypatch):
    pattern = patterns()[3]
    regexes.compiled(pattern)
    next_process(monkeypatch)
    [path] = fresh.glob("regexes-*.pickle")
    key, kept = pickle.loads(path.read_bytes())
    for entry, (flags, code, groups, by_name, by_number) in list(kept.items()):
        kept[entry] = (flags, code[: len(code) // 2] + b"\xff" * 8, groups, by_name, by_number)
    path.write_bytes(pickle.dumps((key, kept)))
    same(regexes.compiled(pattern), re.compile(pattern))


def test_the_same_pattern_is_made_once_per_process(fresh):
    pattern = patterns()[4]
    assert regexes.compiled(pattern) is regexes.compiled(pattern)


def test_nothing_is_kept_when_the_cache_is_off(fresh, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    pattern = patterns()[5]
    same(regexes.compiled(pattern), re.compile(pattern))
    regexes._keep()
    assert not fresh.exists() or not list(fresh.glob("regexes-*.pickle"))


def test_what_is_kept_is_bounded(fresh, monkeypatch):
    monkeypatch.setattr(regexes, "_MOST", 2000)
    for number in range(50):
        regexes.compiled(f"(?: word{number}| other{number}| more{number})(?= )")
    next_process(monkeypatch)
    [path] = fresh.glob("regexes-*.pickle")
    _, kept = pickle.loads(path.read_bytes())
    assert 0 < len(kept) < 50 and sum(len(entry[1]) for entry in kept.values()) <= 2000
    newest = "(?: word49| other49| more49)(?= )"
    assert regexes._known().get(regexes._digest(newest)) is not None  # the newest stay


def test_code_used_again_is_kept_longest(fresh, monkeypatch):
    first = [f"(?: old{number}| older{number})(?= )" for number in range(10)]
    for pattern in first:
        regexes.compiled(pattern)
    next_process(monkeypatch)
    [path] = fresh.glob("regexes-*.pickle")
    _, kept = pickle.loads(path.read_bytes())
    monkeypatch.setattr(regexes, "_MOST", sum(len(entry[1]) for entry in kept.values()))  # room for ten
    regexes.compiled(first[0])  # the oldest, used again
    for number in range(5):
        regexes.compiled(f"(?: new{number}| newer{number})(?= )")
    next_process(monkeypatch)
    known = regexes._known()
    assert known.get(regexes._digest(first[0])) is not None  # used lately: stays
    assert known.get(regexes._digest(first[1])) is None  # the least lately used go first
    assert known.get(regexes._digest("(?: new4| newer4)(?= )")) is not None


def test_flags_are_part_of_the_pattern(fresh):
    lower, ignoring = regexes.compiled("abc"), regexes.compiled("abc", re.IGNORECASE)
    assert lower.match("ABC") is None and ignoring.match("ABC") is not None
    assert ignoring.flags == re.compile("abc", re.IGNORECASE).flags


def big(number: int) -> str:
    """A pattern of a few kilobytes of code, as the safety frames' are (theirs reach a megabyte)."""
    return "(?:" + "|".join(f" word{number}x{n}" for n in range(200)) + ")(?= )"


def test_large_code_is_kept_in_a_file_of_its_own_and_read_only_when_asked(fresh, monkeypatch):
    small, large = patterns()[0], big(1)
    regexes.compiled(small)
    regexes.compiled(large)
    next_process(monkeypatch)
    [own] = fresh.glob(f"{regexes.BIG_NAME}-*.pickle")
    assert regexes._digest(large) not in regexes._known() and regexes._digest(small) in regexes._known()
    made = []
    monkeypatch.setattr(regexes, "_compile", lambda pattern, flags=0: made.append(pattern))  # never called
    same(regexes.compiled(large), re.compile(large))
    assert made == []
    own.write_bytes(own.read_bytes()[:-200] + b"\xff" * 200)  # damaged: refused, compiled as usual
    monkeypatch.undo()
    monkeypatch.setenv(cache.CACHE_ENV, str(fresh))
    monkeypatch.setattr(regexes, "_made_here", {})
    same(regexes.compiled(large), re.compile(large))


def own_file(folder: Path, pattern: str) -> Path:
    return folder / f"{regexes.BIG_NAME}-{regexes._big_key(regexes._key(), regexes._digest(pattern))}.pickle"


def test_the_files_of_large_code_are_bounded_and_the_latest_used_stay(fresh, monkeypatch):
    for number in range(3):
        regexes.compiled(big(number))
    next_process(monkeypatch)
    files = [own_file(fresh, big(number)) for number in range(4)]
    monkeypatch.setattr(regexes, "_MOST_BIG", sum(path.stat().st_size for path in files[:3]) + 100)  # room for three
    for number, path in enumerate(files[:3]):  # big(0) the least lately used
        os.utime(path, (path.stat().st_atime - 60 + number, path.stat().st_mtime - 60 + number))
    regexes.compiled(big(0))  # used again: now the latest used
    regexes.compiled(big(3))
    next_process(monkeypatch)
    assert set(fresh.glob(f"{regexes.BIG_NAME}-*.pickle")) == {files[0], files[2], files[3]}
