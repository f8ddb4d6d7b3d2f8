"""Asking for reminders: what a conversation can be offered, and its consent.

On SMS a YES is enough: the conversation is the phone's own. On the web the person types a
mobile number and we text it a 6-digit code to type back (`bot.mias.reminders`: 3 tries, 15
minutes, 3 codes a conversation). Only an HMAC of the code is stored, keyed with the console's
secret, so the database alone does not give it away. A confirmed consent plans its reminders at
once (`schedule`); a "no" is remembered so the assistant does not offer again unasked.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.mias.calendar import date_in_words
from bot.mias.reminders import (
    CODE_DIGITS,
    CODE_LIFETIME,
    CODE_TRIES,
    CODES_PER_CONVERSATION,
    about,
    first_reminder_day,
)
from bot.services.cases import Conversation
from bot.services.reminders.numbers import number_stopped
from bot.services.reminders.schedule import consent_for, plan_reminders, planned_for
from bot.services.reminders.texting import outbound_row, send_recorded, text_of
from bot.services.sms import CHANNEL, SmsNotSent, mask_number
from bot.services.sms.contacts import contact_row
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import ReminderConsent
from bot.store.queries import case_for, utc_now

logger = logging.getLogger(__name__)

WEB = "web"
CODE_TEXT = "utter_reminders_code_text"


@dataclass(frozen=True)
class Offer:
    """What the assistant can offer a conversation: reminders `about` a deadline (APPEAL or
    MIAS_CONTACT), and whether the person already said yes (`confirmed`, to `masked_number`)
    or no (`declined`)."""

    about: str
    deadline: date
    confirmed: bool = False
    declined: bool = False
    masked_number: str = ""

    @property
    def deadline_words(self) -> str:
        return date_in_words(self.deadline)


def offer_reminders(database_url: str, conversation_id: str, today: date) -> Offer | None:
    """The reminders this conversation's dates give from tomorrow, or None when there are none.

    A conversation that already said yes has its reminders brought in step with its dates first
    (e.g. appeal reminders in place of the MIAS contact one once the choice is made). A yes
    whose number has texted STOP since counts as none: the offer is made again.
    """
    with transaction(database_url) as session:
        case = case_for(session, conversation_id)
        if case is None:
            return None
        consent = consent_for(session, conversation_id)
        confirmed = (
            consent is not None
            and consent.confirmed_at is not None
            and not number_stopped(session, str(consent.phone_number))
        )
        if consent is not None and confirmed:
            plan_reminders(session, consent, case)
        first_day = consent.remind_from if consent and confirmed else None
        planned = planned_for(session, case, first_day or first_reminder_day(today))
        if not planned:
            return None
        return Offer(
            about=about(planned[0].kind),
            deadline=planned[0].deadline,
            confirmed=confirmed,
            declined=consent is not None and consent.declined_at is not None,
            masked_number=mask_number(consent.phone_number or "") if consent and confirmed else "",
        )


def _consent(session: Session, who: Conversation, now: datetime) -> ReminderConsent:
    consent = consent_for(session, who.conversation_id)
    if consent is None:
        consent = ReminderConsent(
            conversation_id=who.conversation_id,
            channel=CHANNEL if who.channel == CHANNEL else WEB,
            code_tries_left=0,
            codes_sent=0,
            created_at=now,
            updated_at=now,
        )
        session.add(consent)
    consent.updated_at = now
    return consent


def decline(database_url: str, who: Conversation) -> None:
    """The person said no: remembered, so the offer is not made again unasked."""
    with transaction(database_url) as session:
        consent = _consent(session, who, utc_now())
        if consent.confirmed_at is None:
            consent.declined_at = consent.updated_at
            consent.code_hash = consent.code_expires_at = None
    logger.info("event=reminders_declined conversation_id=%s", who.conversation_id)


def _confirm(session: Session, consent: ReminderConsent, now: datetime, today: date) -> None:
    consent.confirmed_at, consent.declined_at = now, None
    consent.code_hash = consent.code_expires_at = None
    consent.code_tries_left = 0
    consent.remind_from = first_reminder_day(today)
    session.flush()
    plan_reminders(session, consent, case_for(session, consent.conversation_id))


def confirm_by_sms(database_url: str, conversation_id: str, today: date) -> bool:
    """YES on SMS: the phone that texts us gets the reminders. False if we hold no number."""
    now = utc_now()
    with transaction(database_url) as session:
        contact = contact_row(session, conversation_id)
        if contact is None:
            return False
        consent = _consent(session, Conversation(conversation_id, CHANNEL), now)
        consent.phone_number = contact.phone_number
        _confirm(session, consent, now, today)
    logger.info("event=reminders_confirmed channel=sms conversation_id=%s", conversation_id)
    return True


def code_hash(settings: Settings, conversation_id: str, code: str) -> str:
    message = f"mias-reminder-code:{conversation_id}:{code}".encode()
    return hmac.new(settings.console_secret_key.encode(), message, hashlib.sha256).hexdigest()


def send_code(settings: Settings, who: Conversation, number: str, now: datetime) -> str:
    """Text a new code to `number` for the web chat: "sent", "too_many" (this conversation had
    its codes), "stopped" (the number texted STOP) or "not_sent" (Twilio did not take it)."""
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    with transaction(settings.database_url) as session:
        consent = _consent(session, who, now)
        if consent.codes_sent >= CODES_PER_CONVERSATION:
            return "too_many"
        if number_stopped(session, number):
            return "stopped"
        consent.phone_number, consent.confirmed_at = number, None
        consent.code_hash = code_hash(settings, who.conversation_id, code)
        consent.code_expires_at = now + CODE_LIFETIME
        consent.code_tries_left, consent.codes_sent = CODE_TRIES, consent.codes_sent + 1
        outbound = outbound_row(who.conversation_id, now)
        session.add(outbound)
    body = text_of(settings, CODE_TEXT, {"code": code})
    try:
        send_recorded(settings, outbound.ref, number, body)
    except SmsNotSent as error:
        logger.warning("event=reminder_code_not_sent reason=%s", error.reason)
        return "stopped" if error.reason == "opted_out" else "not_sent"
    logger.info("event=reminder_code_sent conversation_id=%s", who.conversation_id)
    return "sent"


def check_code(
    settings: Settings, conversation_id: str, typed: str, now: datetime, today: date
) -> str:
    """The code typed back: "confirmed" (reminders planned), "wrong" (tries left), "used_up"
    (no tries left), "expired" or "no_code"."""
    with transaction(settings.database_url) as session:
        consent = consent_for(session, conversation_id)
        if consent is None or consent.code_hash is None or consent.code_expires_at is None:
            return "no_code"
        if now > consent.code_expires_at:
            consent.code_hash = consent.code_expires_at = None
            return "expired"
        if hmac.compare_digest(consent.code_hash, code_hash(settings, conversation_id, typed)):
            _confirm(session, consent, now, today)
            outcome = "confirmed"
        else:
            consent.code_tries_left -= 1
            outcome = "wrong" if consent.code_tries_left > 0 else "used_up"
        if outcome == "used_up":
            consent.code_hash = consent.code_expires_at = None
        consent.updated_at = now
    logger.info(
        "event=reminder_code_checked outcome=%s conversation_id=%s", outcome, conversation_id
    )
    return outcome


def resend_code(settings: Settings, who: Conversation, now: datetime) -> str:
    """A new code to the number given before (as `send_code`; "not_sent" without one)."""
    with transaction(settings.database_url) as session:
        consent = consent_for(session, who.conversation_id)
        number = consent.phone_number if consent is not None else None
    if not number:
        return "not_sent"
    return send_code(settings, who, str(number), now)


def confirmed_mobile(database_url: str, conversation_id: str) -> str | None:
    """The mobile number that confirmed reminders for this conversation, unless it has texted
    STOP since: where to text the family about their case (E.164, "+447400123456")."""
    with transaction(database_url) as session:
        consent = consent_for(session, conversation_id)
        if consent is None or consent.confirmed_at is None or not consent.phone_number:
            return None
        number = str(consent.phone_number)
        return None if number_stopped(session, number) else number
