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
from contextlib import contextmanager
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


@contextmanager
def postgresql(port: int) -> Iterator[str]:
    """A throwaway PostgreSQL cluster; yields its SQLAlchemy URL."""
    if not POSTGRES_BIN:
        raise RuntimeError("PostgreSQL is missing: run scripts/test-deps.sh")
    bin_dir = POSTGRES_BIN[-1]
    folder = Path(tempfile.mkdtemp(prefix="mias-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    subprocess.run(_as_postgres([str(bin_dir / "initdb"), "-D", str(data), "-U", "mias",
                                 "-A", "trust", "--no-sync", "-E", "UTF8"]),
                   check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        _as_postgres([str(bin_dir / "postgres"), "-D", str(data), "-p", str(port),
                      "-k", str(folder), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                      "-c", "max_connections=200"]),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        ready = [str(bin_dir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port), "-q"]
        _wait_for(lambda: subprocess.run(ready, check=False).returncode == 0, "PostgreSQL")
        subprocess.run([str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port),
                        "-U", "mias", "mias"], check=True)
        yield f"postgresql://mias@127.0.0.1:{port}/mias"
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def redis(port: int) -> Iterator[str]:
    """A Redis server with nothing saved to disk; yields its URL for REDIS_URL."""
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        ping = ["redis-cli", "-p", str(port), "ping"]
        _wait_for(lambda: b"PONG" in subprocess.run(ping, check=False, capture_output=True).stdout, "Redis")
        yield f"redis://127.0.0.1:{port}/1"
    finally:
        server.terminate()
        server.wait(timeout=30)

