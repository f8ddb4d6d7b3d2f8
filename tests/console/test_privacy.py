"""The console's privacy doors: the widget's `POST /chat/erase`, an admin erasing a case from its
page, and the job that carries out "delete my data" asked in the chat. Real SQLite database, with
Rasa's tracker store writing the conversation; Rasa's HTTP API itself is not needed here."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from sqlalchemy import select
from starlette.testclient import TestClient

from bot.console.app import create_app
from bot.services.accounts import create_caseworker
from bot.services.cases import Conversation, record_facts, request_handoff
from bot.services.privacy import request_erasure
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import AuditEntry, Case
from bot.store.tracker_store import ErasureSafeSQLTrackerStore
from tests.helpers.rasa_events import event_count, talk

PASSWORD = "a long enough password"
WIDGET = "https://www.kids.example.org"


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings.from_env(
        {
            "DATABASE_URL": database_url,
            "CERTIFICATES_DIR": str(tmp_path / "certificates"),
            "PUBLIC_BASE_URL": "http://testserver",
            "CONSOLE_SECRET_KEY": "test-secret",
            "RASA_URL": "http://127.0.0.1:9",
            "CHAT_ALLOWED_ORIGINS": f"{WIDGET}, http://testserver",
        }
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def store(database_url: str) -> ErasureSafeSQLTrackerStore:
    return ErasureSafeSQLTrackerStore(host=database_url, domain=Domain.empty())


def erase(client: TestClient, sender_id: object, origin: str | None = WIDGET) -> object:
    headers = {"Origin": origin} if origin else {}
    return client.post("/chat/erase", json={"sender_id": sender_id}, headers=headers)


# ----------------------------------------------------------------------------- POST /chat/erase


async def test_the_widget_erases_its_chat_and_unknown_ids_get_the_same_answer(
    client: TestClient, store: ErasureSafeSQLTrackerStore, database_url: str
) -> None:
    await talk(store, "sid-1", "my name is Jane Smith", channel="socketio")
    known = erase(client, "sid-1")
    unknown = erase(client, "sid-never-seen")
    assert (known.status_code, known.json()) == (200, {"erased": True})  # type: ignore[attr-defined]
    assert (unknown.status_code, unknown.json()) == (200, {"erased": True})  # type: ignore[attr-defined]
    assert known.headers["access-control-allow-origin"] == WIDGET  # type: ignore[attr-defined]
    assert event_count(database_url, "sid-1") == 0


async def test_only_the_widgets_origins_may_call_it(
    client: TestClient, store: ErasureSafeSQLTrackerStore, database_url: str
) -> None:
    await talk(store, "sid-1", "my name is Jane Smith", channel="socketio")
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    allowed = client.options("/chat/erase", headers={"Origin": WIDGET, **preflight})
    assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == WIDGET
    refused = client.options("/chat/erase", headers={"Origin": "https://evil.example", **preflight})
    assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers
    forged = erase(client, "sid-1", origin="https://evil.example")
    assert forged.status_code == 403  # type: ignore[attr-defined]
    assert event_count(database_url, "sid-1") == 3


def test_it_wants_json_with_a_sender_id(client: TestClient) -> None:
    form = client.post("/chat/erase", data={"sender_id": "sid-1"}, headers={"Origin": WIDGET})
    assert form.status_code == 415
    for bad in ("", "x" * 256, 42, None):
        assert erase(client, bad).status_code == 400  # type: ignore[attr-defined]


def test_it_is_rate_limited_per_client(client: TestClient) -> None:
    answers = [erase(client, f"sid-{n}").status_code for n in range(11)]  # type: ignore[attr-defined]
    assert answers == [200] * 10 + [429]


# ----------------------------------------------------------------------------- the case page


def sign_in(client: TestClient, email: str) -> None:
    page = client.get("/console/sign-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    client.post(
        "/console/sign-in",
        data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)},
        follow_redirects=False,
    )


def csrf(client: TestClient, path: str) -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert token
    return token.group(1)


def open_case(database_url: str) -> int:
    who = Conversation("c1", "socketio")
    record_facts(database_url, who, role="parent", local_authority_name="Surrey County Council")
    request_handoff(database_url, who, "user_request", False)
    with transaction(database_url) as session:
        return int(session.execute(select(Case.id)).scalar_one())


def test_an_admin_erases_a_case_with_a_reason_and_a_confirmation(
    client: TestClient, database_url: str
) -> None:
    create_caseworker(
        database_url, "admin@example.org", "Ada", PASSWORD, role="admin", actor="test"
    )
    case_id = open_case(database_url)
    sign_in(client, "admin@example.org")
    page = client.get(f"/console/cases/{case_id}")
    assert "Delete this person&#39;s data" in page.text or "Delete this person's data" in page.text
    token = csrf(client, f"/console/cases/{case_id}")
    unconfirmed = client.post(
        f"/console/cases/{case_id}/erase",
        data={"csrf_token": token, "reason": "asked by phone"},
    )
    assert "tick the box" in unconfirmed.text
    with transaction(database_url) as session:
        assert session.get(Case, case_id) is not None
    done = client.post(
        f"/console/cases/{case_id}/erase",
        data={"csrf_token": token, "reason": "asked by phone", "confirm": "yes"},
    )
    assert done.status_code == 200 and f"Case {case_id} is deleted" in done.text
    with transaction(database_url) as session:
        assert session.get(Case, case_id) is None
        entry = session.execute(
            select(AuditEntry).where(AuditEntry.action == "conversation_erased")
        ).scalar_one()
        assert entry.actor.startswith("caseworker:") and "reason=asked by phone" in (
            entry.detail or ""
        )


def test_a_caseworker_who_is_not_an_admin_cannot_erase(
    client: TestClient, database_url: str
) -> None:
    create_caseworker(database_url, "worker@example.org", "Wren", PASSWORD, actor="test")
    case_id = open_case(database_url)
    sign_in(client, "worker@example.org")
    assert "Delete this person" not in client.get(f"/console/cases/{case_id}").text
    token = csrf(client, f"/console/cases/{case_id}")
    refused = client.post(
        f"/console/cases/{case_id}/erase",
        data={"csrf_token": token, "reason": "asked", "confirm": "yes"},
    )
    assert refused.status_code == 403
    with transaction(database_url) as session:
        assert session.get(Case, case_id) is not None


# ----------------------------------------------------------------------------- the job


async def test_the_console_carries_out_a_chat_request_right_after_the_turn(
    client: TestClient, store: ErasureSafeSQLTrackerStore, database_url: str
) -> None:
    request_erasure(database_url, "c1")
    soon = datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(seconds=1)
    await talk(store, "c1", "yes", at=soon)  # Rasa saves the turn that asked
    deadline = time.monotonic() + 20
    while event_count(database_url, "c1") and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    assert event_count(database_url, "c1") == 0
