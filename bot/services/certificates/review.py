"""A caseworker's part: approving drafts, voiding, issuing corrected copies, and the person told.

Drafts wait in `drafts_by_due_date`; an approved certificate waits in `ready_to_notify` until the
person has been sent it (`mark_notified`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.mias.deadlines import certificate_due
from bot.mias.decisions import parse_decision_type
from bot.services.certificates.config import CertificateConfig
from bot.services.certificates.eligibility import CertificateFacts, clean_name
from bot.services.certificates.files import with_files
from bot.services.certificates.issuing import ASSISTANT, issue_detail, make_valid
from bot.services.certificates.records import (
    CertificateError,
    CertificateView,
    replaced_by,
    require,
    unused_number,
    view_of,
)
from bot.services.reminders import move_reminders
from bot.store.db import transaction
from bot.store.models import Certificate
from bot.store.queries import audit, utc_now

logger = logging.getLogger(__name__)

# What a caseworker may correct: every fact a certificate copies from the case. The adviser is
# not a correction: it is whoever reissues the certificate (see `reissue`).
CORRECTABLE = frozenset(field.name for field in fields(CertificateFacts))
_NAMES = ("applicant_name", "child_name", "helper_name", "council_name")


def approve_draft(
    database_url: str,
    number: str,
    actor: str,
    today: date,
    *,
    adviser: str,
    config: CertificateConfig,
) -> CertificateView:
    """A caseworker approves a draft: it is dated today, rendered, written and becomes valid.

    `adviser` is the approving caseworker's name as printed: they are the mediation adviser
    responsible for the certificate (domain.md 3 and 6).
    """

    def work(session: Session, written: list[Path]) -> CertificateView:
        row = require(session, number)
        if row.status != "draft":
            raise CertificateError(f"certificate {row.number} is {row.status}, not a draft")
        row.adviser_name = clean_name(adviser)
        make_valid(session, row, today, config, written)
        row.approved_by, row.approved_at = actor, utc_now()
        audit(
            session,
            actor,
            "certificate_approved",
            case_id=row.case_id,
            certificate_id=row.id,
            detail=issue_detail(row, today),
        )
        logger.info("event=certificate_approved certificate_id=%s", row.id)
        move_reminders(session, row.case_id)
        return view_of(session, row)

    return with_files(database_url, work)


def _void(session: Session, row: Certificate, reason: str, actor: str) -> None:
    if row.status == "void":
        raise CertificateError(f"certificate {row.number} is already void")
    if not reason.strip():
        raise ValueError("a reason is needed to void a certificate")
    row.status, row.void_reason = "void", reason.strip()
    row.voided_at, row.voided_by = utc_now(), actor
    audit(
        session,
        actor,
        "certificate_voided",
        case_id=row.case_id,
        certificate_id=row.id,
        detail=row.void_reason,
    )
    session.flush()
    logger.info("event=certificate_voided certificate_id=%s", row.id)


def void_certificate(database_url: str, number: str, reason: str, actor: str) -> CertificateView:
    """Void a valid certificate or reject a draft. The reason is kept in the audit trail."""
    with transaction(database_url) as session:
        row = require(session, number)
        _void(session, row, reason, actor)
        move_reminders(session, row.case_id)
        return view_of(session, row)


def _corrected_copy(
    session: Session,
    old: Certificate,
    corrections: Mapping[str, Any],
    actor: str,
    adviser: str | None,
) -> Certificate:
    unknown = set(corrections) - CORRECTABLE
    if unknown:
        raise ValueError(f"cannot correct {sorted(unknown)}")
    facts = {name: getattr(old, name) for name in CORRECTABLE} | dict(corrections)
    for name in _NAMES:
        facts[name] = clean_name(facts[name])
    if parse_decision_type(facts["decision_type"]) is None:
        raise ValueError(f"not an appealable decision: {facts['decision_type']!r}")
    row = Certificate(
        **facts,
        adviser_name=clean_name(adviser) or old.adviser_name,
        number=unused_number(session),
        case_id=old.case_id,
        status="draft",
        route=old.route,
        due_date=certificate_due(facts["trigger_date"]),
        deadline_counted_from=old.deadline_counted_from or old.issue_date,
        replaces_id=old.id,
        created_at=utc_now(),
        created_by=actor,
    )
    row.replaces, row.case = old, old.case
    session.add(row)
    session.flush()
    return row


def _check_correctable(session: Session, old: Certificate) -> None:
    if old.erased_at is not None:
        raise CertificateError(
            f"the person's details on certificate {old.number} were erased, so it cannot be "
            "corrected: issue a new certificate from their new conversation instead"
        )
    if old.status == "draft" or old.issue_date is None:
        raise CertificateError(f"certificate {old.number} is a draft: approve or void it instead")
    if replaced_by(session, old) is not None:
        raise CertificateError(f"certificate {old.number} has already been replaced")


def reissue(
    database_url: str,
    number: str,
    actor: str,
    today: date,
    corrections: Mapping[str, Any],
    *,
    config: CertificateConfig,
    reason: str | None = None,
    adviser: str | None = None,
) -> CertificateView:
    """Issue a corrected certificate that replaces `number`; the old one becomes void.

    The old certificate may be valid (it is voided here with `reason`) or already void, but not a
    draft and not already replaced. The new one is valid at once, dated today, and its appeal
    deadline still counts from the first certificate's date (see CertificateDocument). It names
    `adviser`, the caseworker reissuing it, or else the adviser the old one named.
    """

    def work(session: Session, written: list[Path]) -> CertificateView:
        old = require(session, number)
        _check_correctable(session, old)
        if old.status == "valid":
            _void(session, old, reason or "replaced by a corrected certificate", actor)
        new = _corrected_copy(session, old, corrections, actor, adviser)
        make_valid(session, new, today, config, written)
        audit(
            session,
            actor,
            "certificate_reissued",
            case_id=new.case_id,
            certificate_id=new.id,
            detail=(
                f"number={new.number} replaces={old.number} "
                f"corrected={','.join(sorted(corrections))}"
            ),
        )
        move_reminders(session, new.case_id)
        return view_of(session, new)

    return with_files(database_url, work)


def drafts_by_due_date(database_url: str) -> list[CertificateView]:
    """The review queue: drafts, the one due soonest (certificate_due of its trigger) first."""
    with transaction(database_url) as session:
        rows = (
            session.execute(
                select(Certificate)
                .where(Certificate.status == "draft")
                .order_by(Certificate.due_date, Certificate.created_at, Certificate.id)
            )
            .scalars()
            .all()
        )
        return [view_of(session, row) for row in rows]


@dataclass(frozen=True)
class ReadyNotice:
    """An approved certificate whose owner has not yet been told, and where to tell them."""

    number: str
    conversation_id: str
    channel: str


def ready_to_notify(database_url: str) -> list[ReadyNotice]:
    """Certificates approved by a caseworker that the person has not been told about yet."""
    with transaction(database_url) as session:
        rows = (
            session.execute(
                select(Certificate)
                .where(
                    Certificate.status == "valid",
                    Certificate.approved_at.is_not(None),
                    Certificate.notified_at.is_(None),
                    Certificate.case_id.is_not(None),
                )
                .order_by(Certificate.approved_at)
            )
            .scalars()
            .all()
        )
        return [ReadyNotice(r.number, r.case.conversation_id, r.case.channel) for r in rows]


def mark_notified(database_url: str, number: str, *, actor: str = ASSISTANT) -> None:
    """Record that the person was told, on their own channel, that their certificate is ready."""
    with transaction(database_url) as session:
        row = require(session, number)
        row.notified_at = utc_now()
        audit(session, actor, "certificate_notified", case_id=row.case_id, certificate_id=row.id)
