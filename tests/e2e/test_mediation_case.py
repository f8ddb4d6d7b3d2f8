"""A mediation case end to end: the family chooses mediation in the chat, a caseworker keeps the
30-day clock in the console, and the certificate comes one click away ("not arranged" and
"mediation concluded"), or when the family changes their mind; each time the family is told the
new appeal date in their conversation.

Today is frozen at Wed 25 Nov 2026. The letter is dated Thu 1 Oct 2026, so the two-month appeal
date is Tue 1 Dec 2026; a certificate issued today counts one month from today, 25 Dec, which is
in the Christmas window: the appeal must reach the Tribunal by Mon 4 Jan 2027.
"""

from __future__ import annotations

import re
import uuid

import httpx
import pytest
from sqlalchemy import select

from bot.services.accounts import create_caseworker
from bot.store.db import transaction
from bot.store.models import Case, Certificate, MediationCase
from tests.helpers.caseworker import PASSWORD, Console
from tests.helpers.chat import MIAS_STEPS, Chat
from tests.helpers.servers import Servers

pytestmark = pytest.mark.e2e

NEW_APPEAL_DATE = "Monday 4 January 2027"
NUMBER = re.compile(r"MC-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")


def chose_mediation(servers: Servers) -> Chat:
    chat = Chat(servers.rasa_url)
    chat.start_as_parent("refuse_plan")
    chat.say("1/10/2026")
    chat.say("yes")
    chat.say("Croydon")
    for _ in range(MIAS_STEPS):
        chat.say("got it")
    assert "full name" in chat.say("/request_mediation")  # for a certificate if it comes
    assert "full name of the child" in chat.say("Jane Smith")
    summary = chat.say("Sam Smith")
    assert "Friday 25 December 2026" in summary  # day 30, counted from today
    return chat


def signed_in(servers: Servers) -> Console:
    email = f"cw-{uuid.uuid4().hex[:8]}@example.org"
    create_caseworker(servers.env["DATABASE_URL"], email, "Casey", PASSWORD, actor="test")
    console = Console(servers.console_url)
    done = console.post("/console/sign-in", page="/console/sign-in", email=email, password=PASSWORD)
    assert done.status_code == 303
    return console


def mediation_page(servers: Servers, chat: Chat) -> str:
    with transaction(servers.env["DATABASE_URL"]) as session:
        found = session.execute(
            select(MediationCase.id)
            .join(Case, Case.id == MediationCase.case_id)
            .where(Case.conversation_id == chat.sender)
        ).scalar_one()
    return f"/console/mediation/{found}"


def bot_texts(chat: Chat) -> list[str]:
    return [e.get("text") or "" for e in chat.events() if e["event"] == "bot"]


def names_given(console: Console, page: str) -> None:
    saved = console.post(
        f"{page}/names", page=page, applicant_name="Jane Smith", child_name="Sam Smith"
    )
    assert saved.status_code == 303


def told(chat: Chat, before: int) -> tuple[str, str]:
    """The two messages the family was sent since `before`: why, then the certificate."""
    new = bot_texts(chat)[before:]
    assert len(new) == 2, new
    return new[0], new[1]


def route_of(servers: Servers, number: str) -> str:
    verified = httpx.get(f"{servers.console_url}/verify/{number}?format=json", timeout=30)
    assert verified.status_code == 200
    with transaction(servers.env["DATABASE_URL"]) as session:
        return str(
            session.execute(
                select(Certificate.route).where(Certificate.number == number)
            ).scalar_one()
        )


def test_the_council_cannot_arrange_it_in_time_and_the_certificate_is_one_click(
    servers: Servers,
) -> None:
    chat = chose_mediation(servers)
    console = signed_in(servers)
    page = mediation_page(servers, chat)
    assert "Mediation case" in console.client.get("/console/mediation").text
    names_given(console, page)
    recorded = console.post(f"{page}/record", page=page, what="cannot_arrange_on", day="2026-11-25")
    assert recorded.status_code == 303
    assert "Certificate owed" in console.client.get(page).text

    before = len(bot_texts(chat))
    assert console.post(f"{page}/certificate", page=page, route="not_arranged").status_code == 303

    why, certificate = told(chat, before)
    assert "could not hold it in time" in why and NEW_APPEAL_DATE in why
    assert NEW_APPEAL_DATE in certificate
    number = NUMBER.search(certificate)
    assert number and route_of(servers, number.group(0)) == "not_arranged"
    assert "told in their conversation" in console.client.get(page).text


def test_mediation_ends_without_agreement_and_the_certificate_is_one_click(
    servers: Servers,
) -> None:
    chat = chose_mediation(servers)
    console = signed_in(servers)
    page = mediation_page(servers, chat)
    names_given(console, page)
    console.post(f"{page}/record", page=page, what="council_told_on", day="2026-11-25")
    ended = console.post(
        f"{page}/record", page=page, what="held_on", day="2026-11-25", outcome="no_agreement"
    )
    assert ended.status_code == 303

    before = len(bot_texts(chat))
    clicked = console.post(f"{page}/certificate", page=page, route="mediation_concluded")
    assert clicked.status_code == 303

    why, certificate = told(chat, before)
    assert "Wednesday 25 November 2026" in why and NEW_APPEAL_DATE in why
    number = NUMBER.search(certificate)
    assert number and route_of(servers, number.group(0)) == "mediation_concluded"


def test_a_family_who_changes_their_mind_gets_the_certificate(servers: Servers) -> None:
    """Before mediation is held they may still decline (CFA 2014 s.55(4), reg 34): the names
    were given with the choice, so the certificate for declining comes at once."""
    chat = chose_mediation(servers)
    reply = chat.say("I've changed my mind, just give me the certificate please")
    number = NUMBER.search(reply)
    assert number and route_of(servers, number.group(0)) == "declined"
    assert NEW_APPEAL_DATE in reply

    console = signed_in(servers)
    assert "Changed their mind" in console.client.get(mediation_page(servers, chat)).text
    again = chat.say("can I have my certificate please")
    assert number.group(0) in again and "already have" in again
