"""Erasing one person's data: a conversation, a case from the console, a website chat at its own
request, and requests made in the chat, carried out once Rasa has saved the turn that asked.

What erasure removes, in one transaction: Rasa's tracker events for the sender (its `events`
table in the same database), the case with its MIAS steps, handoffs and notes, draft
certificates, the SMS records (the phone number, and each text in and out with the answer we
sent), the deadline reminders (the number they go to, the consent and each reminder), and from
every issued certificate the names, the roles, the void reason and the file. What it keeps:
the certificate's record with the facts /verify shows (number, status, issue date, council,
decision and its date, route, appeal deadline), so a council or the Tribunal can still check a
certificate the person has sent them; and the audit trail, which holds who did what and when,
never message text. The PDF files are deleted after the commit.

Erasing never races Rasa into undoing it: Rasa's SQL tracker store would write a conversation
back if it were erased while a turn was running for it, and `bot.store.tracker_store` stops
that. Chat requests ("delete my data") are also done after the turn, not during it: see
`request_erasure`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.services.privacy.tables import SMS_TABLES, epoch, has_events
from bot.services.reminders import erase_reminders
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import Case, ErasureRequest
from bot.store.queries import audit, case_for, utc_now
from bot.store.rasa_events import events

logger = logging.getLogger(__name__)

# Rasa's input channel names for the website chat (socket.io) and its REST twin.
WEB_CHANNELS = frozenset({"socketio", "rest"})
# A chat request is done once Rasa has saved the turn that made it, or after this long anyway.
REQUEST_GRACE = timedelta(seconds=60)
# What an erased certificate keeps no more than.
CLEARED_ON_ERASURE = (
    "applicant_name",
    "applicant_role",
    "child_name",
    "helper_name",
    "helper_role",
    "adviser_name",
    "pdf_path",
    "pdf_sha256",
    "void_reason",
)


@dataclass(frozen=True)
class ErasureReport:
    """What one erasure removed; `certificates_kept` records still answer /verify, without names."""

    case_id: int | None = None
    tracker_events: int = 0
    mias_steps: int = 0
    handoffs: int = 0
    notes: int = 0
    drafts_deleted: int = 0
    certificates_kept: int = 0
    files_deleted: int = 0
    sms_records: int = 0
    reminder_records: int = 0

    @property
    def found(self) -> bool:
        return (
            self.case_id is not None
            or self.tracker_events > 0
            or self.sms_records > 0
            or self.reminder_records > 0
        )


def delete_certificate_files(paths: Iterable[str]) -> int:
    """Delete the files, once their records are committed; returns how many were there."""
    deleted = 0
    for path in paths:
        try:
            Path(path).unlink()
            deleted += 1
        except FileNotFoundError:
            continue
        except OSError as error:
            logger.warning("event=certificate_file_not_deleted error=%s", type(error).__name__)
    return deleted


# ----------------------------------------------------------------------------- one conversation


@dataclass
class _CaseErasure:
    report: ErasureReport
    kept_certificate_ids: list[int]
    files: list[str]


def _erase_case(session: Session, case: Case, now: datetime) -> _CaseErasure:
    """Drafts go; issued certificates lose names and file and let go of the case; the case goes
    with its steps, handoffs and notes (ON DELETE CASCADE)."""
    case_id = int(case.id)
    certificates = list(case.certificates)
    files = [str(row.pdf_path) for row in certificates if row.pdf_path]
    kept = [row for row in certificates if row.status != "draft"]
    report = ErasureReport(
        case_id=case_id,
        mias_steps=len(case.steps),
        handoffs=len(case.handoffs),
        notes=len(case.notes),
        drafts_deleted=len(certificates) - len(kept),
        certificates_kept=len(kept),
    )
    for row in certificates:
        if row.status == "draft":
            session.delete(row)
    for row in kept:
        for name in CLEARED_ON_ERASURE:
            setattr(row, name, None)
        row.case_id, row.erased_at = None, now
    session.flush()
    session.expunge(case)
    session.execute(delete(Case).where(Case.id == case_id))
    return _CaseErasure(report, [int(row.id) for row in kept], files)


def _erase_events(session: Session, sender_id: str) -> int:
    if not has_events(session):
        return 0
    result = session.execute(delete(events).where(events.c.sender_id == sender_id))
    return int(result.rowcount or 0)


def _erase_sms(session: Session, sender_id: str) -> int:
    removed = 0
    for model in SMS_TABLES:
        result = session.execute(delete(model).where(model.conversation_id == sender_id))
        removed += int(result.rowcount or 0)
    return removed


def erase_conversation(
    settings: Settings,
    sender_id: str,
    *,
    actor: str = "assistant",
    source: str = "chat",
    reason: str | None = None,
) -> ErasureReport:
    """Erase everything held about one conversation at once (see the module docstring).

    Safe to repeat: a conversation with nothing left gives an empty report and no audit entry.
    `reason` is a caseworker's or operator's words for the audit trail; it must not name anyone.
    """
    with transaction(settings.database_url) as session:
        case = case_for(session, sender_id)
        erased = (
            _erase_case(session, case, utc_now())
            if case is not None
            else _CaseErasure(ErasureReport(), [], [])
        )
        erased_events = _erase_events(session, sender_id)
        session.execute(delete(ErasureRequest).where(ErasureRequest.conversation_id == sender_id))
        report = replace(
            erased.report,
            tracker_events=erased_events,
            sms_records=_erase_sms(session, sender_id),
            reminder_records=erase_reminders(session, sender_id),
        )
        if report.found:
            _audit_erasure(session, report, erased.kept_certificate_ids, actor, source, reason)
    report = replace(report, files_deleted=delete_certificate_files(erased.files))
    if report.found:
        logger.info(
            "event=conversation_erased source=%s case_id=%s events=%s certificates_kept=%s "
            "files=%s sms_records=%s reminder_records=%s",
            source,
            report.case_id,
            report.tracker_events,
            report.certificates_kept,
            report.files_deleted,
            report.sms_records,
            report.reminder_records,
        )
    return report


def _audit_erasure(
    session: Session,
    report: ErasureReport,
    kept_certificate_ids: list[int],
    actor: str,
    source: str,
    reason: str | None,
) -> None:
    detail = (
        f"source={source} case_id={report.case_id} events={report.tracker_events} "
        f"steps={report.mias_steps} handoffs={report.handoffs} notes={report.notes} "
        f"drafts={report.drafts_deleted} certificates_kept={report.certificates_kept} "
        f"sms_records={report.sms_records} reminder_records={report.reminder_records}"
    )
    if reason and reason.strip():
        detail += f" reason={reason.strip()[:500]}"
    audit(session, actor, "conversation_erased", detail=detail)
    for certificate_id in kept_certificate_ids:
        audit(
            session,
            actor,
            "certificate_details_erased",
            certificate_id=certificate_id,
            detail=f"source={source}",
        )


# ----------------------------------------------------------------------------- from the website


def _channels_used(session: Session, sender_id: str) -> set[str]:
    """Every channel the conversation came in on: the case's, and each message's in Rasa's store."""
    case = case_for(session, sender_id)
    channels = {str(case.channel)} if case is not None else set()
    if has_events(session):
        rows = session.execute(
            select(events.c.data).where(
                events.c.sender_id == sender_id, events.c.type_name == "user"
            )
        ).scalars()
        channels |= {str(json.loads(data or "{}").get("input_channel") or "") for data in rows}
    return channels


