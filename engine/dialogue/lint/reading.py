"""`reading-level`: a client-facing text above the grade set (Flesch-Kincaid, default 8; the whole should read at 6)."""

from __future__ import annotations

from collections.abc import Iterator

from engine.dialogue.lint.settings import LintSettings
from engine.dialogue.lint.texts import texts
from engine.dialogue.model import Audience, Library
from engine.ground.errors import Problem
from engine.understanding.readability import grade, words_of

MIN_WORDS = 12  # a short text's grade swings on one long word: judged only from this length


def too_hard(library: Library, settings: LintSettings) -> Iterator[Problem]:
    for dialogue in library.dialogues.values():
        if dialogue.audience is not Audience.CLIENT:
            continue
        for node_id, text in texts(dialogue):
            if len(words_of(text.source)) < MIN_WORDS:
                continue
            level = grade(text.source)
            if level > settings.reading_grade:
                where = f"`{node_id}`" if node_id else "the dialogue's help"
                yield Problem(text.span, f"the text of {where} reads at grade {level:g} "
                                         f"(above {settings.reading_grade:g})",
                              "use shorter sentences and everyday words")
