"""Exporting one conversation: everything held about it, as JSON-able data, and the
conversations of a phone number as an operator types it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services.privacy.tables import SMS_TABLES, has_events
from bot.services.reminders import export_reminders
from bot.services.sms import conversation_id_for, normalise_number
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import (
    AuditEntry,
    Case,
    Certificate,
    ErasureRequest,
    MediationCase,
    ReminderConsent,
    SmsContact,
)
from bot.store.queries import case_for, utc_now
from bot.store.rasa_events import events


def conversations_for_phone(settings: Settings, number: str) -> list[str]:
    """The conversations of one phone number, as an operator types it ("07700 900123").

    The id the SMS channel gives that number today, any conversation stored with the number
    under an earlier SMS_ID_KEY, and any conversation (a web chat too) that asked for deadline
    reminders to it. Raises ValueError for text that is not a phone number.
    """
    e164 = normalise_number(number)
    if e164 is None:
        raise ValueError("not a phone number")
    with transaction(settings.database_url) as session:
        stored = set(
            session.execute(
                select(SmsContact.conversation_id).where(SmsContact.phone_number == e164)
            ).scalars()
        ) | set(
            session.execute(
                select(ReminderConsent.conversation_id).where(ReminderConsent.phone_number == e164)
            ).scalars()
        )
    return sorted(stored | {conversation_id_for(e164, settings.sms_id_key)})


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _columns(row: Any, leave_out: Iterable[str] = ()) -> dict[str, Any]:
    return {
        column.name: _jsonable(getattr(row, column.name))
        for column in row.__table__.columns
        if column.name not in set(leave_out)
    }


def _tracker_events(session: Session, sender_id: str) -> list[dict[str, Any]]:
    if not has_events(session):
        return []
    rows = session.execute(
        select(events.c.data).where(events.c.sender_id == sender_id).order_by(events.c.id)
    ).scalars()
    return [json.loads(data) for data in rows if data]


def _certificate_export(row: Certificate) -> dict[str, Any]:
    exported = _columns(row, leave_out=("pdf_path", "case_id"))
    exported["file_held"] = bool(row.pdf_path) and Path(str(row.pdf_path)).is_file()
    return exported


def _mediation_export(session: Session, case: Case) -> dict[str, Any] | None:
    """The 30-day mediation clock, for a family who chose mediation."""
    row = session.execute(
        select(MediationCase).where(MediationCase.case_id == case.id)
    ).scalar_one_or_none()
    return _columns(row, leave_out=("case_id",)) if row is not None else None


def _case_export(session: Session, case: Case) -> dict[str, Any]:
    entries = session.execute(
        select(AuditEntry).where(AuditEntry.case_id == case.id).order_by(AuditEntry.id)
    ).scalars()
    return {
        "case": _columns(case),
        "mias_steps": [_columns(step, leave_out=("case_id",)) for step in case.steps],
        "handoffs": [_columns(handoff, leave_out=("case_id",)) for handoff in case.handoffs],
        "notes": [
            {
                "author": note.author.display_name,
                "text": note.text,
                "created_at": _jsonable(note.created_at),
            }
            for note in case.notes
        ],
        "certificates": [_certificate_export(row) for row in case.certificates],
        "mediation": _mediation_export(session, case),
        "audit": [_columns(entry, leave_out=("case_id",)) for entry in entries],
    }


def _sms_export(session: Session, sender_id: str) -> dict[str, Any] | None:
    """The phone number and every text in and out, with the answers we sent; None if not SMS."""
    contact, texts_in, texts_out = (
        session.execute(select(model).where(model.conversation_id == sender_id).order_by(model.id))
        .scalars()
        .all()
        for model in SMS_TABLES
    )
    if not (contact or texts_in or texts_out):
        return None
    return {
        "contact": _columns(contact[0], leave_out=("id", "conversation_id")) if contact else None,
        "texts_in": [_columns(row, leave_out=("id", "conversation_id")) for row in texts_in],
        "texts_out": [_columns(row, leave_out=("id", "conversation_id")) for row in texts_out],
    }


def export_conversation(settings: Settings, sender_id: str) -> dict[str, Any]:
    """Everything held about one conversation, as JSON-able data: Rasa's tracker events (what
    was said, by whom and when), the case with its steps, handoffs and caseworkers' notes, the
    certificates' records, the mediation clock, the audit entries about the case, the SMS records (the number, and
    each text in and out), the deadline reminders (the number, the consent, each reminder) and a
    pending erasure request."""
    with transaction(settings.database_url) as session:
        case = case_for(session, sender_id)
        requested = session.execute(
            select(ErasureRequest).where(ErasureRequest.conversation_id == sender_id)
        ).scalar_one_or_none()
        held: dict[str, Any] = {
            "conversation_id": sender_id,
            "exported_at": _jsonable(utc_now()),
            "case": None,
            "mias_steps": [],
            "handoffs": [],
            "notes": [],
            "certificates": [],
            "mediation": None,
            "audit": [],
            **(_case_export(session, case) if case is not None else {}),
            "sms": _sms_export(session, sender_id),
            "reminders": export_reminders(session, sender_id),
            "erasure_requested_at": _jsonable(requested.requested_at) if requested else None,
            "tracker_events": _tracker_events(session, sender_id),
        }
        return held
