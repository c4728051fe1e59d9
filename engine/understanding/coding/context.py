"""What the coder's steps hand each other: an ``Act`` as cutting a reply leaves it, and the
``Reply`` around it, what coding one act needs to know of the rest of the reply."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Act:
    tokens: list[str]
    asked: bool = False
    lead: int = 0  # tokens of a leading part ("when you say that, ...") coded with the question after it
    parts: list[int] = field(default_factory=lambda: [0])  # where each part (between commas) starts
    hedged: bool = False  # "kind of", "sort of" as a hedge, which the reading drops from ``tokens``

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


@dataclass
class Reply:
    """What one act's coding needs to know of the rest of the reply."""

    client: set[str]
    client_text: str
    opt_out: bool
    spoken: bool
    asks: bool = False  # the client asks the trainee to do something ("just tell me what to do")
    permitted: bool = False  # a permission was asked earlier in the reply
    permission_acts: list[int] = field(default_factory=list)
    reflected: bool = False  # the act before was a reflection
