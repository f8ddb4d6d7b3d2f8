"""Property-based fuzzing of every HTTP entry point of the running servers that a stranger can reach.

The REST and SMS webhooks on the real Rasa server, the console's forms (with a real session and CSRF token,
so the fields themselves are fuzzed, not just the CSRF check) and the public pages (/verify and the
download links). For any input: no 5xx, the servers still run, and nothing typed comes back as live
markup. Example counts are kept small so the whole file runs in about a minute.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.services.accounts import create_caseworker
from tests.helpers.caseworker import Console, waiting_handoff
from tests.helpers.chat import Chat
from tests.helpers.phone import Phone
from tests.helpers.servers import Servers

pytestmark = pytest.mark.e2e

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PASSWORD = "a fuzzing caseworker's long password"

# Each is harmless as text and harmful if a page or PDF ever treats it as markup.
ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "</textarea><script>alert(2)</script>",
    '<a href="javascript:alert(1)">x</a>',
    "{{ 7 * 7 }}{% raw %}",
    "'; DROP TABLE cases; --",
    "%s%n%x",
    "\u202e\u200b\ufeff",
    "\x00\x1b[31m",
]
LIVE_MARKUP = re.compile(
    r"<script>alert|<img src=x|<svg onload|<a href=\"javascript", re.IGNORECASE
)

field_text = st.lists(st.one_of(st.sampled_from(ATTACKS), st.text(max_size=30)), max_size=4).map(
    "".join
)


def assert_no_live_markup(html: str) -> None:
    assert not LIVE_MARKUP.search(html), LIVE_MARKUP.search(html)


# ----------------------------------------------------------------------------- REST webhook

senders = st.one_of(
    st.from_regex(r"fuzz-[A-Za-z0-9_.:-]{1,20}", fullmatch=True),
    st.text(max_size=20),
    st.integers(),
    st.none(),
)
messages = st.one_of(
    field_text,
    st.text(max_size=300),
    st.text(alphabet="ab ", min_size=990, max_size=1100),  # either side of the length limit
    st.integers(),
    st.none(),
    st.lists(st.text(max_size=5), max_size=3),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
bodies = st.one_of(
    st.fixed_dictionaries(
        {"sender": senders, "message": messages},
        optional={"metadata": json_values, "input_channel": st.text(max_size=10)},
    ),
    json_values,
)


@FUZZ
@given(body=bodies)
def test_the_rest_webhook_answers_any_json_without_a_server_error(
    servers: Servers, body: object
) -> None:
    response = httpx.post(f"{servers.rasa_url}/webhooks/rest/webhook", json=body, timeout=60)
    assert response.status_code in (200, 400, 429), response.text[:500]
    if response.status_code == 200:
        assert isinstance(body, dict)
        replies = response.json()
        assert replies and all(r["recipient_id"] == body["sender"] for r in replies)


_senders = count()


@FUZZ
@given(
    text=field_text | st.text(max_size=300) | st.text(alphabet="ab ", min_size=995, max_size=1005)
)
def test_any_text_from_a_person_gets_a_reply_never_silence_or_an_error(
    servers: Servers, text: str
) -> None:
    sender = f"fuzz-text-{next(_senders)}"  # a new person each time: each text is a first turn
    response = httpx.post(
        f"{servers.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": text},
        timeout=60,
    )
    assert response.status_code == 200, response.text[:500]
    replies = [reply.get("text", "") for reply in response.json()]
    assert any(reply.strip() for reply in replies), (text, replies)


@pytest.fixture(scope="module")
def mid_conversation(servers: Servers) -> Chat:
    chat = Chat(servers.rasa_url)
    chat.start_as_parent()  # now at the question about the letter's date
    return chat


@FUZZ
@given(text=field_text | st.text(max_size=300))
def test_any_text_in_the_middle_of_a_conversation_gets_a_reply(
    mid_conversation: Chat, text: str
) -> None:
    mid_conversation.say(text)
    assert any(reply.strip() for reply in mid_conversation.last_turn), text


@FUZZ
@given(raw=st.binary(max_size=500))
def test_the_rest_webhook_answers_any_bytes_without_a_server_error(
    servers: Servers, raw: bytes
) -> None:
    response = httpx.post(
        f"{servers.rasa_url}/webhooks/rest/webhook",
        content=raw,
        timeout=60,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code in (200, 400, 429)


# ----------------------------------------------------------------------------- SMS webhook

sms_bodies = (
    field_text | st.text(max_size=200) | st.text(alphabet="ab ", min_size=995, max_size=1005)
)
form_values = st.text(max_size=40) | st.sampled_from(ATTACKS)


@settings(FUZZ, max_examples=15)
@given(body=sms_bodies)
def test_any_signed_text_gets_twiml_fit_for_a_phone(servers: Servers, body: str) -> None:
    phone = Phone(servers)  # a new phone each time: every text is a first turn
    phone.text(body)  # checks 200, TwiML, GSM-7 and at most three segments
    assert len(phone.replies) == 1


@FUZZ
@given(
    fields=st.dictionaries(
        st.sampled_from(["From", "Body", "MessageSid", "To", "AccountSid", "NumMedia", "x"]),
        form_values,
        max_size=6,
    ),
    signed=st.booleans(),
)
def test_any_form_post_to_the_sms_webhooks_is_refused_or_answered_never_a_server_error(
    servers: Servers, fields: dict[str, str], signed: bool
) -> None:
    phone = Phone(servers)
    for url in (phone.webhook_url, f"{phone.webhook_url.rsplit('/', 1)[0]}/status?ref=fuzz"):
        answer = phone.post(url, fields, signature=None if signed else "bad-signature")
        if not signed:
            assert answer.status_code == 403
        else:
            assert answer.status_code in (200, 400), answer.text[:300]


# ----------------------------------------------------------------------------- the console


@dataclass
class OpenCase:
    console: Console
    page: str
    chat: Chat


@pytest.fixture(scope="module")
def open_case(servers: Servers) -> Iterator[OpenCase]:
    """A caseworker signed in, holding a handed-off case whose person typed markup into the chat."""
    email = "fuzz@example.org"
    create_caseworker(
        servers.env["DATABASE_URL"], email, "Fuzz <b>Tester</b>", PASSWORD, actor="test"
    )
    chat = Chat(servers.rasa_url)
    chat.start_as_parent()
    chat.say("I want to talk to a person")
    console = Console(servers.console_url)
    console.post("/console/sign-in", page="/console/sign-in", email=email, password=PASSWORD)
    handoff_id, case_id = waiting_handoff(servers.env["DATABASE_URL"], chat.sender)
    console.post(f"/console/handoffs/{handoff_id}/claim")
    for attack in ATTACKS[:5]:
        chat.say(attack)  # stored by Rasa while the case is with a person
    yield OpenCase(console, f"/console/cases/{case_id}", chat)
    console.client.close()


def test_what_the_person_typed_is_shown_as_text_in_the_console(open_case: OpenCase) -> None:
    page = open_case.console.client.get(open_case.page)
    assert page.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<b>Tester</b>" not in page.text  # the caseworker's own name is text too
    assert_no_live_markup(page.text)
    live = open_case.console.client.get(f"{open_case.page}/transcript.json").json()
    assert "&lt;img src=x" in live["html"]
    assert_no_live_markup(live["html"])


@FUZZ
@given(note=field_text | st.text(min_size=3990, max_size=4100, alphabet="n "))
def test_any_note_is_stored_or_refused_and_shown_only_as_text(
    open_case: OpenCase, note: str
) -> None:
    saved = open_case.console.post(f"{open_case.page}/notes", page=open_case.page, note=note)
    assert saved.status_code == 303
    page = open_case.console.client.get(open_case.page)
    assert page.status_code == 200
    assert_no_live_markup(page.text)


@settings(FUZZ, max_examples=10)
@given(text=field_text)
def test_any_reply_is_sent_or_refused_and_shown_only_as_text(
    open_case: OpenCase, text: str
) -> None:
    sent = open_case.console.post(f"{open_case.page}/reply", page=open_case.page, text=text)
    assert sent.status_code == 303
    assert_no_live_markup(open_case.console.client.get(open_case.page).text)


@FUZZ
@given(token=st.text(max_size=60), note=field_text)
def test_a_form_without_the_sessions_csrf_token_is_refused(
    open_case: OpenCase, token: str, note: str
) -> None:
    response = open_case.console.client.post(
        f"{open_case.page}/notes", data={"note": note, "csrf_token": token}
    )
    assert response.status_code == 403


@FUZZ
@given(email=field_text, password=field_text)
def test_sign_in_answers_any_email_and_password_without_a_server_error(
    servers: Servers, email: str, password: str
) -> None:
    console = Console(servers.console_url)
    response = console.post(
        "/console/sign-in", page="/console/sign-in", email=email, password=password
    )
    assert response.status_code == 400
    assert "not right" in response.text
    assert_no_live_markup(response.text)


# ----------------------------------------------------------------------------- public pages

path_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="#?"), max_size=40
)
_client_numbers = count(2)


def from_another_client() -> httpx.Client:
    """A client on its own loopback address (127.0.0.x): the verify page limits misses per client."""
    host = next(_client_numbers) % 250 + 2
    transport = httpx.HTTPTransport(local_address=f"127.0.0.{host}")
    return httpx.Client(transport=transport, timeout=30, follow_redirects=False)


@FUZZ
@given(
    prefix=st.sampled_from(
        ["/verify/", "/verify?number=", "/certificates/", "/console/cases/", "/"]
    ),
    rest=path_text | field_text,
    as_json=st.booleans(),
)
def test_public_pages_answer_any_path_without_a_server_error(
    servers: Servers, prefix: str, rest: str, as_json: bool
) -> None:
    path = prefix + quote(rest, safe="" if prefix.endswith("=") else "/")
    with from_another_client() as client:
        response = client.get(
            servers.console_url + path, params={"format": "json"} if as_json else None
        )
    assert response.status_code < 500, (path, response.status_code)
    assert_no_live_markup(response.text)


def test_the_servers_are_still_running_after_the_fuzzing(servers: Servers) -> None:
    assert all(process.poll() is None for process in servers.processes.values())
    assert httpx.get(f"{servers.rasa_url}/status", timeout=30).status_code == 200
