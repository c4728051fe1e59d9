"""Tappable links for a crisis resource: its phone numbers as ``tel:`` and ``sms:`` links, read
from how the resource file says to reach it ("Call or text 988", "Text HOME to 741741")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

_NUMBER = re.compile(r"\+?\d[\d\- ]*\d|\b\d{3}\b")
_TEXT_WORD = re.compile(r"\b([A-Z]{2,12})\s+to\s*$")  # "Text HOME to 741741": the word to send


@dataclass(frozen=True)
class Link:
    kind: str  # "call" or "text"
    number: str  # as written, for the label
    href: str


def links(reach: str) -> list[Link]:
    """Each number in ``reach`` as the links it takes: a call, a text, or both ("call or text").

    The words since the number before say how to reach it; with none ("999 or 112") it is reached
    like the one before. A number that is part of a web address (211.org) is no phone number."""
    found: list[Link] = []
    verbs, end = (True, False), 0
    for match in _NUMBER.finditer(reach):
        written = match.group().strip(" -")
        digits = re.sub(r"[^\d+]", "", written)
        if len(digits) < 3 or re.match(r"\.[a-z]", reach[match.end():match.end() + 2]):
            continue
        segment = reach[end:match.start()]
        words, end = segment.lower(), match.end()
        if "call" in words or "text" in words:
            verbs = ("call" in words, "text" in words)
        calls, texts = verbs
        if calls:
            found.append(Link("call", written, f"tel:{digits}"))
        if texts:
            word = _TEXT_WORD.search(segment)
            body = f"?&body={quote(word.group(1))}" if word else ""
            found.append(Link("text", written, f"sms:{digits}{body}"))
    unique: dict[str, Link] = {}
    for link in found:
        unique.setdefault(link.href, link)
    return list(unique.values())
