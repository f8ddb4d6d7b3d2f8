"""The website chat widget in a real browser (Debian's chromium), on the console's demo page,
talking to the real Rasa server over socket.io.

Every page here runs under the demo page's Content-Security-Policy, except the accessibility
scan's: axe-core is injected as an inline script, which that policy rightly refuses.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Route, expect

from bot.services.rasa_api import RasaClient
from bot.settings import PROJECT_ROOT
from tests.helpers.browser import keep_screenshot, serious_accessibility_problems
from tests.helpers.chat import MIAS_STEPS
from tests.helpers.servers import Servers

pytestmark = pytest.mark.e2e

TURN_DONE = """(before) => {
  const root = document.querySelector('#mias-chat-widget')?.shadowRoot;
  return !!root && root.querySelectorAll('.message.bot').length > before
    && root.querySelector('.typing').hidden;
}"""
STORED = """() => {
  const key = Object.keys(sessionStorage).find((name) => name.startsWith('mias-chat:'));
  return key ? JSON.parse(sessionStorage.getItem(key)) : null;
}"""
OVERFLOWING = """() => [...document.querySelector('#mias-chat-widget').shadowRoot
  .querySelectorAll('.panel, .frame, .header, .scroller, .footer')]
  .filter((part) => part.scrollWidth > part.clientWidth).map((part) => part.className)"""
FOCUSED = "() => document.activeElement?.shadowRoot?.activeElement?.innerText ?? null"


@pytest.fixture(scope="module", autouse=True)
def built_widget() -> None:
    """The console serves bot/console/static/chat.js: build it from the current sources."""
    subprocess.run(
        ["npm", "run", "--prefix", "widget", "build", "--silent"], cwd=PROJECT_ROOT, check=True
    )


class Widget:
    """The chat on the demo page, used the way a person would: buttons, typing, links."""

    def __init__(self, page: Page, console_url: str) -> None:
        self.page = page
        self.console_url = console_url

    @property
    def input(self) -> Locator:
        return self.page.get_by_label("Type your message")

    @property
    def launcher(self) -> Locator:
        return self.page.get_by_role("button", name="Chat with us")

    @property
    def replies(self) -> Locator:
        return self.page.locator(".replies")

    def open(self) -> list[str]:
        """Visits the demo page, opens the chat and waits for the assistant's greeting."""
        self.page.goto(f"{self.console_url}/")
        self.launcher.click()
        return self.wait_for_turn(0)

    def bot_texts(self) -> list[str]:
        return self.page.locator(".message.bot .text").all_inner_texts()

    def wait_for_turn(self, before: int) -> list[str]:
        """Waits until Rasa has answered (its acknowledgement hides the typing dots)."""
        self.page.wait_for_function(TURN_DONE, arg=before)
        return self.bot_texts()[before:]

    def say(self, text: str) -> str:
        before = len(self.bot_texts())
        self.input.fill(text)
        self.input.press("Enter")
        return "\n".join(self.wait_for_turn(before))

    def choose(self, title: str) -> str:
        before = len(self.bot_texts())
        self.replies.get_by_role("button", name=title, exact=True).click()
        return "\n".join(self.wait_for_turn(before))

    def stored(self) -> dict[str, Any]:
        state: dict[str, Any] = self.page.evaluate(STORED)
        return state


@pytest.fixture
def widget(page: Page, servers: Servers) -> Widget:
    return Widget(page, servers.console_url)


def _csp_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return errors


