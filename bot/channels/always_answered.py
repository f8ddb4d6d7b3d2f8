"""Every message gets an answer, even when part of the service is down.

Rasa 3.6 carries on when a custom action cannot be run (rasa/core/processor.py `_run_action`
logs the error and drops the action's events), so with the action server down most turns end in
silence: the person cannot tell a slow reply from a broken service. And an error that stops a
turn (the database gone for a moment) ends it with nothing said at all on socket.io and SMS.

`answer_turn` wraps a turn for every channel (REST, socket.io, SMS):
- a turn that raises gets `utter_technical_problem` (their message is stored or not, the person
  is told to try again, with our phone number), and only that: replies collected before the
  error are dropped, as the turn that made them was not saved;
- when a custom action could not be run during the turn (Rasa logs it on `rasa.core.processor`,
  which `ActionFailures` watches for this turn only), or the action server's `GET /health` does
  not answer after the turn (a loopback call of a millisecond or two), the person gets
  `utter_service_unavailable`, with the provider's phone number, rather than silence or half an
  answer. Both are needed: the action server may come back between the failed call and the end
  of the turn, and a failure may be logged at a level an operator has turned off.
Both are sent through the turn's own output channel, so they reach the person however they came.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
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
# rasa/core/processor.py `_run_action` logs here, with the exception, when an action fails.
RASA_PROCESSOR_LOGGER = "rasa.core.processor"


class ActionFailures(logging.Handler):
    """Notices, for the turn running in this task, that Rasa could not run an action."""

    _seen: ContextVar[list[str] | None] = ContextVar("mias_action_failures", default=None)

    def emit(self, record: logging.LogRecord) -> None:
        seen = self._seen.get()
        if seen is not None and record.exc_info:
            seen.append(record.getMessage()[:200])

    @contextmanager
    def watching(self) -> Iterator[list[str]]:
        """The failures logged while the `with` block runs in this task (and tasks it awaits)."""
        seen: list[str] = []
        token = self._seen.set(seen)
        try:
            yield seen
        finally:
            self._seen.reset(token)


def _action_failures() -> ActionFailures:
    """The one handler on Rasa's processor logger (added once, whatever the number of channels)."""
    rasa_logger = logging.getLogger(RASA_PROCESSOR_LOGGER)
    for handler in rasa_logger.handlers:
        if isinstance(handler, ActionFailures):
            return handler
    handler = ActionFailures(level=logging.ERROR)
    rasa_logger.addHandler(handler)
    return handler


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
    text = render_response(name, {}, settings=settings, channel=message.input_channel)
    await message.output_channel.send_response(message.sender_id, {"text": text, "response": name})


def _forget_collected(message: UserMessage) -> None:
    """Drops the replies a failed turn had collected (REST, SMS) but not sent: the turn was not
    saved, so the person must not see it go on, only the apology that asks them to send it again.
    (socket.io sends each reply as it comes; there is nothing to drop.)"""
    collected = getattr(message.output_channel, "messages", None)
    if isinstance(collected, list):
        collected.clear()


async def answer_turn(
    on_new_message: OnNewMessage, message: UserMessage, probe: ActionServerProbe, settings: Settings
) -> None:
    """Run one turn; if it fails, or the action server is out of reach, tell the person kindly."""
    with _action_failures().watching() as failures:
        try:
            await on_new_message(message)
        except Exception:
            logger.exception("event=turn_failed channel=%s", message.input_channel)
            _forget_collected(message)
            await _say(message, TECHNICAL_PROBLEM, settings)
            return
    if failures or not await probe.reachable():
        logger.error(
            "event=action_server_unreachable channel=%s failed_actions=%d",
            message.input_channel,
            len(failures),
        )
        await _say(message, SERVICE_UNAVAILABLE, settings)


def always_answered(on_new_message: OnNewMessage, settings: Settings) -> OnNewMessage:
    """`on_new_message` as a channel's blueprint gets it, with `answer_turn` around each turn."""
    probe = ActionServerProbe(settings.action_endpoint_url)

    async def handle(message: UserMessage) -> None:
        await answer_turn(on_new_message, message, probe, settings)

    return handle
