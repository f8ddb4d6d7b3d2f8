"""The demo page and the widget's script, as the console serves them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from bot.console import app as console_app
from bot.settings import Settings


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    (tmp_path / "chat.js").write_text("console.log('widget');\n")
    monkeypatch.setattr(console_app, "WIDGET_DIR", tmp_path)
    settings = Settings.from_env(
        {"RASA_URL": "http://rasa:5005", "PUBLIC_RASA_URL": "https://chat.example.org"}
    )
    return TestClient(console_app.create_app(settings))


def test_the_demo_page_adds_the_widget_with_one_script_tag(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    scripts = re.findall(r"<script[^>]*>", page.text)
    expected = (
        '<script src="/widget/v1/chat.js" data-server="https://chat.example.org" '
        'data-bot-name="KIDS mediation assistant" defer>'
    )
    assert scripts == [expected]


def test_the_demo_page_allows_only_its_own_scripts_and_the_chat_server(
    client: TestClient,
) -> None:
    page = client.get("/")
    policy = dict(
        part.strip().split(" ", 1) for part in page.headers["content-security-policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["connect-src"] == "'self' https://chat.example.org wss://chat.example.org"
    nonce = re.search(r"'nonce-([^']+)'", policy["style-src"])
    assert nonce and f'<style nonce="{nonce.group(1)}">' in page.text
    assert nonce.group(1) not in client.get("/").text  # a new nonce every time


def test_the_widget_script_is_served_at_a_stable_url_and_cached(client: TestClient) -> None:
    script = client.get("/widget/v1/chat.js")
    assert script.status_code == 200
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert script.headers["cache-control"] == "public, max-age=3600"
    assert script.headers["x-content-type-options"] == "nosniff"
    again = client.get("/widget/v1/chat.js", headers={"If-None-Match": script.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/widget/v1/other.js").status_code == 404
