"""Mediation certificates: when one may be issued, issuing it exactly once, review, void, reissue,
public verification, delivery links and file integrity.

The rules of when (domain.md 1.2-1.3, 2 and 3):
- route "declined": the person declined mediation after the MIAS information; the assistant may
  issue at once (mode "auto") or draft it for a caseworker (mode "review").
- routes "mediation_concluded" and "not_arranged": a caseworker issues, giving the day mediation
  ended or the day the council said it had not arranged mediation within 30 days.
- a case that needs no certificate (Section I only) is refused with "no_certificate_needed", so the
  person gets an explanation; a case that is late, not covered, unclear or flagged is refused with
  a reason a caseworker acts on. A refusal never produces a certificate.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.certificate_pdf import (
    CertificateDocument,
    new_number,
    normalise_number,
    render_pdf,
    wording,
)
from bot.mias.calendar import date_in_words
from bot.mias.deadlines import appeal_deadline, certificate_due
from bot.mias.decisions import parse_decision_type
from bot.services.cases import Conversation, record_facts
from bot.services.certificates.eligibility import (
    NO_CASE,
    NO_CERTIFICATE_NEEDED,
    CertificateFacts,
    clean_name,
    eligibility,
)
from bot.services.certificates.links import (
    DownloadGrant,
    LinkError,
    LinkExpired,
    LinkInvalid,
    download_token,
    ics_for_deadline,
    read_download_token,
)
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import Case, Certificate
from bot.store.queries import audit, case_for, utc_now

__all__ = [
    "CertificateConfig",
    "CertificateError",
    "CertificateOutcome",
    "CertificateView",
    "Delivery",
    "DownloadGrant",
    "LinkError",
    "LinkExpired",
    "LinkInvalid",
    "ReadyNotice",
    "VerifyResult",
    "approve_draft",
    "certificate_pdf",
    "delivery_for",
    "download_token",
    "drafts_by_due_date",
    "file_is_intact",
    "find_certificate",
    "ics_for",
    "issue_for_case",
    "mark_notified",
    "read_download_token",
    "ready_to_notify",
    "record_certificate_details",
    "reissue",
    "verify",
    "void_certificate",
]

logger = logging.getLogger(__name__)

ASSISTANT = "assistant"
ROUTES = ("declined", "mediation_concluded", "not_arranged")

CORRECTABLE = frozenset(
    {
        "applicant_name",
        "applicant_role",
        "child_name",
        "adviser_name",
        "council_name",
        "decision_type",
        "decision_date",
        "mias_date",
        "trigger_date",
    }
)


class CertificateError(Exception):
    """An action the certificate's state does not allow (approve a valid one, void it twice...)."""


@dataclass(frozen=True)
class CertificateConfig:
    """Where files go, who the provider is, and how links are made and signed."""

    certificates_dir: Path
    provider_name: str
    provider_phone: str
    public_base_url: str
    secret_key: str
    link_hours: int

    @classmethod
    def from_settings(cls, settings: Settings) -> CertificateConfig:
        return cls(
            certificates_dir=settings.certificates_dir,
            provider_name=settings.provider_name,
            provider_phone=settings.provider_phone,
            public_base_url=settings.public_base_url,
            secret_key=settings.console_secret_key,
            link_hours=settings.download_link_hours,
        )

    def verify_url(self, number: str) -> str:
        return f"{self.public_base_url}/verify/{number}"


@dataclass(frozen=True)
class CertificateView:
    """A read-only copy of a certificate for the console, the wiring and tests.

    After the person's data was erased, `conversation_id`, `channel` and the names are None.
    """

    number: str
    status: str
    route: str
    conversation_id: str | None
    channel: str | None
    issue_date: date | None
    trigger_date: date
    due_date: date
    mias_date: date
    decision_type: str
    decision_date: date
    council_name: str
    appeal_deadline: date | None
    adviser_name: str | None
    applicant_name: str | None
    applicant_role: str | None
    child_name: str | None
    tribunal_form: str
    replaces_number: str | None
    replaced_by_number: str | None
    void_reason: str | None
    pdf_path: str | None
    pdf_sha256: str | None
    created_by: str
    approved_by: str | None
    notified_at: datetime | None


@dataclass(frozen=True)
class CertificateOutcome:
    """The answer to "may I have my certificate?": a certificate, or a reason code, never both."""

    certificate: CertificateView | None
    refusal: str | None = None
    created: bool = False

    @property
    def needs_caseworker(self) -> bool:
        return self.refusal is not None and self.refusal != NO_CERTIFICATE_NEEDED


