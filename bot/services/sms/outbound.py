"""Texts we send, and what Twilio reports about them.

Every text going out is recorded first, and its reference goes in its status callback URL, so
that a delivery report finds it. Texts sent later (a caseworker's reply, a certificate approved
in review) go through Twilio's REST API, never to a number that texted STOP. A text carrying a
certificate that Twilio reports undelivered asks a caseworker to follow it up (handoff reason
"certificate_undelivered").
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.mias.handoff_reasons import CERTIFICATE_UNDELIVERED
from bot.mias.sms_text import Part
from bot.services.cases import Conversation, request_handoff
from bot.services.sms.contacts import CHANNEL, contact_row, opt_out
from bot.services.sms.replies import CERTIFICATE, compose_turn, save_turn
from bot.services.sms.twilio import UNSUBSCRIBED, SmsNotSent, TwilioSender
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import SmsOutbound
from bot.store.queries import utc_now

logger = logging.getLogger(__name__)

NOT_DELIVERED = frozenset({"undelivered", "failed"})
# Twilio's message states in the order they happen; a late report never moves a text backwards.
STATUS_ORDER = {
    "accepted": 0,
    "scheduled": 0,
    "queued": 1,
    "sending": 2,
    "sent": 3,
    "delivered": 4,
    "undelivered": 4,
    "failed": 4,
    "read": 5,
    "canceled": 4,
}


def status_callback_url(settings: Settings, ref: str) -> str:
    return f"{settings.sms_status_url}?{urlencode({'ref': ref})}"


def new_outbound(database_url: str, conversation_id: str, part: Part, *, via: str) -> str:
    """Record a text about to go out; the reference returned goes in its status callback URL."""
    ref, now = secrets.token_urlsafe(12), utc_now()
    with transaction(database_url) as session:
        session.add(
            SmsOutbound(
                ref=ref,
                conversation_id=conversation_id,
                via=via,
                certificate=CERTIFICATE in part.tags,
                status="queued",
                created_at=now,
                updated_at=now,
            )
        )
    return ref


def _set_outbound(database_url: str, ref: str, **values: Any) -> None:
    with transaction(database_url) as session:
        session.execute(
            update(SmsOutbound).where(SmsOutbound.ref == ref).values(updated_at=utc_now(), **values)
        )


def send_later(settings: Settings, conversation_id: str, message: Mapping[str, Any]) -> None:
    """Send one of Rasa's messages through Twilio's REST API (a caseworker's reply, a certificate
    approved in review, the assistant taking the conversation back). Raises SmsNotSent when the
    person opted out, when we have no number for them, or when Twilio did not take it."""
    database_url = settings.database_url
    turn = compose_turn([message], settings)
    if not turn.parts:
        return
    with transaction(database_url) as session:
        row = contact_row(session, conversation_id)
        number = row.phone_number if row is not None else None
        opted_out = row is not None and row.opted_out_at is not None
    if number is None or opted_out:
        reason = "opted_out" if opted_out else "no_number"
        logger.warning("event=sms_not_sent reason=%s conversation_id=%s", reason, conversation_id)
        raise SmsNotSent(reason)
    save_turn(database_url, conversation_id, turn)
    ref = new_outbound(database_url, conversation_id, turn.parts[0], via="rest")
    try:
        sid = TwilioSender.for_settings(settings).send(
            number, turn.parts[0].text, status_callback=status_callback_url(settings, ref)
        )
    except SmsNotSent as error:
        _set_outbound(database_url, ref, status="failed", error_code=str(error.code or ""))
        if error.code == UNSUBSCRIBED:
            opt_out(database_url, conversation_id)
        raise
    _set_outbound(database_url, ref, message_sid=sid)
    logger.info("event=sms_sent via=rest conversation_id=%s", conversation_id)


@dataclass(frozen=True)
class DeliveryReport:
    known: bool
    flagged: bool = False


def _outbound_for(session: Session, ref: str | None, message_sid: str | None) -> SmsOutbound | None:
    query = select(SmsOutbound)
    if ref:
        query = query.where(SmsOutbound.ref == ref)
    elif message_sid:
        query = query.where(SmsOutbound.message_sid == message_sid)
    else:
        return None
    row: SmsOutbound | None = session.execute(query.limit(1)).scalar_one_or_none()
    return row


def _flag_once(session: Session, row: SmsOutbound) -> bool:
    """Mark an undelivered certificate text once, however many reports say so."""
    if not row.certificate:
        return False
    flagged = session.execute(
        update(SmsOutbound)
        .where(SmsOutbound.id == row.id, SmsOutbound.flagged_at.is_(None))
        .values(flagged_at=utc_now())
        .execution_options(synchronize_session=False)
    ).rowcount
    return bool(flagged)


def record_delivery(
    database_url: str,
    *,
    ref: str | None,
    message_sid: str | None,
    status: str,
    error_code: str | None,
) -> DeliveryReport:
    """Store what Twilio says about a text we sent; a certificate that did not arrive goes to a
    caseworker. Reports may come out of order: a later state is never overwritten by an earlier."""
    status = status.strip().lower()
    with transaction(database_url) as session:
        row = _outbound_for(session, ref, message_sid)
        if row is None:
            logger.info("event=sms_status_unknown status=%s", status)
            return DeliveryReport(known=False)
        if message_sid and not row.message_sid:
            row.message_sid = message_sid
        if STATUS_ORDER.get(status, 0) >= STATUS_ORDER.get(row.status, 0):
            row.status, row.error_code = status[:16], (error_code or None)
            row.updated_at = utc_now()
        flagged = status in NOT_DELIVERED and _flag_once(session, row)
        conversation_id = row.conversation_id
    logger.info(
        "event=sms_status status=%s error_code=%s conversation_id=%s",
        status,
        error_code or "",
        conversation_id,
    )
    if flagged:
        request_handoff(
            database_url,
            Conversation(conversation_id, CHANNEL),
            CERTIFICATE_UNDELIVERED,
            urgent=False,
        )
    return DeliveryReport(known=True, flagged=flagged)
