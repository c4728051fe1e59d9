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