def erase_web_conversation(settings: Settings, sender_id: str) -> ErasureReport:
    """Erase a website chat at its own request (the widget sends its session id).

    Only a conversation held entirely on the web channels is erased this way: an SMS sender id
    comes from a phone number, which a stranger might know, so those are refused (empty report).
    """
    with transaction(settings.database_url) as session:
        channels = _channels_used(session, sender_id)
    if not channels or not channels <= WEB_CHANNELS:
        return ErasureReport()
    return erase_conversation(settings, sender_id, actor="person", source="widget")


# ----------------------------------------------------------------------------- from the console


def erase_case(
    settings: Settings, case_id: int, *, actor: str, reason: str
) -> ErasureReport | None:
    """A caseworker erases a case's data from the console: None when there is no such case.

    The reason is required and kept in the audit trail (the console asks for it without names).
    """
    if not reason.strip():
        raise ValueError("a reason is needed to erase a case")
    with transaction(settings.database_url) as session:
        case = session.get(Case, case_id)
        conversation_id = str(case.conversation_id) if case is not None else None
    if conversation_id is None:
        return None
    return erase_conversation(
        settings, conversation_id, actor=actor, source="console", reason=reason
    )


# ----------------------------------------------------------------------------- from the chat


def request_erasure(database_url: str, conversation_id: str, *, source: str = "chat") -> None:
    """Record that the person asked, in the chat, for their data to be deleted.

    The assistant's action calls this; it does not erase there and then. Why after the turn:
    Rasa saves a turn's events when the turn ends, counting what is stored to decide what to
    write (rasa/core/tracker_store.py). Erasing during the turn relies wholly on
    `bot.store.tracker_store` to stop Rasa writing everything back; were the tracker store set
    to Rasa's plain `SQL`, it would be undone every time. Erased right after the turn (by the
    console, `run_requested_erasures`), it holds with either store. Asking twice keeps one request.
    """
    try:
        with transaction(database_url) as session:
            exists = session.execute(
                select(ErasureRequest.id).where(ErasureRequest.conversation_id == conversation_id)
            ).first()
            if exists is None:
                session.add(
                    ErasureRequest(
                        conversation_id=conversation_id, requested_at=utc_now(), source=source
                    )
                )
    except IntegrityError:
        logger.info("event=erasure_request_raced")
    logger.info("event=erasure_requested source=%s", source)


def _turn_saved(session: Session, sender_id: str, since: datetime) -> bool:
    """True once Rasa has stored an event of the turn that asked (its time is after the ask)."""
    found = session.execute(
        select(events.c.id)
        .where(events.c.sender_id == sender_id, events.c.timestamp >= epoch(since))
        .limit(1)
    ).first()
    return found is not None


def _due_requests(session: Session, now: datetime) -> list[str]:
    requests = session.execute(select(ErasureRequest).order_by(ErasureRequest.id)).scalars().all()
    events_held = has_events(session)
    return [
        r.conversation_id
        for r in requests
        if now - r.requested_at >= REQUEST_GRACE
        or (events_held and _turn_saved(session, r.conversation_id, r.requested_at))
    ]


def run_requested_erasures(settings: Settings, *, now: datetime | None = None) -> int:
    """Erase the conversations whose person asked in the chat and whose turn has been saved.

    Run every few seconds by the console. Several consoles may run it at once: erasing twice is
    harmless. Returns how many conversations were erased.
    """
    with transaction(settings.database_url) as session:
        due = _due_requests(session, now or utc_now())
    for conversation_id in due:
        erase_conversation(settings, conversation_id, actor="person", source="chat")
    return len(due)
