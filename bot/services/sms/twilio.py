"""Sending one text through Twilio's REST API, with a bounded retry.

The API's address comes from TWILIO_API_URL (Twilio's own by default), so tests catch the calls
on a loopback stand-in. A text is retried only when Twilio certainly did not take it: the
connection failed, or Twilio answered 429 or 5xx. A refusal (a bad number, error 21610 for a
number that texted STOP) is not retried. Nothing here logs a phone number or a message.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from bot.settings import TWILIO_API_URL, Settings

logger = logging.getLogger(__name__)

UNSUBSCRIBED = 21610  # Twilio: the recipient has opted out (texted STOP)
ATTEMPTS = 3
FIRST_PAUSE_S = 0.5
TIMEOUT_S = 10.0


class SmsNotSent(Exception):
    """The text did not go out. `reason` is a code safe to log: "opted_out", "no_number",
    "not_configured", "refused" (Twilio said no; `code` is Twilio's error code) or "unreachable"."""

    def __init__(self, reason: str, code: int | None = None) -> None:
        super().__init__(f"SMS not sent: {reason}" + (f" (Twilio error {code})" if code else ""))
        self.reason = reason
        self.code = code


class _ApiAt(TwilioHttpClient):  # type: ignore[misc]
    """Twilio's HTTP client, sending what it would send to api.twilio.com to `base_url`."""

    def __init__(self, base_url: str) -> None:
        super().__init__(timeout=TIMEOUT_S)
        self.base_url = base_url.rstrip("/")

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        if url.startswith(TWILIO_API_URL):
            url = self.base_url + url[len(TWILIO_API_URL) :]
        return super().request(method, url, **kwargs)


@dataclass(frozen=True)
class TwilioAccount:
    account_sid: str
    auth_token: str
    from_number: str
    messaging_service_sid: str
    api_url: str

    @classmethod
    def from_settings(cls, settings: Settings) -> TwilioAccount:
        return cls(
            account_sid=settings.twilio_account_sid,
            auth_token=settings.twilio_auth_token,
            from_number=settings.twilio_from_number,
            messaging_service_sid=settings.twilio_messaging_service_sid,
            api_url=settings.twilio_api_url,
        )

    @property
    def can_send(self) -> bool:
        return bool(
            self.account_sid
            and self.auth_token
            and (self.from_number or self.messaging_service_sid)
        )


def _overloaded(status: int) -> bool:
    """Twilio did not take the text and says so: worth trying again."""
    return status == 429 or status >= 500


def _retryable(error: Exception) -> bool:
    if isinstance(error, TwilioRestException):
        return _overloaded(int(error.status))
    return isinstance(error, requests.ConnectionError)  # never reached Twilio: safe to repeat


class TwilioSender:
    """Sends texts from TWILIO_MESSAGING_SERVICE_SID if set, else from TWILIO_FROM_NUMBER."""

    def __init__(
        self,
        account: TwilioAccount,
        *,
        attempts: int = ATTEMPTS,
        first_pause: float = FIRST_PAUSE_S,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.account = account
        self.attempts = attempts
        self.first_pause = first_pause
        self.sleep = sleep

    @classmethod
    def for_settings(cls, settings: Settings) -> TwilioSender:
        return cls(TwilioAccount.from_settings(settings))

    def _client(self) -> Any:
        return Client(
            self.account.account_sid,
            self.account.auth_token,
            http_client=_ApiAt(self.account.api_url),
        )

    def _sender(self) -> dict[str, str]:
        if self.account.messaging_service_sid:
            return {"messaging_service_sid": self.account.messaging_service_sid}
        return {"from_": self.account.from_number}

    def send(self, to: str, body: str, *, status_callback: str) -> str:
        """Twilio's MessageSid for the queued text; raises SmsNotSent."""
        if not self.account.can_send:
            raise SmsNotSent("not_configured")
        client, attempt = self._client(), 1
        while True:
            try:
                message = client.messages.create(
                    to=to, body=body, status_callback=status_callback, **self._sender()
                )
                return str(message.sid)
            except (TwilioRestException, requests.RequestException) as error:
                if not _retryable(error) or attempt >= self.attempts:
                    raise _not_sent(error) from None
                logger.warning("event=sms_send_retry attempt=%s", attempt)
                self.sleep(self.first_pause * 2 ** (attempt - 1))
                attempt += 1


def _not_sent(error: Exception) -> SmsNotSent:
    if isinstance(error, TwilioRestException):
        logger.warning("event=sms_send_refused status=%s code=%s", error.status, error.code)
        if error.code == UNSUBSCRIBED:
            return SmsNotSent("opted_out", UNSUBSCRIBED)
        if _overloaded(int(error.status)):
            return SmsNotSent("unreachable", error.code)
        return SmsNotSent("refused", error.code)
    logger.warning("event=sms_send_failed error=%s", type(error).__name__)
    return SmsNotSent("unreachable")
