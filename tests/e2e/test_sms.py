"""Texting the assistant through the SMS channel of the running Rasa server, as Twilio would.

Replies come back as TwiML; texts sent later (a caseworker, a certificate approved in review) are
caught by the Twilio stand-in. Every reply is checked by `Phone.text` to be GSM-7 and at most three
segments.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from bot.services.accounts import create_caseworker
from bot.services.cases import Conversation, load_case, record_facts
from bot.services.certificates import (
    CertificateConfig,
    issue_for_case,
    record_certificate_details,
)
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import SmsContact, SmsInbound, SmsOutbound
from tests.helpers.caseworker import PASSWORD, Console, waiting_handoff
from tests.helpers.phone import Phone, new_sid
from tests.helpers.servers import Servers

pytestmark = pytest.mark.e2e

CERTIFICATE_NUMBER = re.compile(r"MC-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")


def user_events(servers: Servers, conversation_id: str) -> list[dict[str, Any]]:
    tracker = httpx.get(f"{servers.rasa_url}/conversations/{conversation_id}/tracker", timeout=30)
    return [e for e in tracker.json()["events"] if e["event"] == "user"]


def user_texts(servers: Servers, conversation_id: str) -> list[str]:
    return [e.get("text") or "" for e in user_events(servers, conversation_id)]


def outbound(servers: Servers, conversation_id: str) -> list[tuple[str, bool, str]]:
    with transaction(servers.env["DATABASE_URL"]) as session:
        rows = session.execute(
            select(SmsOutbound)
            .where(SmsOutbound.conversation_id == conversation_id)
            .order_by(SmsOutbound.id)
        ).scalars()
        return [(row.via, row.certificate, row.status) for row in rows]


def signed_in_console(servers: Servers, email: str) -> Console:
    create_caseworker(servers.env["DATABASE_URL"], email, "Sam Caseworker", PASSWORD, actor="test")
    console = Console(servers.console_url)
    console.post("/console/sign-in", page="/console/sign-in", email=email, password=PASSWORD)
    return console


def test_only_twilio_gets_in_and_a_text_without_body_is_refused(servers: Servers) -> None:
    phone = Phone(servers)
    params = phone.params("hello", new_sid())
    url = phone.webhook_url
    signed = RequestValidator(servers.env["TWILIO_AUTH_TOKEN"]).compute_signature(url, params)
    assert phone.post(url, params, signature="").status_code == 403
    assert phone.post(url, params, signature="bm90IHR3aWxpbw==").status_code == 403
    assert phone.post(url, {**params, "Body": "changed"}, signature=signed).status_code == 403
    assert phone.post(url, {k: v for k, v in params.items() if k != "Body"}).status_code == 400
    assert phone.post(url, {k: v for k, v in params.items() if k != "From"}).status_code == 400
    assert phone.post(url, {**params, "From": "<script>"}).status_code == 400

    assert user_texts(servers, phone.conversation_id) == []  # no conversation was touched
    with transaction(servers.env["DATABASE_URL"]) as session:
        assert (
            session.execute(
                select(SmsInbound.id).where(SmsInbound.message_sid == params["MessageSid"])
            ).first()
            is None
        )
        assert (
            session.execute(
                select(SmsContact.id).where(SmsContact.conversation_id == phone.conversation_id)
            ).first()
            is None
        )
    assert "Is that OK?" in phone.text("hello", sid=params["MessageSid"])  # the real one gets in


def test_a_young_person_gets_a_certificate_by_text_with_numbered_choices(servers: Servers) -> None:
    phone = Phone(servers)
    consent = phone.text("Hello")
    assert "Is that OK?" in consent and "1 - Yes, that's OK\n2 - No thanks" in consent
    assert "Who am I talking to?" in phone.text("1")
    assert "How old are you?" in phone.text("2")
    reply = phone.text("19")  # an age is typed: no numbered menu for it
    assert "right to appeal is yours" in reply and "9 - Something else" in reply
    assert "What date" in phone.text("two")
    assert "Thursday 12 November 2026" in phone.text("12/11/2026")
    assert "Which council" in phone.text("yes")  # the words of option 1, "Yes, that's right"
    reply = phone.text("Birmingham")
    assert "We cover Birmingham" in reply and "Step 1 of 12" in reply
    assert "Step 2 of 12" in phone.text("1")

    help_text = phone.text("HELP")  # answered by the channel; the step's options still stand
    assert "talk to a person" in help_text and "03330 062 835" in help_text
    assert "Step 3 of 12" in phone.text("one")

    sid = new_sid()  # Twilio retries a text: the same answer, and the step moves on only once
    params = phone.params("1", sid)
    first, again = (phone.post(phone.webhook_url, params) for _ in range(2))
    assert "Step 4 of 12" in first.text and again.text == first.text
    for step in range(5, 13):
        assert f"Step {step} of 12" in phone.text("Got it")
    assert "your choice" in phone.text("1")
    assert "full name" in phone.text("2")  # no mediation, I want to appeal

    certificate = phone.text("Sam Jones")
    number = CERTIFICATE_NUMBER.search(certificate)
    assert number and "Tuesday 12 January 2027" in certificate and "SEND35" in certificate
    assert re.search(r"http://\S+/certificates/\S+", certificate)
    assert "Reply MORE" in certificate
    assert "calendar.ics" in phone.text("MORE")

    report = phone.report(phone.replies[-2].status_url, "undelivered", error_code="30003")
    assert report.status_code == 200
    case = load_case(servers.env["DATABASE_URL"], phone.conversation_id)
    assert case is not None and case.channel == "sms"
    assert case.handoffs == (("certificate_undelivered", False, "waiting"),)
    message_ids = [e.get("message_id") for e in user_events(servers, phone.conversation_id)]
    assert message_ids.count(sid) == 1  # the retried text reached the assistant once
    verified = httpx.get(f"{servers.console_url}/verify/{number.group(0)}?format=json", timeout=30)
    assert verified.json()["status"] == "valid"
    for log in ("rasa.log", "actions.log"):
        assert phone.number not in (servers.workdir / log).read_text()


def test_stop_ends_every_text_until_start(servers: Servers) -> None:
    phone = Phone(servers)
    phone.text("Hello")
    assert "caseworkers" in phone.text("talk to a person")
    console = signed_in_console(servers, "sms.stop@example.org")
    handoff_id, case_id = waiting_handoff(servers.env["DATABASE_URL"], phone.conversation_id)
    console.post(f"/console/handoffs/{handoff_id}/claim")
    case_page = f"/console/cases/{case_id}"

    assert "won't get any more texts" in phone.text("Stop")
    console.post(f"{case_page}/reply", page=case_page, text="Hi, it's Sam. Are you OK?")
    assert "texted STOP" in console.client.get(case_page).text
    assert servers.twilio.texts_to(phone.number) == []
    assert "reply START" in phone.text("hello?")
    assert "talk to a person" in phone.text("help")

    assert "Welcome back" in phone.text("START")
    console.post(
        f"{case_page}/reply", page=case_page, text="Hi, it\u2019s Sam \u2014 are you OK? \U0001f642"
    )
    [sent] = servers.twilio.texts_to(phone.number)
    assert sent.body == "Hi, it's Sam - are you OK?" and sent.sender == "+447700900000"

    long_reply = " ".join(
        f"Point {n}: here is what happens next with your appeal." for n in range(20)
    )
    assert len(long_reply) > 1000
    console.post(f"{case_page}/reply", page=case_page, text=long_reply)
    first_part = servers.twilio.texts_to(phone.number)[-1].body
    assert first_part.startswith("Point 0:") and first_part.endswith("Reply MORE for the rest.")
    second_part = phone.text("MORE")
    assert second_part.startswith("Point ") and second_part != first_part
    assert [via for via, _, _ in outbound(servers, phone.conversation_id)].count("rest") == 2


def eligible_case(servers: Servers, conversation_id: str) -> None:
    """The facts of a young person who finished MIAS and declined mediation today."""
    who = Conversation(conversation_id, "sms")
    facts: dict[str, Any] = {
        "role": "young_person",
        "rights_holder": "young_person",
        "decision_type": "refuse_plan",
        "decision_date": datetime(2026, 11, 12).date(),
        "local_authority_name": "Birmingham",
        "local_authority_code": "E08000025",
        "covered": True,
        "route": "mias",
        "choice": "decline",
        "wishes_to_appeal": True,
        "wants_mediation": False,
        "choice_recorded_at": datetime(2026, 11, 25, 10, 0),
    }
    record_facts(servers.env["DATABASE_URL"], who, **facts)
    record_certificate_details(
        servers.env["DATABASE_URL"],
        who,
        applicant_name="Alex Smith",
        mias_completed_at=datetime(2026, 11, 25, 10, 0),
    )


def test_a_certificate_approved_in_review_is_texted_and_its_delivery_recorded(
    servers: Servers,
) -> None:
    phone = Phone(servers)
    phone.text("Hello")
    eligible_case(servers, phone.conversation_id)
    settings = Settings.from_env(servers.env)
    draft = issue_for_case(
        settings.database_url,
        phone.conversation_id,
        "declined",
        today=settings.today(),
        mode="review",
        config=CertificateConfig.from_settings(settings),
    ).certificate
    assert draft is not None and draft.status == "draft"

    console = signed_in_console(servers, "sms.review@example.org")
    console.post(f"/console/certificates/{draft.number}/approve", page="/console/certificates")
    [sent] = servers.twilio.texts_to(phone.number)
    assert draft.number in sent.body and "Tuesday 12 January 2027" in sent.body
    assert phone.report(sent.status_callback, "delivered", sid=sent.sid).status_code == 200
    assert outbound(servers, phone.conversation_id)[-1] == ("rest", True, "delivered")
    case = load_case(settings.database_url, phone.conversation_id)
    assert case is not None and case.handoffs == ()


def test_a_long_message_and_odd_unicode_get_a_short_kind_answer(servers: Servers) -> None:
    phone = Phone(servers)
    odd = "Hi \U0001f44b\U0001f3fd I'm Zo\u00eb \u2014 \u0645\u0631\u062d\u0628\u0627 \u202eok\u202c \x00\u200b"
    assert phone.text(odd)
    long_text = ("My son has autism and the council said no to an assessment. " * 17)[:1000]
    assert phone.text(long_text)
    received = user_texts(servers, phone.conversation_id)
    assert received[-1] == long_text.strip() and "\x00" not in received[0]
    assert "too long for me to read" in phone.text(long_text + " And more. " * 30)  # 1,300
    assert user_texts(servers, phone.conversation_id) == received  # not passed on