def test_a_parent_gets_a_certificate_through_the_widget_and_a_reload_keeps_the_chat(
    widget: Widget, page: Page
) -> None:
    csp_errors = _csp_errors(page)
    greeting = widget.open()
    expect(page.get_by_role("heading", name="KIDS mediation assistant")).to_be_visible()
    expect(page.get_by_text("Our team can read this chat")).to_be_visible()
    assert greeting[0].startswith("Hello, I'm the KIDS mediation assistant")
    assert "Who am I talking to?" in widget.choose("Yes, that's OK")
    assert "How old" in widget.choose("A parent or carer")
    assert "Which decision" in widget.choose("Under 16")
    assert "What date" in widget.choose("They won't issue an EHC plan")
    assert "Thursday 12 November 2026" in widget.say("12/11/2026")
    assert "Which council" in widget.choose("Yes, that's right")
    reply = widget.say("Birmingham City Council")
    assert "Tuesday 12 January 2027" in reply and "Step 1 of 12" in reply
    assert "Step 2 of 12" in widget.choose("Got it")

    said_before = widget.bot_texts()
    page.reload()
    expect(page.locator(".message.bot .text").last).to_contain_text("Step 2 of 12")
    assert widget.bot_texts() == said_before
    expect(page.locator(".message.user")).to_have_count(8)  # the greeting is never shown as said
    for step in range(3, MIAS_STEPS + 1):
        assert f"Step {step} of 12" in widget.choose("Got it")
    assert "your choice" in widget.choose("Got it")
    assert "full name" in widget.choose("No mediation, I want to appeal")
    assert "child or young person" in widget.say("Sam Jones")
    ready = widget.say("Alex Jones")
    assert "Your mediation certificate is ready" in ready and "Tuesday 12 January 2027" in ready

    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download your certificate (PDF)").click()
    assert pdf.value.suggested_filename.startswith("MC-")
    assert pdf.value.path().read_bytes().startswith(b"%PDF")
    with page.expect_download() as calendar:
        page.get_by_role(
            "link", name=re.compile("Add the appeal deadline to your calendar")
        ).click()
    assert b"BEGIN:VCALENDAR" in calendar.value.path().read_bytes()
    assert page.get_by_role("link", name=re.compile(r"verify.MC-")).count() == 1
    assert page.locator(".message time[datetime]").count() == page.locator(".message").count()
    assert csp_errors == []


def test_the_widget_works_with_the_keyboard_alone(widget: Widget, page: Page) -> None:
    page.goto(f"{widget.console_url}/")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == "Chat with us"
    page.keyboard.press("Enter")
    expect(widget.input).to_be_focused()
    widget.wait_for_turn(0)
    assert page.evaluate(FOCUSED) == "Yes, that's OK"  # focus moves to the new answers
    before = len(widget.bot_texts())
    page.keyboard.press("Enter")
    widget.wait_for_turn(before)
    expect(widget.replies.get_by_role("button", name="A parent or carer")).to_be_focused()
    page.keyboard.press("Tab")
    expect(
        widget.replies.get_by_role("button", name="A young person aged 16 to 24")
    ).to_be_focused()
    for _ in range(2):  # on to the message box, past the last answer
        page.keyboard.press("Tab")
    expect(widget.input).to_be_focused()
    before = len(widget.bot_texts())
    page.keyboard.type("I'm his mum")
    page.keyboard.press("Enter")
    assert "How old" in "\n".join(widget.wait_for_turn(before))
    expect(widget.replies.get_by_role("button", name="Under 16")).to_be_focused()

    # the three other answers, the message box, Send, End chat and delete, then round to the top:
    # on a phone the chat fills the screen, so it is a modal dialog and Tab stays inside it
    for _ in range(7):
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Hide chat")).to_be_focused()
    page.keyboard.press("Escape")
    expect(widget.launcher).to_be_focused()
    expect(widget.input).to_be_hidden()


def test_talk_to_a_person_is_always_there_and_asks_for_a_caseworker(
    widget: Widget, page: Page
) -> None:
    widget.open()
    person = page.locator(".header").get_by_role("button", name="Talk to a person")
    before = len(widget.bot_texts())
    person.click()
    assert "caseworkers" in "\n".join(widget.wait_for_turn(before))
    expect(page.locator(".message.user .text").last).to_have_text("Talk to a person")
    page.locator(".scroller").evaluate("(log) => { log.scrollTop = 0; }")
    expect(person).to_be_in_viewport()