# ----------------------------------------------------------------------------- small helpers


def _tribunal_form(decision_type: str) -> str:
    decision = parse_decision_type(decision_type)
    return decision.tribunal_form if decision else "SEND35"


def _by_number(session: Session, number: str) -> Certificate | None:
    canonical = normalise_number(number)
    row: Certificate | None = session.execute(
        select(Certificate).where(Certificate.number == (canonical or "-"))
    ).scalar_one_or_none()
    return row


def _require(session: Session, number: str) -> Certificate:
    row = _by_number(session, number)
    if row is None:
        raise CertificateError(f"no certificate {number!r}")
    return row


def _replaced_by(session: Session, row: Certificate) -> str | None:
    number: str | None = session.execute(
        select(Certificate.number).where(Certificate.replaces_id == row.id)
    ).scalar_one_or_none()
    return number


def _view(session: Session, row: Certificate) -> CertificateView:
    return CertificateView(
        number=row.number,
        status=row.status,
        route=row.route,
        conversation_id=row.case.conversation_id if row.case is not None else None,
        channel=row.case.channel if row.case is not None else None,
        issue_date=row.issue_date,
        trigger_date=row.trigger_date,
        due_date=row.due_date,
        mias_date=row.mias_date,
        decision_type=row.decision_type,
        decision_date=row.decision_date,
        council_name=row.council_name,
        appeal_deadline=row.appeal_deadline,
        adviser_name=row.adviser_name,
        applicant_name=row.applicant_name,
        applicant_role=row.applicant_role,
        child_name=row.child_name,
        tribunal_form=_tribunal_form(row.decision_type),
        replaces_number=row.replaces.number if row.replaces is not None else None,
        replaced_by_number=_replaced_by(session, row),
        void_reason=row.void_reason,
        pdf_path=row.pdf_path,
        pdf_sha256=row.pdf_sha256,
        created_by=row.created_by,
        approved_by=row.approved_by,
        notified_at=row.notified_at,
    )


# ----------------------------------------------------------------------------- case details


