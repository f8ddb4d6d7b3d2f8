"""What a caseworker does with a handoff: claim it, read the case, note, reply, hand back, close.

A handoff moves waiting -> claimed -> handed_back or closed. Claiming is a single conditional
UPDATE, so two caseworkers pressing "claim" together cannot both get it. Only the caseworker who
claimed a handoff may reply, hand back or close it.

Who may see a case: the job is the open handoffs and the certificates waiting for review, so a
case is visible while it has an open handoff, a draft certificate, or an approved certificate the
person has not yet been told about. Every view is written to the audit trail.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from bot.certificate_pdf.wording import DECISIONS
from bot.services.accounts import Account
from bot.services.queue import OPEN_STATUSES
from bot.store.db import transaction
from bot.store.models import AuditEntry, Case, CaseNote, Certificate, Handoff
from bot.store.queries import audit, utc_now

logger = logging.getLogger(__name__)

MAX_NOTE_LENGTH = 4000


class CaseworkError(Exception):
    """An action the handoff's state does not allow; the message is fit to show a caseworker."""


@dataclass(frozen=True)
class OpenHandoff:
    handoff_id: int
    case_id: int
    conversation_id: str
    status: str
    reason: str
    urgent: bool
    claimed_by: int | None


@dataclass(frozen=True)
class NoteView:
    author: str
    text: str
    created_at: datetime


@dataclass(frozen=True)
class CaseCard:
    """What the case card shows: the facts the job needs, nothing more."""

    case_id: int
    conversation_id: str
    channel: str
    role: str | None
    age_group: str | None
    council: str | None
    covered: bool | None
    decision: str | None
    decision_date: date | None
    route: str | None
    mias_contact_deadline: date | None
    appeal_deadline: date | None
    certificate_due: date | None
    choice: str | None
    applicant_name: str | None
    steps: tuple[tuple[str, datetime], ...]
    certificates: tuple[tuple[str, str, str], ...]
    handoff: OpenHandoff | None
    notes: tuple[NoteView, ...]


