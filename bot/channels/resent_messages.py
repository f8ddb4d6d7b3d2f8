"""A message sent again is answered again, never handled twice, on whichever Rasa server it lands.

The chat widget sends each message with a random `metadata.message_id`, and sends it again when
no acknowledgement came (the connection dropped, or the server died mid-turn); a load balancer
may send that retry to another Rasa server. `AnsweredOnce` runs each such turn under Rasa's lock
for the conversation (the Redis lock store when there are several servers), as
`Agent.handle_message` does, and first looks in the stored conversation for the message's id:
- not there: the turn runs as usual, and is saved with its id;
- there: the turn already ran, so the replies that followed it are sent again, and nothing new
  is stored. A turn saved without replies (a caseworker has the conversation) stays quiet again.
Messages without an id (other clients) go straight to Rasa. Texts have their own once-only check
by Twilio's MessageSid in `bot.channels.sms`, which also covers the reply sent back.

The price is one more read of the conversation for each message with an id (Rasa's processor
reads it again and offers no way to hand it one): a few milliseconds in a conversation of normal
length, measured in `bench.service` only for messages without an id.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rasa.core.channels.channel import UserMessage
from rasa.shared.core.events import BotUttered, Event, UserUttered
from sanic import Blueprint, Sanic

from bot.channels.always_answered import OnNewMessage

if TYPE_CHECKING:  # Rasa's agent module loads TensorFlow: not at import time
    from rasa.core.agent import Agent

logger = logging.getLogger(__name__)


def message_id_of(message: UserMessage) -> str | None:
    message_id = (message.metadata or {}).get("message_id")
    return message_id if isinstance(message_id, str) and message_id else None


def replies_to(events: Iterable[Event], message_id: str) -> list[dict[str, Any]] | None:
    """The bot messages that answered the user message with this id, in order, or None when no
    such message was saved."""
    replies: list[dict[str, Any]] | None = None
    for event in events:
        if isinstance(event, UserUttered):
            if replies is not None:
                break
            if (event.metadata or {}).get("message_id") == message_id:
                replies = []
        elif replies is not None and isinstance(event, BotUttered):
            replies.append(event.message())
    return replies


class AnsweredOnce:
    """Wraps the `on_new_message` Rasa gives a channel; `attach` it to the channel's blueprint so
    it can reach the running server's agent."""

    def __init__(self, on_new_message: OnNewMessage) -> None:
        self.on_new_message = on_new_message
        self.app: Sanic | None = None

    def attach(self, blueprint: Blueprint) -> None:
        async def remember_app(app: Sanic, _: Any) -> None:
            self.app = app

        blueprint.listener("before_server_start")(remember_app)

    def _agent(self) -> Agent | None:
        agent = getattr(self.app.ctx, "agent", None) if self.app else None
        return agent if agent is not None and agent.is_ready() else None

    async def handle(self, message: UserMessage) -> None:
        message_id = message_id_of(message)
        agent = self._agent()
        if message_id is None or agent is None or agent.processor is None:
            await self.on_new_message(message)
            return
        async with agent.lock_store.lock(message.sender_id):
            tracker = await agent.tracker_store.retrieve(message.sender_id)
            replies = replies_to(tracker.events, message_id) if tracker else None
            if replies is None:
                await agent.processor.handle_message(message)
                return
            logger.info(
                "event=repeated_message_answered_again channel=%s replies=%d",
                message.input_channel,
                len(replies),
            )
            for reply in replies:
                await message.output_channel.send_response(message.sender_id, reply)
