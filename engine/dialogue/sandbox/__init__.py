"""Jinja's sandbox with bounds: no template can take the machine's memory or time.

Jinja's own sandbox keeps templates away from Python's insides, but not from asking for too
much: ``9 ** 9 ** 9`` or ``'x' * 10**9`` is worked out while the template is being compiled
(Jinja folds constant expressions), ``lipsum(10**6)`` or two loops over ``range(100000)`` while
it renders. So here:

- the operators that can make something big (``+``, ``*``, ``**``, ``%``) are intercepted, which
  also stops Jinja folding them at compile time, and check the size of what they would make
  before making it; so do the filters, methods and globals that take a size (``center``,
  ``indent``, ``replace``, ``ljust``, ``range``, ``lipsum``...);
- every loop turn, call, and character made or shown is charged to a ``Budget`` for the render,
  so loops inside loops and templates that call themselves stop at a known cost;
- templates nested deeper than ``Limits.depth`` are refused when parsed, because Jinja's parser
  and compiler recurse once per level.

A limit that is passed raises ``LimitError``, with words for the person who wrote the template.
``check_constants`` runs a template's constant parts under the same rules when a dialogue is
loaded, so ``peercoach validate`` reports them at their line instead of anyone waiting for them.
"""

from engine.dialogue.sandbox.budget import MAX_TEMPLATE_BYTES, SUMMARY_LIMITS, TEXT_LIMITS, Budget, LimitError, Limits
from engine.dialogue.sandbox.environment import BoundedSandbox
from engine.dialogue.sandbox.files import BoundedFileSystemLoader

__all__ = ["MAX_TEMPLATE_BYTES", "SUMMARY_LIMITS", "TEXT_LIMITS", "BoundedFileSystemLoader", "BoundedSandbox", "Budget",
           "LimitError", "Limits"]
