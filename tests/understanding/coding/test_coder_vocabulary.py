"""The reply vocabulary is read strictly: every mistake located with its file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.ground.errors import DialogueLoadError
from engine.understanding.coding import Code, ReplyCoder
from engine.understanding.coding.vocabulary import VOCABULARY_FILE, bundled_replies, read_replies

GOOD = """\
openers: [so, ok]
acknowledgements: [ok]
questions:
  starts: ["^ (what|how|do you)"]
  not_starts: ["^ what you"]
  tags: ["right $"]
  closed: ["^ do you"]
  open: ["^ (what|how)"]
codes:
  advice_without_permission:
    says: tells the client what to do
    phrases: ["you should"]
  other:
    says: small talk
    phrases: ["^ hello"]
cues:
  permission: ["can i share"]
  opt_out: ["up to you"]
  question_advice: ["have you tried"]
  question_collaboration: ["shall we"]
  question_confront: ["are you really"]
  accusing: ["you never listen"]
  sarcasm: ["^ yeah right $"]
  offer: ["want me to"]
  story: ["^ when i was"]
  general: ["usually"]
  topic: ["medication"]
  about_others: ["people say you"]
  self_reflection: ["^ i sense"]
  reflection_frame: ["^ it sounds like"]
  rising_frame: ["sounds like"]
  scale: ["on a scale"]
reflections:
  starts: ["^ sounds like"]
  adds: ["part of you"]
  feelings: [tired]
  keeps: ["^ you said"]
rules:
  hedges: [kind of, sort of]
  hedge_names_after: [the, what]
  hedge_names_before: [thing]
  softeners: [maybe]
  exclaim_subjects: [you, i]
  consent_leads: [so]
  consent: ["is (that|it) ok", "(do|would) you mind"]
  tail_share: 0.15
  tail_share_after_input: 0.2
  told_after: 15
