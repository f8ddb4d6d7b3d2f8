"""Queries every service shares: a conversation's case, and an entry in the audit trail."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import AuditEntry, Case


def utc_now(at: datetime | None = None) -> datetime:
    """Now (or the aware moment `at`), as every timestamp is stored: UTC without a time zone."""
    moment = at if at is not None else datetime.now(timezone.utc)
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def case_for(session: Session, conversation_id: str) -> Case | None:
    """The case of one conversation, if it has one."""
    case: Case | None = session.execute(
        select(Case).where(Case.conversation_id == conversation_id)
    ).scalar_one_or_none()
    return case


def audit(
    session: Session,
    actor: str,
    action: str,
    *,
    case_id: int | None = None,
    certificate_id: int | None = None,
    detail: str | None = None,
) -> None:
    """Add a line to the audit trail: who did what, to which case or certificate (codes and
    reasons only, never message text)."""
    session.add(
        AuditEntry(
            at=utc_now(),
            actor=actor,
            action=action,
            case_id=case_id,
            certificate_id=certificate_id,
            detail=detail,
        )
    )
