"""The website widget's channel: socket.io with session persistence (long-polling transport:
the aiohttp that Rasa 3.6 pins is too old for the client's websocket transport)."""
from __future__ import annotations

import asyncio
import uuid

import pytest
import socketio

from tests.e2e.conftest import Servers

pytestmark = pytest.mark.e2e


async def test_a_message_over_socketio_gets_the_privacy_notice(servers: Servers) -> None:
    client = socketio.AsyncClient()
    replies: asyncio.Queue[dict] = asyncio.Queue()
    confirmed = asyncio.Event()
    session_id = uuid.uuid4().hex

    client.on("bot_uttered", replies.put_nowait)
    client.on("session_confirm", lambda *_: confirmed.set())
    await client.connect(servers.rasa_url, transports=["polling"], socketio_path="/socket.io")
    try:
        await client.emit("session_request", {"session_id": session_id})
        await asyncio.wait_for(confirmed.wait(), 30)
        await client.emit("user_uttered", {"message": "hello", "session_id": session_id})
        reply = await asyncio.wait_for(replies.get(), 60)
        texts = [reply["text"]]
        while not reply.get("quick_replies"):  # a long text arrives paragraph by paragraph
            reply = await asyncio.wait_for(replies.get(), 60)
            texts.append(reply["text"])
        assert texts[0].startswith("Hello, I'm the KIDS mediation assistant")
        assert "Is that OK?" in texts[-1]
        assert [b["title"] for b in reply["quick_replies"]] == ["Yes, that's OK", "No thanks"]
    finally:
        await client.disconnect()
