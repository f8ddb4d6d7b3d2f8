"""`mias remind`: send the reminders that are due, each once, however many copies run at once.

A copy claims a reminder with one conditional UPDATE (`status` pending, no claim or a claim
older than CLAIM_LEASE) and goes on only if the update changed the row, so two copies never both
own one: on PostgreSQL the second waits for the first's row lock and then finds the claim made;
SQLite takes one writer at a time. The claim, the checks and the `sms_outbound` record are one
short transaction; the text goes after it, and the outcome is written in another.

A failed send is retried: Twilio busy or out of reach releases the claim until `not_before`
(RETRY_AFTER, at most MAX_ATTEMPTS tries); a refused number is "failed"; Twilio's "this number
texted STOP" (error 21610) is recorded as the number's STOP and the reminder "stopped". A copy
that dies mid-send leaves its claim, which a later run takes over after CLAIM_LEASE: if Twilio's
delivery report for the first attempt has arrived meanwhile, the reminder is marked sent and not
sent again.
"""

from __future__ import annotations

import logging
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.mias.calendar import date_in_words
from bot.mias.reminders import APPEAL, about, in_sending_hours, verdict
from bot.services.reminders.numbers import number_stopped
from bot.services.reminders.schedule import PENDING, holds_certificate, is_planned
from bot.services.reminders.texting import outbound_row, send_recorded, text_of
from bot.services.sms import CHANNEL, SmsNotSent, conversation_id_for, opt_out, remember_sender
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import Case, Reminder, SmsOutbound
from bot.store.queries import case_for, utc_now

logger = logging.getLogger(__name__)

CLAIM_LEASE = timedelta(minutes=10)
RETRY_AFTER = timedelta(minutes=15)
MAX_ATTEMPTS = 5
# Twilio's reports that show a text left us (a report never comes for one it did not take).
WENT = frozenset({"sending", "sent", "delivered", "undelivered", "read"})
# What each failure does to the reminder: None retries later.
ON_FAILURE = {"opted_out": "stopped", "refused": "failed"}


@dataclass(frozen=True)
class RemindReport:
    """What one run did: counts by outcome ("sent", "skipped", "stopped", "failed", "retry",
    "taken" by another copy, "already_sent" by a copy that died), or nothing at all outside
    sending hours."""

    counts: dict[str, int]
    outside_hours: bool = False

    def count(self, outcome: str) -> int:
        return self.counts.get(outcome, 0)


@dataclass(frozen=True)
class _Text:
    """A claimed reminder ready to go."""

    reminder_id: int
    conversation_id: str
    number: str
    body: str
    ref: str
    attempts: int


def send_due_reminders(settings: Settings, now: datetime) -> RemindReport:
    """Send every reminder due at `now` (aware, or naive UK time), one by one."""
    if not in_sending_hours(now):
        logger.info("event=reminders_outside_hours")
        return RemindReport({}, outside_hours=True)
    stamp = _utc(now)
    token = secrets.token_hex(8)
    outcomes: Counter[str] = Counter()
    for reminder_id in _due(settings.database_url, now.date(), stamp):
        outcomes[_send_one(settings, reminder_id, now.date(), stamp, token)] += 1
    logger.info("event=reminders_run %s", " ".join(f"{k}={v}" for k, v in sorted(outcomes.items())))
    return RemindReport(dict(outcomes))


