"""A handoff end to end: the bot steps back, a caseworker replies from the console, hands back."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import select

from bot.services.accounts import create_caseworker
from bot.store.db import transaction
from bot.store.models import Case, Handoff
from tests.e2e.chat import Chat
from tests.e2e.conftest import Servers

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery staple"


class Console:
    """A caseworker's browser session, CSRF tokens and all."""

    def __init__(self, base_url: str) -> None:
        self.client = httpx.Client(base_url=base_url, timeout=30, follow_redirects=False)

    def token(self, path: str) -> str:
        match = re.search(r'name="csrf_token" value="([^"]+)"', self.client.get(path).text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def post(self, path: str, page: str = "/console/", **data: str) -> httpx.Response:
        return self.client.post(path, data={**data, "csrf_token": self.token(page)})


def waiting_handoff(database_url: str, conversation_id: str) -> tuple[int, int]:
    with transaction(database_url) as session:
        row = session.execute(
            select(Handoff.id, Case.id)
            .join(Case, Handoff.case_id == Case.id)
            .where(Case.conversation_id == conversation_id, Handoff.status == "waiting")
        ).one()
        return int(row[0]), int(row[1])


def bot_texts(chat: Chat) -> list[str]:
    return [e.get("text") or "" for e in chat.events() if e["event"] == "bot"]


def test_a_caseworker_takes_over_replies_and_hands_back(servers: Servers) -> None:
    database_url = servers.env["DATABASE_URL"]
    create_caseworker(database_url, "casey@example.org", "Casey", PASSWORD, actor="test")
    chat = Chat(servers.rasa_url)
    chat.start_as_parent()
    assert "caseworkers" in chat.say("I'd like to speak to a real person please")

    console = Console(servers.console_url)
    signed_in = console.post(
        "/console/sign-in", page="/console/sign-in", email="casey@example.org", password=PASSWORD
    )
    assert signed_in.status_code in (302, 303)
    handoff_id, case_id = waiting_handoff(database_url, chat.sender)
    assert f"/console/handoffs/{handoff_id}/claim" in console.client.get("/console/").text
    assert (
        console.post(f"/console/handoffs/{handoff_id}/claim")
        .headers["location"]
        .endswith(f"/console/cases/{case_id}")
    )
    case_page = f"/console/cases/{case_id}"

    assert chat.say("hello? is anyone there") == ""  # the bot stays silent while a person has it
    console.post(f"{case_page}/reply", page=case_page, text="Hi, I'm Casey. How can I help?")
    assert "Hi, I'm Casey. How can I help?" in bot_texts(chat)
    assert "hello? is anyone there" in console.client.get(case_page).text

    console.post(f"{case_page}/hand-back", page=case_page)
    assert any("back with the assistant" in text for text in bot_texts(chat))
    assert any(
        "What date" in text for text in bot_texts(chat)[-2:]
    )  # back at the question it was on
    assert "Thursday 12 November 2026" in chat.say("12/11/2026")
