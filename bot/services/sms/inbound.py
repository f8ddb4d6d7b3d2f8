"""Reading a text: what it means (a keyword, a numbered option or words for the assistant), and
handling each text once, however often Twilio retries its webhook (by MessageSid).

Opting out is read before anything else in a text.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from bot.mias.sms_text import (
    HELP_WORDS,
    MORE_WORDS,
    OPT_IN_WORDS,
    OPT_OUT_WORDS,
    choose_option,
    keyword,
    number_in_reply,
)
from bot.services.sms.contacts import ContactState
from bot.store.db import transaction
from bot.store.models import SmsInbound
from bot.store.queries import utc_now

MAX_INBOUND_CHARACTERS = 1600  # Twilio's own limit for one message


def clean_inbound(text: str) -> str:
    """A text as Rasa gets it: no control characters (PostgreSQL refuses NUL), no longer than one
    Twilio message can be."""
    kept = "".join(c if c == "\n" or c.isprintable() else " " for c in text)
    return kept.strip()[:MAX_INBOUND_CHARACTERS]


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
