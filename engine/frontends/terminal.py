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
from prompt_toolkit.widgets import RadioList

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
_PARTS = " | "  # between the toolbar's parts


class TerminalConsole:
    def __init__(self, messages: Messages):
        self.messages = messages
        self.session: PromptSession[str] = PromptSession(style=STYLE)
        # The option highlighted when "/" left a choice list (for /help, say): (question, value).
        # The same question, asked again after the command, starts on it instead of the first.
        self._highlighted: tuple[str, str] | None = None

    def _width(self, indent: int = 0) -> int:
        return max(get_app_session().output.get_size().columns - 2 - indent, 20)

    def _wrap(self, text: str, indent: int = 0) -> str:
        width = self._width(indent)
        return "\n".join(wrap(p, width) for p in text.split("\n"))

    def _fit(self, toolbar: str, question: Question | None = None) -> str:
        """The toolbar cut to the width, keeping where the person is: the dialogue's title goes
        first, then the section, then the hints from the last; the step ("step 5 of about 16")
        stays, cut short only when it alone is wider than the terminal."""
        width = get_app_session().output.get_size().columns - 1
        leading: list[str] = []  # what the toolbar starts with: the title, then the section
        rest = toolbar
        for known in (question.title, question.section) if question is not None else ():
            if known and rest.startswith(known + _PARTS):
                leading.append(known)
                rest = rest[len(known) + len(_PARTS):]
        parts = rest.split(_PARTS)  # the step first, then the hints
        while len(_PARTS.join([*leading, *parts])) > width and (leading or len(parts) > 1):
            if leading:
                leading.pop(0)
            else:
                parts.pop()
        fitted = _PARTS.join([*leading, *parts])
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
            return self.session.prompt([("class:prompt", "> ")], bottom_toolbar=lambda: self._fit(toolbar, question))
        except (KeyboardInterrupt, EOFError):
            return None

    def _choose(self, question: Question, toolbar: str) -> str | None:
        keys = KeyBindings()
        # Back at the question a command ("/help") was typed at: on the option highlighted then.
        kept, self._highlighted = self._highlighted, None
        default = kept[1] if kept is not None and kept[0] == question.path else None

        @keys.add(COMMAND_PREFIX)
        def _command(event: KeyPressEvent) -> None:
            self._highlighted = (question.path, _highlighted_value(event) or "1")
            event.app.exit(result=_TYPE_A_COMMAND)

        @keys.add("c-d")
        def _end(event: KeyPressEvent) -> None:
            event.app.exit(exception=EOFError())

        options = [(str(n), self._option(label, len(question.options)))
                   for n, label in enumerate(question.options, start=1)]
        picked = choice(FormattedText([("class:question", self._wrap(printable(question.text)))]),
                        options=options, default=default, style=STYLE, key_bindings=keys,
                        bottom_toolbar=lambda: self._fit(toolbar, question))
        if picked is _TYPE_A_COMMAND:
            typed = self.session.prompt([("class:prompt", COMMAND_PREFIX)],
                                        bottom_toolbar=lambda: self._fit(toolbar, question))
            return COMMAND_PREFIX + typed
        chosen = self._wrap(printable(f"  -> {question.options[int(picked) - 1]}"))
        print_formatted_text(FormattedText([("class:hint", chosen + "\n")]), style=STYLE)
        return picked

    def _option(self, label: str, count: int) -> str:
        """An option's label wrapped to the width left beside the list's marks, each line after the
        first hanging under the label's first word, not under the marks and the number."""
        # The list is indented 3 and draws ">" (or " "), a space and the number ("12. ", " 1. ")
        # before each label.
        hang = " " * (2 + max(len(str(count)), 2) + 2)
        first, *more = wrap(printable(label), self._width(3 + len(hang))).split("\n")
        return "\n".join([first, *(hang + line for line in more)])


def _highlighted_value(event: KeyPressEvent) -> str | None:
    """The value of the option highlighted in the choice list that has the focus, if it can be told."""
    draws = getattr(event.app.layout.current_control, "text", None)
    options = getattr(draws, "__self__", None)  # the list's control draws with the list's own method
    return options.current_value if isinstance(options, RadioList) else None
