"""Issuing a certificate exactly once per case and route, or refusing with a reason.

The rules of when (domain.md 1.2-1.3, 2 and 3; see CertificateRoute and `eligibility`):
- route "declined": the person declined mediation after the MIAS information; the assistant may
  issue at once (mode "auto") or draft it for a caseworker (mode "review").
- every issued certificate names the mediation adviser responsible for it (domain.md 3 and 6): in
  mode "auto" the duty adviser (DUTY_ADVISER_NAME), in review the caseworker who approves it.
- routes "mediation_concluded" and "not_arranged": a caseworker issues, giving the day mediation
  ended or the day the council said it had not arranged mediation within 30 days.
- a case that needs no certificate (Section I only) is refused with "no_certificate_needed", so the
  person gets an explanation; a case that is late, not covered, unclear or flagged is refused with
  a reason a caseworker acts on. A refusal never produces a certificate.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.certificate_pdf import render_pdf
from bot.mias.certificate_routes import CertificateRoute
from bot.mias.deadlines import appeal_deadline, certificate_due
from bot.services.cases import Conversation, record_facts
from bot.services.certificates.config import CertificateConfig
from bot.services.certificates.eligibility import (
    NO_CASE,
    NO_CERTIFICATE_NEEDED,
    CertificateFacts,
    clean_name,
    eligibility,
)
from bot.services.certificates.files import remove, write_atomically
from bot.services.certificates.records import (
    CertificateError,
    CertificateView,
    unused_number,
    view_of,
)
from bot.store.db import transaction
from bot.store.models import Case, Certificate
from bot.store.queries import audit, case_for, utc_now

logger = logging.getLogger(__name__)

ASSISTANT = "assistant"


@dataclass(frozen=True)
class CertificateOutcome:
    """The answer to "may I have my certificate?": a certificate, or a reason code, never both."""

    certificate: CertificateView | None
    refusal: str | None = None
    created: bool = False

    @property
    def needs_caseworker(self) -> bool:
        return self.refusal is not None and self.refusal != NO_CERTIFICATE_NEEDED


def record_certificate_details(
    database_url: str,
    who: Conversation,
    *,
    applicant_name: str | None = None,
    child_name: str | None = None,
    helper_name: str | None = None,
    mias_completed_at: datetime | None = None,
) -> None:
    """Store what the certificate needs beyond the intake facts (names, when MIAS was finished).

    `applicant_name` is the appellant: the parent of a child, or the young person. `helper_name`
    is whoever talks for a young person with their agreement. Names are trimmed and limited to
    120 characters; None leaves a stored value unchanged.
    """
    facts: dict[str, Any] = {
        "applicant_name": clean_name(applicant_name),
        "child_name": clean_name(child_name),
        "helper_name": clean_name(helper_name),
        "mias_completed_at": mias_completed_at,
    }
    now = utc_now()
    record_facts(database_url, who)  # opens the case if this is its first fact
    with transaction(database_url) as session:
        case = case_for(session, who.conversation_id)
        assert case is not None  # opened just above
        for name, value in facts.items():
            if value is not None:
                setattr(case, name, value)
        case.updated_at = now


def issue_for_case(
    database_url: str,
    conversation_id: str,
    route: str,
    *,
    today: date,
    mode: str,
    config: CertificateConfig,
    adviser: str | None = None,
    actor: str = ASSISTANT,
    trigger_date: date | None = None,
) -> CertificateOutcome:
    """The certificate for this case and route: the existing one, a new one, or a refusal.

    Idempotent: while a certificate for the case and route is not void, it is returned as it is
    (`created` False), whatever the mode. In "auto" mode a new certificate is issued, written and
    recorded at once, naming `adviser` or else the duty adviser; in "review" mode it is a draft
    (no file, no links) until `approve_draft` names the caseworker who approves it.
    `trigger_date` is required for "mediation_concluded" (the day mediation ended) and
    "not_arranged" (the day the council said so); for "declined" it is the day of the choice.
    """
    route = _route_code(route)
    if mode not in ("auto", "review"):
        raise ValueError(f"unknown certificate mode {mode!r}")
    written: list[Path] = []
    try:
        with transaction(database_url) as session:
            return _issue(
                session,
                conversation_id,
                route,
                today,
                mode,
                config,
                adviser,
                actor,
                trigger_date,
                written,
            )
    except IntegrityError:
        remove(written)  # another request issued it first: give theirs
        logger.info("event=certificate_issue_raced route=%s", route)
        return _existing_outcome(database_url, conversation_id, route)
    except BaseException:
        remove(written)
        raise


def _route_code(route: str) -> str:
    """The route as the plain code that is stored and logged (a CertificateRoute is a str)."""
    if route not in tuple(CertificateRoute):
        raise ValueError(f"unknown certificate route {route!r}")
    return CertificateRoute(route).value


def _issue(
    session: Session,
    conversation_id: str,
    route: str,
    today: date,
    mode: str,
    config: CertificateConfig,
    adviser: str | None,
    actor: str,
    trigger_date: date | None,
    written: list[Path],
) -> CertificateOutcome:
    case = case_for(session, conversation_id)
    if case is None:
        return CertificateOutcome(None, refusal=NO_CASE)
    existing = _live(session, case.id, route)
    if existing is not None:
        return CertificateOutcome(view_of(session, existing))
    facts = eligibility(session, case, route, today, trigger_date)
    if isinstance(facts, str):
        _refuse(session, case, route, facts, actor)
        return CertificateOutcome(None, refusal=facts)
    if mode == "auto" and not adviser:
        adviser = config.duty_adviser_name  # a draft's adviser is whoever approves it
    row = _new_row(session, case, route, facts, actor, adviser)
    if mode == "auto":
        make_valid(session, row, today, config, written)
    action = "certificate_issued" if mode == "auto" else "certificate_drafted"
    audit(
        session,
        actor,
        action,
        case_id=case.id,
        certificate_id=row.id,
        detail=issue_detail(row, today),
    )
    logger.info("event=%s case_id=%s certificate_id=%s route=%s", action, case.id, row.id, route)
    return CertificateOutcome(view_of(session, row), created=True)


def _refuse(session: Session, case: Case, route: str, reason: str, actor: str) -> None:
    audit(
        session,
        actor,
        "certificate_refused",
        case_id=case.id,
        detail=f"route={route} reason={reason}",
    )
    logger.info("event=certificate_refused case_id=%s route=%s reason=%s", case.id, route, reason)


def _live(session: Session, case_id: int, route: str) -> Certificate | None:
    row: Certificate | None = session.execute(
        select(Certificate).where(
            Certificate.case_id == case_id,
            Certificate.route == route,
            Certificate.status != "void",
        )
    ).scalar_one_or_none()
    return row


def _new_row(
    session: Session,
    case: Case,
    route: str,
    facts: CertificateFacts,
    actor: str,
    adviser: str | None,
) -> Certificate:
    row = Certificate(
        **asdict(facts),
        number=unused_number(session),
        case_id=case.id,
        status="draft",
        route=route,
        due_date=certificate_due(facts.trigger_date),
        adviser_name=clean_name(adviser),
        created_at=utc_now(),
        created_by=actor,
    )
    row.case = case
    session.add(row)
    session.flush()  # the partial unique index stops a second live certificate here
    return row


def make_valid(
    session: Session, row: Certificate, today: date, config: CertificateConfig, written: list[Path]
) -> None:
    """Date the certificate, render it, write the file; the caller's commit then records it."""
    if not row.adviser_name:
        raise CertificateError(f"certificate {row.number} names no mediation adviser")
    row.issue_date = today
    row.deadline_counted_from = row.deadline_counted_from or today
    row.appeal_deadline = appeal_deadline(
        row.decision_date, certificate_date=row.deadline_counted_from
    )
    pdf = render_pdf(view_of(session, row), config)
    path = write_atomically(config.certificates_dir, row.number, pdf)
    written.append(path)
    row.pdf_path = str(path)
    row.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    row.status = "valid"


def issue_detail(row: Certificate, today: date) -> str:
    """The audit trail's note of an issued certificate, saying when it was issued late."""
    late = " after_due_date=true" if today > row.due_date else ""
    return f"number={row.number} route={row.route} due={row.due_date.isoformat()}{late}"


def _existing_outcome(database_url: str, conversation_id: str, route: str) -> CertificateOutcome:
    with transaction(database_url) as session:
        case = case_for(session, conversation_id)
        row = _live(session, case.id, route) if case is not None else None
        if row is None:
            raise CertificateError("a concurrent issue failed and left no certificate")
        return CertificateOutcome(view_of(session, row))
