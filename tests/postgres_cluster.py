"""A throwaway PostgreSQL cluster for the store tests: ``initdb`` into a temporary folder, the
server on a Unix socket in that folder only (no TCP port), as an unprivileged user (initdb refuses
root: as root the folder is given to ``nobody`` and the server run through ``runuser``), stopped
and removed afterwards. One cluster per test session; each test gets a database of its own, made
while the test before it ran and dropped while the one after it runs (each costs the server 0.1-0.4 s
on a busy machine, and a hundred tests each take one)."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import psycopg

USER = "peercoach"


def server_binaries() -> Path | None:
    """The folder with initdb and pg_ctl: Debian's newest /usr/lib/postgresql/N/bin, else PATH."""
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda f: int(Path(f).parent.name)
                         if Path(f).parent.name.isdigit() else 0, reverse=True):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


class Cluster:
    def __init__(self, binaries: Path):
        self.binaries = binaries
        self.folder = Path(tempfile.mkdtemp(prefix="peercoach-pg-"))
        self.data = self.folder / "data"
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.folder, "nobody")
        os.chmod(self.folder, 0o700 if not self.as_root else 0o755)  # the tests (root) reach the socket
        self.made = 0
        self._work = ThreadPoolExecutor(max_workers=1, thread_name_prefix="peercoach-pg")  # in order
        self._next: Future[str] | None = None
        self._drops: list[Future[None]] = []

    def _run(self, *command: str) -> None:
        runner = ["runuser", "-u", "nobody", "--"] if self.as_root else []
        subprocess.run([*runner, *command], check=True, capture_output=True, cwd=self.folder)

    def start(self) -> None:
        self._run(str(self.binaries / "initdb"), "-D", str(self.data), "-A", "trust", "-U", USER, "--no-sync",
                  "-E", "UTF8", "--locale", "C.UTF-8")
        # The tests' own user gets in as it is; any other must give its password (to test a wrong one).
        hba = self.data / "pg_hba.conf"
        hba.write_text(f"local all {USER} trust\nlocal all all scram-sha-256\n")
        options = f"-k {self.folder} -c listen_addresses='' -F -c max_connections=200"
        self._run(str(self.binaries / "pg_ctl"), "-D", str(self.data), "-o", options, "-l",
                  str(self.folder / "server.log"), "-w", "start")

    def url(self, database: str) -> str:
        return f"postgresql://{USER}@/{database}?host={self.folder}"

    def new_database(self) -> str:
        """A fresh, empty database; its name (``url`` gives its address). The one made while the
        last test ran, and the next one is started now."""
        made = self._next.result() if self._next is not None else self._create(self._name())
        self._next = self._work.submit(self._create, self._name())
        return made

    def _name(self) -> str:
        self.made += 1
        return f"test_{os.getpid()}_{self.made}"

    def _create(self, name: str) -> str:
        with psycopg.connect(self.url("postgres"), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}".encode())
        return name

    def drop_database(self, name: str) -> None:
        """Dropped in the background; a failure is raised when the cluster stops."""
        self._drops.append(self._work.submit(self._drop, name))

    def _drop(self, name: str) -> None:
        with psycopg.connect(self.url("postgres"), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())

    def stop(self) -> None:
        self._work.shutdown(wait=True)
        failed = [drop.exception() for drop in self._drops if drop.exception() is not None]
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run(str(self.binaries / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
        if failed:
            raise failed[0]
