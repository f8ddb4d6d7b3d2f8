"""`mias remind` on a frozen clock, against a Twilio stand-in: each reminder once, at its time,
between 9am and 7pm, never after the deadline, STOP or erasure; failures retried, not doubled."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from bot import cli
from bot.mias.sms_text import segments
from bot.services.cases import record_facts
from bot.services.privacy import erase_conversation, export_conversation
from bot.services.reminders import confirm_by_sms, send_due_reminders
from bot.services.reminders.sending import CLAIM_LEASE, MAX_ATTEMPTS, RETRY_AFTER
from bot.services.reminders.texting import text_of
from bot.services.sms import (
    conversation_id_for,
    opt_in,
    opt_out,
    record_delivery,
    remember_sender,
    texted_stop,
)
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import Reminder, SmsOutbound
from tests.helpers.reminders import (
    APPEAL_BY,
    ASKED_ON,
    NUMBER,
    OTHER_NUMBER,
    at,
    confirm_on_the_web,
    family,
    texting_family,
)
from tests.helpers.twilio_standin import TwilioStandIn

DAY_14, DAY_7, DAY_2 = date(2027, 3, 9), date(2027, 3, 16), date(2027, 3, 21)
APPEAL_TEXT = (
    "KIDS reminder: your SEND appeal must reach the Tribunal by Tuesday 23 March 2027. "
    "Send your mediation certificate with it. Reply STOP to stop texts."
)
CONTACT_TEXT = (
    "KIDS reminder: to keep your right to appeal, finish the mediation information with us "
    "by Friday 19 March 2027. Reply to this text to carry on."
)


def statuses(database_url: str) -> dict[str, str]:
    with transaction(database_url) as session:
        rows = session.execute(select(Reminder.kind, Reminder.status)).all()
        return dict(rows)


def bodies(twilio: TwilioStandIn, number: str = NUMBER) -> list[str]:
    return [text.body for text in twilio.texts_to(number)]


@pytest.fixture
def signed_up(settings: Settings, twilio: TwilioStandIn) -> str:
    """A family on the web chat that confirmed its mobile on ASKED_ON (the code text is cleared
    from the stand-in's record)."""
    who = family(settings.database_url)
    confirm_on_the_web(settings, twilio, who)
    twilio.texts.clear()
    return who.conversation_id


@pytest.mark.usefixtures("signed_up")
def test_each_appeal_reminder_goes_once_on_its_day(
    settings: Settings, twilio: TwilioStandIn
) -> None:
    timeline = [
        (at(ASKED_ON + timedelta(days=1)), 0),
        (at(DAY_14 - timedelta(days=1), 18), 0),
        (at(DAY_14, 8, 59), 0),  # before 9am
        (at(DAY_14, 9, 0), 1),
        (at(DAY_14, 9, 5), 1),  # the next run finds nothing new
        (at(DAY_14, 18, 55), 1),
        (at(DAY_7, 19, 0), 1),  # 7pm: too late in the day
        (at(DAY_7 + timedelta(days=1), 9, 0), 2),  # the day after: still before its successor
        (at(DAY_2, 12), 3),
        (at(APPEAL_BY, 12), 3),
        (at(APPEAL_BY + timedelta(days=1), 12), 3),
    ]
    for moment, texts in timeline:
        send_due_reminders(settings, moment)
        assert len(twilio.texts) == texts, moment
    assert bodies(twilio) == [APPEAL_TEXT] * 3
    assert set(statuses(settings.database_url).values()) == {"sent"}


def test_every_reminder_text_is_one_text(settings: Settings) -> None:
    longest = {"deadline_words": "Wednesday 29 September 2027"}
    for response in (
        "utter_reminder_appeal",
        "utter_reminder_appeal_mediating",
        "utter_reminder_mias_contact",
        "utter_reminder_mias_contact_by_text",
        "utter_reminders_code_text",
    ):
        text = text_of(settings, response, {**longest, "code": "123456"})
        assert segments(text) == 1, (response, len(text))


@pytest.mark.usefixtures("signed_up")
def test_a_late_run_sends_only_the_latest_reminder(
    settings: Settings, twilio: TwilioStandIn
) -> None:
    """Nothing ran for a week: the 14-day reminder is past its time, the 7-day one goes."""
    assert send_due_reminders(settings, at(DAY_7, 10)).counts == {"sent": 1, "skipped": 1}
    assert statuses(settings.database_url) == {
        "appeal_14": "skipped",
        "appeal_7": "sent",
        "appeal_2": "pending",
    }


def test_outside_hours_nothing_is_even_read(settings: Settings) -> None:
    assert send_due_reminders(settings, at(DAY_14, 7)).outside_hours


@pytest.mark.usefixtures("signed_up")
def test_none_goes_after_stop(settings: Settings, twilio: TwilioStandIn) -> None:
    """The family's number texts STOP to the SMS channel after the first reminder."""
    send_due_reminders(settings, at(DAY_14))
    sms_conversation = conversation_id_for(NUMBER, settings.sms_id_key)
    remember_sender(settings.database_url, sms_conversation, NUMBER)  # its first text: STOP
    opt_out(settings.database_url, sms_conversation)
    send_due_reminders(settings, at(DAY_7))
    assert len(twilio.texts) == 1
    assert statuses(settings.database_url)["appeal_7"] == "stopped"
    opt_in(settings.database_url, sms_conversation)  # START: the last one goes again
    send_due_reminders(settings, at(DAY_2))
    assert len(twilio.texts) == 2


@pytest.mark.usefixtures("signed_up")
def test_none_goes_after_erasure(settings: Settings, twilio: TwilioStandIn) -> None:
    send_due_reminders(settings, at(DAY_14))
    held = export_conversation(settings, "web-1")["reminders"]
    assert held["consent"]["phone_number"] == NUMBER and "code_hash" not in held["consent"]
    assert [r["status"] for r in held["reminders"]] == ["sent", "pending", "pending"]
    report = erase_conversation(settings, "web-1", actor="test", source="cli")
    assert report.reminder_records == 4  # the consent and three reminders
    assert report.sms_records == 2  # the code's text and the reminder's
    send_due_reminders(settings, at(DAY_7))
    send_due_reminders(settings, at(DAY_2))
    assert len(twilio.texts) == 1
    assert export_conversation(settings, "web-1")["reminders"] is None


def test_erasing_by_phone_reaches_a_web_chat_that_asked_for_reminders(
    settings: Settings, twilio: TwilioStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    confirm_on_the_web(settings, twilio, family(settings.database_url))
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("CONSOLE_SECRET_KEY", "a-secret-key-for-the-reminder-tests")
    assert cli.main(["erase", "--phone", "07400 123456", "--reason", "asked by phone"]) == 0
    with transaction(settings.database_url) as session:
        assert session.execute(select(Reminder.id)).first() is None


def test_an_sms_family_is_told_to_reply(settings: Settings, twilio: TwilioStandIn) -> None:
    """Stopped part-way on SMS: one text before the MIAS contact date, saying to reply."""
    who = texting_family(settings, choice=None)
    confirm_by_sms(settings.database_url, who.conversation_id, ASKED_ON)
    send_due_reminders(settings, at(date(2027, 3, 12)))
    assert bodies(twilio) == [CONTACT_TEXT]


def test_finishing_the_steps_cancels_the_mias_contact_reminder(
    settings: Settings, twilio: TwilioStandIn
) -> None:
    who = texting_family(settings, choice=None)
    confirm_by_sms(settings.database_url, who.conversation_id, ASKED_ON)
    record_facts(settings.database_url, who, choice="mediate", appeal_deadline=APPEAL_BY)
    send_due_reminders(settings, at(date(2027, 3, 12)))
    assert twilio.texts == []
    assert statuses(settings.database_url) == {"mias_contact": "skipped"}


@pytest.mark.usefixtures("signed_up")
def test_twilio_busy_is_tried_again_later_not_twice(
    settings: Settings, twilio: TwilioStandIn
) -> None:
    for _ in range(3):  # the sender's own three tries
        twilio.fail_next(503)
    assert send_due_reminders(settings, at(DAY_14, 10)).counts == {"retry": 1}
    assert send_due_reminders(settings, at(DAY_14, 10, 10)).counts == {}  # waits RETRY_AFTER
    later = at(DAY_14, 10) + RETRY_AFTER
    assert send_due_reminders(settings, later).counts == {"sent": 1}
    assert send_due_reminders(settings, later + timedelta(minutes=5)).counts == {}
    assert len(twilio.texts) == 1
    with transaction(settings.database_url) as session:
        refs = session.execute(select(SmsOutbound.status)).scalars().all()
        assert sorted(refs) == ["failed", "queued", "queued"]  # code, failed try, reminder


@pytest.mark.usefixtures("signed_up")
def test_a_reminder_twilio_never_takes_fails_after_its_tries(
    settings: Settings, twilio: TwilioStandIn
) -> None:
    moment = at(DAY_14, 9)
    for attempt in range(MAX_ATTEMPTS):
        for _ in range(3):
            twilio.fail_next(500)
        outcome = "failed" if attempt == MAX_ATTEMPTS - 1 else "retry"
        assert send_due_reminders(settings, moment).counts == {outcome: 1}
        moment += RETRY_AFTER
    assert statuses(settings.database_url)["appeal_14"] == "failed"


@pytest.mark.usefixtures("signed_up")
def test_twilio_saying_the_number_texted_stop_is_recorded(
    settings: Settings, twilio: TwilioStandIn
) -> None:
    twilio.fail_next(400, 21610)
    assert send_due_reminders(settings, at(DAY_14)).counts == {"stopped": 1}
    assert texted_stop(settings.database_url, conversation_id_for(NUMBER, settings.sms_id_key))
    send_due_reminders(settings, at(DAY_7))
    assert twilio.texts == []


@pytest.mark.usefixtures("signed_up")
def test_a_claim_left_by_a_dead_run_is_taken_over_unless_the_text_went(
    settings: Settings, twilio: TwilioStandIn
) -> None:
    """A copy died after claiming two reminders (and sending the first); another copy takes
    them over once the claim is old, and sends only the one Twilio never reported."""
    claimed_at = datetime(2027, 3, 16, 9, 0)
    with transaction(settings.database_url) as session:
        for kind, ref in (("appeal_14", "went-ref"), ("appeal_7", "lost-ref")):
            session.add(
                SmsOutbound(
                    ref=ref,
                    conversation_id="web-1",
                    via="rest",
                    certificate=False,
                    status="queued",
                    created_at=claimed_at,
                    updated_at=claimed_at,
                )
            )
            session.execute(
                update(Reminder)
                .where(Reminder.kind == kind)
                .values(claimed_at=claimed_at, claimed_by="dead-run", outbound_ref=ref)
            )
    record_delivery(
        settings.database_url,
        ref="went-ref",
        message_sid="SM1",
        status="delivered",
        error_code=None,
    )
    assert send_due_reminders(settings, at(DAY_7, 9, 5)).counts == {}  # the claim is fresh
    taken_over = at(DAY_7, 9) + CLAIM_LEASE + timedelta(minutes=1)
    assert send_due_reminders(settings, taken_over).counts == {"already_sent": 1, "sent": 1}
    assert statuses(settings.database_url)["appeal_14"] == "sent"  # superseded but it went
    assert len(twilio.texts) == 1 and "23 March 2027" in twilio.texts[0].body


def test_the_command_sends_what_is_due(
    settings: Settings,
    twilio: TwilioStandIn,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    confirm_on_the_web(settings, twilio, family(settings.database_url))
    for name, value in {
        "DATABASE_URL": settings.database_url,
        "TWILIO_ACCOUNT_SID": settings.twilio_account_sid,
        "TWILIO_AUTH_TOKEN": settings.twilio_auth_token,
        "TWILIO_FROM_NUMBER": settings.twilio_from_number,
        "TWILIO_API_URL": settings.twilio_api_url,
        "MIAS_NOW": "2027-03-09T09:30",
    }.items():
        monkeypatch.setenv(name, value)
    assert cli.main(["remind"]) == 0
    assert "Reminders: 1 sent" in capsys.readouterr().out
    monkeypatch.setenv("MIAS_NOW", "2027-03-09T19:30")
    assert cli.main(["remind"]) == 0
    assert "9am to 7pm" in capsys.readouterr().out
    assert len(twilio.texts_to(NUMBER)) == 2  # the code, then the reminder


def test_two_families_two_numbers(settings: Settings, twilio: TwilioStandIn) -> None:
    confirm_on_the_web(settings, twilio, family(settings.database_url, "web-1"))
    confirm_on_the_web(settings, twilio, family(settings.database_url, "web-2"), OTHER_NUMBER)
    twilio.texts.clear()
    assert send_due_reminders(settings, at(DAY_14)).counts == {"sent": 2}
    assert len(bodies(twilio, NUMBER)) == len(bodies(twilio, OTHER_NUMBER)) == 1
