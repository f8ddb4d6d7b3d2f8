"""A phone texting the running assistant, as Twilio would deliver its texts: signed form posts."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlparse
from xml.etree import ElementTree

import httpx
from twilio.request_validator import RequestValidator

from bot.mias.sms_text import is_gsm7, segments
from bot.services.sms import conversation_id_for
from tests.helpers.questions import assert_one_question
from tests.helpers.servers import Servers


def new_number() -> str:
    return f"+447700{random.randrange(900000, 999999)}"


def new_sid() -> str:
    return "SM" + uuid.uuid4().hex


@dataclass
class Reply:
    """The TwiML a text was answered with: its message (empty for none) and its status URL."""

    text: str
    status_url: str

    @property
    def ref(self) -> str:
        return parse_qs(urlparse(self.status_url).query)["ref"][0]


def read_twiml(xml: str) -> Reply:
    messages = ElementTree.fromstring(xml).findall("Message")
    assert len(messages) <= 1, xml  # one text a turn
    if not messages:
        return Reply("", "")
    return Reply(messages[0].text or "", messages[0].get("action", ""))


@dataclass
class Phone:
    servers: Servers
    number: str = field(default_factory=new_number)
    replies: list[Reply] = field(default_factory=list)

    @property
    def conversation_id(self) -> str:
        return conversation_id_for(self.number, self.servers.env["SMS_ID_KEY"])

    @property
    def webhook_url(self) -> str:
        return self.servers.env["SMS_WEBHOOK_URL"]

    def params(self, body: str, sid: str) -> dict[str, str]:
        return {
            "MessageSid": sid,
            "SmsSid": sid,
            "AccountSid": self.servers.env["TWILIO_ACCOUNT_SID"],
            "From": self.number,
            "To": self.servers.env["TWILIO_FROM_NUMBER"],
            "Body": body,
            "NumMedia": "0",
            "NumSegments": "1",
            "FromCity": "",
            "FromState": "",
            "ToCity": "",
        }

    def post(
        self, url: str, params: dict[str, str], *, signature: str | None = None
    ) -> httpx.Response:
        """A form post signed as Twilio signs it (or with the signature given)."""
        if signature is None:
            token = self.servers.env["TWILIO_AUTH_TOKEN"]
            signature = RequestValidator(token).compute_signature(url, params)
        headers = {"X-Twilio-Signature": signature} if signature else {}
        return httpx.post(url, data=params, headers=headers, timeout=60)

    def text(self, body: str, *, sid: str | None = None) -> str:
        """Send one text; return the text of the answer (checked to be fit for a phone)."""
        response = self.post(self.webhook_url, self.params(body, sid or new_sid()))
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/xml")
        reply = read_twiml(response.text)
        assert is_gsm7(reply.text) and segments(reply.text) <= 3, reply.text
        assert_one_question([reply.text])
        self.replies.append(reply)
        return reply.text

    def report(
        self, status_url: str, status: str, *, error_code: str = "", sid: str | None = None
    ) -> httpx.Response:
        """Twilio's delivery report for a text we were sent."""
        params = {
            "MessageSid": sid or new_sid(),
            "MessageStatus": status,
            "SmsStatus": status,
            "AccountSid": self.servers.env["TWILIO_ACCOUNT_SID"],
            "To": self.number,
            "ErrorCode": error_code,
        }
        return self.post(status_url, params)
