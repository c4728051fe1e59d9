"""The full terminal front end, built on prompt-toolkit.

Choices are picked with the arrow keys or a number; a bottom toolbar shows the dialogue, the
section and the progress; Ctrl-C and Ctrl-D pause safely. Text wraps to the terminal width.
``NO_COLOR`` is honoured by prompt-toolkit itself.
"""

from __future__ import annotations

from prompt_toolkit import PromptSession, choice, print_formatted_text
from prompt_toolkit.application.current import get_app_session
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.styles import Style

from engine.conversation.machine import COMMAND_PREFIX
from engine.conversation.messages import Messages
from engine.conversation.turns import Question
from engine.frontends.console import Tone, question_hints, wrap
from engine.ground.printable import printable
from engine.render.text import terminal_text

STYLE = Style.from_dict({
    "say": "",
    "notice": "italic #5f87af",
    "summary": "",
    "question": "bold",
    "hint": "#808080",
    "prompt": "bold #5f87af",
    "bottom-toolbar": "reverse",
})

_TYPE_A_COMMAND = object()  # returned by the choice list when the person presses "/"


class TerminalConsole:
    def __init__(self, messages: Messages):
        self.messages = messages
        self.session: PromptSession[str] = PromptSession(style=STYLE)

    def _wrap(self, text: str, indent: int = 0) -> str:
        width = max(get_app_session().output.get_size().columns - 2 - indent, 20)
        return "\n".join(wrap(p, width) for p in text.split("\n"))

    def _fit(self, toolbar: str) -> str:
        """Drop the toolbar's leading parts (title, then section) until it fits the width."""
        width = get_app_session().output.get_size().columns - 1
        parts = toolbar.split(" | ")
        while len(parts) > 1 and len(" | ".join(parts)) > width:
            parts.pop(0)
        fitted = " | ".join(parts)
        return fitted if len(fitted) <= width else fitted[: max(width - 3, 1)] + "..."

    def _print(self, text: str, style: str) -> None:
        print_formatted_text(FormattedText([(f"class:{style}", printable(text))]), style=STYLE)

    def show(self, text: str, tone: Tone = Tone.SAY) -> None:
        if tone is Tone.SUMMARY:
            text = terminal_text(text)  # plain words wrapped to the width, not Markdown's marks
        self._print(self._wrap(text) + "\n", tone.value)

    def ask(self, question: Question, toolbar: str) -> str | None:
        try:
            if question.type == "choice":
                return self._choose(question, toolbar)
            self._print(self._wrap(question.text), "question")
            for hint in question_hints(question, self.messages):
                self._print(self._wrap(hint), "hint")
            return self.session.prompt([("class:prompt", "> ")], bottom_toolbar=lambda: self._fit(toolbar))
        except (KeyboardInterrupt, EOFError):
            return None

    def _choose(self, question: Question, toolbar: str) -> str | None:
        keys = KeyBindings()

        @keys.add(COMMAND_PREFIX)
        def _command(event: KeyPressEvent) -> None:
            event.app.exit(result=_TYPE_A_COMMAND)

        @keys.add("c-d")
        def _end(event: KeyPressEvent) -> None:
            event.app.exit(exception=EOFError())

        # The list draws "  >  12. " before each label, so wrap labels to the width left after it.
        indent = 8 + len(str(len(question.options)))
        options = [(str(n), self._wrap(printable(label), indent)) for n, label in enumerate(question.options, start=1)]
        picked = choice(FormattedText([("class:question", self._wrap(printable(question.text)))]),
                        options=options, style=STYLE, key_bindings=keys,
                        bottom_toolbar=lambda: self._fit(toolbar))
        if picked is _TYPE_A_COMMAND:
            typed = self.session.prompt([("class:prompt", COMMAND_PREFIX)], bottom_toolbar=lambda: self._fit(toolbar))
            return COMMAND_PREFIX + typed
        print_formatted_text(FormattedText([("class:hint", printable(f"  -> {question.options[int(picked) - 1]}\n"))]),
                             style=STYLE)
        return picked
