"""Privacy by default: export one conversation, erase one person's data, and retention.

What erasure removes, in one transaction: Rasa's tracker events for the sender (its `events`
table in the same database), the case with its MIAS steps, handoffs and notes, draft
certificates, the SMS records (the phone number, and each text in and out with the answer we
sent), and from every issued certificate the names, the role, the void reason and the
file. What it keeps: the certificate's record with the facts /verify shows (number, status,
issue date, council, decision and its date, route, appeal deadline), so a council or the
Tribunal can still check a certificate the person has sent them; and the audit trail, which holds
who did what and when, never message text. The PDF files are deleted after the commit.

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
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.services.sms import conversation_id_for, normalise_number
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import (
    AuditEntry,
    Case,
    CaseNote,
    Certificate,
    ErasureRequest,
    Handoff,
    MiasStep,
    SmsContact,
    SmsInbound,
    SmsOutbound,
)
from bot.store.queries import audit, case_for, utc_now
from bot.store.rasa_events import events, events_table_exists

logger = logging.getLogger(__name__)

RETENTION_ACTOR = "retention"
# Where the SMS channel keeps a phone's number and its texts, each row by conversation id.
SMS_TABLES = (SmsContact, SmsInbound, SmsOutbound)
# Rasa's input channel names for the website chat (socket.io) and its REST twin.
WEB_CHANNELS = frozenset({"socketio", "rest"})
OPEN_HANDOFF = ("waiting", "claimed")
# A chat request is done once Rasa has saved the turn that made it, or after this long anyway.
REQUEST_GRACE = timedelta(seconds=60)
# A certificate file is written just before its record is committed: files younger than this
# are never treated as left over.
ORPHAN_FILE_AGE = timedelta(hours=1)
# What an erased certificate keeps no more than.
CLEARED_ON_ERASURE = (
    "applicant_name",
    "applicant_role",
    "child_name",
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

    @property
    def found(self) -> bool:
        return self.case_id is not None or self.tracker_events > 0 or self.sms_records > 0

    def as_json(self) -> dict[str, int | None]:
        return {**self.__dict__}


@dataclass(frozen=True)
class PurgeReport:
    """What retention did: conversations erased, and old ones kept because work is still open."""

    conversations: int = 0
    tracker_events: int = 0
    cases: int = 0
    certificates_kept: int = 0
    files_deleted: int = 0
    kept_open: int = 0


# ----------------------------------------------------------------------------- helpers


def _epoch(moment: datetime) -> float:
    """A stored naive-UTC time as Rasa's event timestamp (seconds since the epoch)."""
    return moment.replace(tzinfo=timezone.utc).timestamp()


def _from_epoch(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=timezone.utc).replace(tzinfo=None)


def _has_events(session: Session) -> bool:
    return events_table_exists(session.connection())


def _count(session: Session, model: Any, case_id: int) -> int:
    return int(session.execute(select(func.count()).where(model.case_id == case_id)).scalar_one())


def _delete_files(paths: Iterable[str]) -> int:
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


# ----------------------------------------------------------------------------- erasure


@dataclass
class _CaseErasure:
    report: ErasureReport
    kept_certificate_ids: list[int]
    files: list[str]


def _erase_case(session: Session, case: Case, now: datetime) -> _CaseErasure:
    """Drafts go; issued certificates lose names and file and let go of the case; the case goes
    with its steps, handoffs and notes (ON DELETE CASCADE)."""
    case_id = int(case.id)
    counts = {
        "mias_steps": _count(session, MiasStep, case_id),
        "handoffs": _count(session, Handoff, case_id),
        "notes": _count(session, CaseNote, case_id),
    }
    rows = (
        session.execute(select(Certificate).where(Certificate.case_id == case_id)).scalars().all()
    )
    files = [str(row.pdf_path) for row in rows if row.pdf_path]
    kept = [row for row in rows if row.status != "draft"]
    for row in rows:
        if row.status == "draft":
            session.delete(row)
    for row in kept:
        for name in CLEARED_ON_ERASURE:
            setattr(row, name, None)
        row.case_id, row.erased_at = None, now
    session.flush()
    session.expunge(case)
    session.execute(delete(Case).where(Case.id == case_id))
    report = ErasureReport(
        case_id=case_id,
        drafts_deleted=len(rows) - len(kept),
        certificates_kept=len(kept),
        **counts,
    )
    return _CaseErasure(report, [int(row.id) for row in kept], files)


