"""The caseworker console in a real browser: sign-in, live queue, case card, reply, review mode.

Each page is scanned with axe-core (no serious or critical problem allowed). The family's side of
the conversation runs over Rasa's REST channel against the same servers.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Page, expect

from bot.services.accounts import create_caseworker
from tests.helpers.browser import keep_screenshot, serious_accessibility_problems
from tests.helpers.chat import MIAS_STEPS, Chat
from tests.helpers.servers import Servers

pytestmark = pytest.mark.e2e
PASSWORD = "a long and memorable passphrase"
CERTIFICATE_NUMBER = re.compile(r"MC-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")


@pytest.fixture()
def caseworker(servers: Servers) -> str:
    email = f"cw-{uuid.uuid4().hex[:8]}@example.org"
    create_caseworker(servers.env["DATABASE_URL"], email, "Robin", PASSWORD, actor="test")
    return email


def sign_in(page: Page, console_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{console_url}/console/sign-in")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def bot_texts(chat: Chat) -> list[str]:
    return [e.get("text") or "" for e in chat.events() if e["event"] == "bot"]


def test_sign_in_is_accessible_and_a_wrong_password_is_explained(
    page: Page, servers: Servers, caseworker: str
) -> None:
    page.goto(f"{servers.console_url}/console/sign-in")
    assert serious_accessibility_problems(page) == []

    sign_in(page, servers.console_url, caseworker, "not the password")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("E-mail address")).to_have_value(caseworker)
    assert serious_accessibility_problems(page) == []

    sign_in(page, servers.console_url, caseworker)
    expect(page.get_by_role("heading", name="People waiting for a caseworker")).to_be_visible()


def test_a_caseworker_takes_a_conversation_and_answers_in_the_browser(
    page: Page, servers: Servers, caseworker: str
) -> None:
    sign_in(page, servers.console_url, caseworker)
    expect(page.get_by_role("heading", name="People waiting for a caseworker")).to_be_visible()

    chat = Chat(servers.rasa_url)
    chat.start_as_parent()
    chat.say("my partner hits me and I'm scared to go home")
    chat_two = Chat(servers.rasa_url)
    chat_two.start_as_parent()
    chat_two.say("can I talk to a real person please")

    rows = page.locator("#queue-rows tr")
    expect(rows.filter(has_text="Urgent")).to_have_count(1)  # arrives without a reload
    expect(rows.first).to_contain_text("Urgent")  # safeguarding comes first
    assert serious_accessibility_problems(page) == []

    rows.first.get_by_role("button", name=re.compile(r"Take case \d+")).click()
    expect(page.get_by_role("heading", name=re.compile(r"Case \d+"))).to_be_visible()
    expect(page.get_by_text("You have this case")).to_be_visible()
    transcript = page.locator("#transcript")
    expect(transcript).to_contain_text("scared to go home")
    assert serious_accessibility_problems(page) == []
    keep_screenshot(page, "console-case-phone")

    assert chat.say("are you still there?") == ""  # the bot steps back
    expect(transcript).to_contain_text("are you still there?")  # appears without a reload

    page.get_by_label("Your reply").focus()
    page.keyboard.type("Hello, I'm Robin. You did the right thing telling us.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_be_visible()
    assert "Hello, I'm Robin. You did the right thing telling us." in bot_texts(chat)

    page.get_by_role("button", name="Hand back to the assistant").click()
    assert any("back with the assistant" in text for text in bot_texts(chat))


@pytest.fixture()
def review_mode(servers: Servers) -> Iterator[None]:
    with servers.changed("actions", CERTIFICATE_MODE="review"):
        yield


def decline_mediation(chat: Chat) -> str:
    chat.start_as_parent()
    chat.say("12/11/2026")
    chat.say("yes")
    chat.say("Birmingham")
    for _ in range(MIAS_STEPS):
        chat.say("got it")
    chat.say("I don't want mediation")
    chat.say("Sam Jones")
    return chat.say("Alex Jones")


def test_in_review_mode_a_draft_is_approved_and_the_person_gets_it(
    page: Page, servers: Servers, caseworker: str, review_mode: None
) -> None:
    chat = Chat(servers.rasa_url)
    reply = decline_mediation(chat)
    assert "check your certificate" in reply and "Tuesday 12 January 2027" in reply
    assert not CERTIFICATE_NUMBER.search(reply)  # nothing is issued before a person checks it

    sign_in(page, servers.console_url, caseworker)
    page.get_by_role("link", name=re.compile("Certificates to review")).first.click()
    draft = page.locator("section").filter(has_text="Sam Jones")
    expect(draft).to_contain_text("Birmingham City Council")
    expect(draft).to_contain_text("Thursday 12 November 2026")
    assert serious_accessibility_problems(page) == []
    draft.get_by_role("button", name=re.compile("Approve and send")).click()
    expect(page.get_by_role("status")).to_contain_text("the person has been sent it")

    ready = next(text for text in bot_texts(chat) if "certificate is ready" in text)
    number = CERTIFICATE_NUMBER.search(ready)
    pdf_url = re.search(r"(http://\S+/certificates/\S+?)(?=\s|$)", ready)
    assert number and pdf_url and "Tuesday 12 January 2027" in ready
    download = httpx.get(pdf_url.group(1), timeout=30)
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    verified = httpx.get(f"{servers.console_url}/verify/{number.group(0)}?format=json", timeout=30)
    assert verified.json()["status"] == "valid"
