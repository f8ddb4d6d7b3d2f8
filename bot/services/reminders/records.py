"""What the reminders hold about a person, for export and erasure, and the provider's counts.

Erasure removes the consent (the number, any code) and every reminder of the conversation; the
texts' `sms_outbound` rows carry the same conversation id and go with the SMS records. Export
gives the same rows, but never the code's HMAC.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import case, delete, func, select
from sqlalchemy.orm import Session

from bot.store.models import Case, Reminder, ReminderConsent, SmsOutbound

UNKNOWN_COUNCIL = "unknown"
DELIVERED = ("delivered", "read")
NOT_EXPORTED = frozenset({"id", "conversation_id", "consent_id", "code_hash", "claimed_by"})


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _columns(row: Any) -> dict[str, Any]:
    return {
        column.name: _jsonable(getattr(row, column.name))
        for column in row.__table__.columns
        if column.name not in NOT_EXPORTED
    }


def export_reminders(session: Session, conversation_id: str) -> dict[str, Any] | None:
    """The consent (the number, when it was confirmed or declined) and each reminder with its
    due date, deadline and what became of it; None when the conversation has none."""
    consent = session.execute(
        select(ReminderConsent).where(ReminderConsent.conversation_id == conversation_id)
    ).scalar_one_or_none()
    if consent is None:
        return None
    return {
        "consent": _columns(consent),
        "reminders": [_columns(row) for row in consent.reminders],
    }


def erase_reminders(session: Session, conversation_id: str) -> int:
    """Delete the conversation's consent and reminders; how many rows went."""
    removed = 0
    for model in (Reminder, ReminderConsent):
        result = session.execute(delete(model).where(model.conversation_id == conversation_id))
        removed += int(result.rowcount or 0)
    return removed


def reminder_figures(session: Session, start: date, end: date) -> dict[str, dict[str, int]]:
    """Reminders sent from `start` to `end` (both days included, by the time they were sent)
    by council: {"Surrey County Council": {"sent": 12, "delivered": 11}}. Delivered is what
    Twilio's delivery reports said; a case without a council counts under UNKNOWN_COUNCIL."""
    council = func.coalesce(Case.local_authority_name, UNKNOWN_COUNCIL)
    delivered = func.sum(case((SmsOutbound.status.in_(DELIVERED), 1), else_=0))
    rows = session.execute(
        select(council, func.count(Reminder.id), delivered)
        .select_from(Reminder)
        .outerjoin(Case, Case.conversation_id == Reminder.conversation_id)
        .outerjoin(SmsOutbound, SmsOutbound.ref == Reminder.outbound_ref)
        .where(
            Reminder.status == "sent",
            Reminder.sent_at >= datetime.combine(start, time.min),
            Reminder.sent_at < datetime.combine(end + timedelta(days=1), time.min),
        )
        .group_by(council)
    ).all()
    return {str(name): {"sent": int(sent), "delivered": int(got or 0)} for name, sent, got in rows}
