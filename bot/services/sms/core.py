"""SMS conversations: who is texting, STOP and START, each text handled once, the numbered options
and long answers of a turn, texts sent later, and what Twilio reports about delivery.

- The conversation id of a phone is an HMAC of its number keyed with SMS_ID_KEY: stable for the
  same number, and not reversible from logs or Rasa's tracker. The number itself is stored only
  in `sms_contacts`, to send later texts.
- Opting out is recorded before anything else is done with the text; after it, no text sent
  later (a caseworker's reply, a certificate approved in review) goes to that number.
- A turn's answer is made of parts of at most three segments (`bot.mias.sms_text`); the
  first goes out at once, the rest are kept until the person replies MORE.
- A text carrying a certificate is marked, so that a delivery report saying it did not arrive
  asks a caseworker to follow it up (handoff reason "certificate_undelivered").
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import phonenumbers
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.mias.handoff_reasons import CERTIFICATE_UNDELIVERED
from bot.mias.sms_text import (
    HELP_WORDS,
    MORE_WORDS,
    OPT_IN_WORDS,
    OPT_OUT_WORDS,
    Block,
    Option,
    Part,
    choose_option,
    keyword,
    number_in_reply,
    options_from_buttons,
    split_turn,
    to_gsm7,
)
from bot.services.cases import Conversation, request_handoff
from bot.services.responses import render_response
from bot.services.sms.twilio import UNSUBSCRIBED, SmsNotSent, TwilioSender
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import SmsContact, SmsInbound, SmsOutbound
from bot.store.queries import utc_now

logger = logging.getLogger(__name__)

CHANNEL = "sms"
CERTIFICATE = "certificate"
OPTIONS = "options"
CERTIFICATE_RESPONSE = "utter_certificate_ready"
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
MAX_INBOUND_CHARACTERS = 1600  # Twilio's own limit for one message


# ----------------------------------------------------------------------------- who is texting


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


def clean_inbound(text: str) -> str:
    """A text as Rasa gets it: no control characters (PostgreSQL refuses NUL), no longer than one
    Twilio message can be."""
    kept = "".join(c if c == "\n" or c.isprintable() else " " for c in text)
    return kept.strip()[:MAX_INBOUND_CHARACTERS]


@dataclass(frozen=True)
class ContactState:
    conversation_id: str
    opted_out: bool
    has_more: bool
    options: tuple[Option, ...]
    options_seen: bool = True


def _contact(session: Session, conversation_id: str) -> SmsContact | None:
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
            row = _contact(session, conversation_id)
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
            found = _contact(session, conversation_id)
            assert found is not None
            return _state(found)


def contact_state(database_url: str, conversation_id: str) -> ContactState | None:
    with transaction(database_url) as session:
        row = _contact(session, conversation_id)
        return _state(row) if row is not None else None


def texted_stop(database_url: str, conversation_id: str) -> bool:
    """True for an SMS conversation whose number opted out (for the console to say why)."""
    state = contact_state(database_url, conversation_id)
    return state is not None and state.opted_out


def opt_out(database_url: str, conversation_id: str) -> None:
    """STOP: no text goes to this number again until it texts START."""
    with transaction(database_url) as session:
        row = _contact(session, conversation_id)
        if row is not None and row.opted_out_at is None:
            row.opted_out_at = row.updated_at = utc_now()
            row.options, row.pending = None, None
    logger.info("event=sms_opted_out conversation_id=%s", conversation_id)


def opt_in(database_url: str, conversation_id: str) -> None:
    with transaction(database_url) as session:
        row = _contact(session, conversation_id)
        if row is not None:
            row.opted_out_at = None
            row.opted_in_at = row.updated_at = utc_now()
    logger.info("event=sms_opted_in conversation_id=%s", conversation_id)


# ----------------------------------------------------------------------------- reading a text


@dataclass(frozen=True)
class Reading:
    """What to do with a text. `kind` is one of "opt_out", "opt_in", "still_opted_out", "help",
    "more", "more_first", "text_only", "pick_a_number" or "assistant" (then `text` is what Rasa
    gets: the text as typed, or the payload of the option it picked)."""

    kind: str
    text: str = ""


def read_text(body: str, state: ContactState) -> Reading:
    """The keywords first (opting out above all; HELP is answered even after STOP), then a
    numbered option, else the assistant. Options the person has not been sent yet (they are in a
    part still waiting for MORE) are not picked: "1" then asks them to read on first, so a MIAS
    step is never acknowledged unseen."""
    word = keyword(body)
    if word in OPT_OUT_WORDS:
        return Reading("opt_out")
    if word in HELP_WORDS:
        return Reading("help")
    if state.opted_out:
        return Reading("opt_in" if word in OPT_IN_WORDS else "still_opted_out")
    if word in MORE_WORDS and state.has_more:
        return Reading("more")
    if not body.strip():
        return Reading("text_only")
    chosen = choose_option(body, state.options)
    is_number = number_in_reply(body) is not None
    if state.options and not state.options_seen and (chosen is not None or is_number):
        return Reading("more_first")
    if chosen is not None:
        return Reading("assistant", chosen.payload)
    if state.options and is_number:
        return Reading("pick_a_number")
    return Reading("assistant", body)


# ----------------------------------------------------------------------------- each text once


@dataclass(frozen=True)
class Inbound:
    """A text's row: `new` when this request is the first to see it; `reply` once answered."""

    new: bool
    reply: str | None


