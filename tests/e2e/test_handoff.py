"""A handoff end to end: the bot steps back, a caseworker replies from the console, hands back."""

from __future__ import annotations

import pytest

from bot.services.accounts import create_caseworker
from tests.helpers.caseworker import PASSWORD, Console, waiting_handoff
from tests.helpers.chat import Chat
from tests.helpers.servers import Servers

pytestmark = pytest.mark.e2e


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
