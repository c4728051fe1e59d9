"""Text as it may be shown on a terminal or written to a file: nothing in it drives the terminal.

People's answers are stored exactly as typed. Whatever shows them (the console, ``sessions
show``, a summary on screen or in a ``.md``/``.html`` file) passes them through here first, so
an answer holding an escape sequence (a clipboard write, a new window title, a screen clear), a
NUL, or a right-to-left override shows as a visible mark instead of acting or reordering text.

- ``printable``: control characters become their visible Unicode pictures (ESC as "␛"), and
  the invisible bidirectional controls become "�"; line breaks and tabs stay.
- ``markdown_text``: printable, and what a Markdown renderer would execute (raw HTML, link
  syntax) backslash-escaped, so "<script>" and "[x](javascript:...)" read as written.
- ``json_text``: JSON whose strings escape those characters as ``\\uXXXX``: the same data, safe
  to print.
"""

from __future__ import annotations

import json
import re
from typing import Any

# C0 controls but tab and line feed, DEL, C1 controls; the bidirectional embeddings, overrides,
# isolates and marks (they can make a line read differently from what it holds).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MARKDOWN = re.compile(r"([\\<>\[\]])")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x20:
        return chr(0x2400 + code)  # "␛" for ESC, "␀" for NUL, "␍" for a carriage return
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # a C1 control


def printable(text: str) -> str:
    """``text`` with nothing in it that a terminal would act on or reorder."""
    if not _UNSAFE.search(text):
        return text
    return _BIDI.sub("\ufffd", _CONTROL.sub(_picture, text))


def markdown_text(text: str) -> str:
    """``text`` for a Markdown file: printable, with raw HTML and link syntax escaped."""
    return _MARKDOWN.sub(r"\\\1", printable(text))


def json_text(value: Any, **options: Any) -> str:
    """JSON of ``value`` (non-ASCII text kept readable) with unsafe characters escaped."""
    text = json.dumps(value, ensure_ascii=False, **options)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
