"""The ``peercoach`` command: a thin layer over the library.

Every command returns an exit status; errors are reported in one clear line (or one line per
authoring problem), never as a traceback.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence

from engine.ground import records

records.install()  # before the engine's record classes are made: their methods' code from the cache

from engine.cli.parser import build_parser  # noqa: E402
from engine.ground.errors import DialogueLoadError, PeercoachError  # noqa: E402
from engine.ground.printable import printable  # noqa: E402

__all__ = ["build_parser", "main"]


def _tolerant_streams() -> None:
    """Bytes that are not UTF-8 on standard input become U+FFFD (the answer is kept, never a
    traceback); text that cannot be shown on this terminal is shown as a replacement too."""
    for stream, errors in ((sys.stdin, "replace"), (sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a stream already closed or detached
                reconfigure(errors=errors)


def main(argv: Sequence[str] | None = None) -> int:
    _tolerant_streams()
    args = build_parser(sys.argv[1:] if argv is None else argv).parse_args(argv)
    try:
        code: int = args.handler(args)
        return code
    except DialogueLoadError as exc:
        for problem in exc.problems:
            print(printable(str(problem)), file=sys.stderr)
        return 1
    except PeercoachError as exc:
        print(printable(f"peercoach: {exc}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `peercoach eval ... | head`): stop quietly, as Python's
        # documentation recommends, so interpreter shutdown does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        if getattr(args, "opened_store", None) is not None:
            args.opened_store.close()
