"""The website widget's channel: socket.io with session persistence (long-polling transport:
the aiohttp that Rasa 3.6 pins is too old for the client's websocket transport), open only to
browsers on the allowed origins (CHAT_ALLOWED_ORIGINS, here the console's)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
import socketio

from tests.helpers.servers import Servers

pytestmark = pytest.mark.e2e

HANDSHAKE = "/socket.io/?EIO=4&transport=polling"


async def _session(client: socketio.AsyncClient, rasa_url: str, session_id: str) -> None:
    confirmed = asyncio.Event()
    client.on("session_confirm", lambda *_: confirmed.set())
    await client.connect(rasa_url, transports=["polling"], socketio_path="/socket.io")
    await client.emit("session_request", {"session_id": session_id})
    await asyncio.wait_for(confirmed.wait(), 30)


async def _listening(
    client: socketio.AsyncClient, rasa_url: str
) -> tuple[str, asyncio.Queue[dict]]:
    """A new chat session whose bot messages arrive on the returned queue."""
    replies: asyncio.Queue[dict] = asyncio.Queue()
    session_id = uuid.uuid4().hex
    client.on("bot_uttered", replies.put_nowait)
    await _session(client, rasa_url, session_id)
    return session_id, replies


@pytest.fixture
async def client() -> AsyncIterator[socketio.AsyncClient]:
    connected = socketio.AsyncClient()
    yield connected
    await connected.disconnect()


async def test_a_message_over_socketio_gets_the_privacy_notice(
    servers: Servers, client: socketio.AsyncClient
) -> None:
    session_id, replies = await _listening(client, servers.rasa_url)
    await client.emit("user_uttered", {"message": "hello", "session_id": session_id})
    reply = await asyncio.wait_for(replies.get(), 60)
    texts = [reply["text"]]
    while not reply.get("quick_replies"):  # a long text arrives paragraph by paragraph
        reply = await asyncio.wait_for(replies.get(), 60)
        texts.append(reply["text"])
    assert texts[0].startswith("Hello, I'm the KIDS mediation assistant")
    assert "Is that OK?" in texts[-1]
    assert [b["title"] for b in reply["quick_replies"]] == ["Yes, that's OK", "No thanks"]


async def test_an_oversized_message_gets_a_kind_answer_and_is_not_passed_on(
    servers: Servers, client: socketio.AsyncClient
) -> None:
    session_id, replies = await _listening(client, servers.rasa_url)
    await client.emit("user_uttered", {"message": "a" * 1001, "session_id": session_id})
    reply = await asyncio.wait_for(replies.get(), 60)
    assert "too long for me to read" in reply["text"] and "1,000" in reply["text"]
    async with httpx.AsyncClient() as http:
        answer = await http.get(
            f"{servers.rasa_url}/conversations/{session_id}/tracker", timeout=30
        )
    assert [e for e in answer.json()["events"] if e["event"] == "user"] == []


async def test_a_message_sent_again_after_a_dropped_connection_is_handled_once(
    servers: Servers, client: socketio.AsyncClient
) -> None:
    """The widget resends a message Rasa did not acknowledge, with the same message_id."""
    session_id = uuid.uuid4().hex
    await _session(client, servers.rasa_url, session_id)
    message = {"message": "hello", "session_id": session_id, "metadata": {"message_id": "m-1"}}
    await client.call("user_uttered", message, timeout=60)  # the ack comes once Rasa is done
    await client.call("user_uttered", message, timeout=60)
    async with httpx.AsyncClient(timeout=30) as http:
        tracker = await http.get(f"{servers.rasa_url}/conversations/{session_id}/tracker")
    said = [e["text"] for e in tracker.json()["events"] if e["event"] == "user"]
    assert said == ["hello"]


def test_a_browser_on_the_allowed_origin_gets_the_cors_headers(servers: Servers) -> None:
    response = httpx.get(
        f"{servers.rasa_url}{HANDSHAKE}", headers={"Origin": servers.console_url}, timeout=30
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == servers.console_url


def test_a_browser_on_another_site_is_refused(servers: Servers) -> None:
    response = httpx.get(
        f"{servers.rasa_url}{HANDSHAKE}", headers={"Origin": "https://evil.example"}, timeout=30
    )
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


async def test_a_socketio_client_claiming_another_origin_cannot_connect(servers: Servers) -> None:
    client = socketio.AsyncClient(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await client.connect(
            servers.rasa_url,
            transports=["polling"],
            socketio_path="/socket.io",
            headers={"Origin": "https://evil.example"},
            wait_timeout=10,
        )
