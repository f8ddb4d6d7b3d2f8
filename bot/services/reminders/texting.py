"""One text from the reminders (a confirmation code, a reminder) to a number, through the SMS
channel's Twilio sender, recorded in `sms_outbound` before it goes so that Twilio's delivery
report finds it (`bot.services.sms.record_delivery`, by the `ref` in its callback URL)."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import update

from bot.mias.sms_text import to_gsm7
from bot.services.responses import render_response
from bot.services.sms import CHANNEL, SmsNotSent, status_callback_url
from bot.services.sms.twilio import TwilioSender
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import SmsOutbound
from bot.store.queries import utc_now


def outbound_row(conversation_id: str, now: datetime) -> SmsOutbound:
    """The record of a text about to go, to add in the transaction that decides to send it."""
    return SmsOutbound(
        ref=secrets.token_urlsafe(12),
        conversation_id=conversation_id,
        via="rest",
        certificate=False,
        status="queued",
        created_at=now,
        updated_at=now,
    )


def text_of(settings: Settings, response: str, values: dict[str, str]) -> str:
    """A domain response as one text: its SMS wording, in GSM-7."""
    return to_gsm7(render_response(response, values, settings=settings, channel=CHANNEL))


def send_recorded(settings: Settings, ref: str, number: str, body: str) -> str:
    """Send a text recorded as `ref`; its MessageSid. Raises SmsNotSent, recorded as failed."""
    try:
        sid = TwilioSender.for_settings(settings).send(
            number, body, status_callback=status_callback_url(settings, ref)
        )
    except SmsNotSent as error:
        _set_outbound(settings.database_url, ref, status="failed", error_code=str(error.code or ""))
        raise
    _set_outbound(settings.database_url, ref, message_sid=sid)
    return sid


def _set_outbound(database_url: str, ref: str, **values: Any) -> None:
    with transaction(database_url) as session:
        session.execute(
            update(SmsOutbound).where(SmsOutbound.ref == ref).values(updated_at=utc_now(), **values)
        )