def _erase_events(session: Session, sender_id: str) -> int:
    if not _has_events(session):
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
            erased.report, tracker_events=erased_events, sms_records=_erase_sms(session, sender_id)
        )
        if report.found:
            _audit_erasure(session, report, erased.kept_certificate_ids, actor, source, reason)
    report = replace(report, files_deleted=_delete_files(erased.files))
    if report.found:
        logger.info(
            "event=conversation_erased source=%s case_id=%s events=%s certificates_kept=%s "
            "files=%s sms_records=%s",
            source,
            report.case_id,
            report.tracker_events,
            report.certificates_kept,
            report.files_deleted,
            report.sms_records,
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
        f"sms_records={report.sms_records}"
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


def _channels_used(session: Session, sender_id: str) -> set[str]:
    """Every channel the conversation came in on: the case's, and each message's in Rasa's store."""
    channels = set(
        session.execute(select(Case.channel).where(Case.conversation_id == sender_id)).scalars()
    )
    if _has_events(session):
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


def erase_case(
    settings: Settings, case_id: int, *, actor: str, reason: str
) -> ErasureReport | None:
    """A caseworker erases a case's data from the console: None when there is no such case.

    The reason is required and kept in the audit trail (the console asks for it without names).
    """
    if not reason.strip():
        raise ValueError("a reason is needed to erase a case")
    with transaction(settings.database_url) as session:
        conversation_id = session.execute(
            select(Case.conversation_id).where(Case.id == case_id)
        ).scalar_one_or_none()
    if conversation_id is None:
        return None
    return erase_conversation(
        settings, conversation_id, actor=actor, source="console", reason=reason
    )


# ----------------------------------------------------------------------------- chat requests


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
        .where(events.c.sender_id == sender_id, events.c.timestamp >= _epoch(since))
        .limit(1)
    ).first()
    return found is not None


def _due_requests(session: Session, now: datetime) -> list[str]:
    requests = session.execute(select(ErasureRequest).order_by(ErasureRequest.id)).scalars().all()
    has_events = _has_events(session)
    return [
        r.conversation_id
        for r in requests
        if now - r.requested_at >= REQUEST_GRACE
        or (has_events and _turn_saved(session, r.conversation_id, r.requested_at))
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


# ----------------------------------------------------------------------------- export


def conversations_for_phone(settings: Settings, number: str) -> list[str]:
    """The conversations of one phone number, as an operator types it ("07700 900123").

    The id the SMS channel gives that number today, and any conversation stored with the number
    under an earlier SMS_ID_KEY. Raises ValueError for text that is not a phone number.
    """
    e164 = normalise_number(number)
    if e164 is None:
        raise ValueError("not a phone number")
    with transaction(settings.database_url) as session:
        stored = set(
            session.execute(
                select(SmsContact.conversation_id).where(SmsContact.phone_number == e164)
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
    if not _has_events(session):
        return []
    rows = session.execute(
        select(events.c.data).where(events.c.sender_id == sender_id).order_by(events.c.id)
    ).scalars()
    return [json.loads(data) for data in rows if data]


def _certificate_export(row: Certificate) -> dict[str, Any]:
    exported = _columns(row, leave_out=("pdf_path", "case_id"))
    exported["file_held"] = bool(row.pdf_path) and Path(str(row.pdf_path)).is_file()
    return exported


def _case_export(session: Session, case: Case) -> dict[str, Any]:
    notes, certificates = case.notes, case.certificates
    audit = session.execute(
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
            for note in notes
        ],
        "certificates": [_certificate_export(row) for row in certificates],
        "audit": [_columns(entry, leave_out=("case_id",)) for entry in audit],
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
    certificates' records, the audit entries about the case, the SMS records (the number, and
    each text in and out) and a pending erasure request."""
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
            "audit": [],
            **(_case_export(session, case) if case is not None else {}),
            "sms": _sms_export(session, sender_id),
            "erasure_requested_at": _jsonable(requested.requested_at) if requested else None,
            "tracker_events": _tracker_events(session, sender_id),
        }
        return held


# ----------------------------------------------------------------------------- retention


@dataclass(frozen=True)
class _Conversation:
    conversation_id: str
    last_active: datetime
    open_work: bool


def _last_event_times(session: Session) -> dict[str, datetime]:
    if not _has_events(session):
        return {}
    rows = session.execute(
        select(events.c.sender_id, func.max(events.c.timestamp)).group_by(events.c.sender_id)
    ).all()
    return {sender: _from_epoch(float(latest or 0)) for sender, latest in rows}


def _latest_per_case(session: Session, column: Any) -> dict[int, datetime]:
    table = column.class_
    rows = session.execute(select(table.case_id, func.max(column)).group_by(table.case_id)).all()
    return {case_id: latest for case_id, latest in rows if latest is not None}


def _last_sms_times(session: Session) -> dict[str, datetime]:
    """The latest SMS activity per conversation, for phones that may have no Rasa events left."""
    latest: dict[str, datetime] = {}
    for column in (SmsContact.updated_at, SmsInbound.received_at, SmsOutbound.updated_at):
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
    old = _epoch(now - ORPHAN_FILE_AGE)
    orphans = [
        str(path)
        for path in folder.glob("*.pdf")
        if str(path.resolve()) not in referenced and path.stat().st_mtime < old
    ]
    return _delete_files(orphans)


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
