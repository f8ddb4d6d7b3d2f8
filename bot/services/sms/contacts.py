"""Who is texting: the conversation id of a phone, its number as Twilio writes it, and what we
remember about it (STOP and START, the options on offer, the parts still waiting for MORE).

The conversation id of a phone is an HMAC of its number keyed with SMS_ID_KEY: stable for the
same number, and not reversible from logs or Rasa's tracker. The number itself is stored only in
`sms_contacts`, to send later texts. After STOP, no text sent later goes to that number.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass

import phonenumbers
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.mias.sms_text import Option
from bot.store.db import transaction
from bot.store.models import SmsContact
from bot.store.queries import utc_now

logger = logging.getLogger(__name__)

CHANNEL = "sms"  # Rasa's name for the channel, and the responses' `channel: sms` variants


def conversation_id_for(number: str, key: str) -> str:
    """The Rasa sender id for a phone number: 'sms-' and 32 hex digits of an HMAC-SHA256."""
    digest = hmac.new(
        key.encode(), b"mias-sms-sender:" + "".join(number.split()).encode(), hashlib.sha256
    )
    return f"sms-{digest.hexdigest()[:32]}"


def normalise_number(text: str, region: str = "GB") -> str | None:
    """A phone number as Twilio writes it (E.164, "+447700900123"), or None if it is not one."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mask_number(number: str) -> str:
    """'+447700900123' -> '+44*******123': enough for a person to recognise, not to dial."""
    plain = "".join(number.split())
    if len(plain) < 8:
        return "*" * len(plain)
    return plain[:3] + "*" * (len(plain) - 6) + plain[-3:]


@dataclass(frozen=True)
class ContactState:
    conversation_id: str
    opted_out: bool
    has_more: bool
    options: tuple[Option, ...]
    options_seen: bool = True


def contact_row(session: Session, conversation_id: str) -> SmsContact | None:
    row: SmsContact | None = session.execute(
        select(SmsContact).where(SmsContact.conversation_id == conversation_id)
    ).scalar_one_or_none()
    return row


def _state(row: SmsContact) -> ContactState:
    offered = json.loads(row.options or "{}")
    return ContactState(
        conversation_id=row.conversation_id,
        opted_out=row.opted_out_at is not None,
        has_more=bool(json.loads(row.pending or "[]")),
        options=tuple(Option(title, payload) for title, payload in offered.get("items", [])),
        options_seen=bool(offered.get("seen", True)),
    )


def remember_sender(database_url: str, conversation_id: str, number: str) -> ContactState:
    """The contact for this number, created on its first text (the number is kept to reply)."""
    now = utc_now()
    try:
        with transaction(database_url) as session:
            row = contact_row(session, conversation_id)
            if row is None:
                row = SmsContact(
                    conversation_id=conversation_id,
                    phone_number=number,
                    created_at=now,
                    updated_at=now,
                )
                session.add(row)
                session.flush()
                logger.info(
                    "event=sms_contact_added conversation_id=%s number=%s",
                    conversation_id,
                    mask_number(number),
                )
            return _state(row)
    except IntegrityError:  # the same number's first two texts arrived together
        with transaction(database_url) as session:
            found = contact_row(session, conversation_id)
            assert found is not None
            return _state(found)


def contact_state(database_url: str, conversation_id: str) -> ContactState | None:
    with transaction(database_url) as session:
        row = contact_row(session, conversation_id)
        return _state(row) if row is not None else None


def texted_stop(database_url: str, conversation_id: str) -> bool:
    """True for an SMS conversation whose number opted out (for the console to say why)."""
    state = contact_state(database_url, conversation_id)
    return state is not None and state.opted_out


def opt_out(database_url: str, conversation_id: str) -> None:
    """STOP: no text goes to this number again until it texts START."""
    with transaction(database_url) as session:
        row = contact_row(session, conversation_id)
        if row is not None and row.opted_out_at is None:
            row.opted_out_at = row.updated_at = utc_now()
            row.options, row.pending = None, None
    logger.info("event=sms_opted_out conversation_id=%s", conversation_id)


def opt_in(database_url: str, conversation_id: str) -> None:
    with transaction(database_url) as session:
        row = contact_row(session, conversation_id)
        if row is not None:
            row.opted_out_at = None
            row.opted_in_at = row.updated_at = utc_now()
    logger.info("event=sms_opted_in conversation_id=%s", conversation_id)