@pytest.fixture
def scan_context(browser: Browser) -> Iterator[BrowserContext]:
    """axe-core goes in as an inline script, which the demo page's policy refuses."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, bypass_csp=True)
    yield context
    context.close()


def test_the_open_chat_passes_axe_and_fits_a_320px_phone_with_large_text(
    scan_context: BrowserContext, servers: Servers
) -> None:
    page = scan_context.new_page()
    widget = Widget(page, servers.console_url)
    widget.open()
    assert serious_accessibility_problems(page) == []
    keep_screenshot(page, "widget-320px")
    page.get_by_role("button", name="End chat and delete").click()
    assert serious_accessibility_problems(page) == []

    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    assert page.evaluate(OVERFLOWING) == []
    for control in (widget.input, page.get_by_role("button", name="Send")):
        control.scroll_into_view_if_needed()  # with this much text the whole chat scrolls
        expect(control).to_be_in_viewport()
        box = control.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
    keep_screenshot(page, "widget-320px-large-text")


def test_the_typing_dots_keep_still_for_people_who_ask_for_less_motion(
    widget: Widget, page: Page
) -> None:
    page.goto(f"{widget.console_url}/")
    dot = (
        "() => getComputedStyle(document.querySelector('#mias-chat-widget')"
        ".shadowRoot.querySelector('.dot')).animationName"
    )
    assert page.evaluate(dot) == "blink"
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(dot) == "none"


def test_html_in_the_conversation_is_shown_as_text(
    widget: Widget, page: Page, servers: Servers
) -> None:
    widget.open()
    typed = '<img src=x onerror="window.pwned=1">'
    widget.say(typed)
    expect(page.locator(".message.user .text").last).to_have_text(typed)
    reply = (
        '<img src=x onerror="window.pwned=2"> <b>not bold</b> javascript:alert(1) '
        'https://example.org/a?b=1"><script>window.pwned=3</script>'
    )
    before = len(widget.bot_texts())
    RasaClient(servers.rasa_url).send_caseworker_reply(widget.stored()["sessionId"], reply)
    expect(page.locator(".message.bot")).to_have_count(before + 1)
    last = page.locator(".message.bot .text").last
    expect(last).to_contain_text('<img src=x onerror="window.pwned=2"> <b>not bold</b>')
    assert last.locator("img, b, script").count() == 0
    assert [a.get_attribute("href") for a in last.locator("a").all()] == [
        "https://example.org/a?b=1"
    ]
    assert page.evaluate("() => window.pwned") is None


def test_ending_the_chat_asks_first_then_deletes_it_and_starts_afresh(
    widget: Widget, page: Page
) -> None:
    """The erasure itself is the console's (POST /chat/erase); here the browser's part."""
    answers = iter([503, 200])
    requests: list[dict[str, Any]] = []

    def erase(route: Route) -> None:
        requests.append(json.loads(route.request.post_data or "null"))
        route.fulfill(status=next(answers), json={})

    page.route("**/chat/erase", erase)
    widget.open()
    widget.choose("Yes, that's OK")
    session_id = widget.stored()["sessionId"]
    end = page.get_by_role("button", name="End chat and delete")

    end.click()
    expect(page.get_by_text("You cannot undo this")).to_be_focused()
    page.get_by_role("button", name="No, keep chatting").click()
    expect(page.get_by_text("You cannot undo this")).to_be_hidden()
    assert requests == []

    end.click()
    page.get_by_role("button", name="Yes, end and delete").click()
    expect(page.get_by_role("status")).to_have_text(re.compile("could not delete"))
    expect(page.locator(".message.user")).to_have_count(1)  # nothing lost when it fails

    with page.expect_request("**/chat/erase") as sent:
        page.get_by_role("button", name="Yes, end and delete").click()
    assert sent.value.method == "POST"
    assert sent.value.post_data_json == {"sender_id": session_id}
    assert requests == [{"sender_id": session_id}] * 2
    expect(page.get_by_role("status")).to_have_text(re.compile("Your chat has been deleted"))
    expect(page.locator(".message.user")).to_have_count(0)
    widget.wait_for_turn(0)  # a new chat: the privacy notice again, for a new session
    assert widget.bot_texts()[0].startswith("Hello, I'm the KIDS mediation assistant")
    state = widget.stored()
    assert state["sessionId"] != session_id and len(state["messages"]) == len(widget.bot_texts())


def test_a_message_typed_while_offline_is_sent_when_back(
    widget: Widget, page: Page, context: BrowserContext
) -> None:
    widget.open()
    context.set_offline(True)
    status = page.get_by_role("status")
    expect(status).to_have_text(re.compile("Connection lost. Trying again"))
    before = len(widget.bot_texts())
    widget.input.fill("yes that's fine")
    widget.input.press("Enter")
    expect(page.locator(".message.user").last).to_contain_text("Waiting to send")

    context.set_offline(False)
    assert "Who am I talking to?" in "\n".join(widget.wait_for_turn(before))
    expect(status).to_have_text("Connected again.")
    expect(page.get_by_text("Waiting to send")).to_have_count(0)
    assert widget.stored()["outbox"] == []
