"""The provider's counts of reminders sent and delivered, by council, from Twilio's reports."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from bot.services.reminders import UNKNOWN_COUNCIL, reminder_figures, send_due_reminders
from bot.services.sms import record_delivery
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import SmsOutbound
from tests.helpers.reminders import OTHER_NUMBER, at, confirm_on_the_web, family
from tests.helpers.twilio_standin import TwilioStandIn

DAY_14, DAY_7 = date(2027, 3, 9), date(2027, 3, 16)


def report(settings: Settings, sid: str, status: str) -> None:
    """Twilio's status callback for the text it gave `sid`."""
    with transaction(settings.database_url) as session:
        ref = session.execute(
            select(SmsOutbound.ref).where(SmsOutbound.message_sid == sid)
        ).scalar_one()
    record_delivery(settings.database_url, ref=ref, message_sid=sid, status=status, error_code=None)


def figures(settings: Settings, start: date, end: date) -> dict[str, dict[str, int]]:
    with transaction(settings.database_url) as session:
        return reminder_figures(session, start, end)


def test_sent_and_delivered_by_council_for_a_period(
    settings: Settings, twilio: TwilioStandIn
) -> None:
    confirm_on_the_web(settings, twilio, family(settings.database_url, "surrey"))
    confirm_on_the_web(
        settings,
        twilio,
        family(settings.database_url, "kent", council="Kent County Council"),
        OTHER_NUMBER,
    )
    twilio.texts.clear()
    send_due_reminders(settings, at(DAY_14))
    surrey_14, kent_14 = (text.sid for text in twilio.texts)
    send_due_reminders(settings, at(DAY_7))
    report(settings, surrey_14, "delivered")
    report(settings, kent_14, "undelivered")
    report(settings, twilio.texts[2].sid, "sent")  # no final report yet
    assert figures(settings, DAY_14, DAY_7) == {
        "Surrey County Council": {"sent": 2, "delivered": 1},
        "Kent County Council": {"sent": 2, "delivered": 0},
    }
    assert figures(settings, DAY_14, DAY_14 + timedelta(days=6)) == {
        "Surrey County Council": {"sent": 1, "delivered": 1},
        "Kent County Council": {"sent": 1, "delivered": 0},
    }
    assert figures(settings, date(2027, 4, 1), date(2027, 4, 30)) == {}


def test_codes_are_not_counted_and_a_case_without_a_council_is_unknown(
    settings: Settings, twilio: TwilioStandIn
) -> None:
    confirm_on_the_web(settings, twilio, family(settings.database_url, council=None))
    send_due_reminders(settings, at(DAY_14))
    assert len(twilio.texts) == 2  # the code and one reminder
    assert figures(settings, DAY_14, DAY_14) == {UNKNOWN_COUNCIL: {"sent": 1, "delivered": 0}}
