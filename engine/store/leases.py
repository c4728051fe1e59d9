"""Who has a session open: the lease a running peercoach holds on a session row, and whether the
process that holds it is still running (same host, same boot, same start time)."""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from typing import Any


# -- who has a session open ---------------------------------------------------------------------
def _read(path: str) -> str | None:
    try:
        with open(path, encoding="ascii", errors="replace") as stream:
            return stream.read()
    except OSError:
        return None


def process_state(pid: int) -> tuple[str, str] | None:
    """(state, start time) of a process from /proc (Linux), or None where there is no /proc.

    The start time tells a recycled process id from the peercoach that held a lease.
    """
    text = _read(f"/proc/{pid}/stat")
    if not text or ")" not in text:
        return None
    fields = text[text.rindex(")") + 2:].split()  # fields[0] is field 3 (state), fields[19] field 22
    return (fields[0], fields[19]) if len(fields) > 19 else None


def boot() -> str | None:
    boot = _read("/proc/sys/kernel/random/boot_id")
    return boot.strip() if boot else None


@dataclass(frozen=True)
class Holder:
    """The peercoach process that has a session open: the lease kept in the session's row."""

    host: str
    pid: int
    started: str | None  # when that process started, where the system says (Linux)
    boot: str | None  # which boot of the computer (Linux)
    since: str  # when it opened the session, for the message

    def to_json(self) -> str:
        return json.dumps({"host": self.host, "pid": self.pid, "started": self.started, "boot": self.boot,
                           "since": self.since})

    @classmethod
    def from_json(cls, text: Any) -> Holder | None:
        """The holder in a lease, or None for no lease (or one too damaged to hold anything)."""
        try:
            data = json.loads(text) if isinstance(text, str) else None
            if not isinstance(data, dict):
                return None
            holder = cls(str(data["host"]), int(data["pid"]), data.get("started"), data.get("boot"),
                         str(data.get("since") or ""))
        except (ValueError, TypeError, KeyError):
            return None
        return holder if holder.pid > 0 else None

    def same_process(self, other: Holder) -> bool:
        return (self.host, self.pid, self.started, self.boot) == (other.host, other.pid, other.started, other.boot)

    def checkable(self) -> bool:
        """Whether this computer can tell if that peercoach still runs (on Windows os.kill would
        end it; a process of another host or container has ids this one cannot look up)."""
        return os.name != "nt" and self.host == this_process().host

    def running(self) -> bool:
        """Whether that peercoach may still be running; when this computer cannot tell, it may."""
        here = this_process()
        if self.boot and here.boot and self.boot != here.boot:
            return False  # another boot: the computer restarted since, or the store was moved here
        if not self.checkable():
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass  # it exists, as another user's process
        state = process_state(self.pid)
        if state is None:
            return True
        return state[0] not in ("Z", "X") and not (self.started and state[1] != self.started)

    def where(self) -> str:
        here = this_process()
        place = "on this computer" if self.host == here.host else f"on {self.host}"
        since = f", since {self.since[11:16]}" if len(self.since) >= 16 else ""
        return f"process {self.pid} {place}{since}"


_HOLDERS: dict[int, Holder] = {}  # by process id: a forked child is a holder of its own


def this_process() -> Holder:
    pid = os.getpid()
    if pid not in _HOLDERS:
        state = process_state(pid)
        _HOLDERS[pid] = Holder(socket.gethostname(), pid, state[1] if state else None, boot(),
                                datetime.now().astimezone().isoformat(timespec="seconds"))
    return _HOLDERS[pid]
