"""What is slow to build is kept between runs, keyed on the files and the code it came from."""

from __future__ import annotations

import os
import time

from engine.ground import cache


def test_a_build_is_kept_and_made_again_when_its_file_changes(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    source = tmp_path / "rules.yaml"
    source.write_text("one", encoding="utf-8")
    code = tmp_path / "code"
    code.mkdir()
    builds: list[str] = []

    def build() -> dict:
        builds.append(source.read_text(encoding="utf-8"))
        return {"rules": builds[-1]}

    assert cache.cached("rules", [source], [code], dict, build) == {"rules": "one"}
    assert cache.cached("rules", [source], [code], dict, build) == {"rules": "one"}
    assert builds == ["one"]  # the second came from the cache
    source.write_text("two", encoding="utf-8")
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 10**9))
    assert cache.cached("rules", [source], [code], dict, build) == {"rules": "two"}
    (code / "new.py").write_text("x = 1\n", encoding="utf-8")  # the code that builds it changed
    cache.cached("rules", [source], [code], dict, build)
    assert builds == ["one", "two", "two"]


def test_the_bundled_vocabularies_survive_the_cache(tmp_path):
    # What the cache gives back must behave like what was built (a pickle of compiled rules).
    import pickle

    from engine.safety.rules import default_rules
    from engine.understanding.listening import default_listener

    rules = pickle.loads(pickle.dumps(default_rules()))
    assert rules.check("I want to kill myself tonight").level == default_rules().check("I want to kill myself tonight").level
    listener = pickle.loads(pickle.dumps(default_listener()))
    assert listener.listen("nobody really", question="Who could you ask for help?").nonanswer


def test_a_phrase_is_kept_without_the_regex_it_compiled():
    # A pickled regex is compiled again as it is read back (14 s for a vocabulary used a while);
    # a phrase kept without it makes it from kept code when it is first needed.
    import pickle

    from engine.understanding.phrases.compiler import Compiled

    phrase = Compiled(source="want to die", pattern=r" want to die(?= )", anchors=frozenset({"die"}), other=False)
    assert phrase.regex.search(" i want to die ")
    again = pickle.loads(pickle.dumps(phrase))
    assert "regex" not in again.__dict__ and again == phrase
    assert again.regex.search(" i want to die ") and not again.regex.search(" i want to dive ")


def test_the_entries_of_one_kind_are_kept_within_its_bytes_newest_first(tmp_path, monkeypatch):
    """Each edit of a vocabulary makes a new entry (some 20 MB for the safety rules); a week of
    editing must not fill the disk: past the kind's bytes the oldest go, other kinds untouched."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    monkeypatch.setattr(cache, "KIND_BYTES", 10_000)
    cache.keep("other", "0" * 64, b"x" * 6_000)
    for number in range(5):
        cache.keep("rules", f"{number}" * 64, b"x" * 3_000)
        entry = folder / f"rules-{str(number) * 64}.pickle"
        os.utime(entry, (1_000_000 + number, time.time() - 100 + number))  # written in this order
    kept = sorted(path.name[6:7] for path in folder.glob("rules-*.pickle"))
    assert kept == ["2", "3", "4"], kept  # the newest, within 10,000 bytes (each about 3,100)
    assert cache.load("rules", "4" * 64, bytes) == b"x" * 3_000
    assert (folder / f"other-{'0' * 64}.pickle").exists()  # another kind is not this kind's to sweep
    cache.keep("rules", "9" * 64, b"x" * 20_000)  # one entry larger than the bytes is still kept
    assert cache.load("rules", "9" * 64, bytes) == b"x" * 20_000