"""


def problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "replies.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DialogueLoadError) as caught:
        read_replies(path)
    return [str(p) for p in caught.value.problems]


def test_the_bundled_vocabulary_reads() -> None:
    vocabulary = bundled_replies()
    assert VOCABULARY_FILE.name == "replies.yaml"
    assert set(vocabulary.codes) >= {"advice_without_permission", "affirmation", "hope"}


def test_a_minimal_vocabulary_codes(tmp_path: Path) -> None:
    path = tmp_path / "replies.yaml"
    path.write_text(GOOD, encoding="utf-8")
    coder = ReplyCoder(read_replies(path))
    assert coder.code("what would help").codes == (Code.OPEN_QUESTION,)
    assert coder.code("you should ring them").codes == (Code.ADVICE_WITHOUT_PERMISSION,)
    assert coder.code("sounds like you are tired").codes == (Code.SIMPLE_REFLECTION,) or \
        coder.code("sounds like you are tired").codes == (Code.COMPLEX_REFLECTION,)


@pytest.mark.parametrize("change, expected", [
    (("codes:", "codez:"), "unknown key `codez`"),
    (("  other:\n", "  chatter:\n"), "there is no code `chatter`"),
    (('    phrases: ["you should"]', '    phrases: ["you (should"]'), "the phrases of `advice_without_permission`"),
    (('  topic: ["medication"]\n', ""), "`cues` is missing `topic`"),
    (('  starts: ["^ sounds like"]', '  starts: ["{nothing} here"]'), "there is no word class `{nothing}`"),
    (("openers: [so, ok]", "openers: [so, '...']"), "has no words"),
])
def test_each_mistake_is_located(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in GOOD
    found = problems(tmp_path, GOOD.replace(old, new))
    assert any(expected in problem for problem in found), found
    assert all(problem.startswith(str(tmp_path / "replies.yaml") + ":") for problem in found)


def test_the_curious_phrases_ask_open_or_closed_and_cut_a_spoken_sentence(tmp_path: Path) -> None:
    """One place for "i am curious what ...": `questions: curious` makes it a question (open unless
    "if" or "whether"), and in speech cuts it from the statement before it."""
    path = tmp_path / "replies.yaml"
    path.write_text(GOOD, encoding="utf-8")
    without = ReplyCoder(read_replies(path))
    path.write_text(GOOD.replace('  open: ["^ (what|how)"]\n',
                                 '  open: ["^ (what|how)"]\n  curious: ["^ i am keen to know (what|how|if)"]\n'),
                    encoding="utf-8")
    coder = ReplyCoder(read_replies(path))
    assert Code.OPEN_QUESTION not in without.code("i am keen to know how it went").codes
    assert coder.code("i am keen to know how it went").codes == (Code.OPEN_QUESTION,)
    assert coder.code("i am keen to know if it went well").codes == (Code.CLOSED_QUESTION,)
    assert len(coder.code("You went to the group last week and I am keen to know how it went.", spoken=True).acts) == 2
    assert len(without.code("You went to the group last week and I am keen to know how it went.", spoken=True).acts) == 1


# -- `rules`: the words of the rules written in Python, read as strictly as the rest --------------------
@pytest.mark.parametrize("change, expected, fix", [
    (("  hedges: [kind of, sort of]", "  hedges: [kind of, \"sort {of}\"]"),
     "`sort {of}` in `rules: hedges` is not plain words", "plain words in lower case"),
    (("  exclaim_subjects: [you, i]", "  exclaim_subjects: [you, i, every one]"),
     "`every one` in `rules: exclaim_subjects` is not a plain word", "one word in lower case"),
    (('  consent: ["is (that|it) ok"', '  consent: ["is {it} ok"'),
     "`is {it} ok` in `rules: consent` uses more than plain words", "(do|would) you mind"),
    (('  consent: ["is (that|it) ok"', '  consent: ["is (that|it ok"'), "in `rules: consent`, `is (that|it ok`", None),
    (("  tail_share: 0.15", "  tail_share: 15"), "`rules: tail_share` should be a share of a turn's words between 0 and 1",
     "for example 0.15"),
    (("  told_after: 15", "  told_after: 2.5"), "`rules: told_after` should be a whole number of words", "for example 15"),
    (("  softeners: [maybe]", "  softners: [maybe]"), "unknown key `softners` in `rules`", "softeners"),
    (("  told_after: 15\n", ""), "`rules` is missing `told_after`", "add `told_after: 15`"),
    (("rules:\n", "ruels:\n"), "the reply vocabulary is missing `rules`", "add a `rules:` block"),
])
def test_a_mistake_in_the_rules_block_is_located_with_its_fix(tmp_path: Path, change: tuple[str, str], expected: str,
                                                              fix: str | None) -> None:
    old, new = change
    assert old in GOOD
    text = GOOD.replace(old, new)
    found = problems(tmp_path, text)
    wanted = [problem for problem in found if expected in problem]
    assert wanted, found
    where = str(tmp_path / "replies.yaml")
    file, line, column = wanted[0].split(": ")[0].rsplit(":", 2)
    assert file == where and int(line) >= 1 and int(column) >= 1
    if "missing" not in expected:  # on the line of the mistake itself, not the block's
        assert int(line) == text[:text.index(new)].count("\n") + 1, wanted[0]
    if fix is not None:
        assert fix in wanted[0].split(expected, 1)[1], wanted[0]


def _extended(tmp_path: Path, old: str, new: str) -> ReplyCoder:
    text = VOCABULARY_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "replies.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return ReplyCoder(read_replies(path))


def test_a_subject_added_to_exclaim_subjects_makes_what_a_an_exclamation(tmp_path: Path) -> None:
    before = ReplyCoder(bundled_replies())
    after = _extended(tmp_path, "exclaim_subjects: [you, i, we,", "exclaim_subjects: [yall, you, i, we,")
    reply = "what a summer yall have had"
    assert Code.OPEN_QUESTION in before.code(reply).codes
    assert Code.OPEN_QUESTION not in after.code(reply).codes


@pytest.mark.parametrize("reply", ["what a summer everyone has had", "what a year somebody has had"])
def test_what_a_before_everyone_or_somebody_exclaims(reply: str) -> None:
    """An indefinite pronoun is a subject of its own too: the "what a" noun phrase has ended."""
    assert Code.OPEN_QUESTION not in ReplyCoder(bundled_replies()).code(reply).codes


def test_what_a_noun_whose_verb_comes_before_everyone_still_asks() -> None:
    assert ReplyCoder(bundled_replies()).code("what a good week looks like for everyone").codes == (Code.OPEN_QUESTION,)


def test_a_softener_added_keeps_a_guess_said_back_simple(tmp_path: Path) -> None:
    before = ReplyCoder(bundled_replies())
    after = _extended(tmp_path, "softeners: [maybe, perhaps, probably, might, may, i guess]",
                      "softeners: [maybe, perhaps, probably, might, may, i guess, i suspect]")
    reply, client = "i suspect you are tired", "i am so tired"
    assert before.code(reply, client).codes == (Code.COMPLEX_REFLECTION,)
    assert after.code(reply, client).codes == (Code.SIMPLE_REFLECTION,)


def test_a_hedge_added_makes_a_guess_said_rising_a_reflection(tmp_path: Path) -> None:
    before = ReplyCoder(bundled_replies())
    after = _extended(tmp_path, "hedges: [kind of, sort of, kinda, sorta]",
                      "hedges: [kind of, sort of, kinda, sorta, more or less]")
    turn, client = "So it is more or less a way to get through the day?", "I drink to get through the day, it helps."
    assert before.code(turn, client, spoken=True).main == "question"
    assert after.code(turn, client, spoken=True).main == "reflection"


LONG_REFLECTION = ("So the new job has taken your evenings, and the drinking has crept in to fill the gap they left "
                   "behind, and now the mornings are hard and your partner has started to notice, and you are not "
                   "sure how it got this far. ")


def test_a_consent_question_added_is_never_a_tail(tmp_path: Path) -> None:
    before = ReplyCoder(bundled_replies())
    after = _extended(tmp_path, '    - "(do|would) you mind"\n',
                      '    - "(do|would) you mind"\n    - "would you be up for (that|it)"\n')
    turn, client = LONG_REFLECTION + "Would you be up for that?", "I work late and then I drink."
    assert before.code(turn, client, spoken=True).main == "reflection"
    assert after.code(turn, client, spoken=True).main == "question"


def test_told_after_is_the_least_telling_a_question_leads_into(tmp_path: Path) -> None:
    before = ReplyCoder(bundled_replies())
    after = _extended(tmp_path, "told_after: 15", "told_after: 40")
    turn = ("Can I ask you about the form? It asks about how much you drink in a week, and on how many days, "
            "and whether anyone has been worried.")
    assert before.code(turn, None, spoken=True).main == "reflection"
    assert after.code(turn, None, spoken=True).main == "question"
