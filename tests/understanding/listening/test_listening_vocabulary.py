"""The listening vocabulary is read strictly: every mistake located, one file's errors all at once."""

from __future__ import annotations

import textwrap

import pytest

from engine.ground.errors import DialogueLoadError
from engine.understanding.listening import Listener
from engine.understanding.listening.vocabulary import VOCABULARY_FILE, Topic, bundled_listening, read_listening

TOPICS = "\n".join(f"  {t.value}:\n    says: {t.value}\n    phrases: [{t.value.replace('_', '')}word]" for t in Topic)
GOOD = f"""\
questions:
  support:
    needs: support
    phrases: [support]
nonanswers:
  unknown: ["do not know"]
  nothing: [nothing]
  little: ["not much"]
  empty: [same]
  fillers: [really]
  dodges: ["ask me later"]
  supports: [mum]
  not_supports: ["not my mum"]
  offers: [maybe]
topics:
{TOPICS}
feeling:
  positive: [good]
  negative: [bad]
"""


def problems(tmp_path, text):
    path = tmp_path / "listening.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(DialogueLoadError) as caught:
        read_listening(path)
    return [str(p) for p in caught.value.problems]


def test_the_bundled_vocabulary_reads_and_listens():
    vocabulary = bundled_listening()
    assert [rule.topic for rule in vocabulary.topics] == list(Topic)
    assert {kind.name for kind in vocabulary.questions} >= {"support", "strength", "step", "week", "obstacle"}
    assert VOCABULARY_FILE.name == "listening.yaml"


def test_a_minimal_vocabulary_works(tmp_path):
    path = tmp_path / "listening.yaml"
    path.write_text(GOOD, encoding="utf-8")
    listener = Listener.from_file(path)
    assert listener.listen("not my mum", "Who could support you?").nonanswer
    assert not listener.listen("mum", "Who could support you?").nonanswer


@pytest.mark.parametrize("change, expected", [
    (("feeling:", "feelings:"), "unknown key `feelings`"),
    (("    needs: support", "    needs: someone"), "`needs` of `support` should be one of"),
    (("  loss:\n    says: loss", "  lost:\n    says: loss"), "there is no topic `lost`"),
    (("  positive: [good]", "  positive: [\"(good\"]"), "a bracket is not closed"),
    (("    phrases: [support]", "    phrases: [\"{helper}\"]"), "there is no word class `{helper}`"),
])
def test_mistakes_are_located(tmp_path, change, expected):
    found = problems(tmp_path, GOOD.replace(*change))
    assert any(expected in p for p in found), found
    assert all("listening.yaml:" in p for p in found)


def test_every_topic_is_required_and_yields_to_must_name_another(tmp_path):
    text = GOOD.replace("  money:\n    says: money\n    phrases: [moneyword]\n", "")
    text = text.replace("  relationships:\n    says: relationships\n",
                        "  relationships:\n    says: relationships\n    yields_to: [relationships, lost]\n")
    found = problems(tmp_path, text)
    assert any("`topics` is missing `money`" in p for p in found)
    assert any("names `relationships`, which is not a topic" in p for p in found)
    assert any("names `lost`" in p for p in found)


def test_an_empty_file_says_what_it_needs(tmp_path):
    found = problems(tmp_path, "")
    assert any("the file is empty" in p for p in found)
