"""The REST webhook, `POST /webhooks/rest/webhook`, with our guards at its door.

Rasa's own `RestInput` (rasa/core/channels/rest.py), registered in credentials.yml by module path
in its place. `name()` stays "rest", so Rasa mounts it at the same URL and the conversations it
starts still say they came in on "rest". What changes:

- The body must be a JSON object with a `sender` of 1-128 letters, digits and `_ . : -` and a
  text `message`; `metadata`, when sent, a small object. Anything else gets 400 and reaches no
  conversation (Rasa's own answers some of these with 500, or stores an empty message).
- `bot.mias.message_limits`'s limits: a message over MESSAGE_MAX_CHARS gets `utter_message_too_long`
  (200, like any reply); past SENDER_RATE_LIMIT a sender gets 429 with a Retry-After header and,
  the first time in a window, `utter_slow_down`. Neither message reaches the assistant.
- The input channel is always "rest". Rasa's takes it from the body, so a caller could claim
  another channel and have later messages (a caseworker's reply) sent there.
- Each turn runs inside `bot.channels.always_answered.answer_turn`: an unexpected error gets
  `utter_technical_problem` instead of an empty answer (the log line carries no message text,
  Rasa's does), and an action server out of reach gets `utter_service_unavailable`.
- A message sent again with the same `metadata.message_id` (a client retrying after no answer,
  perhaps to another Rasa server) gets the replies it had, and is not handled twice
  (`bot.channels.resent_messages`).
"""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.utils.endpoints import bool_arg
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream

from bot import rasa_patches
from bot.channels.always_answered import OnNewMessage, always_answered
from bot.channels.resent_messages import AnsweredOnce
from bot.mias.message_limits import MessageGuard, Verdict, chars_in_words
from bot.services.responses import render_response
from bot.settings import Settings, settings_for_start

logger = logging.getLogger(__name__)

SENDER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}")
MAX_METADATA_CHARS = 2000


class BadRequest(ValueError):
    """The body is not a message this webhook accepts; the text says what is wrong."""


@dataclass(frozen=True)
class Incoming:
    sender: str
    text: str
    metadata: dict[str, Any] | None


def parse_body(body: bytes) -> Incoming:
    """The sender, text and metadata of a request body, or BadRequest."""
    try:
        data = json.loads(body or b"null")
    except ValueError as error:
        raise BadRequest("the body must be JSON") from error
    if not isinstance(data, dict):
        raise BadRequest("the body must be a JSON object")
    sender, text, metadata = data.get("sender"), data.get("message"), data.get("metadata")
    if not isinstance(sender, str) or not SENDER.fullmatch(sender):
        raise BadRequest("sender must be 1-128 letters, digits or _ . : -")
    if not isinstance(text, str):
        raise BadRequest("message must be text")
    if metadata is not None and (
        not isinstance(metadata, dict) or len(json.dumps(metadata)) > MAX_METADATA_CHARS
    ):
        raise BadRequest(f"metadata must be a JSON object under {MAX_METADATA_CHARS} characters")
    return Incoming(sender, text, metadata)


class GuardedRestInput(RestInput):  # type: ignore[misc]
    """Rasa's REST channel behind `bot.mias.message_limits`."""

    def __init__(self, guard: MessageGuard, settings: Settings) -> None:
        self.guard = guard
        self.settings = settings

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Built by Rasa at start-up: refuses to start in production mode with unsafe settings,
        and patches Rasa before it loads the model (bot/rasa_patches)."""
        settings = settings_for_start()
        rasa_patches.apply()
        return cls(settings.message_guard(), settings)

    def _say(self, sender: str, name: str, **values: str) -> dict[str, str]:
        return {
            "recipient_id": sender,
            "text": render_response(name, values, settings=self.settings),
        }

    def refusal(self, incoming: Incoming, verdict: Verdict) -> HTTPResponse:
        logger.info("event=message_refused channel=rest reason=%s", verdict.reason)
        if verdict.reason == "too_fast":
            body = [self._say(incoming.sender, verdict.response)] if verdict.tell else []
            return response.json(
                body, status=429, headers={"Retry-After": str(verdict.retry_after)}
            )
        reply = self._say(
            incoming.sender, verdict.response, max_chars=chars_in_words(self.guard.max_chars)
        )
        return response.json([reply])

    async def answer(self, on_new_message: OnNewMessage, incoming: Incoming) -> HTTPResponse:
        collector = CollectingOutputChannel()
        message = UserMessage(
            incoming.text,
            collector,
            incoming.sender,
            input_channel=self.name(),
            metadata=incoming.metadata,
        )
        await on_new_message(message)
        return response.json(collector.messages)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)
        once = AnsweredOnce(on_new_message)
        once.attach(webhook)
        on_new_message = always_answered(once.handle, self.settings)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse | ResponseStream:
            try:
                incoming = parse_body(request.body)
            except BadRequest as error:
                return response.json({"error": str(error)}, status=400)
            verdict = self.guard.check(incoming.sender, incoming.text, time.monotonic())
            if not verdict.allowed:
                return self.refusal(incoming, verdict)
            if bool_arg(request, "stream", default=False):
                return response.stream(
                    self.stream_response(
                        on_new_message,
                        incoming.text,
                        incoming.sender,
                        self.name(),
                        incoming.metadata,
                    ),
                    content_type="text/event-stream",
                )
            return await self.answer(on_new_message, incoming)

        return webhook
