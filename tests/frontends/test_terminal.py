"""The prompt-toolkit front end, driven through a pipe input and a dummy output."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from prompt_toolkit.application import create_app_session
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
        long = "A very long dialogue title indeed | Section | step 3 of about 12 | arrows or number, Enter"
        assert console._fit(long) == "Section | step 3 of about 12 | arrows or number, Enter"
        assert console._fit("short | bar") == "short | bar"
        assert len(console._fit("x" * 200)) == 79


@contextmanager
def drawn(columns: int) -> Iterator[list[str]]:
    """The lines the console writes to a terminal ``columns`` wide (filled in when the block ends)."""
    written, lines = io.StringIO(), []
    output = Vt100_Output(written, lambda: Size(rows=24, columns=columns), term="xterm", enable_cpr=False)
    with create_app_session(output=output):
        yield lines
    lines.extend(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", written.getvalue()).split("\r\n"))


def test_the_pause_hint_keeps_the_command_on_one_line(messages):
    command = "python3 run.py --store '/home/robin/my peercoach store'"
    with drawn(40) as lines:
        TerminalConsole(messages).show(messages("session.paused", command=command, session="20261202-054659-2fbe58"),
                                       Tone.NOTICE)
    assert f"    {command} resume 20261202-054659-2fbe58" in lines  # typed (or pasted) as shown, it works
    assert lines[0] == "Paused. Your answers are saved. To"  # the words around it still wrap


def test_a_summary_is_shown_as_plain_text_wrapped_at_words(messages):
    markdown = ("# My strengths and supports: Sam\n_2 December 2026 (in progress)_\n\n## Getting through hard times\n"
                "- **A hard time I got through:** I lost my job at the warehouse after eleven years\n")
    with drawn(40) as lines:
        TerminalConsole(messages).show(markdown, Tone.SUMMARY)
    assert lines[:6] == ["My strengths and supports: Sam", "2 December 2026 (in progress)", "",
                         "Getting through hard times", "  - A hard time I got through: I lost",
                         "    my job at the warehouse after"]  # 38 columns: the UI keeps a margin
