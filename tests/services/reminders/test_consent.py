"""Consent to reminders: a texted code on the web, YES on SMS, and what can be offered."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from bot.services.cases import record_facts, utc_now
from bot.services.reminders import (
    check_code,
    confirm_by_sms,
    confirmed_mobile,
    decline,
    offer_reminders,
    resend_code,
    send_code,
)
from bot.services.sms import conversation_id_for, opt_in, opt_out, remember_sender
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import Reminder, ReminderConsent, SmsOutbound
from tests.helpers.reminders import (
    APPEAL_BY,
    ASKED_ON,
    CONTACT_BY,
    NUMBER,
    OTHER_NUMBER,
    code_in,
    confirm_on_the_web,
    family,
    texting_family,
)
from tests.helpers.twilio_standin import TwilioStandIn


def planned(database_url: str, conversation_id: str) -> list[tuple[str, date, date]]:
    with transaction(database_url) as session:
        rows = session.execute(
            select(Reminder).where(Reminder.conversation_id == conversation_id)
        ).scalars()
        return sorted((row.kind, row.due_date, row.deadline) for row in rows)


def consent_row(database_url: str, conversation_id: str) -> ReminderConsent:
    with transaction(database_url) as session:
        row = session.execute(
            select(ReminderConsent).where(ReminderConsent.conversation_id == conversation_id)
        ).scalar_one()
        session.expunge(row)
        return row


def test_a_code_is_texted_and_only_its_hash_is_kept(
    settings: Settings, twilio: TwilioStandIn
) -> None:
    who = family(settings.database_url)
    assert send_code(settings, who, NUMBER, utc_now()) == "sent"
    (text,) = twilio.texts_to(NUMBER)
    code = code_in(text.body)
    assert "15 minutes" in text.body and "KIDS" in text.body
    row = consent_row(settings.database_url, who.conversation_id)
    assert row.code_hash and code not in row.code_hash and len(row.code_hash) == 64
    assert row.confirmed_at is None and planned(settings.database_url, "web-1") == []
    with transaction(settings.database_url) as session:  # recorded for its delivery report
        outbound = session.execute(select(SmsOutbound)).scalar_one()
        assert outbound.conversation_id == "web-1" and outbound.message_sid == text.sid
        assert f"ref={outbound.ref}" in text.status_callback


def test_the_right_code_confirms_and_plans_the_reminders(
    settings: Settings, twilio: TwilioStandIn
) -> None:
    who = family(settings.database_url)
    confirm_on_the_web(settings, twilio, who)
    assert planned(settings.database_url, "web-1") == [
        ("appeal_14", date(2027, 3, 9), APPEAL_BY),
        ("appeal_2", date(2027, 3, 21), APPEAL_BY),
        ("appeal_7", date(2027, 3, 16), APPEAL_BY),
    ]
    row = consent_row(settings.database_url, "web-1")
    assert row.code_hash is None and row.remind_from == ASKED_ON + timedelta(days=1)
    assert confirmed_mobile(settings.database_url, "web-1") == NUMBER


def test_three_wrong_tries_use_the_code_up(settings: Settings, twilio: TwilioStandIn) -> None:
    who = family(settings.database_url)
    send_code(settings, who, NUMBER, utc_now())
    code = code_in(twilio.texts_to(NUMBER)[-1].body)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    check = [check_code(settings, "web-1", wrong, utc_now(), ASKED_ON) for _ in range(3)]
    assert check == ["wrong", "wrong", "used_up"]
    assert check_code(settings, "web-1", code, utc_now(), ASKED_ON) == "no_code"
    assert confirmed_mobile(settings.database_url, "web-1") is None


def test_a_code_expires_after_15_minutes(settings: Settings, twilio: TwilioStandIn) -> None:
    who = family(settings.database_url)
    sent_at = utc_now()
    send_code(settings, who, NUMBER, sent_at)
    code = code_in(twilio.texts_to(NUMBER)[-1].body)
    later = sent_at + timedelta(minutes=15, seconds=1)
    assert check_code(settings, "web-1", code, later, ASKED_ON) == "expired"
    assert check_code(settings, "web-1", code, sent_at, ASKED_ON) == "no_code"


def test_a_new_code_replaces_the_old_and_a_conversation_gets_three(
    settings: Settings, twilio: TwilioStandIn
) -> None:
    who = family(settings.database_url)
    send_code(settings, who, NUMBER, utc_now())
    first = code_in(twilio.texts_to(NUMBER)[-1].body)
    assert resend_code(settings, who, utc_now()) == "sent"
    assert resend_code(settings, who, utc_now()) == "sent"
    second = code_in(twilio.texts_to(NUMBER)[-1].body)
    assert resend_code(settings, who, utc_now()) == "too_many"
    assert len(twilio.texts_to(NUMBER)) == 3
    if first != second:
        assert check_code(settings, "web-1", first, utc_now(), ASKED_ON) == "wrong"
    assert check_code(settings, "web-1", second, utc_now(), ASKED_ON) == "confirmed"


def test_no_code_goes_to_a_number_that_texted_stop(
    settings: Settings, twilio: TwilioStandIn
) -> None:
    texting_family(settings, OTHER_NUMBER)  # the number has its own SMS conversation
    opt_out(settings.database_url, conversation_id_for(OTHER_NUMBER, settings.sms_id_key))
    who = family(settings.database_url)
    assert send_code(settings, who, OTHER_NUMBER, utc_now()) == "stopped"
    assert twilio.texts == []


def test_twilio_refusing_the_code_is_said(settings: Settings, twilio: TwilioStandIn) -> None:
    who = family(settings.database_url)
    twilio.fail_next(400, 21211)  # not a number Twilio can text
    assert send_code(settings, who, NUMBER, utc_now()) == "not_sent"
    twilio.fail_next(400, 21610)  # Twilio knows it texted STOP
    assert send_code(settings, who, NUMBER, utc_now()) == "stopped"


def test_yes_by_sms_confirms_the_phones_own_number(settings: Settings) -> None:
    who = texting_family(settings)
    assert confirm_by_sms(settings.database_url, who.conversation_id, ASKED_ON)
    assert confirmed_mobile(settings.database_url, who.conversation_id) == NUMBER
    assert [kind for kind, _, _ in planned(settings.database_url, who.conversation_id)] == [
        "appeal_14",
        "appeal_2",
        "appeal_7",
    ]
    assert not confirm_by_sms(settings.database_url, "sms-without-a-contact", ASKED_ON)


def test_stop_withdraws_the_confirmed_mobile_and_start_restores_it(settings: Settings) -> None:
    who = texting_family(settings)
    confirm_by_sms(settings.database_url, who.conversation_id, ASKED_ON)
    opt_out(settings.database_url, who.conversation_id)
    assert confirmed_mobile(settings.database_url, who.conversation_id) is None
    opt_in(settings.database_url, who.conversation_id)
    assert confirmed_mobile(settings.database_url, who.conversation_id) == NUMBER


def test_what_is_offered_follows_the_familys_dates(settings: Settings) -> None:
    database_url = settings.database_url
    assert offer_reminders(database_url, "nobody", ASKED_ON) is None
    family(database_url, "part-way", choice=None)
    offer = offer_reminders(database_url, "part-way", ASKED_ON)
    assert offer is not None and (offer.about, offer.deadline) == ("mias_contact", CONTACT_BY)
    assert offer.deadline_words == "Friday 19 March 2027" and not offer.confirmed
    family(database_url, "chosen")
    offer = offer_reminders(database_url, "chosen", ASKED_ON)
    assert offer is not None and (offer.about, offer.deadline) == ("appeal", APPEAL_BY)
    assert offer_reminders(database_url, "chosen", APPEAL_BY - timedelta(days=1)) is None


def test_a_no_is_remembered_and_a_later_yes_wins(settings: Settings, twilio: TwilioStandIn) -> None:
    who = family(settings.database_url)
    decline(settings.database_url, who)
    offer = offer_reminders(settings.database_url, "web-1", ASKED_ON)
    assert offer is not None and offer.declined
    confirm_on_the_web(settings, twilio, who)
    offer = offer_reminders(settings.database_url, "web-1", ASKED_ON)
    assert offer is not None and offer.confirmed and not offer.declined
    assert offer.masked_number == "+44*******456"


def test_the_choice_made_later_turns_the_contact_reminder_into_appeal_reminders(
    settings: Settings,
) -> None:
    """Someone who stopped part-way said yes; they come back and choose: the next offer (at the
    choice) brings their reminders in step."""
    who = texting_family(settings, choice=None)
    confirm_by_sms(settings.database_url, who.conversation_id, ASKED_ON)
    assert planned(settings.database_url, who.conversation_id) == [
        ("mias_contact", date(2027, 3, 12), CONTACT_BY)
    ]
    record_facts(settings.database_url, who, choice="mediate", appeal_deadline=APPEAL_BY)
    offer = offer_reminders(settings.database_url, who.conversation_id, date(2027, 2, 10))
    assert offer is not None and offer.confirmed and offer.about == "appeal"
    assert [kind for kind, _, _ in planned(settings.database_url, who.conversation_id)] == [
        "appeal_14",
        "appeal_2",
        "appeal_7",
    ]


def test_a_conversation_without_a_case_has_nothing_to_offer(settings: Settings) -> None:
    remember_sender(settings.database_url, "sms-x", NUMBER)
    assert offer_reminders(settings.database_url, "sms-x", ASKED_ON) is None


def test_a_yes_whose_number_texted_stop_is_offered_again(settings: Settings) -> None:
    who = texting_family(settings)
    confirm_by_sms(settings.database_url, who.conversation_id, ASKED_ON)
    opt_out(settings.database_url, who.conversation_id)
    offer = offer_reminders(settings.database_url, who.conversation_id, ASKED_ON)
    assert offer is not None and not offer.confirmed
