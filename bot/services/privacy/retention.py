"""Retention: erase every conversation in which nothing has happened for RETENTION_DAYS, keep
those a person is still waiting on, and delete certificate files no record points at."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.services.privacy.erasure import delete_certificate_files, erase_conversation
from bot.services.privacy.tables import epoch, from_epoch, has_events
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import (
    Case,
    CaseNote,
    Certificate,
    Handoff,
    ReminderConsent,
    SmsContact,
    SmsInbound,
    SmsOutbound,
)
from bot.store.queries import utc_now
from bot.store.rasa_events import events

logger = logging.getLogger(__name__)

RETENTION_ACTOR = "retention"
OPEN_HANDOFF = ("waiting", "claimed")
# A certificate file is written just before its record is committed: files younger than this
# are never treated as left over.
ORPHAN_FILE_AGE = timedelta(hours=1)


@dataclass(frozen=True)
class PurgeReport:
    """What retention did: conversations erased, and old ones kept because work is still open."""

    conversations: int = 0
    tracker_events: int = 0
    cases: int = 0
    certificates_kept: int = 0
    files_deleted: int = 0
    kept_open: int = 0


@dataclass(frozen=True)
class _Conversation:
    conversation_id: str
    last_active: datetime
    open_work: bool


def _last_event_times(session: Session) -> dict[str, datetime]:
    if not has_events(session):
        return {}
    rows = session.execute(
        select(events.c.sender_id, func.max(events.c.timestamp)).group_by(events.c.sender_id)
    ).all()
    return {sender: from_epoch(float(latest or 0)) for sender, latest in rows}


def _latest_per_case(session: Session, column: Any) -> dict[int, datetime]:
    table = column.class_
    rows = session.execute(select(table.case_id, func.max(column)).group_by(table.case_id)).all()
    return {case_id: latest for case_id, latest in rows if latest is not None}


def _last_sms_times(session: Session) -> dict[str, datetime]:
    """The latest SMS activity per conversation (texts, and reminders asked for or sent), for
    phones that may have no Rasa events left."""
    latest: dict[str, datetime] = {}
    for column in (
        SmsContact.updated_at,
        SmsInbound.received_at,
        SmsOutbound.updated_at,
        ReminderConsent.updated_at,
    ):
        table = column.class_
        rows = session.execute(
            select(table.conversation_id, func.max(column)).group_by(table.conversation_id)
        ).all()
        for conversation_id, moment in rows:
            if moment is not None:
                latest[conversation_id] = max(moment, latest.get(conversation_id, moment))
    return latest


def _open_case_ids(session: Session) -> set[int]:
    handoffs = select(Handoff.case_id).where(Handoff.status.in_(OPEN_HANDOFF))
    drafts = select(Certificate.case_id).where(Certificate.status == "draft")
    return {int(i) for i in session.execute(handoffs.union(drafts)).scalars() if i is not None}


def _conversations(session: Session) -> list[_Conversation]:
    """Every conversation we hold (Rasa's and ours), with the time anything last happened in it."""
    latest = _last_event_times(session)
    for conversation_id, moment in _last_sms_times(session).items():
        latest[conversation_id] = max(moment, latest.get(conversation_id, moment))
    activity = [
        _latest_per_case(session, column)
        for column in (
            CaseNote.created_at,
            Handoff.created_at,
            Handoff.claimed_at,
            Handoff.closed_at,
            Handoff.handed_back_at,
            Certificate.created_at,
            Certificate.approved_at,
            Certificate.voided_at,
            Certificate.notified_at,
        )
    ]
    open_ids = _open_case_ids(session)
    found: dict[str, _Conversation] = {
        sender: _Conversation(sender, moment, False) for sender, moment in latest.items()
    }
    for case_id, conversation_id, updated_at in session.execute(
        select(Case.id, Case.conversation_id, Case.updated_at)
    ).all():
        times = [updated_at, *(a[case_id] for a in activity if case_id in a)]
        if conversation_id in latest:
            times.append(latest[conversation_id])
        found[conversation_id] = _Conversation(conversation_id, max(times), case_id in open_ids)
    return list(found.values())


def _referenced_files(session: Session) -> set[str]:
    rows = session.execute(select(Certificate.pdf_path).where(Certificate.pdf_path.is_not(None)))
    return {str(Path(path).resolve()) for path in rows.scalars()}


def _delete_orphan_files(settings: Settings, now: datetime) -> int:
    """Certificate PDFs no record points at (e.g. an erasure that could not delete a file)."""
    folder = settings.certificates_dir
    if not folder.is_dir():
        return 0
    with transaction(settings.database_url) as session:
        referenced = _referenced_files(session)
    old = epoch(now - ORPHAN_FILE_AGE)
    orphans = [
        str(path)
        for path in folder.glob("*.pdf")
        if str(path.resolve()) not in referenced and path.stat().st_mtime < old
    ]
    return delete_certificate_files(orphans)


def purge_older_than(
    settings: Settings, cutoff: datetime, *, now: datetime | None = None
) -> PurgeReport:
    """Retention: erase every conversation in which nothing has happened since `cutoff` (naive
    UTC), exactly as a person's own request would (certificate records keep what /verify needs).

    A conversation with an open handoff or a draft certificate is kept whatever its age, because
    a person is still waiting on us; it is counted in `kept_open` so an operator can see it.
    """
    with transaction(settings.database_url) as session:
        held = _conversations(session)
    totals: dict[str, int] = dict.fromkeys(PurgeReport().__dict__, 0)
    for conversation in held:
        if conversation.last_active >= cutoff:
            continue
        if conversation.open_work:
            totals["kept_open"] += 1
            continue
        report = erase_conversation(
            settings, conversation.conversation_id, actor=RETENTION_ACTOR, source="retention"
        )
        totals["conversations"] += 1
        totals["tracker_events"] += report.tracker_events
        totals["cases"] += int(report.case_id is not None)
        totals["certificates_kept"] += report.certificates_kept
        totals["files_deleted"] += report.files_deleted
    totals["files_deleted"] += _delete_orphan_files(settings, now or utc_now())
    logger.info("event=retention_purge %s", " ".join(f"{k}={v}" for k, v in totals.items()))
    return PurgeReport(**totals)


def retention_cutoff(
    settings: Settings, *, days: int | None = None, now: datetime | None = None
) -> datetime:
    """The moment before which conversations are purged: RETENTION_DAYS (or `days`) ago."""
    return (now or utc_now()) - timedelta(
        days=days if days is not None else settings.retention_days
    )
