"""PostgreSQL and Redis from Debian's packages, started by the tests themselves on loopback.

PostgreSQL will not run as root, so when the tests run as root (as CI does) the server runs as
the `postgres` user that Debian's package creates, in a folder that user owns.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

POSTGRES_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
READY_TIMEOUT_S = 60


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _wait_for(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not start in {READY_TIMEOUT_S}s")


class PostgreSQL:
    """A throwaway PostgreSQL cluster that a test can stop and start again (a database outage)."""

    def __init__(self, port: int) -> None:
        if not POSTGRES_BIN:
            raise RuntimeError("PostgreSQL is missing: run scripts/test-deps.sh")
        self.bin = POSTGRES_BIN[-1]
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix="mias-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self.data = self.folder / "data"
        self.url = f"postgresql://mias@127.0.0.1:{port}/mias"

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(
            _as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), *args]),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def create(self) -> None:
        subprocess.run(
            _as_postgres(
                [
                    str(self.bin / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "mias",
                    "-A",
                    "trust",
                    "--no-sync",
                    "-E",
                    "UTF8",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self.start()
        subprocess.run(
            [
                str(self.bin / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "mias",
                "mias",
            ],
            check=True,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c max_connections=200"
        )
        self._pg_ctl(
            "-o",
            options,
            "-l",
            str(self.folder / "postgres.log"),
            "-w",
            "-t",
            str(READY_TIMEOUT_S),
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        """ "immediate" ends every process at once, as a crash would; the next start recovers."""
        self._pg_ctl("-m", mode, "-w", "stop")

    def remove(self) -> None:
        with suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def postgresql(port: int) -> Iterator[PostgreSQL]:
    """A running throwaway PostgreSQL; its SQLAlchemy URL is `.url`."""
    database = PostgreSQL(port)
    try:
        database.create()
        yield database
    finally:
        database.remove()


@contextmanager
def redis(port: int) -> Iterator[str]:
    """A Redis server with nothing saved to disk; yields its URL for REDIS_URL."""
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ping = ["redis-cli", "-p", str(port), "ping"]
        _wait_for(
            lambda: b"PONG" in subprocess.run(ping, check=False, capture_output=True).stdout,
            "Redis",
        )
        yield f"redis://127.0.0.1:{port}/1"
    finally:
        server.terminate()
        server.wait(timeout=30)
