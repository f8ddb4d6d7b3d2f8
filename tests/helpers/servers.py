"""The assistant's own servers (Rasa, the action server, the console) run as separate processes,
as in production, with a way to kill and restart any of them mid-conversation.

The `servers` fixture (tests/e2e/conftest.py) and the scale-out `cluster` (tests/e2e/scale/conftest.py)
start them; tests and `bench/service.py` use the `Servers` they get.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bot.settings import PROJECT_ROOT
from tests.helpers.twilio_standin import TwilioStandIn

VENV_BIN = Path(sys.executable).parent
TODAY = "2026-11-25"
START_TIMEOUT_S = 600  # generous: a busy 2-core machine starts Rasa slowly
# Known limits for tests/e2e/test_doors.py; no test conversation comes near the rate.
SENDER_RATE_LIMIT = (60, 60)
MESSAGE_MAX_CHARS = 1000


def given_model() -> Path | None:
    """A models folder to use as it is, for a developer iterating on end-to-end tests: set
    MIAS_E2E_MODEL_DIR and no model is trained (CI never sets it)."""
    folder = os.environ.get("MIAS_E2E_MODEL_DIR", "").strip()
    if not folder:
        return None
    models = Path(folder).resolve()
    assert any(models.glob("*.tar.gz")), f"MIAS_E2E_MODEL_DIR={folder} holds no trained model"
    return models


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(url: str, ready: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early:\n{log.read_text()[-3000:]}")
        try:
            if ready in httpx.get(url, timeout=2).text:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not start in {START_TIMEOUT_S}s:\n{log.read_text()[-3000:]}")


@dataclass
class Servers:
    """The three processes, with a way to kill and restart any of them mid-conversation."""

    workdir: Path
    env: dict[str, str]
    ports: dict[str, int]
    twilio: TwilioStandIn | None = None
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    label: str = ""

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['rasa']}"

    @property
    def console_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['console']}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['actions']}"

    def _command(self, name: str) -> list[str]:
        return {
            "actions": [str(VENV_BIN / "python"), "-m", "bot.actions.server"],
            "rasa": [
                str(VENV_BIN / "rasa"),
                "run",
                "--enable-api",
                "--port",
                str(self.ports["rasa"]),
                "--endpoints",
                "endpoints.yml",
                "--credentials",
                "credentials.yml",
                "--model",
                str(given_model() or "bot/models"),
            ],
            "console": [str(VENV_BIN / "python"), "-m", "bot.console"],
        }[name]

    def _ready(self, name: str) -> tuple[str, str]:
        path, answer = {
            "actions": ("/health", "ok"),
            "rasa": ("/status", "model_file"),
            "console": ("/healthz", "ok"),
        }[name]
        return f"http://127.0.0.1:{self.ports[name]}{path}", answer

    def start(self, name: str) -> None:
        log = self.workdir / f"{name}{self.label}.log"
        process = subprocess.Popen(
            self._command(name),
            cwd=PROJECT_ROOT,
            env=self.env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes[name] = (
            process  # registered first, so stop_all ends it if it never gets ready
        )
        url, ready = self._ready(name)
        wait_until(url, ready, process, log)

    def kill(self, name: str) -> None:
        """kill -9, as a crash would."""
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    @contextlib.contextmanager
    def changed(self, name: str, **env: str) -> Iterator[None]:
        """Restarts one server with extra settings for the length of a test, then as it was."""
        saved = dict(self.env)
        self.kill(name)
        self.env = {**saved, **env}
        try:
            self.start(name)
            yield
        finally:
            self.kill(name)
            self.env = saved
            self.start(name)

    def stop_all(self) -> None:
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        self.processes.clear()
