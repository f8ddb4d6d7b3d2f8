"""The console in Starlette's TestClient, for page tests that need no running Rasa: the console's
client of Rasa's HTTP API talks to a MockTransport that records what the family would be sent."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from starlette.testclient import TestClient

from bot.console.app import create_app
from bot.services.accounts import create_caseworker
from bot.services.rasa_api import RasaClient
from bot.settings import Settings

PASSWORD = "a long enough password"
WORKER, ADMIN = "worker@example.org", "admin@example.org"


@dataclass
class ConsoleApp:
    client: TestClient
    settings: Settings
    sent: dict[str, list[str]] = field(default_factory=dict)

    @property
    def database_url(self) -> str:
        return self.settings.database_url

    def csrf(self, path: str = "/console/sign-in") -> str:
        match = re.search(r'name="csrf_token" value="([^"]+)"', self.client.get(path).text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def sign_in(self, email: str = WORKER) -> None:
        signed_in = self.client.post(
            "/console/sign-in",
            data={"email": email, "password": PASSWORD, "csrf_token": self.csrf()},
            follow_redirects=False,
        )
        assert signed_in.status_code == 303, signed_in.text

    def post(self, path: str, page: str = "/console/", **data: str) -> Any:
        token = self.csrf(page)
        return self.client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)

    def _rasa(self, request: httpx.Request) -> httpx.Response:
        conversation_id = request.url.path.split("/")[2]
        body = json.loads(request.content or b"{}")
        self.sent.setdefault(conversation_id, []).append(str(body.get("text")))
        return httpx.Response(200, json={})


@contextmanager
def console_app(database_url: str, tmp_path: Path, **environment: str) -> Iterator[ConsoleApp]:
    """The console on `database_url`, with a caseworker (WORKER, "Wren") and an admin (ADMIN,
    "Ada"), today frozen at 2026-11-25 unless `environment` says otherwise."""
    settings = Settings.from_env(
        {
            "MIAS_DATA_DIR": str(tmp_path),
            "DATABASE_URL": database_url,
            "CERTIFICATES_DIR": str(tmp_path / "certificates"),
            "PUBLIC_BASE_URL": "http://testserver",
            "CONSOLE_SECRET_KEY": "test-secret",
            "MIAS_TODAY": "2026-11-25",
            **environment,
        }
    )
    create_caseworker(database_url, WORKER, "Wren", PASSWORD, actor="test")
    create_caseworker(database_url, ADMIN, "Ada", PASSWORD, role="admin", actor="test")
    app = create_app(settings)
    with TestClient(app) as client:
        console = ConsoleApp(client, settings)
        app.state.rasa = RasaClient(
            "http://rasa.test", transport=httpx.MockTransport(console._rasa)
        )
        yield console
