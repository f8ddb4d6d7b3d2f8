"""The mediation cases in the console: the list, the case with its 30 days, recording progress,
the queue, and the certificate one click away with the family told (Rasa's HTTP API recorded).

Today is Wed 25 Nov 2026. The family chose mediation on Tue 20 Oct 2026 (letter Mon 12 Oct), so
day 30 was Thu 19 Nov 2026 and has passed; a certificate issued today counts the appeal from
today: 25 Dec, in the Christmas window, so Mon 4 Jan 2027.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.services.cases import Conversation
from bot.store.db import transaction
from bot.store.models import AuditEntry, Certificate, MediationCase
from tests.helpers.console_app import ConsoleApp, console_app
from tests.helpers.mediation import a_family_that_chose_mediation

DECISION, CHOSEN = date(2026, 10, 12), date(2026, 10, 20)


@pytest.fixture
def console(database_url: str, tmp_path: Path) -> Iterator[ConsoleApp]:
    with console_app(database_url, tmp_path) as running:
        running.sign_in()
        yield running


def chose_mediation(
    database_url: str, conversation_id: str = "m1", *, chosen: date = CHOSEN, names: bool = True
) -> int:
    a_family_that_chose_mediation(
        database_url,
        Conversation(conversation_id, "socketio"),
        decision=DECISION,
        chosen_on=chosen,
        council=("Croydon Council", "E09000008"),
        names=("Jo Bloggs", "Al") if names else None,
    )
    with transaction(database_url) as session:
        return int(session.execute(select(MediationCase.id)).scalars().all()[-1])


def flash(page: str) -> str:
    found = re.search(r'<p class="notice" role="status">([^<]+)</p>', page)
    return found.group(1) if found else ""


def test_a_family_who_chose_mediation_is_listed_with_its_council_and_day_30(
    console: ConsoleApp,
) -> None:
    chose_mediation(console.database_url, chosen=date(2026, 11, 25))
    page = console.client.get("/console/mediation").text
    assert "Croydon Council" in page and "Friday 25 December 2026" in page
    assert "(from the choice)" in page  # until the day the council was told is recorded
    assert 'href="/console/mediation"' in console.client.get("/console/").text


def test_recording_the_council_told_moves_day_30_and_is_audited(console: ConsoleApp) -> None:
    mediation_id = chose_mediation(console.database_url)
    case_page = f"/console/mediation/{mediation_id}"
    saved = console.post(
        f"{case_page}/record", page=case_page, what="council_told_on", day="2026-10-26"
    )
    assert saved.status_code == 303 and saved.headers["location"] == case_page
    page = console.client.get(case_page).text
    assert flash(page) == "Saved."
    assert "Monday 26 October 2026" in page and "Wednesday 25 November 2026" in page
    with transaction(console.database_url) as session:
        entries = session.execute(
            select(AuditEntry.actor, AuditEntry.action, AuditEntry.detail).where(
                AuditEntry.action.in_(["mediation_recorded", "mediation_viewed"])
            )
        ).all()
    assert ("caseworker:1", "mediation_recorded", "council_told_on=2026-10-26 was=cleared") in (
        entries
    )
    assert ("caseworker:1", "mediation_viewed", None) in entries


@pytest.mark.parametrize(
    ("form", "words"),
    [
        ({"what": "council_told_on", "day": "2026-12-01"}, "That date is in the future."),
        ({"what": "council_told_on", "day": "2026-10-01"}, "before the family chose mediation"),
        ({"what": "held_on", "day": "2026-11-20"}, "Choose how mediation ended."),
        ({"what": "meeting_on", "day": "soon"}, "Give the date first."),
    ],
)
def test_a_date_that_cannot_be_right_is_explained_and_not_stored(
    console: ConsoleApp, form: dict[str, str], words: str
) -> None:
    mediation_id = chose_mediation(console.database_url)
    case_page = f"/console/mediation/{mediation_id}"
    console.post(f"{case_page}/record", page=case_page, **form)
    assert words in flash(console.client.get(case_page).text)
    with transaction(console.database_url) as session:
        row = session.get(MediationCase, mediation_id)
        assert row is not None and (row.council_told_on, row.held_on) == (None, None)


def test_day_30_passed_brings_the_case_to_the_queue(console: ConsoleApp) -> None:
    mediation_id = chose_mediation(console.database_url)
    chose_mediation(console.database_url, "quiet", chosen=date(2026, 11, 20))
    page = console.client.get("/console/").text
    assert "30 days passed with no mediation held" in page
    assert f'href="/console/mediation/{mediation_id}"' in page
    assert page.count("Open mediation case") == 1
    live = console.client.get("/console/queue.json").json()
    assert f"/console/mediation/{mediation_id}" in live["mediation_rows"]


def test_the_not_arranged_certificate_is_one_click_and_the_family_is_told(
    console: ConsoleApp,
) -> None:
    mediation_id = chose_mediation(console.database_url)
    case_page = f"/console/mediation/{mediation_id}"
    page = console.client.get(case_page).text
    assert "Certificate owed" in page and "Monday 4 January 2027" in page

    clicked = console.post(f"{case_page}/certificate", page=case_page, route="not_arranged")
    assert clicked.status_code == 303
    words = flash(console.client.get(case_page).text)
    assert words.endswith("is issued. The family was told in their conversation.")
    why, ready = console.sent["m1"]
    assert "Croydon Council could not hold it in time" in why
    assert "Monday 4 January 2027" in why and "Monday 4 January 2027" in ready
    with transaction(console.database_url) as session:
        row = session.execute(select(Certificate)).scalar_one()
        assert (row.route, row.trigger_date, row.adviser_name) == (
            "not_arranged",
            date(2026, 11, 19),
            "Wren",
        )
        assert row.created_by == "caseworker:1" and row.notified_at is not None
    assert "Open mediation case" not in console.client.get("/console/").text


def test_a_certificate_needing_names_says_so_and_the_names_can_be_added(
    console: ConsoleApp,
) -> None:
    mediation_id = chose_mediation(console.database_url, names=False)
    case_page = f"/console/mediation/{mediation_id}"
    console.post(f"{case_page}/certificate", page=case_page, route="not_arranged")
    assert "needs the names it prints" in flash(console.client.get(case_page).text)
    assert console.sent == {}

    console.post(f"{case_page}/names", page=case_page, applicant_name="Jo Bloggs", child_name="Al")
    assert flash(console.client.get(case_page).text) == "The names are saved."
    console.post(f"{case_page}/certificate", page=case_page, route="not_arranged")
    assert "is issued" in flash(console.client.get(case_page).text)


def test_a_certificate_not_owed_is_refused(console: ConsoleApp) -> None:
    mediation_id = chose_mediation(console.database_url, chosen=date(2026, 11, 24))
    case_page = f"/console/mediation/{mediation_id}"
    assert "Certificate owed" not in console.client.get(case_page).text
    console.post(f"{case_page}/certificate", page=case_page, route="mediation_concluded")
    assert "not owed now" in flash(console.client.get(case_page).text)


def test_an_unknown_case_is_not_found(console: ConsoleApp) -> None:
    assert console.client.get("/console/mediation/999").status_code == 404
