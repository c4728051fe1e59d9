"""The prompt-toolkit front end, driven through a pipe input and a dummy output."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.application.current import get_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from engine.conversation.machine import Question
from engine.frontends.console import Tone
from engine.frontends.terminal import TerminalConsole


def question(kind="choice", options=("Family", "Friends", "Work"), optional=False):
    return Question(path="main:q", text="Pick one", type=kind, options=options if kind == "choice" else (),
                    optional=optional, minimum=None, maximum=None, title="T", section=None, step=1, total=3)


def typed(messages, keys: str, asked: Question):
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        with create_app_session(input=pipe, output=DummyOutput()):
            return TerminalConsole(messages).ask(asked, "toolbar")


@pytest.mark.parametrize("keys, answer", [
    ("2\r", "2"),  # by number
    ("\x1b[B\x1b[B\r", "3"),  # arrow down twice
    ("\x1b[B\x1b[A\r", "1"),  # down then up
    ("\r", "1"),  # the first is selected to start with
])
def test_choice_by_number_or_arrows(messages, keys, answer):
    assert typed(messages, keys, question()) == answer


def test_slash_in_a_choice_list_types_a_command(messages):
    assert typed(messages, "/back\r", question()) == "/back"


@pytest.mark.parametrize("keys", ["\x03", "\x04"])
def test_ctrl_c_and_ctrl_d_pause(messages, keys):
    assert typed(messages, keys, question()) is None
    assert typed(messages, keys, question("text")) is None


def test_text_answer(messages):
    assert typed(messages, "I like walking\r", question("text")) == "I like walking"


def test_toolbar_fits_the_width(messages):
    with create_app_session(output=DummyOutput()):  # DummyOutput is 80 columns wide
        console = TerminalConsole(messages)
        asked = Question(**{**question().__dict__, "title": "A very long dialogue title indeed", "section": "Section"})
        long = "A very long dialogue title indeed | Section | step 3 of about 12 | arrows or number, Enter"
        assert console._fit(long, asked) == "Section | step 3 of about 12 | arrows or number, Enter"
        assert console._fit("short | bar") == "short | bar"
        assert len(console._fit("x" * 200)) == 79


@pytest.mark.parametrize("kind, shown", [
    ("choice", "step 6 of about 15"),  # the title, the section and then the hints give way to it
    ("text", "step 6 of about 15 | /help for commands"),
])
def test_toolbar_keeps_the_step_at_40_columns(messages, kind, shown):
    asked = Question(**{**question(kind).__dict__, "title": "My strengths and supports",
                        "section": "What you are good at", "step": 6, "total": 15})
    hint = messages("session.choice_hint" if kind == "choice" else "session.text_hint")
    toolbar = messages("session.toolbar", title=asked.title, section=asked.section, step=6, total=15, hint=hint)
    with drawn(40):
        assert TerminalConsole(messages)._fit(toolbar, asked) == shown  # today: "/ for commands", no step


def answered(messages, keys: str, *asked: Question) -> list[str | None]:
    """One console asking each question in turn, the keys typed ahead."""
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        with create_app_session(input=pipe, output=DummyOutput()):
            console = TerminalConsole(messages)
            return [console.ask(q, "toolbar") for q in asked]


def test_help_keeps_the_highlighted_choice(messages):
    # Down to "Work", /help, then Enter at once: after the help, the list is still on "Work".
    assert answered(messages, "\x1b[B\x1b[B/help\r\r", question(), question()) == ["/help", "3"]
    assert answered(messages, "\x1b[B/repeat\r\x1b[B\r", question(), question()) == ["/repeat", "3"]


def test_a_highlight_is_kept_only_for_its_own_question(messages):
    other = Question(**{**question().__dict__, "path": "main:other"})
    # /back leads to another question: it starts on its first option; an answer clears the highlight.
    assert answered(messages, "\x1b[B/back\r\r", question(), other) == ["/back", "1"]
    assert answered(messages, "\x1b[B/help\r\r\r", question(), question(), question()) == ["/help", "2", "1"]


def test_wrapped_options_hang_under_their_label(messages):
    pyte = pytest.importorskip("pyte")
    long = "Kindness, caring about others and being there for the people who matter to you"
    asked = Question(**{**question().__dict__, "options": (long, "Courage", "Work")})
    with create_pipe_input() as pipe:
        pipe.send_text("\x04")
        with drawn(40) as written, create_app_session(input=pipe, output=get_app_session().output):
            TerminalConsole(messages).ask(asked, "toolbar")
    screen = pyte.Screen(40, 24)
    pyte.Stream(screen).feed(written.raw)
    shown = [line.rstrip() for line in screen.display if line.strip()]
    first = next(n for n, line in enumerate(shown) if "1. Kindness" in line)
    column = shown[first].index("Kindness")
    assert [line[:column].strip() for line in shown[first + 1:first + 3]] == ["", ""]  # today: at column 3
    assert " ".join(line.strip() for line in shown[first:first + 3]).endswith(long)
    assert shown[first + 3].strip() == "2. Courage"


class Drawn:
    """What a console wrote to a terminal: ``raw`` with its escape codes, ``lines`` without."""

    def __init__(self) -> None:
        self.raw = ""
        self.lines: list[str] = []


@contextmanager
def drawn(columns: int) -> Iterator[Drawn]:
    """What the console writes to a terminal ``columns`` wide (filled in when the block ends)."""
    written, result = io.StringIO(), Drawn()
    output = Vt100_Output(written, lambda: Size(rows=24, columns=columns), term="xterm", enable_cpr=False)
    with create_app_session(output=output):
        yield result
    result.raw = written.getvalue()
    result.lines = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", result.raw).split("\r\n")


def test_the_pause_hint_keeps_the_command_on_one_line(messages):
    command = "python3 run.py --store '/home/robin/my peercoach store'"
    with drawn(40) as written:
        TerminalConsole(messages).show(messages("session.paused", command=command, session="20261202-054659-2fbe58"),
                                       Tone.NOTICE)
    lines = written.lines
    assert f"    {command} resume 20261202-054659-2fbe58" in lines  # typed (or pasted) as shown, it works
    assert lines[0] == "Paused. Your answers are saved. To"  # the words around it still wrap


def test_a_summary_is_shown_as_plain_text_wrapped_at_words(messages):
    markdown = ("# My strengths and supports: Sam\n_2 December 2026 (in progress)_\n\n## Getting through hard times\n"
                "- **A hard time I got through:** I lost my job at the warehouse after eleven years\n")
    with drawn(40) as written:
        TerminalConsole(messages).show(markdown, Tone.SUMMARY)
    lines = written.lines
    assert lines[:6] == ["My strengths and supports: Sam", "2 December 2026 (in progress)", "",
                         "Getting through hard times", "  - A hard time I got through: I lost",
                         "    my job at the warehouse after"]  # 38 columns: the UI keeps a margin
