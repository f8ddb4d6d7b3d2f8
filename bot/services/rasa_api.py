"""The console's client for Rasa's HTTP API (`rasa run --enable-api`).

How the bot steps back, and why there can be no double reply (checked against Rasa 3.6.21,
rasa/core/processor.py and rasa/server.py):

- `pause` appends Rasa's ConversationPaused event. While a tracker is paused, Rasa still stores
  each user message (so the caseworker sees it in the transcript) but runs no prediction, so the
  assistant sends nothing of its own (`MessageProcessor._should_handle_message`).
- A caseworker's reply is appended as one `bot` event with `execute_side_effects=true` and
  `output_channel=latest`: Rasa sends exactly that message to the channel the person last used
  and predicts nothing, paused or not. `trigger_intent` is not used for replies: on a paused
  tracker it records the intent but runs no action (the reply would be lost silently), and on a
  running one it starts a prediction loop that may add the assistant's own messages.
- `resume` appends ConversationResumed; handing back then triggers the intent
  `caseworker_handed_back` so the assistant's rules greet the person and pick up where the
  conversation was (one prediction loop, ending in action_listen).

Everything here is synchronous (httpx); the console calls it from a worker thread.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote

import httpx

logger = logging.getLogger(__name__)

HAND_BACK_INTENT = "caseworker_handed_back"
LATEST = {"output_channel": "latest"}


class RasaError(Exception):
    """Rasa could not be reached or refused the request; nothing may have been delivered."""


@dataclass(frozen=True)
class TranscriptLine:
    """One line of the conversation: who ("person", "assistant", "caseworker", "system").

    A "system" line has no text of its own: `event` names what happened (Rasa's "pause" or
    "resume"), and the console puts it in words (bot/console/wording.yml).
    """

    at: datetime
    speaker: str
    text: str
    channel: str | None = None
    event: str | None = None

    def as_json(self) -> dict[str, str | None]:
        return {
            "at": self.at.isoformat(),
            "speaker": self.speaker,
            "text": self.text,
            "channel": self.channel,
            "event": self.event,
        }


def _when(event: Mapping[str, Any]) -> datetime:
    return datetime.fromtimestamp(float(event.get("timestamp") or 0), tz=timezone.utc)


def _line(event: Mapping[str, Any]) -> TranscriptLine | None:
    kind, at = event.get("event"), _when(event)
    if kind == "user":
        text = event.get("text")
        if not text or str(text).startswith("EXTERNAL"):
            return None
        return TranscriptLine(at, "person", str(text), event.get("input_channel"))
    if kind == "bot":
        metadata = event.get("metadata") or {}
        speaker = "caseworker" if metadata.get("sent_by") == "caseworker" else "assistant"
        return TranscriptLine(at, speaker, str(event.get("text") or ""))
    if kind in ("pause", "resume"):
        return TranscriptLine(at, "system", "", event=kind)
    return None


def transcript_from_events(events: list[Mapping[str, Any]]) -> list[TranscriptLine]:
    """What was said, by whom and when, from a tracker's events (other events are left out)."""
    return [line for line in map(_line, events) if line is not None]


class RasaClient:
    """Talks to one Rasa server; `token` is Rasa's --auth-token (empty for none)."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str = "",
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.transport = transport

    def _url(self, conversation_id: str, path: str) -> str:
        return f"{self.base_url}/conversations/{quote(conversation_id, safe='')}/{path}"

    def _request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        body: object = None,
    ) -> httpx.Response:
        query = {**(params or {}), **({"token": self.token} if self.token else {})}
        try:
            with httpx.Client(timeout=self.timeout, transport=self.transport) as client:
                response = client.request(method, url, params=query, json=body)
        except httpx.HTTPError as error:
            logger.warning("event=rasa_unreachable error=%s", type(error).__name__)
            raise RasaError("The assistant's server could not be reached.") from error
        if response.status_code >= 400:
            logger.warning("event=rasa_refused status=%s", response.status_code)
            raise RasaError(f"The assistant's server refused the request ({response.status_code}).")
        return response

    def tracker(self, conversation_id: str) -> dict[str, Any]:
        """The whole tracker, every event since the conversation began."""
        response = self._request(
            "GET", self._url(conversation_id, "tracker"), params={"include_events": "ALL"}
        )
        tracker: dict[str, Any] = response.json()
        return tracker

    def transcript(self, conversation_id: str) -> list[TranscriptLine]:
        return transcript_from_events(list(self.tracker(conversation_id).get("events") or []))

    def _append(
        self, conversation_id: str, event: Mapping[str, Any], *, send: bool = False
    ) -> None:
        params = {**LATEST, "execute_side_effects": "true"} if send else None
        self._request(
            "POST", self._url(conversation_id, "tracker/events"), params=params, body=event
        )

    def send_message(
        self, conversation_id: str, text: str, *, metadata: Mapping[str, Any] | None = None
    ) -> None:
        """Deliver one message to the person's latest channel and record it in the transcript."""
        event = {"event": "bot", "text": text, "metadata": dict(metadata or {})}
        self._append(conversation_id, event, send=True)

    def send_caseworker_reply(self, conversation_id: str, text: str) -> None:
        self.send_message(conversation_id, text, metadata={"sent_by": "caseworker"})

    def pause(self, conversation_id: str) -> None:
        """The assistant stops answering; the person's messages are kept for the caseworker."""
        self._append(conversation_id, {"event": "pause"})

    def resume(self, conversation_id: str) -> None:
        self._append(conversation_id, {"event": "resume"})

    def trigger_intent(
        self, conversation_id: str, intent: str, entities: Mapping[str, str] | None = None
    ) -> None:
        body = {"name": intent, "entities": dict(entities or {})}
        self._request(
            "POST", self._url(conversation_id, "trigger_intent"), params=LATEST, body=body
        )

    def hand_back(self, conversation_id: str) -> bool:
        """Resume the assistant and let it pick up. False if the person could not be told (the
        assistant is resumed all the same and answers their next message)."""
        self.resume(conversation_id)
        try:
            self.trigger_intent(conversation_id, HAND_BACK_INTENT)
        except RasaError:
            logger.warning("event=hand_back_not_announced")
            return False
        return True