def record_certificate_details(
    database_url: str,
    who: Conversation,
    *,
    applicant_name: str | None = None,
    child_name: str | None = None,
    mias_completed_at: datetime | None = None,
) -> None:
    """Store what the certificate needs beyond the intake facts (names, when MIAS was finished).

    Names are trimmed and limited to 120 characters; None leaves a stored value unchanged.
    """
    facts: dict[str, Any] = {
        "applicant_name": clean_name(applicant_name),
        "child_name": clean_name(child_name),
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


# ----------------------------------------------------------------------------- files


def _write_file(directory: Path, number: str, pdf: bytes) -> Path:
    """Write atomically (temporary file, then rename) so a reader never sees half a PDF."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{number}.pdf"
    temporary = directory / f".{number}.pdf.tmp"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o640)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pdf)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    return path


def _document(row: Certificate, config: CertificateConfig) -> CertificateDocument:
    return CertificateDocument(
        number=row.number,
        provider_name=config.provider_name,
        provider_phone=config.provider_phone,
        adviser_name=row.adviser_name,
        applicant_name=row.applicant_name,
        applicant_role=row.applicant_role,
        child_name=row.child_name,
        council_name=row.council_name,
        decision_type=row.decision_type,
        decision_date=row.decision_date,
        mias_date=row.mias_date,
        route=row.route,
        trigger_date=row.trigger_date,
        issue_date=row.issue_date,
        appeal_deadline=row.appeal_deadline,
        deadline_counted_from=row.deadline_counted_from,
        tribunal_form=_tribunal_form(row.decision_type),
        verify_url=config.verify_url(row.number),
        replaces_number=row.replaces.number if row.replaces is not None else None,
    )


def _make_valid(
    row: Certificate, today: date, config: CertificateConfig, written: list[Path]
) -> None:
    """Date the certificate, render it, write the file; the caller's commit then records it."""
    row.issue_date = today
    row.deadline_counted_from = row.deadline_counted_from or today
    row.appeal_deadline = appeal_deadline(
        row.decision_date, certificate_date=row.deadline_counted_from
    )
    pdf = render_pdf(_document(row, config))
    path = _write_file(config.certificates_dir, row.number, pdf)
    written.append(path)
    row.pdf_path = str(path)
    row.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    row.status = "valid"


def _unused_number(session: Session) -> str:
    while True:
        number = new_number()
        if _by_number(session, number) is None:
            return number


def _new_row(
    session: Session,
    case: Case,
    route: str,
    facts: CertificateFacts,
    actor: str,
    adviser: str | None,
) -> Certificate:
    row = Certificate(
        number=_unused_number(session),
        case_id=case.id,
        status="draft",
        route=route,
        trigger_date=facts.trigger_date,
        due_date=certificate_due(facts.trigger_date),
        mias_date=facts.mias_date,
        decision_type=facts.decision_type,
        decision_date=facts.decision_date,
        council_name=facts.council_name,
        adviser_name=clean_name(adviser),
        applicant_name=facts.applicant_name,
        applicant_role=facts.applicant_role,
        child_name=facts.child_name,
        created_at=utc_now(),
        created_by=actor,
    )
    row.case = case
    session.add(row)
    session.flush()  # the partial unique index stops a second live certificate here
    return row


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


# ----------------------------------------------------------------------------- issuing


def _live(session: Session, case_id: int, route: str) -> Certificate | None:
    row: Certificate | None = session.execute(
        select(Certificate).where(
            Certificate.case_id == case_id,
            Certificate.route == route,
            Certificate.status != "void",
        )
    ).scalar_one_or_none()
    return row


def _check_issue_arguments(route: str, mode: str) -> None:
    if route not in ROUTES:
        raise ValueError(f"unknown certificate route {route!r}")
    if mode not in ("auto", "review"):
        raise ValueError(f"unknown certificate mode {mode!r}")


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
    recorded at once; in "review" mode it is a draft (no file, no links) until `approve_draft`.
    `trigger_date` is required for "mediation_concluded" (the day mediation ended) and
    "not_arranged" (the day the council said so); for "declined" it is the day of the choice.
    """
    _check_issue_arguments(route, mode)
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
        _remove(written)  # another request issued it first: give theirs
        logger.info("event=certificate_issue_raced route=%s", route)
        return _existing_outcome(database_url, conversation_id, route)
    except BaseException:
        _remove(written)
        raise


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
        return CertificateOutcome(_view(session, existing))
    facts = eligibility(session, case, route, today, trigger_date)
    if isinstance(facts, str):
        audit(
            session,
            actor,
            "certificate_refused",
            case_id=case.id,
            detail=f"route={route} reason={facts}",
        )
        logger.info(
            "event=certificate_refused case_id=%s route=%s reason=%s", case.id, route, facts
        )
        return CertificateOutcome(None, refusal=facts)
    row = _new_row(session, case, route, facts, actor, adviser)
    if mode == "auto":
        _make_valid(row, today, config, written)
    action = "certificate_issued" if mode == "auto" else "certificate_drafted"
    audit(
        session,
        actor,
        action,
        case_id=case.id,
        certificate_id=row.id,
        detail=_issue_detail(row, today),
    )
    logger.info("event=%s case_id=%s certificate_id=%s route=%s", action, case.id, row.id, route)
    return CertificateOutcome(_view(session, row), created=True)


def _issue_detail(row: Certificate, today: date) -> str:
    late = " after_due_date=true" if today > row.due_date else ""
    return f"number={row.number} route={row.route} due={row.due_date.isoformat()}{late}"


def _existing_outcome(database_url: str, conversation_id: str, route: str) -> CertificateOutcome:
    with transaction(database_url) as session:
        case = case_for(session, conversation_id)
        row = _live(session, case.id, route) if case is not None else None
        if row is None:
            raise CertificateError("a concurrent issue failed and left no certificate")
        return CertificateOutcome(_view(session, row))


def _with_files(database_url: str, work: Any) -> CertificateView:
    """Run `work(session, written)` in a transaction; remove files it wrote if it fails."""
    written: list[Path] = []
    try:
        with transaction(database_url) as session:
            result: CertificateView = work(session, written)
            return result
    except BaseException:
        _remove(written)
        raise


def approve_draft(
    database_url: str, number: str, actor: str, today: date, *, config: CertificateConfig
) -> CertificateView:
    """A caseworker approves a draft: it is dated today, rendered, written and becomes valid."""

    def work(session: Session, written: list[Path]) -> CertificateView:
        row = _require(session, number)
        if row.status != "draft":
            raise CertificateError(f"certificate {row.number} is {row.status}, not a draft")
        _make_valid(row, today, config, written)
        row.approved_by, row.approved_at = actor, utc_now()
        audit(
            session,
            actor,
            "certificate_approved",
            case_id=row.case_id,
            certificate_id=row.id,
            detail=_issue_detail(row, today),
        )
        logger.info("event=certificate_approved certificate_id=%s", row.id)
        return _view(session, row)

    return _with_files(database_url, work)


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
        row = _require(session, number)
        _void(session, row, reason, actor)
        return _view(session, row)


def _corrected_copy(
    session: Session, old: Certificate, corrections: Mapping[str, Any], actor: str
) -> Certificate:
    unknown = set(corrections) - CORRECTABLE
    if unknown:
        raise ValueError(f"cannot correct {sorted(unknown)}")
    fields = {name: getattr(old, name) for name in CORRECTABLE} | dict(corrections)
    for name in ("applicant_name", "child_name", "adviser_name", "council_name"):
        fields[name] = clean_name(fields[name])
    if parse_decision_type(fields["decision_type"]) is None:
        raise ValueError(f"not an appealable decision: {fields['decision_type']!r}")
    row = Certificate(
        **fields,
        number=_unused_number(session),
        case_id=old.case_id,
        status="draft",
        route=old.route,
        due_date=certificate_due(fields["trigger_date"]),
        deadline_counted_from=old.deadline_counted_from or old.issue_date,
        replaces_id=old.id,
        created_at=utc_now(),
        created_by=actor,
    )
    row.replaces, row.case = old, old.case
    session.add(row)
    session.flush()
    return row


def reissue(
    database_url: str,
    number: str,
    actor: str,
    today: date,
    corrections: Mapping[str, Any],
    *,
    config: CertificateConfig,
    reason: str | None = None,
) -> CertificateView:
    """Issue a corrected certificate that replaces `number`; the old one becomes void.

    The old certificate may be valid (it is voided here with `reason`) or already void, but not a
    draft and not already replaced. The new one is valid at once, dated today, and its appeal
    deadline still counts from the first certificate's date (see CertificateDocument).
    """

    def work(session: Session, written: list[Path]) -> CertificateView:
        old = _require(session, number)
        if old.erased_at is not None:
            raise CertificateError(
                f"the person's details on certificate {old.number} were erased, so it cannot be "
                "corrected: issue a new certificate from their new conversation instead"
            )
        if old.status == "draft" or old.issue_date is None:
            raise CertificateError(
                f"certificate {old.number} is a draft: approve or void it instead"
            )
        if _replaced_by(session, old) is not None:
            raise CertificateError(f"certificate {old.number} has already been replaced")
        if old.status == "valid":
            _void(session, old, reason or "replaced by a corrected certificate", actor)
        new = _corrected_copy(session, old, corrections, actor)
        _make_valid(new, today, config, written)
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
        return _view(session, new)

    return _with_files(database_url, work)


# ----------------------------------------------------------------------------- reading


def find_certificate(database_url: str, number: str) -> CertificateView | None:
    with transaction(database_url) as session:
        row = _by_number(session, number)
        return _view(session, row) if row is not None else None


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
        return [_view(session, row) for row in rows]


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
        row = _require(session, number)
        row.notified_at = utc_now()
        audit(session, actor, "certificate_notified", case_id=row.case_id, certificate_id=row.id)


# ----------------------------------------------------------------------------- verification


@dataclass(frozen=True)
class VerifyResult:
    """What the public check page shows: only facts printed on the certificate, names as initials.

    `status` is "valid", "void" or "unknown"; for "unknown" every other field is None, whatever was
    asked (a malformed number, a draft, or a number that was never issued). Once the person's data
    was erased there are no initials: the other facts are all the record keeps.
    """

    status: str
    number: str | None = None
    issue_date: date | None = None
    council_name: str | None = None
    decision: str | None = None
    decision_date: date | None = None
    route: str | None = None
    appeal_deadline: date | None = None
    applicant_initials: str | None = None
    provider_name: str | None = None
    replaced_by_number: str | None = None

    def as_json(self) -> dict[str, str | None]:
        return {key: _json_value(value) for key, value in self.__dict__.items()}


def _json_value(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def initials(name: str) -> str:
    """'Jane Mary Smith' -> 'J. M. S.'"""
    return " ".join(f"{part[0].upper()}." for part in name.split() if part[:1].isalpha())


def verify(database_url: str, number: str, *, provider_name: str | None = None) -> VerifyResult:
    """Valid, void or unknown, with the key facts. Malformed numbers take the same path as unknown
    ones (one query each) so neither the answer nor its timing tells them apart."""
    with transaction(database_url) as session:
        row = _by_number(session, number)
        if row is None or row.status == "draft":
            return VerifyResult("unknown")
        return VerifyResult(
            status=row.status,
            number=row.number,
            issue_date=row.issue_date,
            council_name=row.council_name,
            decision=wording.decision_words(row.decision_type),
            decision_date=row.decision_date,
            route=wording.ROUTES[row.route],
            appeal_deadline=row.appeal_deadline,
            applicant_initials=initials(row.applicant_name) if row.applicant_name else None,
            provider_name=provider_name,
            replaced_by_number=_replaced_by(session, row),
        )


# ----------------------------------------------------------------------------- files and delivery


def _sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def file_is_intact(database_url: str, number: str) -> bool:
    """True when the certificate's file exists and still has the hash recorded at issue."""
    certificate = find_certificate(database_url, number)
    if certificate is None or not certificate.pdf_path or not certificate.pdf_sha256:
        return False
    return _sha256_of(Path(certificate.pdf_path)) == certificate.pdf_sha256


def certificate_pdf(database_url: str, number: str) -> bytes | None:
    """The PDF of a valid certificate, or None if it is not valid or its file was changed."""
    certificate = find_certificate(database_url, number)
    if certificate is None or certificate.status != "valid" or not certificate.pdf_path:
        return None
    try:
        pdf = Path(certificate.pdf_path).read_bytes()
    except OSError:
        pdf = b""
    if hashlib.sha256(pdf).hexdigest() != certificate.pdf_sha256:
        logger.error(
            "event=certificate_file_changed number_hash=%s", _short_hash(certificate.number)
        )
        return None
    return pdf


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def ics_for(certificate: CertificateView, *, now: datetime | None = None) -> bytes:
    """The calendar file for a certificate's appeal deadline, with a reminder a week before."""
    if certificate.appeal_deadline is None:
        raise CertificateError(f"certificate {certificate.number} has no appeal deadline yet")
    return ics_for_deadline(
        certificate.number, certificate.appeal_deadline, certificate.tribunal_form, now=now
    )


@dataclass(frozen=True)
class Delivery:
    """What the chat or an SMS needs to hand over a certificate (wording lives in the domain)."""

    number: str
    appeal_deadline: date
    appeal_deadline_words: str
    tribunal_form: str
    pdf_url: str
    calendar_url: str
    verify_url: str
    links_expire_at: datetime


def delivery_for(
    database_url: str, number: str, *, config: CertificateConfig, now: datetime | None = None
) -> Delivery:
    """Signed links (valid `config.link_hours`) and the facts to send with them."""
    certificate = find_certificate(database_url, number)
    if certificate is None or certificate.status != "valid" or certificate.appeal_deadline is None:
        raise CertificateError(f"certificate {number!r} is not valid, so it cannot be sent")
    now = now or datetime.now(timezone.utc)
    pdf_token, ics_token = (
        download_token(
            certificate.number, kind, secret=config.secret_key, hours=config.link_hours, now=now
        )
        for kind in ("pdf", "ics")
    )
    base = config.public_base_url
    return Delivery(
        number=certificate.number,
        appeal_deadline=certificate.appeal_deadline,
        appeal_deadline_words=date_in_words(certificate.appeal_deadline),
        tribunal_form=certificate.tribunal_form,
        pdf_url=f"{base}/certificates/{pdf_token}",
        calendar_url=f"{base}/certificates/{ics_token}/calendar.ics",
        verify_url=config.verify_url(certificate.number),
        links_expire_at=now + timedelta(hours=config.link_hours),
    )


def ready_message_values(
    database_url: str, number: str, *, config: CertificateConfig, now: datetime | None = None
) -> dict[str, str]:
    """The variables of `utter_certificate_ready`, with fresh signed links (chat and console alike)."""
    delivery = delivery_for(database_url, number, config=config, now=now)
    return {
        "certificate_number": delivery.number,
        "pdf_url": delivery.pdf_url,
        "calendar_url": delivery.calendar_url,
        "verify_url": delivery.verify_url,
        "link_hours": str(config.link_hours),
        "appeal_deadline_words": delivery.appeal_deadline_words,
        "tribunal_form": delivery.tribunal_form,
    }
