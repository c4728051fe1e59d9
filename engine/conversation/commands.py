"""The commands a person can type at any question: a slash and a word (``/back``), never mistaken
for an answer; two slashes give an answer that starts with one (``//like this``)."""

from __future__ import annotations

from engine.conversation.messages import Messages

COMMAND_PREFIX = "/"
COMMANDS = ("help", "back", "skip", "repeat", "summary", "pause", "info")


def read_line(text: str) -> tuple[str | None, str]:
    """The command a line gives (its word, lower case), or None and the answer it gives ("//x" is "/x")."""
    stripped = text.strip()
    if stripped.startswith(COMMAND_PREFIX * 2):
        return None, stripped[1:]
    if stripped.startswith(COMMAND_PREFIX):
        return stripped[1:].strip().lower(), text
    return None, text


def command_word(line: str) -> tuple[str, str]:
    """A command's word and what follows it: ``info 2`` is ("info", "2")."""
    word, _, argument = line.partition(" ")
    return word, argument.strip()


def help_text(messages: Messages, own: str) -> str:
    """The question's own help, then every command and what it does."""
    lines = [own, "", messages("commands.intro")]
    lines += ["  " + messages(f"commands.{word}") for word in COMMANDS]
    lines.append(messages("commands.literal"))
    return "\n".join(lines)
