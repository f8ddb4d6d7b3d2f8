"""Families with dates to remind, settings that text through a Twilio stand-in, and the clock.

The dates: a decision letter of Tue 19 Jan 2027 (MIAS contact date Fri 19 Mar 2027), the
choice made and reminders asked for on Mon 1 Feb 2027, an appeal deadline of Tue 23 Mar 2027.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from bot.services.cases import Conversation, record_facts, utc_now
from bot.services.reminders import check_code, send_code
from bot.services.sms import conversation_id_for, remember_sender
from bot.settings import UK_TIME, Settings
from tests.helpers.twilio_standin import TwilioStandIn

ASKED_ON = date(2027, 2, 1)
DECISION = date(2027, 1, 19)
CONTACT_BY = date(2027, 3, 19)
APPEAL_BY = date(2027, 3, 23)
NUMBER = "+447400123456"
OTHER_NUMBER = "+447400654321"
COUNCIL = "Surrey County Council"
CODE = re.compile(r"\b\d{6}\b")


def settings_for(database_url: str, twilio_url: str, certificates_dir: Path) -> Settings:
    """Settings that text through the stand-in at `twilio_url`."""
    return Settings.from_env(
        {
            "DATABASE_URL": database_url,
            "CERTIFICATES_DIR": str(certificates_dir),
            "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
            "TWILIO_AUTH_TOKEN": "stand-in-token",
            "TWILIO_FROM_NUMBER": "+447400000001",
            "TWILIO_API_URL": twilio_url,
            "PUBLIC_BASE_URL": "https://mias.example.org",
            "CONSOLE_SECRET_KEY": "a-secret-key-for-the-reminder-tests",
        }
    )


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment in UK time, as `mias remind` sees it."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UK_TIME)


def family(
    database_url: str,
    conversation_id: str = "web-1",
    *,
    channel: str = "socketio",
    choice: str | None = "decline",
    council: str | None = COUNCIL,
) -> Conversation:
    """A case with its dates: before the choice, only the MIAS contact date."""
    who = Conversation(conversation_id, channel)
    record_facts(
        database_url,
        who,
        decision_type="refuse_plan",
        decision_date=DECISION,
        mias_contact_deadline=CONTACT_BY,
        local_authority_name=council,
        route="mias",
        choice=choice,
        appeal_deadline=APPEAL_BY if choice else None,
    )
    return who


def texting_family(
    settings: Settings, number: str = NUMBER, *, choice: str | None = "decline"
) -> Conversation:
    """A family talking to us by SMS: the conversation of their phone, which we hold."""
    conversation_id = conversation_id_for(number, settings.sms_id_key)
    remember_sender(settings.database_url, conversation_id, number)
    return family(settings.database_url, conversation_id, channel="sms", choice=choice)


def code_in(body: str) -> str:
    found = CODE.search(body)
    assert found, body
    return found.group(0)


def confirm_on_the_web(
    settings: Settings,
    twilio: TwilioStandIn,
    who: Conversation,
    number: str = NUMBER,
    *,
    asked_on: date = ASKED_ON,
) -> None:
    """The web chat's way: a code texted to the number, typed back."""
    assert send_code(settings, who, number, utc_now()) == "sent"
    typed = code_in(twilio.texts_to(number)[-1].body)
    assert check_code(settings, who.conversation_id, typed, utc_now(), asked_on) == "confirmed"