def _utc(moment: datetime) -> datetime:
    """A time as every timestamp is stored: naive UTC."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def _claimable(stamp: datetime) -> list[object]:
    """Pending, not claimed (or claimed by a run that died), and not waiting to be retried."""
    return [
        Reminder.status == PENDING,
        or_(Reminder.claimed_at.is_(None), Reminder.claimed_at < stamp - CLAIM_LEASE),
        or_(Reminder.not_before.is_(None), Reminder.not_before <= stamp),
    ]


def _due(database_url: str, today: date, stamp: datetime) -> list[int]:
    with transaction(database_url) as session:
        return list(
            session.execute(
                select(Reminder.id)
                .where(*_claimable(stamp), Reminder.due_date <= today)
                .order_by(Reminder.due_date, Reminder.id)
            ).scalars()
        )


def _send_one(
    settings: Settings, reminder_id: int, today: date, stamp: datetime, token: str
) -> str:
    text = None
    with transaction(settings.database_url) as session:
        claimed = session.execute(
            update(Reminder)
            .where(Reminder.id == reminder_id, *_claimable(stamp))
            .values(
                claimed_at=stamp,
                claimed_by=token,
                attempts=Reminder.attempts + 1,
                updated_at=stamp,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        if not claimed:
            return "taken"
        reminder = session.get(Reminder, reminder_id)
        assert reminder is not None
        case = case_for(session, reminder.conversation_id)
        outcome = _check(session, reminder, case, today)
        if outcome == "send" and case is not None:
            text = _prepare(settings, session, reminder, case, stamp)
        elif outcome == "wait":
            reminder.claimed_at = reminder.claimed_by = None
        elif outcome == "already_sent":
            reminder.status, reminder.sent_at = "sent", stamp
        else:
            reminder.status = outcome
    if text is None:
        logger.info("event=reminder_not_sent outcome=%s reminder_id=%s", outcome, reminder_id)
        return outcome
    return _send(settings, text, stamp, token)


def _check(session: Session, reminder: Reminder, case: Case | None, today: date) -> str:
    """ "send", or why not: "already_sent" (Twilio reported a dead copy's text), "stopped" (STOP),
    "skipped" (erased consent's leftovers, dates moved, deadline passed, superseded) or
    "wait"."""
    if reminder.outbound_ref and _went(session, reminder.outbound_ref):
        return "already_sent"
    consent = reminder.consent
    if consent.confirmed_at is None or not consent.phone_number or case is None:
        return "skipped"
    if number_stopped(session, consent.phone_number):
        return "stopped"
    if not is_planned(session, reminder, case, consent.remind_from):
        return "skipped"
    when = verdict(reminder.kind, reminder.due_date, reminder.deadline, today)
    return "skipped" if when.final else when.outcome


def _went(session: Session, ref: str) -> bool:
    status = session.execute(
        select(SmsOutbound.status).where(SmsOutbound.ref == ref)
    ).scalar_one_or_none()
    return status in WENT


def _prepare(
    settings: Settings, session: Session, reminder: Reminder, case: Case, stamp: datetime
) -> _Text:
    """The text, recorded in `sms_outbound` (its ref on the reminder) before it goes."""
    outbound = outbound_row(reminder.conversation_id, stamp)
    session.add(outbound)
    reminder.outbound_ref = outbound.ref
    body = text_of(
        settings,
        _response(session, reminder, case),
        {"deadline_words": date_in_words(reminder.deadline)},
    )
    return _Text(
        reminder.id,
        reminder.conversation_id,
        str(reminder.consent.phone_number),
        body,
        outbound.ref,
        reminder.attempts,
    )


def _response(session: Session, reminder: Reminder, case: Case) -> str:
    """The text for this reminder: the one thing to do before its deadline."""
    if about(reminder.kind) == APPEAL:
        mediating = case.choice == "mediate" and not holds_certificate(session, case)
        return "utter_reminder_appeal_mediating" if mediating else "utter_reminder_appeal"
    if reminder.consent.channel == CHANNEL:
        return "utter_reminder_mias_contact_by_text"
    return "utter_reminder_mias_contact"


def _send(settings: Settings, text: _Text, stamp: datetime, token: str) -> str:
    try:
        send_recorded(settings, text.ref, text.number, text.body)
    except SmsNotSent as error:
        return _failed(settings, text, stamp, token, error)
    _record(settings.database_url, text.reminder_id, token, status="sent", sent_at=stamp)
    logger.info(
        "event=reminder_sent reminder_id=%s conversation_id=%s",
        text.reminder_id,
        text.conversation_id,
    )
    return "sent"


def _failed(settings: Settings, text: _Text, stamp: datetime, token: str, error: SmsNotSent) -> str:
    status = ON_FAILURE.get(error.reason)
    if error.reason == "opted_out":
        _record_stop(settings, text.number)
    if status is None and text.attempts < MAX_ATTEMPTS:
        _record(
            settings.database_url,
            text.reminder_id,
            token,
            claimed_at=None,
            claimed_by=None,
            not_before=stamp + RETRY_AFTER,
            error=error.reason[:16],
        )
        outcome = "retry"
    else:
        outcome = status or "failed"
        _record(
            settings.database_url, text.reminder_id, token, status=outcome, error=error.reason[:16]
        )
    logger.warning(
        "event=reminder_not_sent outcome=%s reason=%s reminder_id=%s",
        outcome,
        error.reason,
        text.reminder_id,
    )
    return outcome


def _record(database_url: str, reminder_id: int, token: str, **values: object) -> None:
    """Write the outcome of our own claim (nothing, if the row was erased meanwhile)."""
    with transaction(database_url) as session:
        session.execute(
            update(Reminder)
            .where(Reminder.id == reminder_id, Reminder.claimed_by == token)
            .values(updated_at=utc_now(), **values)
            .execution_options(synchronize_session=False)
        )


def _record_stop(settings: Settings, number: str) -> None:
    """Twilio says the number texted STOP: record it where the SMS channel keeps it."""
    sms_conversation = conversation_id_for(number, settings.sms_id_key)
    remember_sender(settings.database_url, sms_conversation, number)
    opt_out(settings.database_url, sms_conversation)
