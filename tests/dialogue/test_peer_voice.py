"""The lived-experience voice (issue 19, point 5): peer reflections read strictly from
prompts/peer-voice.yaml, each short, plain, about what people find and never advice, and
``{{ peer_voice("moment") }}`` choosing one by the session's seed and the text, the same on
resume, /back and replay."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from engine.conversation.machine import Conversation
from engine.dialogue.catalogue import read_catalogue
from engine.dialogue.model import Say
from engine.dialogue.peervoice import (
    MAX_WORDS,
    STRATEGIES,
    advice_in,
    bundled_peer_voice,
    read_peer_voice,
    voice_file,
)
from engine.ground.errors import DialogueLoadError
from engine.ground.files import display_path, resource_dir

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "language"))
from reading_level import counts, plain  # noqa: E402  (tests/language's counter, as every client text is measured)

KNOWN = frozenset({"peer_support", "role_modelling", "affirmation"})
GOOD = """moments:
  setback:
    when: After a hard week
    lines:
      - say: Lots of people have hard weeks. It is part of the road.
        strategies: [peer_support]
      - say: Many of us have had weeks like that.
        strategies: [peer_support, role_modelling]
"""
LINES = [(moment.id, line.text) for moment in bundled_peer_voice().moments for line in moment.lines]
# Words an order starts with: a reflection never tells the person what to do.
IMPERATIVES = {"try", "take", "remember", "keep", "give", "think", "be", "don't", "do", "make", "go", "call", "write",
               "let", "start", "stop", "focus", "look", "ask", "tell", "find", "use", "get", "hold", "reach", "talk",
               "know", "believe", "trust", "allow", "notice", "consider", "just", "please", "never", "always"}


def read(tmp_path, text):
    path = tmp_path / "peer-voice.yaml"
    path.write_text(text, encoding="utf-8")
    return read_peer_voice(path, KNOWN), path


def problems(tmp_path, text):
    path = tmp_path / "peer-voice.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DialogueLoadError) as caught:
        read_peer_voice(path, KNOWN)
    return [str(p) for p in caught.value.problems], display_path(path)


# -- reading the file ------------------------------------------------------------------------------
def test_a_good_file_is_read_whole(tmp_path):
    voice, _ = read(tmp_path, GOOD)
    assert voice.ids() == ["setback"]
    moment = voice["setback"]
    assert moment.when == "After a hard week"
    assert [(line.text, line.strategies) for line in moment.lines] == [
        ("Lots of people have hard weeks. It is part of the road.", ("peer_support",)),
        ("Many of us have had weeks like that.", ("peer_support", "role_modelling"))]


@pytest.mark.parametrize("change, expected", [
    (("    when:", "    colour: red\n    when:"), ":3:5: unknown key `colour` in the moment `setback`"),
    (("        strategies: [peer_support]\n", "        strategies: [peer_support]\n        mood: sad\n"),
     ":7:9: unknown key `mood` in a line of the moment `setback`"),
    (("moments:", "momentz:"), ":1:1: unknown key `momentz` in the peer-voice file: did you mean `moments`?"),
    (("say: Lots of people have hard weeks. It is part of the road.", 'say: ""'),
     ":5:14: `say` of a line of the moment `setback` is empty"),
    (("say: Lots of people have hard weeks. It is part of the road.", "say:"), ":5:"),
    (("        strategies: [peer_support]\n", "", 1), ":5:9: a line of the moment `setback` is missing `strategies`"),
    (("strategies: [peer_support]", "strategies: []", 1), "names none"),
    (("[peer_support]", "[peer_suport]", 1),
     ":6:22: there is no strategy `peer_suport` in dialogues/strategies.yaml: did you mean `peer_support`?"),
    (("[peer_support]", "[affirmation]", 1), ":6:22: `affirmation` is not a strategy a peer reflection serves"),
    (("    when: After a hard week\n", ""), ":3:5: the moment `setback` is missing `when`"),
    (("  setback:", "  Set Back:"), ":2:3: the moment id `Set Back` should use lower-case letters"),
])
def test_a_mistake_is_refused_at_its_place(tmp_path, change, expected):
    old, new, *count = change
    assert old in GOOD
    shown, name = problems(tmp_path, GOOD.replace(old, new, *count))
    assert any(s.startswith(name) and expected in s for s in shown), shown


@pytest.mark.parametrize("lines", ["    lines: []\n", "    lines:\n"])
def test_a_moment_with_no_lines_is_refused(tmp_path, lines):
    text = GOOD.split("    lines:")[0] + lines
    shown, name = problems(tmp_path, text)
    assert any(s.startswith(f"{name}:4:") and "the moment `setback` has no lines" in s for s in shown), shown


@pytest.mark.parametrize("line, expected", [
    ("Lots of people find you should call someone.", '"you should"'),
    ("Many people try to rest more.", '"try to"'),
    ("Many of us have to slow down.", '"have to"'),
    ("People need to be kind to themselves.", '"need to"'),
    ("Remember that lots of people slip.", 'starts with "Remember"'),
    ("When I was using, my life was hard, and people saw it.", "one person's story"),
    ("It gets better with time.", '"people" or "many of us"'),
    (" ".join(["Lots of people"] + ["find"] * 30), "at most 25"),
])
def test_a_line_that_is_advice_a_story_or_long_is_refused(tmp_path, line, expected):
    shown, name = problems(tmp_path, GOOD.replace("Many of us have had weeks like that.", line))
    assert any(s.startswith(f"{name}:7:") and "is not a peer reflection" in s and expected in s for s in shown), shown


def test_every_mistake_is_reported_at_once(tmp_path):
    text = GOOD.replace("[peer_support]\n", "[nope]\n", 1).replace("Many of us", "You should")
    shown, _ = problems(tmp_path, text)
    assert len(shown) == 2, shown


def test_the_bundled_file_reads_against_the_real_catalogue():
    voice = read_peer_voice(voice_file())
    assert voice == bundled_peer_voice()
    catalogue, _ = read_catalogue(resource_dir("dialogues") / "strategies.yaml")
    for strategy in STRATEGIES:
        assert strategy in catalogue, f"{strategy} is a catalogue strategy"
    tags = {tag for moment in voice.moments for line in moment.lines for tag in line.strategies}
    assert tags == set(STRATEGIES)


# -- what the bundled lines say --------------------------------------------------------------------
def test_each_moment_has_three_to_five_lines_each_its_own():
    voice = bundled_peer_voice()
    assert {"starting-out", "setback", "empty-map", "no-strengths", "stalled", "step-done"} <= set(voice.ids())
    for moment in voice.moments:
        assert 3 <= len(moment.lines) <= 5, moment.id
        assert len({line.text for line in moment.lines}) == len(moment.lines), moment.id


@pytest.mark.parametrize("moment, line", LINES)
def test_each_line_reads_at_grade_six_or_below(moment, line):
    measured = counts(plain(line))
    assert measured.grade <= 6.0, f"{moment}: grade {measured.grade:.1f}: {line}"


@pytest.mark.parametrize("moment, line", LINES)
def test_each_line_is_short_about_people_and_never_advice(moment, line):
    words = re.findall(r"[A-Za-z']+", line)
    assert len(words) <= MAX_WORDS, line
    assert re.search(r"(?i)\b(people|many of us|most of us|lots of us)\b", line), line
    assert not re.search(r"(?i)\b(you should|you must|try to|have to|need to|must|should)\b", line), line
    assert words[0].lower() not in IMPERATIVES, line
    assert not re.search(r"(?i)\b(i|me|my|mine)\b", line), "a reflection, not one person's story"
    assert advice_in(line) is None


def test_the_checks_would_catch_advice():
    assert advice_in("You should try to call someone every day.") is not None
    assert advice_in("Take it one day at a time, like many of us do.") is not None


# -- in a dialogue ---------------------------------------------------------------------------------
SHARED = """
id: main
title: Main
audience: client
start: how
nodes:
  how:
    ask: How was your week?
  heard:
    say: Thank you for telling me. {{ peer_voice("setback") }}
  next:
    ask: What helped?
  other:
    say: "{{ peer_voice('setback') }}"
  bye:
    end: Bye