def begin_text(database_url: str, message_sid: str, conversation_id: str) -> Inbound:
    """Claim a MessageSid; a retried webhook finds the claim (and, once stored, the answer)."""
    try:
        with transaction(database_url) as session:
            session.add(
                SmsInbound(
                    message_sid=message_sid,
                    conversation_id=conversation_id,
                    received_at=utc_now(),
                )
            )
        return Inbound(new=True, reply=None)
    except IntegrityError:
        return Inbound(new=False, reply=stored_reply(database_url, message_sid))


def stored_reply(database_url: str, message_sid: str) -> str | None:
    with transaction(database_url) as session:
        reply: str | None = session.execute(
            select(SmsInbound.reply).where(SmsInbound.message_sid == message_sid)
        ).scalar_one_or_none()
        return reply


def finish_text(database_url: str, message_sid: str, reply: str) -> None:
    with transaction(database_url) as session:
        session.execute(
            update(SmsInbound)
            .where(SmsInbound.message_sid == message_sid)
            .values(reply=reply, answered_at=utc_now())
        )


# ----------------------------------------------------------------------------- a turn's parts


@dataclass(frozen=True)
class Turn:
    """A turn written for a phone: its parts (the first is sent now) and the options it offers."""

    parts: tuple[Part, ...]
    options: tuple[Option, ...] = field(default=())


def _options_text(options: Sequence[Option]) -> str:
    lines = [render_response("utter_sms_choose", {})]
    lines += [
        render_response("utter_sms_option", {"number": str(n), "title": option.title})
        for n, option in enumerate(options, start=1)
    ]
    return "\n".join(lines)


def _buttons(message: Mapping[str, Any]) -> list[Option]:
    return options_from_buttons(message.get("buttons") or message.get("quick_replies") or [])


def compose_turn(messages: Iterable[Mapping[str, Any]]) -> Turn:
    """Rasa's messages for one turn as SMS parts: GSM-7 text, the last buttons as numbered
    options, at most three segments a part. Images and attachments go as their address."""
    messages = list(messages)
    with_buttons = [i for i, m in enumerate(messages) if _buttons(m)]
    last = with_buttons[-1] if with_buttons else None
    options = _buttons(messages[last]) if last is not None else []
    blocks = []
    for i, message in enumerate(messages):
        paragraphs = [str(message.get(key) or "") for key in ("text", "image", "attachment")]
        text = to_gsm7("\n\n".join(p for p in paragraphs if p.strip()))
        tag = CERTIFICATE if message.get("utter_action") == CERTIFICATE_RESPONSE else None
        if text:
            blocks.append(Block(text, tag))
        if i == last:
            blocks.append(Block(to_gsm7(_options_text(options)), OPTIONS))
    more = to_gsm7(render_response("utter_sms_more", {}))
    return Turn(tuple(split_turn(blocks, more=more)), tuple(options))


def single_reply(name: str, values: Mapping[str, str] | None = None) -> Turn:
    """One of our own SMS responses (HELP, STOP...) as a turn of its own, without options."""
    return compose_turn([{"text": render_response(name, values or {}, channel=CHANNEL)}])


def _parts_json(parts: Sequence[Part]) -> str | None:
    return json.dumps([[p.text, sorted(p.tags)] for p in parts]) if parts else None


def save_turn(database_url: str, conversation_id: str, turn: Turn) -> None:
    """Keep the parts not yet sent and the options now on offer, before the first part goes."""
    with transaction(database_url) as session:
        row = _contact(session, conversation_id)
        if row is None:
            return
        row.pending = _parts_json(turn.parts[1:])
        row.options = json.dumps(
            {
                "items": [[o.title, o.payload] for o in turn.options],
                "seen": bool(turn.parts) and OPTIONS in turn.parts[0].tags,
            }
        )
        row.updated_at = utc_now()


def next_part(database_url: str, conversation_id: str) -> Part | None:
    """The next kept part of a long answer (MORE), taken off the list."""
    with transaction(database_url) as session:
        row = _contact(session, conversation_id)
        pending = json.loads(row.pending or "[]") if row is not None else []
        if row is None or not pending:
            return None
        (text, tags), rest = pending[0], pending[1:]
        row.pending = json.dumps(rest) if rest else None
        if OPTIONS in tags:
            row.options = json.dumps({**json.loads(row.options or "{}"), "seen": True})
        row.updated_at = utc_now()
        return Part(text, frozenset(tags))


# ----------------------------------------------------------------------------- texts out


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
    turn = compose_turn([message])
    if not turn.parts:
        return
    with transaction(database_url) as session:
        row = _contact(session, conversation_id)
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


# ----------------------------------------------------------------------------- delivery reports


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
