"""The number reminders go to: a UK mobile read from what a person types, and whether it has
texted STOP.

STOP is the SMS channel's own record (`sms_contacts.opted_out_at`, set by the channel when the
number texts STOP and cleared by START): reminders read it, they never keep a copy. It is looked
up by the number, not the conversation, because a number typed in the web chat texts back into
an SMS conversation of its own.
"""

from __future__ import annotations

import phonenumbers
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import SmsContact

UK = 44
MOBILE_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)


def read_uk_mobile(text: str) -> str | None:
    """The first UK mobile number in `text` ("07400 123456", "+44 7400 123456", "it's
    07400123456"), as Twilio writes it (E.164), or None."""
    for match in phonenumbers.PhoneNumberMatcher(text, "GB"):
        number = match.number
        if number.country_code == UK and phonenumbers.number_type(number) in MOBILE_TYPES:
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def number_stopped(session: Session, number: str) -> bool:
    """True when the number's latest SMS record says it texted STOP (and not START since)."""
    opted_out = session.execute(
        select(SmsContact.opted_out_at)
        .where(SmsContact.phone_number == number)
        .order_by(SmsContact.updated_at.desc(), SmsContact.id.desc())
        .limit(1)
    ).first()
    return opted_out is not None and opted_out[0] is not None