def _open_handoff(session: Session, case_id: int) -> Handoff | None:
    row: Handoff | None = session.execute(
        select(Handoff)
        .where(Handoff.case_id == case_id, Handoff.status.in_(OPEN_STATUSES))
        .order_by(Handoff.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return row


def _open_view(row: Handoff) -> OpenHandoff:
    return OpenHandoff(
        handoff_id=row.id,
        case_id=row.case_id,
        conversation_id=row.case.conversation_id,
        status=row.status,
        reason=row.reason,
        urgent=bool(row.urgent),
        claimed_by=row.claimed_by,
    )


def _visible(session: Session, case_id: int) -> bool:
    """An open handoff, a draft, or an approved certificate not yet told: see the docstring."""
    if _open_handoff(session, case_id) is not None:
        return True
    pending = select(Certificate.id).where(
        Certificate.case_id == case_id,
        (Certificate.status == "draft")
        | (
            (Certificate.status == "valid")
            & Certificate.approved_at.is_not(None)
            & Certificate.notified_at.is_(None)
        ),
    )
    return bool(session.execute(select(exists(pending))).scalar())


def can_see(database_url: str, case_id: int) -> bool:
    with transaction(database_url) as session:
        return _visible(session, case_id)


def _decision(decision_type: str | None) -> str | None:
    if decision_type is None:
        return None
    return DECISIONS.get(decision_type, decision_type)


def _card(session: Session, case: Case) -> CaseCard:
    handoff = _open_handoff(session, case.id)
    notes, certificates = case.notes, case.certificates
    return CaseCard(
        case_id=case.id,
        conversation_id=case.conversation_id,
        channel=case.channel,
        role=case.role,
        age_group=case.age_group,
        council=case.local_authority_name,
        covered=case.covered,
        decision=_decision(case.decision_type),
        decision_date=case.decision_date,
        route=case.route,
        mias_contact_deadline=case.mias_contact_deadline,
        appeal_deadline=case.appeal_deadline,
        certificate_due=case.certificate_due,
        choice=case.choice,
        applicant_name=case.applicant_name,
        steps=tuple((s.step, s.acknowledged_at) for s in case.steps),
        certificates=tuple((c.number, c.status, c.route) for c in certificates),
        handoff=_open_view(handoff) if handoff else None,
        notes=tuple(NoteView(n.author.display_name, n.text, n.created_at) for n in notes),
    )


def case_card(database_url: str, case_id: int, viewer: Account) -> CaseCard | None:
    """The case card, or None when the case does not exist or is not part of the job now.

    A view is written to the audit trail (who and when); a refused view is too.
    """
    with transaction(database_url) as session:
        case = session.get(Case, case_id)
        if case is None:
            return None
        if not _visible(session, case_id):
            audit(session, viewer.actor, "case_view_refused", case_id=case_id)
            return None
        audit(session, viewer.actor, "case_viewed", case_id=case_id)
        return _card(session, case)


def claim(database_url: str, handoff_id: int, by: Account) -> OpenHandoff:
    """Take a waiting handoff. Raises CaseworkError if someone else took it first."""
    now = utc_now()
    with transaction(database_url) as session:
        taken = session.execute(
            update(Handoff)
            .where(Handoff.id == handoff_id, Handoff.status == "waiting")
            .values(status="claimed", claimed_by=by.id, claimed_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if taken != 1:
            raise CaseworkError("Someone else has already taken this conversation.")
        row = session.get(Handoff, handoff_id)
        assert row is not None
        session.refresh(row)
        audit(
            session,
            by.actor,
            "handoff_claimed",
            case_id=row.case_id,
            detail=f"handoff={handoff_id}",
        )
        logger.info("event=handoff_claimed handoff_id=%s", handoff_id)
        return _open_view(row)


def release(database_url: str, handoff_id: int, by: Account, *, why: str) -> None:
    """Put a claimed handoff back in the queue (used when the bot could not be paused)."""
    with transaction(database_url) as session:
        row = _claimed_by(session, handoff_id, by)
        row.status, row.claimed_by, row.claimed_at = "waiting", None, None
        audit(session, by.actor, "handoff_released", case_id=row.case_id, detail=f"reason={why}")


def _claimed_by(session: Session, handoff_id: int, by: Account) -> Handoff:
    row: Handoff | None = session.get(Handoff, handoff_id)
    if row is None or row.status != "claimed":
        raise CaseworkError("This conversation is not open with a caseworker.")
    if row.claimed_by != by.id:
        raise CaseworkError("Only the caseworker who took this conversation can do that.")
    return row


def require_claim(database_url: str, handoff_id: int, by: Account) -> OpenHandoff:
    """The handoff, if `by` holds it; otherwise CaseworkError."""
    with transaction(database_url) as session:
        return _open_view(_claimed_by(session, handoff_id, by))


def record_reply(database_url: str, handoff: OpenHandoff, by: Account) -> None:
    """Audit a reply that was delivered. The text is in the transcript, never in the audit."""
    with transaction(database_url) as session:
        audit(
            session,
            by.actor,
            "case_reply",
            case_id=handoff.case_id,
            detail=f"handoff={handoff.handoff_id}",
        )


def finish(database_url: str, handoff_id: int, by: Account, *, outcome: str) -> OpenHandoff:
    """Hand back to the assistant ("handed_back") or close ("closed") a claimed handoff."""
    if outcome not in ("handed_back", "closed"):
        raise ValueError(f"unknown outcome {outcome!r}")
    now = utc_now()
    with transaction(database_url) as session:
        row = _claimed_by(session, handoff_id, by)
        row.status = outcome
        if outcome == "handed_back":
            row.handed_back_at = now
        else:
            row.closed_at = now
        audit(
            session,
            by.actor,
            f"handoff_{outcome}",
            case_id=row.case_id,
            detail=f"handoff={handoff_id}",
        )
        return _open_view(row)


def add_note(database_url: str, case_id: int, by: Account, text: str) -> None:
    """An internal note on a visible case (never sent to the person)."""
    text = text.strip()
    if not text:
        raise CaseworkError("Write the note before saving it.")
    if len(text) > MAX_NOTE_LENGTH:
        raise CaseworkError(f"A note can have at most {MAX_NOTE_LENGTH} characters.")
    with transaction(database_url) as session:
        if session.get(Case, case_id) is None or not _visible(session, case_id):
            raise CaseworkError("This case is not open.")
        session.add(CaseNote(case_id=case_id, author_id=by.id, text=text, created_at=utc_now()))
        audit(session, by.actor, "note_added", case_id=case_id)


def live_state(database_url: str, case_id: int) -> tuple[str, str] | None:
    """(conversation id, open handoff's status or "none") of a visible case, else None."""
    with transaction(database_url) as session:
        case = session.get(Case, case_id)
        if case is None or not _visible(session, case_id):
            return None
        handoff = _open_handoff(session, case_id)
        return case.conversation_id, handoff.status if handoff else "none"


def is_with_caseworker(database_url: str, conversation_id: str) -> bool:
    """True while a caseworker holds the conversation (for a session start to stay paused)."""
    with transaction(database_url) as session:
        found = session.execute(
            select(Handoff.id)
            .join(Case, Case.id == Handoff.case_id)
            .where(Case.conversation_id == conversation_id, Handoff.status == "claimed")
        ).first()
        return found is not None


def open_handoff_for(database_url: str, case_id: int) -> OpenHandoff | None:
    with transaction(database_url) as session:
        row = _open_handoff(session, case_id)
        return _open_view(row) if row else None


def audit_trail(
    database_url: str, *, case_id: int | None = None
) -> list[tuple[str, str, int | None]]:
    """(actor, action, case_id) of audit entries, oldest first: for tests and the admin page."""
    with transaction(database_url) as session:
        query = select(AuditEntry).order_by(AuditEntry.id)
        if case_id is not None:
            query = query.where(AuditEntry.case_id == case_id)
        return [(e.actor, e.action, e.case_id) for e in session.execute(query).scalars()]
