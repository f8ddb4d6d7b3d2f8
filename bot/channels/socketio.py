"""The website chat widget's channel: Rasa's own socket.io channel, open only to our web pages.

Rasa 3.6 builds its socket.io server with `cors_allowed_origins=[]`, which python-engineio reads
as "check no Origin at all", so any web page could open a chat in a visitor's browser. This
channel is the same in every other way (events, session persistence, the name `socketio` that
`output_channel=latest` looks for) but lets python-engineio check each request's Origin against
CHAT_ALLOWED_ORIGINS: a browser on another site gets `400 Not an accepted origin`, and an allowed
page gets the CORS headers its browser needs. Clients that send no Origin (servers, tests) are
not a visitor's browser and are let in, as python-engineio does.

Each turn runs inside `bot.channels.always_answered.answer_turn`, so a turn that fails, or an action server
out of reach, gets a kind answer rather than silence.

`bot.mias.message_limits`'s length and per-sender rate limits apply here as on the REST webhook.

A message the widget sends again (same `metadata.message_id`, after a dropped connection) is
answered from the stored conversation, not handled twice (`bot.channels.resent_messages`).

Register it in credentials.yml by its module path, instead of `socketio:`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from bot import rasa_patches
from bot.channels.always_answered import OnNewMessage, always_answered
from bot.channels.resent_messages import AnsweredOnce
from bot.mias.message_limits import chars_in_words
from bot.services.responses import render_response
from bot.settings import settings_for_start

logger = logging.getLogger(__name__)


class OriginCheckedSocketIOInput(SocketIOInput):
    """Rasa's socket.io input channel, accepting browsers only from the allowed origins."""

    def __init__(
        self, *args: Any, allowed_origins: Sequence[str] | None = None, **kwargs: Any
    ) -> None:
        """Built by Rasa at start-up: refuses to start in production mode with unsafe settings,
        and patches Rasa before it loads the model (bot/rasa_patches)."""
        super().__init__(*args, **kwargs)
        self.settings = settings_for_start()
        rasa_patches.apply()
        if allowed_origins is None:
            allowed_origins = self.settings.chat_allowed_origins
        if not allowed_origins:
            raise ValueError("the chat needs at least one allowed origin (or '*')")
        self.allowed_origins = list(allowed_origins)
        self.guard = self.settings.message_guard()

    async def _refused(self, message: UserMessage) -> bool:
        """True when the guard refuses the message; the person is told (once per flood)."""
        verdict = self.guard.check(message.sender_id, message.text or "", time.monotonic())
        if verdict.allowed:
            return False
        logger.info("event=message_refused channel=socketio reason=%s", verdict.reason)
        if verdict.tell:
            values = {"max_chars": chars_in_words(self.guard.max_chars)}
            text = render_response(verdict.response, values, settings=self.settings)
            await message.output_channel.send_text_message(message.sender_id, text)
        return True

    def _guarded(self, on_new_message: OnNewMessage) -> OnNewMessage:
        async def handle(message: UserMessage) -> Any:
            if await self._refused(message):
                return None
            return await on_new_message(message)

        return handle

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        once = AnsweredOnce(on_new_message)
        blueprint = super().blueprint(self._guarded(always_answered(once.handle, self.settings)))
        once.attach(blueprint)
        assert self.sio is not None  # set by SocketIOInput.blueprint
        # python-engineio reads this attribute on every request, before any event handler.
        self.sio.eio.cors_allowed_origins = self.allowed_origins
        logger.info("event=socketio_origins_set count=%d", len(self.allowed_origins))
        return blueprint
