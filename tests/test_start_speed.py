"""What a process builds before and during a conversation's start (issue 15; what it imports is
tested in tests/frontends/test_startup.py): the parts of the cached listening rules a run does not
use stay packed, the engine's own patterns come from the compiled-pattern cache rather than from
Python's regular expression compiler, Jinja's code and the peer voice are read from the cache."""

from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

from engine.ground import cache
from engine.understanding.listening import Listener, bundled_listening

ROOT = Path(__file__).resolve().parent.parent


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_cached_listener_unpacks_topics_and_feelings_only_when_asked():
    made = Listener(bundled_listening())
    kept: Listener = pickle.loads(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
    assert isinstance(kept._topic_finder, cache.Packed) and isinstance(kept._feelings, cache.Packed)
    assert isinstance(kept._vocabulary, cache.Packed)
    question = "Who could support you?"
    for answer in ("I don't know", "nobody really", "my sister, she always listens"):
        assert kept.nonanswer(answer, question) == made.nonanswer(answer, question)
    assert not kept._topic_finder.is_unpacked and not kept._feelings.is_unpacked  # the verdict did not need them
    for answer in ("I lost my job and I feel awful", "nothing, the kids are sound", "I don't know"):
        assert kept.listen(answer, "How are things?") == made.listen(answer, "How are things?")
    assert kept.vocabulary.topics == made.vocabulary.topics
    again: Listener = pickle.loads(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))  # packed again when kept
    assert isinstance(again._topic_finder, cache.Packed)
    assert again.listen("I lost my job", "How are things?") == made.listen("I lost my job", "How are things?")


def test_the_engines_patterns_come_from_the_pattern_cache():
    """Imported twice: the second process (the cache written by the first) parses none of the
    patterns these modules make at import, and compiles none with ``re``'s own compiler."""
    modules = ["engine.understanding.answers", "engine.understanding.textnorm", "engine.understanding.reflect",
               "engine.understanding.listening.nonanswers", "engine.dialogue.peervoice", "engine.dialogue.expressions"]
    check = f"""
        import re, re._compiler, re._parser, importlib
        seen = []
        for module, name in ((re._compiler, "compile"), (re._parser, "parse")):
            def counting(pattern, flags=0, _original=getattr(module, name)):
                seen.append(pattern)
                return _original(pattern, flags)
            setattr(module, name, counting)
        made = set()
        for name in {modules!r}:
            found = importlib.import_module(name)
            made |= {{v.pattern for v in vars(found).values() if isinstance(v, re.Pattern)}}
        assert len(made) > 20, made
        print(len(made & set(seen)))
    """
    _python(check)  # the first may compile them, and keeps them at its end
    assert _python(check).strip() == "0"


