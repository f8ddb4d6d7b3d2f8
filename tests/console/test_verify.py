"""The public certificate pages over real HTTP: a uvicorn server on a free port per test."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest
import uvicorn
from icalendar import Calendar

from bot.console.app import create_app
from bot.services.cases import Conversation, record_facts
from bot.services.certificates import (
    CertificateConfig,
    delivery_for,
    download_token,
    issue_for_case,
    record_certificate_details,
    reissue,
    void_certificate,
)
from bot.settings import Settings


@dataclass(frozen=True)
class Running:
    url: str
    settings: Settings
    config: CertificateConfig


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def console(database_url: str, tmp_path: Path) -> Iterator[Running]:
    port = _free_port()
    settings = Settings.from_env(
        {
            "MIAS_DATA_DIR": str(tmp_path),
            "DATABASE_URL": database_url,
            "CERTIFICATES_DIR": str(tmp_path / "certificates"),
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
            "CONSOLE_SECRET_KEY": "test-secret",
        }
    )
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="off",
            ws="none",  # the console has no websockets; Rasa's pinned websockets is older than uvicorn's
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "console did not start"
        time.sleep(0.02)
    yield Running(settings.public_base_url, settings, CertificateConfig.from_settings(settings))
    server.should_exit = True
    thread.join(timeout=10)


def _issue(running: Running, conversation_id: str = "c1") -> str:
    who = Conversation(conversation_id, "rest")
    record_facts(
        running.settings.database_url,
        who,
        role="parent",
        age_group="under_16",
        rights_holder="parent",
        decision_type="refuse_plan",
        decision_date=date(2026, 3, 2),
        local_authority_name="Surrey County Council",
        covered=True,
        route="mias",
        choice="decline",
        choice_recorded_at=datetime(2026, 3, 10, 10),
    )
    record_certificate_details(
        running.settings.database_url,
        who,
        applicant_name="Jane Smith",
        child_name="Sam Smith",
        mias_completed_at=datetime(2026, 3, 10, 10),
    )
    outcome = issue_for_case(
        running.settings.database_url,
        conversation_id,
        "declined",
        today=date(2026, 3, 12),
        mode="auto",
        config=running.config,
    )
    assert outcome.certificate is not None
    return outcome.certificate.number


def test_a_valid_certificate_shows_its_key_facts_and_no_names(console: Running) -> None:
    number = _issue(console)
    response = httpx.get(f"{console.url}/verify/{number}")
    assert response.status_code == 200
    page = response.text
    assert '<html lang="en-GB">' in page and 'name="viewport"' in page
    assert "This mediation certificate is valid" in page
    for fact in [
        number,
        "Thursday 12 March 2026",
        "Surrey County Council",
        "J. S.",
        "Refusal to issue an EHC plan after an assessment",
        "Monday 2 March 2026",
        "Mediation declined",
        "Tuesday 5 May 2026",
    ]:
        assert fact in page, fact
    assert "Smith" not in page and "Sam" not in page
    assert "<script" not in page and "http" not in page.split("<main>", 1)[1]  # no external assets
    assert response.headers["cache-control"] == "no-store"


def test_the_number_can_be_typed_loosely_and_read_as_json(console: Running) -> None:
    number = _issue(console)
    typed = number.lower().replace("-", " ")
    response = httpx.get(f"{console.url}/verify/{typed}", params={"format": "json"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "valid" and body["number"] == number
    assert body["appeal_deadline"] == "2026-05-05" and body["issue_date"] == "2026-03-12"
    assert body["applicant_initials"] == "J. S." and "Smith" not in response.text


def test_a_void_certificate_says_so_and_points_to_its_replacement(console: Running) -> None:
    number = _issue(console)
    replacement = reissue(
        console.settings.database_url,
        number,
        "caseworker:sam",
        date(2026, 3, 13),
        {"child_name": "Sam Smyth"},
        config=console.config,
        reason="name misspelt",
    )
    response = httpx.get(f"{console.url}/verify/{number}")
    assert response.status_code == 200
    assert "no longer valid" in response.text
    assert f'href="/verify/{replacement.number}"' in response.text
    assert "name misspelt" not in response.text  # the reason is for the audit trail only
    body = httpx.get(f"{console.url}/verify/{number}?format=json").json()
    assert body["status"] == "void" and body["replaced_by_number"] == replacement.number


def test_unknown_and_malformed_numbers_get_the_same_answer(console: Running) -> None:
    _issue(console)
    unknown = httpx.get(f"{console.url}/verify/MC-0000-0000-0000")
    malformed = httpx.get(f"{console.url}/verify/definitely-not<b>a</b>number")
    assert unknown.status_code == malformed.status_code == 404
    assert unknown.text == malformed.text
    assert "We cannot find this certificate" in unknown.text and "<b>a</b>" not in malformed.text
    unknown_json = httpx.get(f"{console.url}/verify/MC-0000-0000-0000?format=json")
    malformed_json = httpx.get(f"{console.url}/verify/zzz?format=json")
    assert unknown_json.content == malformed_json.content
    assert unknown_json.json()["status"] == "unknown"


def test_repeated_misses_are_rate_limited_kindly(console: Running) -> None:
    number = _issue(console)
    with httpx.Client(base_url=console.url) as client:
        for _ in range(3):
            assert client.get(f"/verify/{number}").status_code == 200  # hits do not count
        for attempt in range(10):
            assert client.get(f"/verify/MC-0000-0000-{attempt:04d}").status_code == 404
        limited = client.get("/verify/MC-0000-0000-0000")
        assert limited.status_code == 429
        assert (
            "Please wait a few minutes" in limited.text and int(limited.headers["retry-after"]) > 0
        )
        assert client.get(f"/verify/{number}").status_code == 429
        assert client.get(f"/verify/{number}?format=json").json() == {"status": "rate_limited"}


def test_the_verify_form_sends_people_to_the_number_they_typed(console: Running) -> None:
    number = _issue(console)
    form = httpx.get(f"{console.url}/verify")
    assert form.status_code == 200 and '<label for="number">' in form.text
    response = httpx.get(
        f"{console.url}/verify", params={"number": number.lower()}, follow_redirects=True
    )
    assert response.status_code == 200 and "is valid" in response.text


def test_the_download_link_gives_the_pdf_and_the_calendar(console: Running) -> None:
    number = _issue(console)
    delivery = delivery_for(console.settings.database_url, number, config=console.config)
    pdf = httpx.get(delivery.pdf_url)
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == f'attachment; filename="{number}.pdf"'
    assert pdf.content == (console.settings.certificates_dir / f"{number}.pdf").read_bytes()
    calendar = httpx.get(delivery.calendar_url)
    assert calendar.status_code == 200 and calendar.headers["content-type"].startswith(
        "text/calendar"
    )
    (event,) = Calendar.from_ical(calendar.content).walk("VEVENT")
    assert event.decoded("dtstart") == date(2026, 5, 5)
    pdf_token = delivery.pdf_url.rsplit("/", 1)[1]
    assert httpx.get(f"{console.url}/certificates/{pdf_token}/calendar.ics").status_code == 200


def test_expired_forged_and_wrong_kind_links_do_not_work(console: Running) -> None:
    number = _issue(console)
    secret = console.settings.console_secret_key
    past = datetime.now(timezone.utc) - timedelta(hours=80)
    expired = download_token(number, "pdf", secret=secret, hours=72, now=past)
    response = httpx.get(f"{console.url}/certificates/{expired}")
    assert response.status_code == 410 and "This link has expired" in response.text
    forged = download_token(number, "pdf", secret="not-our-secret", hours=72)
    response = httpx.get(f"{console.url}/certificates/{forged}")
    assert response.status_code == 403 and "This link does not work" in response.text
    assert httpx.get(f"{console.url}/certificates/abc").status_code == 403
    calendar_only = download_token(number, "ics", secret=secret, hours=72)
    assert httpx.get(f"{console.url}/certificates/{calendar_only}").status_code == 403
    assert httpx.get(f"{console.url}/certificates/{calendar_only}/calendar.ics").status_code == 200


def test_a_link_to_a_void_certificate_is_gone(console: Running) -> None:
    number = _issue(console)
    delivery = delivery_for(console.settings.database_url, number, config=console.config)
    void_certificate(console.settings.database_url, number, "issued in error", "caseworker:sam")
    response = httpx.get(delivery.pdf_url)
    assert response.status_code == 410 and "no longer available" in response.text
    assert httpx.get(delivery.calendar_url).status_code == 410


def test_a_changed_file_is_not_served(console: Running) -> None:
    number = _issue(console)
    delivery = delivery_for(console.settings.database_url, number, config=console.config)
    path = console.settings.certificates_dir / f"{number}.pdf"
    path.write_bytes(path.read_bytes() + b"%tampered")
    assert httpx.get(delivery.pdf_url).status_code == 410


def test_the_home_page_and_health_check_still_work(console: Running) -> None:
    assert httpx.get(f"{console.url}/healthz").json() == {"status": "ok"}
    assert httpx.get(f"{console.url}/").status_code == 200
