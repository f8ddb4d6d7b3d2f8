"""SMS use cases on a real migrated SQLite database, with Twilio's API on a loopback stand-in."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import select

from bot.mias.sms_text import Option, Part, is_gsm7, segments
from bot.services import sms
from bot.services.cases import load_case
from bot.services.sms.twilio import SmsNotSent, TwilioAccount, TwilioSender
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import SmsOutbound
from tests.helpers.twilio_standin import TwilioStandIn, twilio_standin

NUMBER = "+447700900123"
KEY = "test-key"
ID = sms.conversation_id_for(NUMBER, KEY)


@pytest.fixture(scope="module")
def standin() -> Iterator[TwilioStandIn]:
    with twilio_standin() as running:
        yield running


@pytest.fixture
def settings(database_url: str, standin: TwilioStandIn) -> Settings:
    return replace(
        Settings.from_env({}),
        database_url=database_url,
        twilio_account_sid="AC" + "0" * 32,
        twilio_auth_token="token",
        twilio_from_number="+447700900000",
        twilio_api_url=standin.url,
        sms_webhook_url="https://mias.example.org/webhooks/sms/webhook",
    )


def statuses(database_url: str) -> list[tuple[str, bool, str, str | None]]:
    with transaction(database_url) as session:
        rows = session.execute(select(SmsOutbound).order_by(SmsOutbound.id)).scalars()
        return [(r.via, r.certificate, r.status, r.error_code) for r in rows]


# ----------------------------------------------------------------------------- who is texting


def test_the_conversation_id_is_stable_and_does_not_show_the_number() -> None:
    assert sms.conversation_id_for(NUMBER, KEY) == sms.conversation_id_for("+44 7700 900123", KEY)
    assert sms.conversation_id_for(NUMBER, "another key") != ID
    assert ID.startswith("sms-") and "900123" not in ID and "7700" not in ID


def test_a_number_is_masked_for_logs() -> None:
    assert sms.mask_number(NUMBER) == "+44*******123"
    assert sms.mask_number("12345") == "*****"


def test_a_text_is_cleaned_of_control_characters_and_capped() -> None:
    assert sms.clean_inbound("hi\x00 there\x07\nyes") == "hi  there \nyes"
    assert len(sms.clean_inbound("a" * 5000)) == 1600


# ----------------------------------------------------------------------------- reading a text


def state(**changes: object) -> sms.ContactState:
    return replace(sms.ContactState(ID, opted_out=False, has_more=False, options=()), **changes)


@pytest.mark.parametrize(
    ("body", "changes", "kind", "text"),
    [
        ("STOP", {}, "opt_out", ""),
        ("unsubscribe", {"opted_out": True}, "opt_out", ""),
        ("Help", {}, "help", ""),
        ("help", {"opted_out": True}, "help", ""),
        ("yes", {"opted_out": True}, "opt_in", ""),
        ("START", {"opted_out": True}, "opt_in", ""),
        ("hello?", {"opted_out": True}, "still_opted_out", ""),
        ("yes", {}, "assistant", "yes"),
        ("MORE", {"has_more": True}, "more", ""),
        ("more", {}, "assistant", "more"),
        ("  ", {}, "text_only", ""),
        (
            "1",
            {"options": (Option("Yes", "/affirm"), Option("No", "/deny"))},
            "assistant",
            "/affirm",
        ),
        ("3", {"options": (Option("Yes", "/affirm"), Option("No", "/deny"))}, "pick_a_number", ""),
        ("3", {}, "assistant", "3"),
        ("1", {"options": (Option("Got it", "/affirm"),), "options_seen": False}, "more_first", ""),
        (
            "got it",
            {"options": (Option("Got it", "/affirm"),), "options_seen": False},
            "more_first",
            "",
        ),
        (
            "what is mediation?",
            {"options": (Option("Got it", "/affirm"),), "options_seen": False},
            "assistant",
            "what is mediation?",
        ),
    ],
)
def test_what_a_text_means_depends_on_keywords_then_options(
    body: str, changes: dict[str, object], kind: str, text: str
) -> None:
    assert sms.read_text(body, state(**changes)) == sms.Reading(kind, text)


# ----------------------------------------------------------------------------- storing


def test_a_message_sid_is_handled_once_and_answered_the_same(database_url: str) -> None:
    assert sms.begin_text(database_url, "SM1", ID) == sms.Inbound(new=True, reply=None)
    assert sms.begin_text(database_url, "SM1", ID) == sms.Inbound(new=False, reply=None)
    sms.finish_text(database_url, "SM1", "<Response/>")
    assert sms.begin_text(database_url, "SM1", ID) == sms.Inbound(new=False, reply="<Response/>")


def test_stop_and_start_are_remembered(database_url: str) -> None:
    assert not sms.remember_sender(database_url, ID, NUMBER).opted_out
    sms.opt_out(database_url, ID)
    assert sms.remember_sender(database_url, ID, NUMBER).opted_out
    sms.opt_in(database_url, ID)
    assert not sms.remember_sender(database_url, ID, NUMBER).opted_out


def test_a_long_turn_is_kept_and_given_part_by_part(database_url: str) -> None:
    sms.remember_sender(database_url, ID, NUMBER)
    buttons = [
        {"title": "Got it", "payload": "/affirm"},
        {"title": "Talk to a person", "payload": "/request_human"},
    ]
    turn = sms.compose_turn(
        [{"text": "A long step. " * 60}, {"text": "Is that clear?", "buttons": buttons}],
        Settings.from_env({}),
    )
    assert len(turn.parts) == 2 and all(segments(p.text) <= 3 for p in turn.parts)
    assert "Reply MORE" in turn.parts[0].text
    assert turn.parts[1].text.endswith("Reply with a number:\n1 - Got it\n2 - Talk to a person")
    sms.save_turn(database_url, ID, turn)
    saved = sms.contact_state(database_url, ID)
    assert saved is not None and saved.has_more and not saved.options_seen  # not sent yet
    assert saved.options == (
        Option("Got it", "/affirm"),
        Option("Talk to a person", "/request_human"),
    )
    assert sms.read_text("1", saved).kind == "more_first"
    assert sms.next_part(database_url, ID) == turn.parts[1]
    seen = sms.contact_state(database_url, ID)
    assert seen is not None and seen.options_seen and not seen.has_more
    assert sms.read_text("1", seen) == sms.Reading("assistant", "/affirm")
    assert sms.next_part(database_url, ID) is None


def test_a_turn_is_written_for_a_phone() -> None:
    turn = sms.compose_turn(
        [
            {"text": "It\u2019s your choice \u2014 take your time \U0001f642"},
            {"text": "Your certificate", "utter_action": "utter_certificate_ready"},
        ],
        Settings.from_env({}),
    )
    assert [p.text for p in turn.parts] == ["It's your choice - take your time\n\nYour certificate"]
    assert turn.parts[0].tags == {"certificate"} and is_gsm7(turn.parts[0].text)


# ----------------------------------------------------------------------------- sending later


def test_a_later_text_goes_through_twilio_with_a_status_callback(
    settings: Settings, standin: TwilioStandIn
) -> None:
    number = "+447700900201"
    conversation_id = sms.conversation_id_for(number, KEY)
    sms.remember_sender(settings.database_url, conversation_id, number)
    sms.send_later(settings, conversation_id, {"text": "Hi, I\u2019m Casey."})
    [text] = standin.texts_to(number)
    assert text.body == "Hi, I'm Casey." and text.sender == "+447700900000"
    assert text.status_callback.startswith("https://mias.example.org/webhooks/sms/status?ref=")
    assert statuses(settings.database_url) == [("rest", False, "queued", None)]


def test_nothing_goes_to_a_number_that_texted_stop(
    settings: Settings, standin: TwilioStandIn
) -> None:
    number = "+447700900202"
    conversation_id = sms.conversation_id_for(number, KEY)
    sms.remember_sender(settings.database_url, conversation_id, number)
    sms.opt_out(settings.database_url, conversation_id)
    before = standin.attempts
    with pytest.raises(SmsNotSent) as refused:
        sms.send_later(settings, conversation_id, {"text": "Hi"})
    assert refused.value.reason == "opted_out" and standin.attempts == before


def test_twilio_saying_the_number_opted_out_is_remembered(
    settings: Settings, standin: TwilioStandIn
) -> None:
    number = "+447700900203"
    conversation_id = sms.conversation_id_for(number, KEY)
    sms.remember_sender(settings.database_url, conversation_id, number)
    standin.fail_next(400, 21610)
    with pytest.raises(SmsNotSent):
        sms.send_later(settings, conversation_id, {"text": "Hi"})
    assert sms.remember_sender(settings.database_url, conversation_id, number).opted_out
    assert statuses(settings.database_url) == [("rest", False, "failed", "21610")]


def test_an_unknown_conversation_has_no_number_to_text(settings: Settings) -> None:
    with pytest.raises(SmsNotSent) as refused:
        sms.send_later(settings, "sms-unknown", {"text": "Hi"})
    assert refused.value.reason == "no_number"


def sender(standin: TwilioStandIn, pauses: list[float]) -> TwilioSender:
    account = TwilioAccount("AC" + "1" * 32, "token", "+447700900000", "", standin.url)
    return TwilioSender(account, sleep=pauses.append)


def test_twilio_being_busy_is_retried_a_bounded_number_of_times(standin: TwilioStandIn) -> None:
    pauses: list[float] = []
    standin.fail_next(503)
    assert sender(standin, pauses).send("+447700900204", "Hi", status_callback="https://x/s")
    assert pauses == [0.5] and len(standin.texts_to("+447700900204")) == 1
    for _ in range(3):
        standin.fail_next(500)
    before = standin.attempts
    with pytest.raises(SmsNotSent) as gave_up:
        sender(standin, pauses).send("+447700900205", "Hi", status_callback="https://x/s")
    assert gave_up.value.reason == "unreachable" and standin.attempts - before == 3
    assert pauses == [0.5, 0.5, 1.0] and standin.texts_to("+447700900205") == []


def test_a_refusal_is_not_retried(standin: TwilioStandIn) -> None:
    pauses: list[float] = []
    standin.fail_next(400, 21211)  # not a valid phone number
    with pytest.raises(SmsNotSent) as refused:
        sender(standin, pauses).send("+4477", "Hi", status_callback="https://x/s")
    assert (refused.value.reason, refused.value.code, pauses) == ("refused", 21211, [])


def test_a_messaging_service_sends_when_one_is_set(standin: TwilioStandIn) -> None:
    account = TwilioAccount("AC" + "2" * 32, "token", "+447700900000", "MG" + "3" * 32, standin.url)
    TwilioSender(account).send("+447700900206", "Hi", status_callback="https://x/s")
    assert standin.texts_to("+447700900206")[0].sender == "MG" + "3" * 32


# ----------------------------------------------------------------------------- delivery reports


def test_an_undelivered_certificate_goes_to_a_caseworker_once(database_url: str) -> None:
    sms.remember_sender(database_url, ID, NUMBER)
    ref = sms.new_outbound(
        database_url, ID, Part("Your certificate", frozenset({"certificate"})), via="twiml"
    )
    report = sms.record_delivery(
        database_url, ref=ref, message_sid="SM9", status="sent", error_code=None
    )
    assert report == sms.DeliveryReport(known=True, flagged=False)
    assert sms.record_delivery(
        database_url, ref=ref, message_sid="SM9", status="undelivered", error_code="30003"
    ).flagged
    assert not sms.record_delivery(
        database_url, ref=None, message_sid="SM9", status="failed", error_code="30003"
    ).flagged
    case = load_case(database_url, ID)
    assert case is not None and case.handoffs == (("certificate_undelivered", False, "waiting"),)
    assert statuses(database_url) == [("twiml", True, "failed", "30003")]


def test_reports_out_of_order_never_move_a_text_backwards(database_url: str) -> None:
    ref = sms.new_outbound(database_url, ID, Part("Hello"), via="twiml")
    for status in ("delivered", "sent", "queued"):
        sms.record_delivery(
            database_url, ref=ref, message_sid="SM8", status=status, error_code=None
        )
    assert statuses(database_url) == [("twiml", False, "delivered", None)]
    assert load_case(database_url, ID) is None  # an ordinary text is no caseworker's business


def test_a_report_about_a_text_we_did_not_send_is_ignored(database_url: str) -> None:
    report = sms.record_delivery(
        database_url, ref="nope", message_sid=None, status="failed", error_code=None
    )
    assert report == sms.DeliveryReport(known=False)
