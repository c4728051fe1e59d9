"""Questions inside answers (issue 19): which sentences ask, and which information card answers
them, measured on sentences written for peercoach (data/card-questions.tsv): questions a card
answers, and ordinary answers and near misses that must never be offered a card."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.dialogue.cards import bundled_cards
from engine.ground.errors import DialogueLoadError
from engine.understanding.asking import QuestionFinder, bundled_asking, read_asking

DATA = Path(__file__).parent / "data" / "card-questions.tsv"
FOUND_AT_LEAST = 0.9  # of the questions a card answers, offered the right card (measured: 35 of 37)


def labelled() -> list[tuple[str, str]]:
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            want, text = line.split("\t")
            rows.append((want, text))
    return rows


def offered(text: str) -> str:
    found = bundled_cards().asked(text)
    return found[0].id if found else "-"


def test_questions_a_card_answers_are_offered_that_card(capsys):
    questions = [(want, text) for want, text in labelled() if want != "-"]
    assert len(questions) >= 30
    missed = [(want, text, offered(text)) for want, text in questions if offered(text) != want]
    wrong = [m for m in missed if m[2] != "-"]
    share = 1 - len(missed) / len(questions)
    with capsys.disabled():
        print(f"\ncards offered for questions: {len(questions) - len(missed)} of {len(questions)} ({share:.0%}); "
              f"missed: {missed}")
    assert share >= FOUND_AT_LEAST, missed
    assert not wrong, f"a question offered the wrong card: {wrong}"


def test_ordinary_answers_and_near_misses_are_never_offered_a_card():
    answers = [text for want, text in labelled() if want == "-"]
    assert len(answers) >= 25
    assert [(text, offered(text)) for text in answers if offered(text) != "-"] == []


@pytest.mark.parametrize("text, asks", [
    ("is there a group that isn't AA?", True),
    ("will the pills make me a zombie", True),  # no "?", but it starts like a question
    ("where can I go", True),
    ("I wonder if there is a group for me", True),
    ("I went to an AA group last week.", False),
    ("What helps is my sister", False),  # starts with "what" and still tells
    ("How I feel is tired", False),
    ("", False),
])
def test_a_sentence_asks_when_it_ends_with_a_question_mark_or_opens_like_a_question(text, asks):
    assert bool(QuestionFinder(bundled_asking(), []).questions(text)) is asks


def test_only_questions_tells_an_answer_that_asks_from_one_that_also_answers():
    finder = QuestionFinder(bundled_asking(), [])
    assert finder.only_questions("Is there a group that isn't AA?")
    assert not finder.only_questions("I want to stop drinking. Is there a group that isn't AA?")
    assert not finder.only_questions("")
    assert not finder.only_questions("?" * 3000)  # too long to be only a question


def test_the_words_that_made_the_offer_are_kept():
    card, asked = bundled_cards().asked("Hi. will the pills make me a zombie?") or (None, None)
    assert card is not None and asked is not None
    assert card.id == "medication-questions"
    assert asked.question == "will the pills make me a zombie?" and "zombie" in asked.words


def test_a_question_in_a_very_long_answer_is_read_quickly_and_only_near_the_start():
    text = "I want to stop. " * 5_000 + "Is there a group that isn't AA?"
    assert bundled_cards().asked(text) is None


def test_asking_rules_with_mistakes_are_refused_with_every_problem_located(tmp_path):
    path = tmp_path / "asking.yaml"
    path.write_text("openers:\n  - ^ (is|are\nwordz: {}\n", encoding="utf-8")
    with pytest.raises(DialogueLoadError) as caught:
        read_asking(path)
    shown = [str(p) for p in caught.value.problems]
    assert any(s.startswith(f"{path}:2:") for s in shown), shown
    assert any(s.startswith(f"{path}:3:1: unknown key `wordz`") for s in shown), shown


def test_an_empty_asking_file_is_refused(tmp_path):
    path = tmp_path / "asking.yaml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(DialogueLoadError, match="the file is empty"):
        read_asking(path)
