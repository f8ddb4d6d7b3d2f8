"""Privacy against the running servers: a parent gets a certificate, then says "delete my data".

The console's job erases the conversation right after the turn; Rasa's own API then shows an
empty conversation, the certificate still verifies (without names), the file is gone, and the next
message starts afresh with the privacy notice. The servers' logs never held the names, the
postcode or what the parent wrote.
"""

from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bot.services.cases import load_case
from tests.helpers.chat import MIAS_STEPS, Chat
from tests.helpers.servers import Servers

pytestmark = pytest.mark.e2e

PARENT, CHILD = "Priyanka Oyelaran-Whitfield", "Tobias Oyelaran-Whitfield"
POSTCODE = "B72 1EA"
FREE_TEXT = "Woodlands Academy sent him home again on Tuesday"
SECRETS = (
    PARENT,
    CHILD,
    "Oyelaran",
    POSTCODE,
    POSTCODE.replace(" ", "").lower(),
    FREE_TEXT,
    "Woodlands",
)
ERASED_WITHIN_S = 30


@dataclass(frozen=True)
class Erased:
    chat: Chat
    number: str
    pdf_url: str
    pdf_path: Path
    erase_reply: str


def stored_events(servers: Servers, sender: str) -> int:
    database = servers.env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as db:
        return int(
            db.execute("SELECT count(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]
        )


def wait_until_erased(servers: Servers, sender: str) -> None:
    deadline = time.monotonic() + ERASED_WITHIN_S
    while stored_events(servers, sender) and time.monotonic() < deadline:
        time.sleep(0.25)
    assert stored_events(servers, sender) == 0, f"not erased within {ERASED_WITHIN_S}s"


def get_a_certificate(chat: Chat) -> tuple[str, str]:
    chat.start_as_parent()
    chat.say("12/11/2026")
    chat.say("yes")
    assert "in the area of Birmingham City Council" in chat.say(
        f"we live in {POSTCODE.replace(' ', '').lower()}"
    )
    assert "Step 1 of 12" in chat.say("yes")
    for _ in range(2, MIAS_STEPS + 1):
        chat.say("got it")
    chat.say("ok")
    assert "full name" in chat.say("No mediation thanks, I want to go to tribunal")
    chat.say(PARENT)
    reply = chat.say(CHILD)
    number = re.search(r"MC-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", reply)
    pdf_url = re.search(r"(http://\S+/certificates/\S+?)(?=\s|$)", reply)
    assert number and pdf_url, reply
    return number.group(0), pdf_url.group(1)


@pytest.fixture(scope="module")
def erased(servers: Servers) -> Erased:
    chat = Chat(servers.rasa_url)
    number, pdf_url = get_a_certificate(chat)
    pdf_path = Path(servers.env["CERTIFICATES_DIR"]) / f"{number}.pdf"
    assert pdf_path.is_file() and httpx.get(pdf_url, timeout=30).status_code == 200
    chat.say(FREE_TEXT)
    assert "Do you want me to delete everything?" in chat.say("delete my data")
    reply = chat.say("/affirm")
    wait_until_erased(servers, chat.sender)
    return Erased(chat, number, pdf_url, pdf_path, reply)


def test_delete_my_data_in_the_chat_erases_it_right_after_the_reply(
    servers: Servers, erased: Erased
) -> None:
    assert "deleting this chat" in erased.erase_reply
    events = erased.chat.events()  # Rasa's own view of the conversation
    assert [e for e in events if e["event"] in ("user", "bot")] == []
    assert load_case(servers.env["DATABASE_URL"], erased.chat.sender) is None
    assert not erased.pdf_path.exists()
    assert httpx.get(erased.pdf_url, timeout=30).status_code == 410


def test_the_certificate_still_verifies_with_the_kept_facts_only(
    servers: Servers, erased: Erased
) -> None:
    result = httpx.get(
        f"{servers.console_url}/verify/{erased.number}?format=json", timeout=30
    ).json()
    assert result["status"] == "valid" and result["council_name"] == "Birmingham City Council"
    assert result["decision_date"] == "2026-11-12" and result["appeal_deadline"] == "2027-01-12"
    assert result["applicant_initials"] is None
    page = httpx.get(f"{servers.console_url}/verify/{erased.number}", timeout=30).text
    assert "This mediation certificate is valid" in page and "initials" not in page


def test_a_new_message_on_the_same_id_starts_afresh(erased: Erased) -> None:
    reply = erased.chat.say("hello")
    assert "about your privacy" in reply and "Is that OK?" in reply


def test_the_widget_can_erase_its_chat(servers: Servers) -> None:
    chat = Chat(servers.rasa_url)
    chat.say("hello")
    chat.say(FREE_TEXT)
    answer = httpx.post(
        f"{servers.console_url}/chat/erase",
        json={"sender_id": chat.sender},
        headers={"Origin": servers.console_url},
        timeout=30,
    )
    assert answer.status_code == 200 and answer.json() == {"erased": True}
    assert stored_events(servers, chat.sender) == 0
    assert "about your privacy" in chat.say("hello")


def test_the_logs_hold_no_names_postcodes_or_message_text(servers: Servers, erased: Erased) -> None:
    logs = {path.name: path.read_text(errors="replace") for path in servers.workdir.glob("*.log")}
    assert set(logs) >= {"rasa.log", "actions.log", "console.log"}
    assert "event=erasure_requested" in logs["actions.log"]  # the servers did log this conversation
    leaks = [(name, secret) for name, text in logs.items() for secret in SECRETS if secret in text]
    assert leaks == []
