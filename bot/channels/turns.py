"""Every message gets an answer, even when part of the service is down.

Rasa 3.6 carries on when a custom action cannot be run (rasa/core/processor.py `_run_action`
logs the error and drops the action's events), so with the action server down most turns end in
silence: the person cannot tell a slow reply from a broken service. And an error that stops a
turn (the database gone for a moment) ends it with nothing said at all on socket.io and SMS.

`answer_turn` wraps a turn for every channel (REST, socket.io, SMS):
- a turn that raises gets `utter_technical_problem` (their message is stored or not, the person
  is told to try again, with our phone number);
- after every turn the action server's `GET /health` is asked (a loopback call of a millisecond
  or two): when it cannot be reached the person gets `utter_service_unavailable`, with the
  provider's phone number, rather than silence or half an answer.
Both are sent through the turn's own output channel, so they reach the person however they came.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aiohttp
from rasa.core.channels.channel import UserMessage

from bot.services.responses import render_response
from bot.settings import Settings

logger = logging.getLogger(__name__)

TECHNICAL_PROBLEM = "utter_technical_problem"
SERVICE_UNAVAILABLE = "utter_service_unavailable"
PROBE_TIMEOUT_S = 1.5

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class ActionServerProbe:
    """Asks the action server whether it is up, at the `/health` beside ACTION_ENDPOINT_URL."""

    def __init__(self, action_endpoint_url: str, timeout_s: float = PROBE_TIMEOUT_S) -> None:
        parts = urlsplit(action_endpoint_url)
        self.health_url = urlunsplit((parts.scheme, parts.netloc, "/health", "", ""))
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)

    async def reachable(self) -> bool:
        try:
            async with (
                aiohttp.ClientSession(timeout=self.timeout) as session,
                session.get(self.health_url) as answer,
            ):
                return answer.status == 200
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
            return False


async def _say(message: UserMessage, name: str, settings: Settings) -> None:
    values = {"provider_phone": settings.provider_phone, "provider_name": settings.provider_name}
    text = render_response(name, values, channel=message.input_channel)
    await message.output_channel.send_response(message.sender_id, {"text": text, "response": name})


async def answer_turn(
    on_new_message: OnNewMessage, message: UserMessage, probe: ActionServerProbe, settings: Settings
) -> None:
    """Run one turn; if it fails, or the action server is out of reach, tell the person kindly."""
    try:
        await on_new_message(message)
    except Exception:
        logger.exception("event=turn_failed channel=%s", message.input_channel)
        await _say(message, TECHNICAL_PROBLEM, settings)
        return
    if not await probe.reachable():
        logger.error("event=action_server_unreachable channel=%s", message.input_channel)
        await _say(message, SERVICE_UNAVAILABLE, settings)


def always_answered(on_new_message: OnNewMessage, settings: Settings) -> OnNewMessage:
    """`on_new_message` as a channel's blueprint gets it, with `answer_turn` around each turn."""
    probe = ActionServerProbe(settings.action_endpoint_url)

    async def handle(message: UserMessage) -> None:
        await answer_turn(on_new_message, message, probe, settings)

    return handle