def test_a_texts_code_is_compiled_once_and_then_read_from_the_cache():
    """A second process renders the same question text, condition and summary template without
    Jinja lexing, parsing or generating anything (the code the first compiled is kept)."""
    check = """
        import jinja2.environment
        from pathlib import Path
        from engine.dialogue.expressions import TEXT_ENV
        from engine.render.summary import environment
        import sys
        if sys.argv[1] == "second":
            def refused(*args, **kwargs):
                raise AssertionError("parsed again")
            jinja2.environment.Environment._parse = refused
        text = TEXT_ENV.from_string("What is step {{ n }} of {{ steps | length }}?")
        with TEXT_ENV.budget():
            said = text.render(n=2, steps=[1, 2, 3])
            value = TEXT_ENV.compile_expression("n + 1 <= 3", undefined_to_none=True)(n=1)
        summary = environment([Path("benchmarks/workload")]).get_template("coaching.md.j2")
        print(said, value, type(summary).__name__)
    """
    for which in ("first", "second"):
        done = subprocess.run([sys.executable, "-c", textwrap.dedent(check), which], cwd=ROOT, capture_output=True,
                              text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == ["What", "is", "step", "2", "of", "3?", "True", "Template"]


def test_kept_code_follows_the_text_and_the_environments_settings():
    from engine.dialogue.expressions import TEXT_ENV, make_environment

    other = make_environment(trim_blocks=True)
    other.code_key = "texts"
    assert TEXT_ENV._code_name("template", "a {{ b }}") != other._code_name("template", "a {{ b }}")
    assert TEXT_ENV._code_name("template", "a {{ b }}") != TEXT_ENV._code_name("template", "a {{ c }}")
    assert make_environment()._code_name("template", "a") is None  # no key given: compiled afresh
    import jinja2
    import pytest

    for _ in range(2):  # a mistake is never kept: found again each time
        with pytest.raises(jinja2.TemplateAssertionError):
            TEXT_ENV.from_string("{{ b | no_such_filter }}")


def test_the_peer_voice_is_read_from_the_cache_once_read():
    check = """
        import sys
        import engine.ground.yamlreader as yamlreader
        from engine.dialogue.peervoice import bundled_peer_voice, read_peer_voice, voice_file
        if sys.argv[1] == "second":
            fresh = read_peer_voice(voice_file(), skip_broken=True)
            def refused(*args, **kwargs):
                raise AssertionError("read again")
            yamlreader.compose_with_aliases = refused
            assert bundled_peer_voice() == fresh
        print(len(bundled_peer_voice().moments))
    """
    for which in ("first", "second"):
        done = subprocess.run([sys.executable, "-c", textwrap.dedent(check), which], cwd=ROOT, capture_output=True,
                              text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        assert int(done.stdout) > 0


def test_the_record_classes_methods_are_compiled_once_on_this_computer():
    """The command line has dataclasses compile its record classes' methods through the cache:
    a second process compiles none of the engine's, and what it makes behaves as dataclasses' own."""
    check = """
        import dataclasses, sys
        import engine.cli, engine.cli.conversations, engine.frontends.loop
        from engine.ground import records
        assert dataclasses._create_fn is records._create_fn
        print(len(records._new))
        @dataclasses.dataclass(frozen=True, order=True)
        class Point:
            x: int
            y: int = 0
            tags: tuple[str, ...] = dataclasses.field(default=(), compare=False)
        p = Point(1, 2, ("a",))
        assert p == Point(1, 2) and p < Point(2) and hash(p) == hash(Point(1, 2)) and repr(p) == "Point(x=1, y=2, tags=('a',))"
        try:
            p.x = 3
        except dataclasses.FrozenInstanceError:
            print("frozen")
    """
    if sys.version_info[:2] != (3, 11):
        import pytest

        pytest.skip("only Python 3.11's dataclasses are compiled through the cache")
    _python(check)
    assert _python(check).split() == ["0", "frozen"]


def test_a_create_fn_other_than_the_one_copied_is_left_alone(monkeypatch):
    """records copies Python 3.11's _create_fn word for word: a release whose function differs
    (same arguments, other code) keeps its own."""
    import dataclasses

    from engine.ground import records

    original = records._installed[0] if records._installed else dataclasses._create_fn  # type: ignore[attr-defined]

    def _create_fn(name, args, body, *, globals=None, locals=None, return_type=dataclasses.MISSING):  # noqa: A002
        return original(name, args, body, globals=globals, locals=locals, return_type=return_type)

    monkeypatch.setattr(dataclasses, "_create_fn", _create_fn)
    monkeypatch.setattr(records, "_installed", [])
    monkeypatch.setattr(records, "_key", lambda: "key")
    records.install()
    assert dataclasses._create_fn is _create_fn  # type: ignore[attr-defined]
    if sys.version_info[:2] == (3, 11):
        assert records._digest(original.__code__) == records._COPIED  # the copy matches this Python's


def test_each_engine_folder_is_walked_once_a_process_whatever_the_keys(monkeypatch):
    engine = ROOT / "engine"
    monkeypatch.setattr(cache, "_CODE_STAMPS", {})
    walked: list[Path] = []
    walk = cache._python_files

    def counting(folder: Path) -> list[Path]:
        if folder.parent == engine:
            walked.append(folder)
        return walk(folder)

    monkeypatch.setattr(cache, "_python_files", counting)
    first = cache.key_for([], [], "x", [engine / "understanding"])
    both = cache.key_for([], [], "x", [engine / "safety", engine / "understanding"])
    assert walked == [engine / "understanding", engine / "safety"]
    assert first == cache.key_for([], [], "x", [engine / "understanding"]) and both != first
    files = sorted(p for folder in (engine / "safety", engine / "understanding") for p in folder.rglob("*.py")
                   if "__pycache__" not in p.parts)
    assert cache._code_stamps((engine / "safety", engine / "understanding")) == b"".join(
        cache._stamp(p).encode("utf-8", "surrogateescape") + b"\n" for p in files)  # the same stamps as before


def test_the_command_line_builds_only_the_command_it_runs_and_parses_the_same():
    import argparse

    from engine.cli import parser as command_line

    full = command_line.build_parser()
    choices = next(a for a in full._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert set(choices) == command_line._COMMAND_NAMES
    for argv in (["--plain", "--store", "S", "--person", "Sam", "run", "x.yaml"], ["--store=S", "run", "x.yaml"],
                 ["--sto", "run", "run", "welcome"], ["--person", "menu", "menu", "--trainee"],
                 ["sessions", "list", "--json"], ["--region", "uk", "resume", "abc", "--take-over"],
                 ["--no-col", "--dialogues", "d", "validate", "--all"], ["eval", "crisis", "f.tsv", "--misses", "0"]):
        named = command_line.command_named(argv)
        assert named is not None and named in command_line._COMMAND_NAMES, argv
        only = command_line.build_parser(argv)
        left = next(a for a in only._actions if isinstance(a, argparse._SubParsersAction)).choices
        assert list(left) == [named]  # the others were never built
        parsed, expected = vars(only.parse_args(argv)), vars(full.parse_args(argv))
        assert {k: repr(v) for k, v in parsed.items()} == {k: repr(v) for k, v in expected.items()}, argv
    for argv in ([], ["--help"], ["-h", "run"], ["--he"], ["--version"], ["--p", "run"], ["rn"], ["--", "run"],
                 ["-x", "run"], ["--store"]):
        assert command_line.command_named(argv) is None, argv  # the whole command line, as ever


def test_a_run_reads_its_words_and_its_regions_resources_once(tmp_path):
    check = """
        import sys
        import engine.cli
        import engine.cli.setup as setup
        from engine.conversation.messages import Messages
        counts = {"resources": 0, "words": 0}
        load_resources, load = setup.load_resources, Messages.load.__func__
        def counting_resources(*args):
            counts["resources"] += 1
            return load_resources(*args)
        def counting_words(cls, path):
            counts["words"] += 1
            return load(cls, path)
        setup.load_resources = counting_resources
        Messages.load = classmethod(counting_words)
        code = engine.cli.main(["--plain", "--store", sys.argv[1], "--person", "Sam", "--region", "ca-us", "run",
                                "benchmarks/workload/coaching.yaml"])
        print("COUNTS", code, counts["resources"], counts["words"])
    """
    answers = (ROOT / "benchmarks" / "workload" / "answers.txt").read_text(encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(check), str(tmp_path / "store")], cwd=ROOT,
                          input=answers, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "- Feeling: hopeful" in done.stdout  # the conversation ran to its summary
    assert done.stdout.rsplit("COUNTS", 1)[1].split() == ["0", "1", "1"]
