"""The doors of the running servers: who may call the action server, and what the REST webhook lets in."""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path

import httpx
import pytest

from tests.helpers.chat import Chat
from tests.helpers.servers import MESSAGE_MAX_CHARS, SENDER_RATE_LIMIT, Servers

pytestmark = pytest.mark.e2e

# The smallest action call Rasa sends: which action, for which conversation.
ACTION_CALL = {
    "next_action": "action_session_start",
    "sender_id": "door-test",
    "tracker": {
        "sender_id": "door-test",
        "slots": {},
        "latest_message": {},
        "events": [],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": None,
    },
    "domain": {},
    "version": "3.6.21",
}


def listening_addresses(port: int) -> set[str]:
    """The addresses a TCP socket listens on at `port`, read from the kernel's own tables."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
                found.add(str(ipaddress.ip_address(words)))
    return found


def test_the_action_server_listens_on_loopback_only(servers: Servers) -> None:
    assert listening_addresses(servers.ports["actions"]) == {"127.0.0.1"}
    assert listening_addresses(servers.ports["rasa"]) == {"0.0.0.0"}  # the check sees wider doors


def test_the_action_server_refuses_calls_without_its_token(servers: Servers) -> None:
    token = servers.env["ACTION_SERVER_TOKEN"]
    webhook = f"{servers.actions_url}/webhook"
    assert httpx.post(webhook, json=ACTION_CALL).status_code == 401
    assert httpx.post(webhook, json=ACTION_CALL, params={"token": token[:-1]}).status_code == 401
    assert httpx.get(f"{servers.actions_url}/actions").status_code == 401
    listed = httpx.get(f"{servers.actions_url}/actions", params={"token": token})
    assert listed.status_code == 200 and {"name": "action_request_handoff"} in listed.json()
    assert httpx.get(f"{servers.actions_url}/health").json() == {"status": "ok"}
    assert (
        "access-control-allow-origin"
        not in httpx.options(
            webhook,
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        ).headers
    )


def test_the_conversation_runs_its_actions_with_the_token(servers: Servers) -> None:
    chat = Chat(servers.rasa_url)
    chat.start_as_parent()
    assert "Thursday 12 November 2026" in chat.say("12/11/2026")  # the date is read by our action


def test_an_oversized_message_gets_a_kind_reply_and_the_question_stands(servers: Servers) -> None:
    chat = Chat(servers.rasa_url)
    chat.start_as_parent()
    said_before = chat.user_texts()
    reply = chat.say("My letter says: " + "x" * MESSAGE_MAX_CHARS)
    assert "too long" in reply and f"{MESSAGE_MAX_CHARS:,} characters" in reply
    assert chat.user_texts() == said_before  # not stored, not read
    assert "Thursday 12 November 2026" in chat.say("12/11/2026")  # still at the date question


def post(servers: Servers, body: object) -> httpx.Response:
    return httpx.post(f"{servers.rasa_url}/webhooks/rest/webhook", json=body, timeout=60)


def test_a_flood_from_one_sender_is_stopped_and_others_are_not_touched(servers: Servers) -> None:
    flood, other = Chat(servers.rasa_url), Chat(servers.rasa_url)
    messages, _seconds = SENDER_RATE_LIMIT
    big = "x" * (MESSAGE_MAX_CHARS + 1)  # refused at the door, so the flood is quick
    statuses = [
        post(servers, {"sender": flood.sender, "message": big}).status_code for _ in range(messages)
    ]
    assert statuses == [200] * messages
    first = post(servers, {"sender": flood.sender, "message": "hello"})
    assert first.status_code == 429 and int(first.headers["retry-after"]) > 0
    assert "faster than I can read" in first.json()[0]["text"]
    again = post(servers, {"sender": flood.sender, "message": "hello"})
    assert again.status_code == 429 and again.json() == []  # told once, then left quiet
    assert "Is that OK?" in other.say("hello")
    assert flood.user_texts() == []


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"message": "hello"},
        {"sender": "web-door", "message": None},
        {"sender": "web door", "message": "hello"},
        {"sender": "web-door", "message": "hello", "metadata": ["x"]},
    ],
)
def test_a_request_that_is_not_a_message_gets_400_and_touches_no_conversation(
    servers: Servers, body: object
) -> None:
    response = post(servers, body)
    assert response.status_code == 400 and "error" in response.json()
    tracker = httpx.get(f"{servers.rasa_url}/conversations/web-door/tracker", timeout=30).json()
    assert [e for e in tracker["events"] if e["event"] == "user"] == []


def test_a_caller_cannot_claim_another_channel(servers: Servers) -> None:
    chat = Chat(servers.rasa_url)
    body = {"sender": chat.sender, "message": "hello", "input_channel": "socketio"}
    assert post(servers, body).status_code == 200
    user = [e for e in chat.events() if e["event"] == "user"]
    assert [e["input_channel"] for e in user] == ["rest"]


def test_a_body_that_is_not_json_gets_400(servers: Servers) -> None:
    response = httpx.post(
        f"{servers.rasa_url}/webhooks/rest/webhook",
        content=b"{not json",
        timeout=30,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400 and json.loads(response.text)["error"]
