"""The SMS channel (Twilio): `POST /webhooks/sms/webhook` for texts, `/webhooks/sms/status` for
delivery reports. Registered in credentials.yml as `bot.channels.sms.SmsInput`.

Thin on purpose: the rules are in `bot.services.sms` and `bot.mias.sms_text`. Here:
- every request must carry Twilio's signature for the public URL Twilio called (SMS_WEBHOOK_URL,
  so it works behind a proxy); anything else gets 403 and touches nothing;
- the answer to a text is TwiML in the webhook's response; a retried webhook (same MessageSid)
  gets the stored answer and is not handled again;
- texts sent later (Rasa's HTTP API with output_channel=latest: a caseworker's reply, a
  certificate approved in review) go through Twilio's REST API (`SmsOutput`);
- `bot.mias.message_limits`'s length and per-number rate limits apply to what goes to the assistant
  (STOP, START, HELP and MORE are always honoured); a flood is told once, then answered with
  nothing, as each text we send costs money;
- each turn runs inside `bot.channels.always_answered.answer_turn`: a failed turn, or an action server out
  of reach, is answered kindly rather than with silence.
Database and Twilio calls run in worker threads so the server keeps answering others.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from bot import rasa_patches
from bot.channels.always_answered import OnNewMessage, always_answered
from bot.mias.message_limits import chars_in_words
from bot.mias.sms_text import Part
from bot.services import sms
from bot.settings import Settings, settings_for_start

logger = logging.getLogger(__name__)

TWIML = "text/xml"
RETRY_WAIT_S = 10.0
MAX_SID_CHARS = 64  # Twilio's are 34; the column holds 64
RETRY_POLL_S = 0.2


class _Form(dict[str, list[str]]):
    """Form fields with every value kept (blank ones too, as Twilio signs them)."""

    @classmethod
    def parse(cls, request: Request) -> _Form:
        form = cls()
        for name, value in parse_qsl(
            request.body.decode("utf-8", "replace"), keep_blank_values=True
        ):
            form.setdefault(name, []).append(value)
        return form

    def getlist(self, name: str) -> list[str]:  # what RequestValidator reads
        return self.get(name, [])

    def first(self, name: str) -> str | None:
        values = self.get(name)
        return values[0] if values else None


def _signed(request: Request, form: _Form, public_url: str, auth_token: str) -> bool:
    """True when X-Twilio-Signature is Twilio's for the public URL (with the query it called)."""
    signature = request.headers.get("X-Twilio-Signature", "")
    if not auth_token or not signature:
        return False
    url = f"{public_url}?{request.query_string}" if request.query_string else public_url
    return bool(RequestValidator(auth_token).validate(url, form, signature))


def _twiml(part: Part | None, status_url: str | None = None) -> str:
    reply = MessagingResponse()
    if part is not None:
        reply.message(part.text, action=status_url, method="POST" if status_url else None)
    return str(reply)


class SmsCollector(OutputChannel):
    """Collects one turn's messages whole (buttons, response name and all). Its name is "sms", so
    Rasa picks the `channel: sms` variant of a response."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    @classmethod
    def name(cls) -> str:
        return sms.CHANNEL

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.messages.append(dict(message))

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        self.messages.append({"text": text})


class SmsOutput(OutputChannel):
    """Texts sent later, through Twilio's REST API; refuses (raises SmsNotSent) for a number that
    opted out, so Rasa's HTTP API answers with an error and the console says it was not sent."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @classmethod
    def name(cls) -> str:
        return sms.CHANNEL

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        await asyncio.to_thread(sms.send_later, self.settings, recipient_id, dict(message))

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})


# What the channel answers itself, by what the text was (see sms.read_text).
OWN_REPLIES = {
    "opt_out": "utter_sms_stopped",
    "opt_in": "utter_sms_started",
    "still_opted_out": "utter_sms_still_stopped",
    "help": "utter_sms_help",
    "text_only": "utter_sms_text_only",
    "pick_a_number": "utter_sms_pick_a_number",
    "more_first": "utter_sms_more_first",
}


class SmsInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return sms.CHANNEL

    @classmethod
    def from_credentials(cls, credentials: Mapping[str, Any] | None) -> SmsInput:
        """Built by Rasa at start-up: refuses to start in production mode with unsafe settings,
        and patches Rasa before it loads the model (bot/rasa_patches)."""
        settings = settings_for_start()
        rasa_patches.apply()
        return cls(settings)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.guard = settings.message_guard()
        if not settings.twilio_auth_token:
            logger.warning("event=sms_not_configured missing=TWILIO_AUTH_TOKEN")

    def get_output_channel(self) -> OutputChannel:
        return SmsOutput(self.settings)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint("sms_webhook", __name__)
        on_new_message = always_answered(on_new_message, self.settings)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self._receive(request, on_new_message)

        @webhook.route("/status", methods=["POST"])
        async def status(request: Request) -> HTTPResponse:
            return await self._status(request)

        return webhook

    # ------------------------------------------------------------------------- texts in

    async def _receive(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        form = _Form.parse(request)
        settings = self.settings
        if not _signed(request, form, settings.sms_webhook_url, settings.twilio_auth_token):
            logger.warning("event=sms_refused reason=signature")
            return response.text("Forbidden", status=403)
        number = sms.normalise_number(form.first("From") or "")
        body, message_sid = form.first("Body"), form.first("MessageSid")
        if not number or body is None or not message_sid or len(message_sid) > MAX_SID_CHARS:
            logger.warning("event=sms_refused reason=incomplete")
            return response.text(
                "A text needs a phone number in From, a Body and a MessageSid.", status=400
            )
        conversation_id = sms.conversation_id_for(number, settings.sms_id_key)
        inbound = await asyncio.to_thread(
            sms.begin_text, settings.database_url, message_sid, conversation_id
        )
        if not inbound.new:
            logger.info("event=sms_retry conversation_id=%s", conversation_id)
            reply = inbound.reply or await self._wait_for_reply(message_sid)
            return response.text(reply, content_type=TWIML)
        try:
            reply = await self._answer(conversation_id, number, body, message_sid, on_new_message)
        except Exception:
            logger.exception("event=sms_turn_failed conversation_id=%s", conversation_id)
            reply = _twiml(sms.single_reply("utter_technical_problem", settings).parts[0])
        await asyncio.to_thread(sms.finish_text, settings.database_url, message_sid, reply)
        return response.text(reply, content_type=TWIML)

    async def _wait_for_reply(self, message_sid: str) -> str:
        """The first request's answer, once it is stored (a retry that overtook it waits)."""
        deadline = time.monotonic() + RETRY_WAIT_S
        while time.monotonic() < deadline:
            await asyncio.sleep(RETRY_POLL_S)
            reply = await asyncio.to_thread(
                sms.stored_reply, self.settings.database_url, message_sid
            )
            if reply is not None:
                return reply
        return _twiml(None)

    async def _answer(
        self,
        conversation_id: str,
        number: str,
        body: str,
        message_sid: str,
        on_new_message: OnNewMessage,
    ) -> str:
        database_url = self.settings.database_url
        state = await asyncio.to_thread(sms.remember_sender, database_url, conversation_id, number)
        reading = sms.read_text(sms.clean_inbound(body), state)
        logger.info("event=sms_received kind=%s conversation_id=%s", reading.kind, conversation_id)
        if reading.kind == "opt_out":
            await asyncio.to_thread(sms.opt_out, database_url, conversation_id)
        elif reading.kind == "opt_in":
            await asyncio.to_thread(sms.opt_in, database_url, conversation_id)
        if reading.kind == "more":
            part = await asyncio.to_thread(sms.next_part, database_url, conversation_id)
            return await self._send(conversation_id, part)
        if reading.kind != "assistant":
            turn = sms.single_reply(OWN_REPLIES[reading.kind], self.settings)
            return await self._send(conversation_id, turn.parts[0])
        verdict = self.guard.check(conversation_id, reading.text, time.monotonic())
        if not verdict.allowed:
            logger.info("event=message_refused channel=sms reason=%s", verdict.reason)
            if not verdict.tell:
                return _twiml(None)
            refusal = sms.single_reply(
                verdict.response,
                self.settings,
                {"max_chars": chars_in_words(self.guard.max_chars)},
            )
            return await self._send(conversation_id, refusal.parts[0])
        collector = SmsCollector()
        await on_new_message(
            UserMessage(
                reading.text,
                collector,
                conversation_id,
                input_channel=sms.CHANNEL,
                message_id=message_sid,
            )
        )
        turn = sms.compose_turn(collector.messages, self.settings)
        if not turn.parts:  # a caseworker has the conversation: the assistant stays quiet
            return _twiml(None)
        await asyncio.to_thread(sms.save_turn, database_url, conversation_id, turn)
        return await self._send(conversation_id, turn.parts[0])

    async def _send(self, conversation_id: str, part: Part | None) -> str:
        """TwiML for one part, recorded first so its delivery report finds it."""
        if part is None:
            return _twiml(None)
        ref = await asyncio.to_thread(
            sms.new_outbound, self.settings.database_url, conversation_id, part, via="twiml"
        )
        return _twiml(part, sms.status_callback_url(self.settings, ref))

    # ------------------------------------------------------------------------- delivery reports

    async def _status(self, request: Request) -> HTTPResponse:
        form = _Form.parse(request)
        settings = self.settings
        if not _signed(request, form, settings.sms_status_url, settings.twilio_auth_token):
            logger.warning("event=sms_status_refused reason=signature")
            return response.text("Forbidden", status=403)
        status = form.first("MessageStatus") or form.first("SmsStatus")
        if not status:
            return response.text("A delivery report needs MessageStatus.", status=400)
        await asyncio.to_thread(
            sms.record_delivery,
            settings.database_url,
            ref=request.args.get("ref"),
            message_sid=form.first("MessageSid"),
            status=status,
            error_code=form.first("ErrorCode"),
        )
        return response.text(_twiml(None), content_type=TWIML)