"""


def said(conversation: Conversation, answer: str) -> str:
    return "\n".join(conversation.reply(answer).messages)


def lines_of(moment: str) -> set[str]:
    return {line.text for line in bundled_peer_voice()[moment].lines}


def test_the_line_is_one_of_the_moments_and_the_same_on_replay_resume_and_back(load, messages):
    library = load(SHARED)
    conversation = Conversation(library, messages, "main", given={"session_seed": "seed-7"})
    first = said(conversation, "a bad week")
    shown = [line for line in lines_of("setback") if line in first]
    assert len(shown) == 1 and first.startswith("Thank you for telling me. ")
    replayed = Conversation(library, messages, "main", conversation.log, given={"session_seed": "seed-7"})
    assert shown[0] in "\n".join(replayed.current_turn().messages)
    conversation.back()
    assert said(conversation, "a bad week again") == first
    again = Conversation(library, messages, "main", given={"session_seed": "seed-7"})
    assert said(again, "a bad week") == first


def test_other_seeds_and_other_texts_can_show_other_lines(load, messages):
    library = load(SHARED)
    by_seed = set()
    differs = False
    for n in range(20):
        conversation = Conversation(library, messages, "main", given={"session_seed": f"s{n}"})
        heard = said(conversation, "a bad week")
        other = said(conversation, "my sister")
        by_seed.add(heard)
        differs = differs or heard.removeprefix("Thank you for telling me. ") not in other
    assert len(by_seed) > 1, "two sessions do not read alike"
    assert differs, "two nodes of one moment need not say the same line"


def test_an_unknown_moment_is_a_load_error_at_its_text_naming_the_known_ones(problems):
    found = [p for p in problems(SHARED.replace('peer_voice("setback")', 'peer_voice("setbak")'))
             if p.severity == "error"]
    line = SHARED.lstrip("\n").splitlines().index("    say: Thank you for telling me. {{ peer_voice(\"setback\") }}") + 1
    assert len(found) == 1 and found[0].span.file.endswith("main.yaml") and found[0].span.line == line, found
    shown = str(found[0])
    assert "there is no peer-voice moment `setbak` (did you mean `setback`?)" in shown
    assert all(f"`{moment}`" in shown for moment in bundled_peer_voice().ids())


@pytest.mark.parametrize("call", ["peer_voice(how)", "peer_voice()", 'peer_voice("setback", "x")'])
def test_a_moment_that_is_not_one_word_in_quotes_is_a_load_error(problems, call):
    found = [p for p in problems(SHARED.replace('peer_voice("setback")', call)) if p.severity == "error"]
    assert any("takes one moment in quotes" in str(p) for p in found), found


def test_the_client_dialogues_use_every_moment_after_an_answer(bundled):
    used: dict[str, list[str]] = {}
    for dialogue in bundled.dialogues.values():
        for node in dialogue.nodes.values():
            text = getattr(node, "text", None)
            for moment in re.findall(r"peer_voice\(['\"]([a-z-]+)['\"]\)", getattr(text, "source", "") or ""):
                assert isinstance(node, Say), f"{dialogue.id}.{node.id}: a reflection is said, never asked"
                used.setdefault(moment, []).append(f"{dialogue.id}.{node.id}")
    assert set(used) == set(bundled_peer_voice().ids()), used
    assert 4 <= sum(len(places) for places in used.values()) <= 8, used


# -- a mistake in the file, when running -------------------------------------------------------------
@pytest.fixture
def broken_voice(tmp_path, monkeypatch):
    """The bundled peer voice read from a copy whose `setback` moment has a line of advice."""
    from engine.dialogue import peervoice

    text = voice_file().read_text(encoding="utf-8")
    first = bundled_peer_voice()["setback"].lines[0].text
    path = tmp_path / "peer-voice.yaml"
    path.write_text(text.replace(first, "You should call your sponsor every day."), encoding="utf-8")
    monkeypatch.setattr(peervoice, "voice_file", lambda: path)
    bundled_peer_voice.cache_clear()
    yield path
    bundled_peer_voice.cache_clear()


def test_a_moment_with_a_mistake_is_left_out_and_said_as_nothing(broken_voice, load, messages):
    from engine.dialogue.peervoice import skipped_lines

    voice = bundled_peer_voice()
    assert "setback" not in voice.ids() and voice.quiet == {"setback"} and "stalled" in voice.ids()
    assert len(skipped_lines(voice)) == 1
    assert "`say` of a line of the moment `setback` is not a peer reflection" in skipped_lines(voice)[0]
    assert "(so `setback` of the peer voice says nothing)" in skipped_lines(voice)[0]
    text = SHARED.replace("{{ peer_voice('setback') }}", "Still here. {{ peer_voice('stalled') }}")
    conversation = Conversation(load(text), messages, "main", given={"session_seed": "s1"})
    assert said(conversation, "a bad week") == "Thank you for telling me."
    later = said(conversation, "my sister")
    assert any(line in later for line in lines_of("stalled")), later


def test_a_file_that_cannot_be_read_quiets_every_moment_and_stops_no_dialogue(tmp_path, monkeypatch, load, messages):
    from engine.dialogue import peervoice

    path = tmp_path / "peer-voice.yaml"
    path.write_text("moments: [\n", encoding="utf-8")
    monkeypatch.setattr(peervoice, "voice_file", lambda: path)
    bundled_peer_voice.cache_clear()
    try:
        assert bundled_peer_voice().all_quiet and bundled_peer_voice().skipped
        conversation = Conversation(load(SHARED), messages, "main", given={"session_seed": "s1"})
        assert said(conversation, "a bad week") == "Thank you for telling me."
    finally:
        bundled_peer_voice.cache_clear()


def test_the_bundled_file_has_no_mistake():
    assert bundled_peer_voice().skipped == () and not bundled_peer_voice().quiet


def test_a_moment_the_file_has_lost_since_loading_is_said_as_nothing(load, messages, tmp_path, monkeypatch):
    from engine.dialogue import peervoice

    library = load(SHARED)  # checked against the bundled file, which has `setback`
    path = tmp_path / "peer-voice.yaml"
    path.write_text(GOOD.replace("  setback:", "  stalled:"), encoding="utf-8")
    monkeypatch.setattr(peervoice, "voice_file", lambda: path)
    bundled_peer_voice.cache_clear()
    try:
        conversation = Conversation(library, messages, "main", given={"session_seed": "s1"})
        assert said(conversation, "a bad week") == "Thank you for telling me."
    finally:
        bundled_peer_voice.cache_clear()


def test_the_dialogue_tests_hear_every_moment():
    """Each moment is said in some dialogue test (`*.test.yaml`), word for word."""
    tests = "\n".join(" ".join(path.read_text(encoding="utf-8").split())
                      for path in sorted((resource_dir("dialogues")).glob("*.test.yaml")))
    heard = {moment.id for moment in bundled_peer_voice().moments
             if any(line.text in tests for line in moment.lines)}
    assert heard == set(bundled_peer_voice().ids())


# -- `peercoach validate`, a run and `serve` say where the peer voice is wrong ------------------
def test_validate_reports_a_moment_with_a_mistake_at_its_place(broken_voice, capsys):
    from engine.cli import main

    assert main(["validate"]) == 1  # the bundle: dialogues, cards and the peer voice
    out, err = capsys.readouterr()
    assert re.search(r"peer-voice\.yaml:\d+:\d+: .*`say` of a line of the moment `setback` is not a peer reflection",
                     out), out
    assert display_path(broken_voice) in err and "1 error" in err
    assert main(["validate", str(broken_voice)]) == 1  # that file alone: no dialogue is checked
    out, err = capsys.readouterr()
    assert "`setback`" in out and "dialogues" not in err


def test_the_bundled_peer_voice_validates_alone(capsys):
    from engine.cli import main

    assert main(["validate", str(voice_file())]) == 0
    assert "0 errors" in capsys.readouterr().err


def test_a_run_and_serve_name_the_moments_said_as_nothing(broken_voice, capsys, tmp_path, monkeypatch):
    import io

    from engine.cli import main
    from engine.cli.serve import report_cards

    report_cards()
    assert "(so `setback` of the peer voice says nothing)" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO("/pause\n"))
    main(["--plain", "--store", str(tmp_path / "store.db"), "--person", "Sam", "run", "strengths"])
    assert "(so `setback` of the peer voice says nothing)" in capsys.readouterr().err
