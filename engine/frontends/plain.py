"""Plain line mode: for pipes, scripts, screen readers and tests.

It prints each question and reads one answer per line. At the end of input it pauses, so
``peercoach run strengths < answers.txt`` saves what it got and exits cleanly. In such an answers
file, lines starting with ``#`` are comments.
"""

from __future__ import annotations

import shutil
import sys
from typing import TextIO

from engine.conversation.messages import Messages
from engine.conversation.turns import Question
from engine.frontends.console import Tone, question_hints, wrap
from engine.ground.printable import printable
from engine.render.text import terminal_text

COMMENT = "#"  # in an answers file, a line starting with this is a comment


class PlainConsole:
    def __init__(self, messages: Messages, stdin: TextIO | None = None, stdout: TextIO | None = None,
                 width: int | None = None):
        self.messages = messages
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.width = width or min(shutil.get_terminal_size((88, 24)).columns, 100)

    def _print(self, text: str = "", indent: str = "") -> None:
        for paragraph in printable(text).split("\n"):
            self.stdout.write(wrap(paragraph, self.width, indent) + "\n")

    def show(self, text: str, tone: Tone = Tone.SAY) -> None:
        if tone is Tone.SUMMARY:
            text = terminal_text(text)  # plain words wrapped to the width, not Markdown's marks
        self._print(text)
        self.stdout.write("\n")
        self.stdout.flush()

    def ask(self, question: Question, toolbar: str) -> str | None:
        self._print(question.text)
        for number, label in enumerate(question.options, start=1):
            self._print(f"{number}. {label}", indent="  ")
        for hint in question_hints(question, self.messages):
            self._print(hint, indent="  ")
        self.stdout.write("> ")
        self.stdout.flush()
        line = self._next_line()
        if not line:  # end of input: pause and keep everything
            self.stdout.write("\n")
            return None
        answer = line.rstrip("\r\n")
        # Echo piped answers so the transcript reads as a conversation.
        self.stdout.write(("" if self.stdin.isatty() else printable(answer)) + "\n\n")
        return answer

    def _next_line(self) -> str:
        """The next line of input ("" at its end). In an answers file (input that is not a
        terminal), a line starting with ``#`` is a comment for whoever wrote the file: it is
        passed over, not read as an answer. Typed at a terminal, every line is an answer."""
        scripted = not self.stdin.isatty()
        while True:
            line = self.stdin.readline()
            if not (scripted and line.startswith(COMMENT)):
                return line
