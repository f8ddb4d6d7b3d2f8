"""Reminders kept in step with the certificate: approved, voided or reissued, the texts go
before the appeal deadline the family holds now, and never before the old one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bot.mias.calendar import date_in_words
from bot.services.cases import Conversation
from bot.services.certificates import (
    CertificateConfig,
    approve_draft,
    reissue,
    void_certificate,
)
from bot.services.reminders import move_reminders, send_due_reminders
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import Certificate, Reminder
from tests.helpers.certificates import DECISION, ISSUED, issue, ready_case
from tests.helpers.reminders import at, confirm_on_the_web
from tests.helpers.twilio_standin import TwilioStandIn

# The appeal deadline recorded with the choice, before any certificate: 2 months after the letter.
CHOSEN_DEADLINE = date(2026, 5, 5)
CORRECTED_DECISION = DECISION + timedelta(days=14)


def pending(database_url: str) -> list[tuple[str, date, date]]:
    with transaction(database_url) as session:
        rows = session.execute(select(Reminder).where(Reminder.status == "pending")).scalars()
        return sorted((row.kind, row.due_date, row.deadline) for row in rows)


def deadline_of(database_url: str) -> date:
    """The one deadline the pending reminders are about."""
    (deadline,) = {deadline for _, _, deadline in pending(database_url)}
    return deadline


@pytest.fixture
def config(settings: Settings) -> CertificateConfig:
    return CertificateConfig.from_settings(settings)


@pytest.fixture
def certified(settings: Settings, twilio: TwilioStandIn, config: CertificateConfig) -> str:
    """A family with a certificate, signed up for reminders the day it was issued."""
    ready_case(settings.database_url, "c1", appeal_deadline=CHOSEN_DEADLINE)
    outcome = issue(settings.database_url, config)
    assert outcome.certificate is not None and outcome.certificate.status == "valid"
    confirm_on_the_web(settings, twilio, Conversation("c1", "rest"), asked_on=ISSUED)
    twilio.texts.clear()
    return outcome.certificate.number


def test_reminders_are_about_the_certificates_appeal_deadline(
    settings: Settings, certified: str
) -> None:
    with transaction(settings.database_url) as session:
        deadline = session.execute(
            select(Certificate.appeal_deadline).where(Certificate.number == certified)
        ).scalar_one()
    assert deadline_of(settings.database_url) == deadline
    assert [kind for kind, _, _ in pending(settings.database_url)] == [
        "appeal_14",
        "appeal_2",
        "appeal_7",
    ]


def test_a_reissued_certificate_moves_the_reminders_to_its_date(
    settings: Settings, twilio: TwilioStandIn, config: CertificateConfig, certified: str
) -> None:
    old = deadline_of(settings.database_url)
    new = reissue(
        settings.database_url,
        certified,
        "caseworker@example.org",
        ISSUED + timedelta(days=1),
        {"decision_date": CORRECTED_DECISION},
        config=config,
        reason="the letter's date was misread",
        adviser="Morgan Ellis",
    )
    assert new.appeal_deadline is not None and new.appeal_deadline > old
    assert deadline_of(settings.database_url) == new.appeal_deadline
    for day in (old - timedelta(days=14), old - timedelta(days=7), old - timedelta(days=2)):
        send_due_reminders(settings, at(day))
    assert twilio.texts == []  # nothing on the old dates
    send_due_reminders(settings, at(new.appeal_deadline - timedelta(days=14)))
    (text,) = twilio.texts
    assert date_in_words(new.appeal_deadline) in text.body


def test_voiding_falls_back_to_the_deadline_of_the_choice(
    settings: Settings, certified: str
) -> None:
    void_certificate(settings.database_url, certified, "issued in error", "caseworker@example.org")
    assert deadline_of(settings.database_url) == CHOSEN_DEADLINE


def test_approving_a_draft_moves_the_reminders_to_its_date(
    settings: Settings, twilio: TwilioStandIn, config: CertificateConfig
) -> None:
    ready_case(settings.database_url, "c1", appeal_deadline=CHOSEN_DEADLINE)
    draft = issue(settings.database_url, config, mode="review").certificate
    assert draft is not None and draft.status == "draft"
    confirm_on_the_web(settings, twilio, Conversation("c1", "rest"), asked_on=ISSUED)
    assert deadline_of(settings.database_url) == CHOSEN_DEADLINE
    approved = approve_draft(
        settings.database_url,
        draft.number,
        "caseworker@example.org",
        ISSUED + timedelta(days=30),  # a late approval: a month from it is later
        adviser="Morgan Ellis",
        config=config,
    )
    assert approved.appeal_deadline is not None and approved.appeal_deadline > CHOSEN_DEADLINE
    assert deadline_of(settings.database_url) == approved.appeal_deadline


def test_a_sent_reminder_stays_on_record_when_the_date_moves(
    settings: Settings, twilio: TwilioStandIn, config: CertificateConfig, certified: str
) -> None:
    old = deadline_of(settings.database_url)
    send_due_reminders(settings, at(old - timedelta(days=14)))
    reissue(
        settings.database_url,
        certified,
        "caseworker@example.org",
        old - timedelta(days=13),
        {"decision_date": CORRECTED_DECISION},
        config=config,
        reason="the letter's date was misread",
    )
    with transaction(settings.database_url) as session:
        sent = session.execute(select(Reminder).where(Reminder.status == "sent")).scalars().all()
        assert [(row.kind, row.deadline) for row in sent] == [("appeal_14", old)]
    assert deadline_of(settings.database_url) > old


def test_moving_a_case_without_reminders_changes_nothing(settings: Settings) -> None:
    with transaction(settings.database_url) as session:
        move_reminders(session, None)
        move_reminders(session, 12345)
    assert pending(settings.database_url) == []
