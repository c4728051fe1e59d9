"""Reading level (issue 16): the Flesch-Kincaid grade of everything a client reads (each client
dialogue's questions, sayings, help, option labels, explanations and end texts, and every text in
prompts/messages.yaml), measured with our own syllable counter (reading_level.py), is at most
grade 6 overall, and no longer text is far above it. The worst items are reported, so a writer
knows where to start when the figure rises."""

from __future__ import annotations

import pytest
from reading_level import Counts, Item, client_texts, counts, grade, plain, syllables

from engine.dialogue.loader import load_library
from engine.ground.files import resource_dir

OVERALL = 6.0  # the grade all client text together may reach
LONGER = 12  # words: a text this long is measured on its own too...
EACH = 9.0  # ...and may reach this grade (a short one, "Reviewing my progress", says little by its grade)
WORST = 10  # items reported


@pytest.mark.parametrize("word, count", [
    ("cat", 1), ("make", 1), ("home", 1), ("sure", 1), ("little", 2), ("table", 2), ("people", 2), ("named", 1),
    ("wanted", 2), ("likes", 1), ("buses", 2), ("being", 2), ("going", 2), ("idea", 3), ("area", 3), ("happy", 2),
    ("money", 2), ("recovery", 4), ("conversation", 4), ("appointment", 3), ("medication", 4), ("comfortable", 4),
    ("counsellor", 3), ("everything", 3), ("something", 2), ("hard-working", 3), ("don't", 1), ("you're", 1),
    ("strengths", 1), ("supports", 2), ("summary", 3), ("anxiety", 4), ("creativity", 5), ("yes", 1), ("a", 1),
])
def test_syllables_of_known_words(word, count):
    assert syllables(word) == count


def test_counts_words_sentences_and_syllables():
    assert counts("The cat sat on the mat.") == Counts(6, 1, 6)
    assert counts("Hi! How are you? Fine: thanks.") == Counts(6, 4, 6)
    assert counts("Call 988 or 911 now") == Counts(3, 1, 3)  # numbers are not words
    assert counts("") == Counts(0, 0, 0) and grade("") == 0.0


def test_the_grade_is_flesch_kincaid():
    # 0.39 * 6 words per sentence + 11.8 * 1 syllable per word - 15.59
    assert grade("The cat sat on the mat.") == pytest.approx(0.39 * 6 + 11.8 - 15.59)
    easy = "You can stop at any time. Your words stay on this computer."
    hard = ("Comprehensive psychosocial rehabilitation necessitates interdisciplinary collaboration "
            "between practitioners and organisations.")
    assert grade(easy) < 3 < 12 < grade(hard)


def test_jinja_is_read_as_the_words_around_it():
    source = '{% if name %}Thank you, {{ name }}.{% endif %} {# a note #}You named {{ count }} supports.'
    assert " ".join(plain(source).split()) == "Thank you, it. You named it supports."


@pytest.fixture(scope="module")
def items() -> list[Item]:
    return list(client_texts(load_library(), resource_dir("prompts") / "messages.yaml"))


def report(items: list[Item], count: int = WORST) -> str:
    longer = [item for item in items if item.counts.words >= LONGER]
    worst = sorted(longer, key=lambda item: -item.counts.grade)[:count]
    return "\n".join(f"  grade {item.counts.grade:4.1f}, {item.counts.words:3d} words  {item.where}: "
                     f"{' '.join(item.text.split())[:90]}" for item in worst)


def test_everything_a_client_reads_is_measured(items):
    places = {item.where.split(":")[0].split(" ")[0] for item in items}
    assert {"welcome", "strengths", "resource-map", "goals", "mindset", "ownership", "review", "messages"} <= places
    kinds = {item.where.rsplit("(", 1)[-1].rstrip(")") for item in items if "(" in item.where}
    assert {"question", "say", "help", "option", "end", "title", "description"} <= kinds
    assert sum(item.counts.words for item in items) > 3000


def test_client_text_reads_at_grade_six_or_below(items, capsys):
    total = sum((item.counts for item in items), Counts(0, 0, 0))
    with capsys.disabled():  # the figure and the worst items, for whoever runs the tests with -s
        print(f"\nreading level of client text: grade {total.grade:.1f} over {total.words} words, "
              f"{len(items)} texts; the hardest longer ones:\n{report(items)}")
    assert total.grade <= OVERALL, f"grade {total.grade:.1f} overall; the hardest:\n{report(items)}"


def test_no_longer_client_text_is_far_above_it(items):
    hard = [item for item in items if item.counts.words >= LONGER and item.counts.grade > EACH]
    assert not hard, f"above grade {EACH}:\n" + report(hard, len(hard))
