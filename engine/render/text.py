"""A Markdown summary as a terminal shows it: plain text, read the way a Markdown viewer would
show it but without the markup, so ``/summary`` and the summary at the end read as sentences,
not as ``## headings`` and ``**labels:**``.

Each line of the result is one paragraph for the console to wrap at word boundaries to its own
width (``engine.frontends.console.wrap``): list items are indented, so their continuation
lines hang under their text; a chart from a code block is indented by four spaces, so it is
never reflowed. What the summary's templates write is all that is read here: headings, emphasis,
lists, quotes, code blocks and the escapes ``markdown_text`` adds to the person's answers.
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"#{1,6}\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"[-*+]\s+(.*)")
_NUMBERED = re.compile(r"(\d{1,3}[.)])\s+(.*)")
_QUOTE = re.compile(r">\s?(.*)")
_FENCE = re.compile(r"\s*(```|~~~)")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
# _emphasis_ only as a whole word, so a snake_case_name or a file_name.txt keeps its underscores.
_EMPHASIS = re.compile(r"(?<![\w\\])_(?=\S)(.+?)(?<=\S)_(?!\w)")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|])")

ITEM = "  - "  # a list item: wrapped continuation lines hang two spaces further in
CODE = "    "  # a code block's line (a chart): shown as it is


def terminal_text(markdown: str) -> str:
    """``markdown`` as plain paragraphs, one per line, with a blank line between blocks (and none
    at the start or the end)."""
    lines: list[str] = []
    in_code = False
    for raw in markdown.splitlines():
        if _FENCE.match(raw):
            in_code = not in_code
            continue
        if in_code:
            lines.append(CODE + raw.rstrip() if raw.strip() else "")
            continue
        line = raw.strip()
        quoted = _QUOTE.fullmatch(line)
        while quoted:  # a quote (the safety note) reads as its own words
            line = quoted.group(1).strip()
            quoted = _QUOTE.fullmatch(line)
        heading = _HEADING.fullmatch(line)
        if heading:
            if lines and lines[-1]:
                lines.append("")  # a heading starts a new block
            lines.append(_inline(heading.group(1)))
            continue
        item, numbered = _ITEM.fullmatch(line), _NUMBERED.fullmatch(line)
        if item is not None:
            lines.append(ITEM + _inline(item.group(1)))
        elif numbered is not None:
            lines.append(f"  {numbered.group(1)} {_inline(numbered.group(2))}")
        elif line:
            lines.append(_inline(line))
        elif lines and lines[-1]:
            lines.append("")  # one blank line between blocks, however many the template left
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def _inline(text: str) -> str:
    """A line's words without emphasis marks or the escapes that kept answers from acting."""
    text = _STRONG.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\1", text)
    return _ESCAPED.sub(r"\1", text)
