"""The caseworker console, with a stand-in for Rasa's HTTP API on loopback that records calls.

The console runs in Starlette's TestClient; the stand-in is a real uvicorn server on a free port,
so every call to Rasa crosses a real HTTP boundary.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from bot.console.app import create_app
from bot.services.accounts import Account, create_caseworker
from bot.services.cases import Conversation, record_facts, request_handoff
from bot.services.certificates import (
    CertificateConfig,
    find_certificate,
    issue_for_case,
    record_certificate_details,
)
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import AuditEntry, Handoff

PASSWORD = "a long enough password"


# ----------------------------------------------------------------------------- stand-in Rasa


@dataclass
class FakeRasa:
    """Records every call; keeps a tracker per conversation like Rasa would."""

    url: str = ""
    calls: list[tuple[str, str, dict[str, str], Any]] = field(default_factory=list)
    events: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    down: bool = False

    def app(self) -> Starlette:
        async def tracker(request: Request) -> JSONResponse:
            cid = request.path_params["cid"]
            self.calls.append(
                ("GET", f"/conversations/{cid}/tracker", dict(request.query_params), None)
            )
            if self.down:
                return JSONResponse({"error": "down"}, status_code=503)
            events = self.events.get(cid, [])
            paused = (
                any(e["event"] == "pause" for e in events)
                and events
                and not any(
                    e["event"] == "resume"
                    for e in events[[e["event"] for e in events].index("pause") :]
                )
            )
            return JSONResponse({"sender_id": cid, "events": events, "paused": bool(paused)})

        async def append(request: Request) -> JSONResponse:
            cid, body = request.path_params["cid"], await request.json()
            self.calls.append(
                ("POST", f"/conversations/{cid}/tracker/events", dict(request.query_params), body)
            )
            if self.down:
                return JSONResponse({"error": "down"}, status_code=503)
            self.events.setdefault(cid, []).append({**body, "timestamp": time.time()})
            return JSONResponse({"sender_id": cid})

        async def trigger(request: Request) -> JSONResponse:
            cid, body = request.path_params["cid"], await request.json()
            self.calls.append(
                ("POST", f"/conversations/{cid}/trigger_intent", dict(request.query_params), body)
            )
            return JSONResponse({"tracker": {}})

        return Starlette(
            routes=[
                Route("/conversations/{cid}/tracker", tracker, methods=["GET"]),
                Route("/conversations/{cid}/tracker/events", append, methods=["POST"]),
                Route("/conversations/{cid}/trigger_intent", trigger, methods=["POST"]),
            ]
        )

    def posted(self, path_end: str) -> list[tuple[dict[str, str], Any]]:
        return [(q, b) for m, p, q, b in self.calls if m == "POST" and p.endswith(path_end)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def rasa() -> Iterator[FakeRasa]:
    fake = FakeRasa()
    port = _free_port()
    fake.url = f"http://127.0.0.1:{port}"
    server = uvicorn.Server(
        uvicorn.Config(
            fake.app(), host="127.0.0.1", port=port, log_level="warning", lifespan="off", ws="none"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "stand-in did not start"
        time.sleep(0.02)
    yield fake
    server.should_exit = True
    thread.join(timeout=10)


@dataclass
class Console:
    client: TestClient
    settings: Settings
    rasa: FakeRasa
    worker: Account
    admin: Account

    @property
    def db(self) -> str:
        return self.settings.database_url

    def csrf(self, path: str = "/console/sign-in") -> str:
        match = re.search(r'name="csrf_token" value="([^"]+)"', self.client.get(path).text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def sign_in(self, email: str = "worker@example.org", password: str = PASSWORD) -> Any:
        token = self.csrf()
        return self.client.post(
            "/console/sign-in",
            data={"email": email, "password": password, "csrf_token": token},
            follow_redirects=False,
        )

    def post(self, path: str, **data: str) -> Any:
        token = self.csrf("/console/")
        return self.client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


def _settings(
    database_url: str, tmp_path: Path, rasa_url: str, base: str = "http://testserver"
) -> Settings:
    return Settings.from_env(
        {
            "MIAS_DATA_DIR": str(tmp_path),
            "DATABASE_URL": database_url,
            "CERTIFICATES_DIR": str(tmp_path / "certificates"),
            "PUBLIC_BASE_URL": base,
            "CONSOLE_SECRET_KEY": "test-secret",
            "RASA_URL": rasa_url,
            "MIAS_TODAY": "2026-11-25",
        }
    )


@pytest.fixture
def console(database_url: str, tmp_path: Path, rasa: FakeRasa) -> Iterator[Console]:
    settings = _settings(database_url, tmp_path, rasa.url)
    worker = create_caseworker(database_url, "worker@example.org", "Wren", PASSWORD, actor="test")
    admin = create_caseworker(
        database_url, "admin@example.org", "Ada", PASSWORD, role="admin", actor="test"
    )
    with TestClient(create_app(settings)) as client:
        yield Console(client, settings, rasa, worker, admin)


def _handoff(
    database_url: str,
    name: str,
    *,
    urgent: bool = False,
    channel: str = "socketio",
    contact: date | None = None,
) -> int:
    who = Conversation(name, channel)
    record_facts(
        database_url,
        who,
        role="parent",
        local_authority_name="Surrey County Council",
        mias_contact_deadline=contact,
    )
    return request_handoff(database_url, who, "safeguarding" if urgent else "user_request", urgent)


def _actions(database_url: str) -> list[tuple[str, str]]:
    with transaction(database_url) as session:
        return [(e.actor, e.action) for e in session.execute(select(AuditEntry)).scalars()]


def _status(database_url: str, handoff_id: int) -> str:
    with transaction(database_url) as session:
        row = session.get(Handoff, handoff_id)
        assert row is not None
        return str(row.status)


# ----------------------------------------------------------------------------- sign-in


def test_sign_in_and_out(console: Console) -> None:
    assert (
        console.client.get("/console/", follow_redirects=False).headers["location"]
        == "/console/sign-in"
    )
    response = console.sign_in()
    assert response.status_code == 303 and response.headers["location"] == "/console/"
    page = console.client.get("/console/")
    assert page.status_code == 200 and "People waiting for a caseworker" in page.text
    assert '<html lang="en-GB">' in page.text and "Sign out Wren" in page.text
    assert (console.worker.actor, "sign_in") in _actions(console.db)
    out = console.post("/console/sign-out")
    assert out.status_code == 303
    assert console.client.get("/console/", follow_redirects=False).status_code == 303
    assert (console.worker.actor, "sign_out") in _actions(console.db)


def test_a_wrong_password_is_refused_and_audited(console: Console) -> None:
    response = console.sign_in(password="not the password")
    assert response.status_code == 400 and "is not right" in response.text
    assert (console.worker.actor, "sign_in_failed") in _actions(console.db)
    assert console.client.get("/console/", follow_redirects=False).status_code == 303


def test_five_failures_lock_the_account(console: Console) -> None:
    for _ in range(4):
        assert console.sign_in(password="guess").status_code == 400
    locked = console.sign_in(password="guess")
    assert locked.status_code == 429 and "locked for 15 minutes" in locked.text
    assert console.sign_in().status_code == 429  # even the right password, for now
    assert (console.worker.actor, "sign_in_locked_out") in _actions(console.db)


def test_the_session_cookie_is_strict_and_secure_over_https(
    database_url: str, tmp_path: Path, rasa: FakeRasa
) -> None:
    create_caseworker(database_url, "w@example.org", "W", PASSWORD, actor="test")
    settings = _settings(database_url, tmp_path, rasa.url, base="https://mias.example.org")
    with TestClient(create_app(settings), base_url="https://testserver") as client:
        page = client.get("/console/sign-in")
        cookie = page.headers["set-cookie"].lower()
        assert "samesite=strict" in cookie and "secure" in cookie and "httponly" in cookie
        assert "path=/console" in cookie
        assert "script-src 'nonce-" in page.headers["content-security-policy"]


# ----------------------------------------------------------------------------- CSRF


def test_posts_without_the_csrf_token_are_refused(console: Console) -> None:
    no_token = console.client.post(
        "/console/sign-in", data={"email": "worker@example.org", "password": PASSWORD}
    )
    assert no_token.status_code == 403 and "expired" in no_token.text
    console.sign_in()
    handoff_id = _handoff(console.db, "c1")
    forged = console.client.post(
        f"/console/handoffs/{handoff_id}/claim", data={"csrf_token": "forged"}
    )
    assert forged.status_code == 403
    assert _status(console.db, handoff_id) == "waiting" and console.rasa.calls == []


# ----------------------------------------------------------------------------- queue and case


def test_the_queue_page_is_in_order_and_has_a_live_endpoint(console: Console) -> None:
    _handoff(console.db, "later", contact=date(2027, 1, 20))
    _handoff(console.db, "soon", contact=date(2026, 12, 1))
    _handoff(console.db, "urgent", urgent=True)
    console.sign_in()
    page = console.client.get("/console/").text
    positions = [page.index(f"Take case {n}") for n in (3, 2, 1)]
    assert positions == sorted(positions)
    assert "Urgent: " in page and "Safeguarding concern" in page and "6 days" in page
    live = console.client.get("/console/queue.json").json()
    assert live["rows"].index("Take case 3") < live["rows"].index("Take case 1")
    assert console.client.get("/console/queue.json").json()["version"] == live["version"]


def test_claim_pauses_the_assistant_and_the_case_card_shows_the_transcript(
    console: Console,
) -> None:
    handoff_id = _handoff(console.db, "c1")
    console.rasa.events["c1"] = [
        {
            "event": "user",
            "text": "I want to talk to a person",
            "timestamp": 1764072000.0,
            "input_channel": "socketio",
        },
        {"event": "bot", "text": "I've asked one of our caseworkers", "timestamp": 1764072001.0},
    ]
    console.sign_in()
    response = console.post(f"/console/handoffs/{handoff_id}/claim")
    assert response.status_code == 303 and response.headers["location"] == "/console/cases/1"
    assert console.rasa.posted("/tracker/events") == [({}, {"event": "pause"})]
    assert _status(console.db, handoff_id) == "claimed"
    card = console.client.get("/console/cases/1").text
    assert "I want to talk to a person" in card and "Surrey County Council" in card
    assert "Your reply" in card and "Hand back to the assistant" in card
    assert (console.worker.actor, "case_viewed") in _actions(console.db)
    live = console.client.get("/console/cases/1/transcript.json?after=2").json()
    assert live["count"] == 3 and "stepped back" in live["html"]  # the pause event


def test_a_failed_pause_puts_the_case_back_in_the_queue(console: Console) -> None:
    handoff_id = _handoff(console.db, "c1")
    console.rasa.down = True
    console.sign_in()
    console.post(f"/console/handoffs/{handoff_id}/claim")
    assert _status(console.db, handoff_id) == "waiting"
    assert "could not be paused" in console.client.get("/console/").text


def test_a_reply_goes_to_the_persons_latest_channel_once(console: Console) -> None:
    handoff_id = _handoff(console.db, "c1", channel="sms")
    console.sign_in()
    console.post(f"/console/handoffs/{handoff_id}/claim")
    response = console.post("/console/cases/1/reply", text="Hello, this is Wren from KIDS.")
    assert response.status_code == 303
    sent = console.rasa.posted("/tracker/events")[1:]
    assert sent == [
        (
            {"output_channel": "latest", "execute_side_effects": "true"},
            {
                "event": "bot",
                "text": "Hello, this is Wren from KIDS.",
                "metadata": {"sent_by": "caseworker"},
            },
        )
    ]
    assert console.rasa.posted("/trigger_intent") == []
    with transaction(console.db) as session:
        details = [e.detail or "" for e in session.execute(select(AuditEntry)).scalars()]
    assert (console.worker.actor, "case_reply") in _actions(console.db)
    assert not any("Wren from KIDS" in d for d in details)  # the text stays in the transcript
    assert "Caseworker" in console.client.get("/console/cases/1").text


def test_only_the_claimant_may_reply(console: Console) -> None:
    handoff_id = _handoff(console.db, "c1")
    console.sign_in()
    console.post(f"/console/handoffs/{handoff_id}/claim")
    console.post("/console/sign-out")
    console.sign_in("admin@example.org")
    console.post("/console/cases/1/reply", text="Hi")
    assert len(console.rasa.posted("/tracker/events")) == 1  # only the pause
    assert "Only the caseworker who took" in console.client.get("/console/cases/1").text


def test_hand_back_resumes_the_assistant_and_lets_it_pick_up(console: Console) -> None:
    handoff_id = _handoff(console.db, "c1")
    console.sign_in()
    console.post(f"/console/handoffs/{handoff_id}/claim")
    response = console.post("/console/cases/1/hand-back")
    assert response.status_code == 303
    assert console.rasa.posted("/tracker/events")[-1] == ({}, {"event": "resume"})
    assert console.rasa.posted("/trigger_intent") == [
        ({"output_channel": "latest"}, {"name": "caseworker_handed_back", "entities": {}})
    ]
    assert _status(console.db, handoff_id) == "handed_back"
    assert (console.worker.actor, "handoff_handed_back") in _actions(console.db)
    assert console.client.get("/console/cases/1").status_code == 404  # no longer part of the job


def test_close_resumes_quietly_and_notes_stay_internal(console: Console) -> None:
    handoff_id = _handoff(console.db, "c1")
    console.sign_in()
    console.post(f"/console/handoffs/{handoff_id}/claim")
    console.post("/console/cases/1/notes", note="Phoned the family <b>today</b>")
    card = console.client.get("/console/cases/1").text
    assert "Phoned the family &lt;b&gt;today&lt;/b&gt;" in card  # autoescaped
    console.post("/console/cases/1/close")
    assert _status(console.db, handoff_id) == "closed"
    assert console.rasa.posted("/tracker/events")[-1] == ({}, {"event": "resume"})
    assert console.rasa.posted("/trigger_intent") == []
    assert all("Phoned" not in str(body) for _, _, _, body in console.rasa.calls)


# ----------------------------------------------------------------------------- certificates


def _draft(console: Console) -> str:
    who = Conversation("c9", "socketio")
    record_facts(
        console.db,
        who,
        role="parent",
        age_group="under_16",
        rights_holder="parent",
        decision_type="refuse_plan",
        decision_date=date(2026, 11, 2),
        local_authority_name="Surrey County Council",
        covered=True,
        route="mias",
        choice="decline",
        choice_recorded_at=datetime(2026, 11, 24, 10),
    )
    record_certificate_details(
        console.db,
        who,
        applicant_name="Jane Smith",
        child_name="Sam Smith",
        mias_completed_at=datetime(2026, 11, 24, 10),
    )
    outcome = issue_for_case(
        console.db,
        "c9",
        "declined",
        today=date(2026, 11, 24),
        mode="review",
        config=CertificateConfig.from_settings(console.settings),
    )
    assert outcome.certificate is not None and outcome.certificate.status == "draft"
    return outcome.certificate.number


def test_approving_a_draft_sends_the_person_their_links(console: Console) -> None:
    number = _draft(console)
    console.sign_in()
    assert number in console.client.get("/console/certificates").text
    assert (
        'Certificates to review: <span id="draft-count">1' in console.client.get("/console/").text
    )
    response = console.post(f"/console/certificates/{number}/approve")
    assert response.status_code == 303
    ((query, body),) = console.rasa.posted("/tracker/events")
    assert query == {"output_channel": "latest", "execute_side_effects": "true"}
    assert body["event"] == "bot" and number in body["text"]
    assert "http://testserver/certificates/" in body["text"] and "{" not in body["text"]
    assert body["metadata"]["utter_action"] == "utter_certificate_ready"
    certificate = find_certificate(console.db, number)
    assert certificate is not None and certificate.status == "valid"
    assert certificate.notified_at is not None and certificate.approved_by == console.worker.actor
    actions = _actions(console.db)
    assert (console.worker.actor, "certificate_approved") in actions
    assert (console.worker.actor, "certificate_notified") in actions


def test_an_undelivered_certificate_can_be_sent_again(console: Console) -> None:
    number = _draft(console)
    console.sign_in()
    console.rasa.down = True
    console.post(f"/console/certificates/{number}/approve")
    page = console.client.get("/console/certificates").text
    assert "did not go" in page and f"Send {number} again" in page
    console.rasa.down = False
    console.post(f"/console/certificates/{number}/send-again")
    certificate = find_certificate(console.db, number)
    assert certificate is not None and certificate.notified_at is not None


def test_voiding_needs_a_reason_and_is_audited(console: Console) -> None:
    number = _draft(console)
    console.sign_in()
    console.post(f"/console/certificates/{number}/void", reason="")
    certificate = find_certificate(console.db, number)
    assert certificate is not None and certificate.status == "draft"
    console.post(f"/console/certificates/{number}/void", reason="wrong council")
    certificate = find_certificate(console.db, number)
    assert certificate is not None and certificate.status == "void"
    assert (console.worker.actor, "certificate_voided") in _actions(console.db)
    assert console.rasa.calls == []


# ----------------------------------------------------------------------------- accounts


def test_only_admins_manage_accounts(console: Console) -> None:
    console.sign_in()
    assert console.client.get("/console/accounts").status_code == 403
    console.post("/console/sign-out")
    console.sign_in("admin@example.org")
    assert "Wren" in console.client.get("/console/accounts").text
    console.post(
        "/console/accounts",
        email="new@example.org",
        display_name="Nia",
        password=PASSWORD,
        role="caseworker",
    )
    assert "Nia" in console.client.get("/console/accounts").text
    console.post(f"/console/accounts/{console.worker.id}/deactivate")
    assert "Turned off" in console.client.get("/console/accounts").text
    assert (console.admin.actor, "account_created") in _actions(console.db)


def test_a_deactivated_account_loses_its_session_at_once(console: Console) -> None:
    console.sign_in()
    from bot.services.accounts import deactivate

    deactivate(console.db, console.worker.id, by=console.admin)
    assert console.client.get("/console/", follow_redirects=False).status_code == 303
    assert console.client.get("/console/queue.json").status_code == 401


def test_public_pages_set_no_session_cookie(console: Console) -> None:
    response = console.client.get("/healthz")
    assert response.json() == {"status": "ok"} and "set-cookie" not in response.headers
