"""Starts the real servers once per test session: Rasa, the action server and the console.

The model comes from `trained_model` (tests/conftest.py): trained in the background from the start
of the run if the training data changed since the last model (Rasa skips training otherwise). Every process gets the same fresh SQLite database and a frozen 'today' so that dates in
the conversation are known in advance. The action server runs as in production: on loopback, asking
for a token (ACTION_SERVER_TOKEN) that Rasa sends from endpoints.yml. Twilio's API is a loopback
stand-in (`servers.twilio`) that records the texts Rasa's SMS channel sends.
"""

from __future__ import annotations

import contextlib
import os
import secrets
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

from bot.settings import PROJECT_ROOT, Settings, rasa_environment
from bot.store.migrate import upgrade
from tests.twilio_standin import TwilioStandIn, twilio_standin

VENV_BIN = Path(sys.executable).parent
TODAY = "2026-11-25"
START_TIMEOUT_S = 600  # generous: a busy 2-core machine starts Rasa slowly
# Known limits for tests/e2e/test_doors.py; no test conversation comes near the rate.
SENDER_RATE_LIMIT = (60, 60)
MESSAGE_MAX_CHARS = 1000


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
                "bot/models",
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
        **rasa_environment(Settings.from_env({"DATABASE_URL": database_url})),
        "CERTIFICATES_DIR": str(workdir / "certificates"),
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{ports['console']}",
        "DATABASE_URL": database_url,
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{ports['actions']}/webhook",
        "ACTION_SERVER_PORT": str(ports["actions"]),
        "ACTION_SERVER_TOKEN": secrets.token_urlsafe(32),
        "SENDER_RATE_LIMIT": "{}/{}".format(*SENDER_RATE_LIMIT),
        "MESSAGE_MAX_CHARS": str(MESSAGE_MAX_CHARS),
        "CONSOLE_PORT": str(ports["console"]),
        "RASA_URL": f"http://127.0.0.1:{ports['rasa']}",
        "CHAT_ALLOWED_ORIGINS": f"http://127.0.0.1:{ports['console']}",
        "MIAS_TODAY": TODAY,
        "PYTHONPATH": str(PROJECT_ROOT),
        "TWILIO_ACCOUNT_SID": "AC" + "e2e0" * 8,
        "TWILIO_AUTH_TOKEN": "e2e-twilio-auth-token",
        "TWILIO_FROM_NUMBER": "+447700900000",
        "TWILIO_API_URL": twilio.url,
        "SMS_WEBHOOK_URL": f"http://127.0.0.1:{ports['rasa']}/webhooks/sms/webhook",
        "SMS_ID_KEY": "e2e-sms-id-key",
    }
