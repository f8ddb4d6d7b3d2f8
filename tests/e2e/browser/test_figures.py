"""The figures page and the mediation pages in a real browser (Debian's Chromium), each scanned
with axe-core, against a console of their own on a seeded month (no Rasa needed: these pages never
call it). The page's counts are checked against the seeded rows.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Page, expect

from bot.console.app import create_app
from bot.mias.choice import outcome_of
from bot.services.accounts import create_caseworker
from bot.services.cases import Conversation, record_facts
from bot.services.choice import record_choice
from bot.settings import Settings
from tests.helpers.browser import keep_screenshot, serious_accessibility_problems
from tests.helpers.figures_month import SURREY, expected_counts, seed_month

PASSWORD = "a long and memorable passphrase"
ADMIN = "figures-admin@example.org"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def console_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A console on loopback over a seeded November 2026, today 3 Dec 2026, with an admin."""
    seed_month(database_url)
    who = Conversation("browser-mediation", "socketio")
    record_facts(database_url, who, decision_type="refuse_plan", local_authority_name=SURREY)
    decision, chosen = date(2026, 10, 12), date(2026, 10, 20)
    record_choice(database_url, who, outcome_of("mediate", "refuse_plan", decision, chosen))
    create_caseworker(database_url, ADMIN, "Ada", PASSWORD, role="admin", actor="test")
    port = _free_port()
    settings = Settings.from_env(
        {
            "DATABASE_URL": database_url,
            "MIAS_DATA_DIR": str(tmp_path),
            "CONSOLE_SECRET_KEY": "browser-test-secret",
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
            "MIAS_TODAY": "2026-12-03",
        }
    )
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="off",
            ws="none",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the console did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def sign_in(page: Page, console_url: str) -> None:
    page.goto(f"{console_url}/console/sign-in")
    page.get_by_label("E-mail address").fill(ADMIN)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="People waiting for a caseworker")).to_be_visible()


def test_the_figures_page_shows_the_months_counts_and_is_accessible(
    page: Page, console_url: str
) -> None:
    sign_in(page, console_url)
    page.get_by_role("link", name="Figures").click()
    page.get_by_label("From", exact=True).fill("2026-11-01")
    page.get_by_label("To", exact=True).fill("2026-11-30")
    page.get_by_role("button", name="Show the figures").click()

    expect(page.get_by_role("heading", name="All councils, Sunday 1 November 2026")).to_be_visible()
    expect(
        page.get_by_role("img", name="Conversations started and certificates issued")
    ).to_be_visible()
    everyone = expected_counts(None)
    measures = page.locator("#measures")
    for measure in ("conversations_started", "mias_completed", "certificates_declined"):
        cell = measures.locator(f'td[data-measure="{measure}"]')
        expect(cell).to_have_text(str(everyone[measure]))
    expect(measures.locator('td[data-measure="changed_mind"]')).to_have_text("fewer than 5")
    surrey = page.locator("#councils tr", has_text=SURREY)
    started = str(expected_counts(SURREY)["conversations_started"])
    expect(surrey.locator('td[data-measure="conversations_started"]')).to_have_text(started)
    assert serious_accessibility_problems(page) == []
    keep_screenshot(page, "console-figures")

    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download every council's figures as CSV").click()
    text = Path(downloading.value.path()).read_text(encoding="utf-8")
    assert text.startswith("period_start,period_end,council,measure_code,measure,value")
    assert f"{SURREY},conversations_started,Conversations started,{started}" in text

    page.get_by_role("link", name=SURREY).click()
    expect(page.get_by_role("heading", name=f"{SURREY}, Sunday 1 November 2026")).to_be_visible()
    assert serious_accessibility_problems(page) == []


def test_the_mediation_pages_are_accessible(page: Page, console_url: str) -> None:
    sign_in(page, console_url)
    rows = page.locator("#mediation-rows tr")
    expect(rows.filter(has_text="30 days passed with no mediation held")).to_have_count(1)
    assert serious_accessibility_problems(page) == []

    page.get_by_role("link", name="Mediation cases").first.click()
    expect(page.get_by_role("heading", name="Mediation cases")).to_be_visible()
    assert serious_accessibility_problems(page) == []

    page.get_by_role("link", name="Open mediation case").first.click()
    expect(page.get_by_role("heading", name="Certificate owed")).to_be_visible()
    page.get_by_label("The council was told on").fill("2026-10-21")
    page.get_by_role("button", name="Save: the council was told on").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.get_by_text("Wednesday 21 October 2026").first).to_be_visible()
    assert serious_accessibility_problems(page) == []
    keep_screenshot(page, "console-mediation-case")
