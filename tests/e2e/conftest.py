"""Starts the real servers once per test session: Rasa, the action server and the console.

The model is trained here if the training data changed since the last model (Rasa skips training
otherwise). Every process gets the same fresh SQLite database and a frozen 'today' so that dates in
the conversation are known in advance. Twilio's API is a loopback stand-in (`servers.twilio`) that
records the texts Rasa's SMS channel sends.
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
import pytest

from bot.settings import PROJECT_ROOT
from bot.store.migrate import upgrade
from tests.twilio_standin import TwilioStandIn, twilio_standin

VENV_BIN = Path(sys.executable).parent
TODAY = "2026-11-25"
START_TIMEOUT_S = 240


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
    twilio: TwilioStandIn
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['rasa']}"

    @property
    def console_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['console']}"

    def _command(self, name: str) -> list[str]:
        return {
            "actions": [str(VENV_BIN / "rasa"), "run", "actions", "--actions", "bot.actions",
                        "--port", str(self.ports["actions"])],
            "rasa": [str(VENV_BIN / "rasa"), "run", "--enable-api", "--port", str(self.ports["rasa"]),
                     "--endpoints", "endpoints.yml", "--credentials", "credentials.yml",
                     "--model", "bot/models"],
            "console": [str(VENV_BIN / "python"), "-m", "bot.console"],
        }[name]

    def _ready(self, name: str) -> tuple[str, str]:
        return {
            "actions": (f"http://127.0.0.1:{self.ports['actions']}/health", "ok"),
            "rasa": (f"{self.rasa_url}/status", "model_file"),
            "console": (f"{self.console_url}/healthz", "ok"),
        }[name]

    def start(self, name: str) -> None:
        log = self.workdir / f"{name}.log"
        process = subprocess.Popen(
            self._command(name), cwd=PROJECT_ROOT, env=self.env,
            stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.processes[name] = process  # stopped with the others even if it never gets ready
        url, ready = self._ready(name)
        wait_until(url, ready, process, log)

    def kill(self, name: str) -> None:
        """kill -9, as a crash would."""
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

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


def train_model() -> None:
    """`make train`: the README's own way, which retrains only when the data changed."""
    subprocess.run(["make", "-s", "train"], cwd=PROJECT_ROOT, check=True, stdout=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """Trains once per run; Rasa itself skips training when the data has not changed."""
    train_model()
    return PROJECT_ROOT / "bot" / "models"


@pytest.fixture(scope="session")
def servers(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    workdir = tmp_path_factory.mktemp("servers")
    ports = {"rasa": free_port(), "actions": free_port(), "console": free_port()}
    database_url = f"sqlite:///{workdir / 'mias.db'}"
    upgrade(database_url)
    with twilio_standin() as twilio:
        env = _environment(workdir, ports, database_url, twilio)
        running = Servers(workdir, env, ports, twilio)
        try:
            for name in ("actions", "rasa", "console"):
                running.start(name)
            yield running
        finally:
            running.stop_all()


def _environment(
    workdir: Path, ports: dict[str, int], database_url: str, twilio: TwilioStandIn
) -> dict[str, str]:
    return {
        **os.environ,
        "CERTIFICATES_DIR": str(workdir / "certificates"),
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{ports['console']}",
        "DATABASE_URL": database_url,
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{ports['actions']}/webhook",
        "CONSOLE_PORT": str(ports["console"]),
        "RASA_URL": f"http://127.0.0.1:{ports['rasa']}",
        "MIAS_TODAY": TODAY,
        "PYTHONPATH": str(PROJECT_ROOT),
        "TWILIO_ACCOUNT_SID": "AC" + "e2e0" * 8,
        "TWILIO_AUTH_TOKEN": "e2e-twilio-auth-token",
        "TWILIO_FROM_NUMBER": "+447700900000",
        "TWILIO_API_URL": twilio.url,
        "SMS_WEBHOOK_URL": f"http://127.0.0.1:{ports['rasa']}/webhooks/sms/webhook",
        "SMS_ID_KEY": "e2e-sms-id-key",
    }
