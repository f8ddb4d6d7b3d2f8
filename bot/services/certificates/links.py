"""Signed, expiring download links and the calendar file for a certificate (no database here).

A link token is short enough for an SMS: the certificate number's 12 symbols, one letter for what
it grants, the expiry time, and 96 bits of HMAC-SHA256 keyed with CONSOLE_SECRET_KEY. The
signature is checked before anything else is read, so a forged token and an expired genuine one
can be told apart without trusting the forger.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from icalendar import Alarm, Calendar, Event

from bot.certificate_pdf import wording
from bot.mias.certificate_numbers import normalise_number

KINDS = {"pdf": "p", "ics": "c"}
_KIND_NAMES = {letter: kind for kind, letter in KINDS.items()}
_PURPOSE = b"mias-certificate-link:"
_SIGNATURE_CHARS = 16  # 96 bits, the usual HMAC-SHA-256-96 truncation
_NUMBER_CHARS = 12
REMINDER_BEFORE = timedelta(days=7)
REMINDER_TIME = time(9, 0)


class LinkError(Exception):
    """A download link that must not be served."""


class LinkInvalid(LinkError):
    """Not a link we made (mistyped, cut short or forged)."""


class LinkExpired(LinkError):
    """A link we made, past its time."""


@dataclass(frozen=True)
class DownloadGrant:
    """What a valid token allows: one certificate's file of `kind` ("pdf" also allows "ics")."""

    number: str
    kind: str
    expires_at: datetime

    def allows(self, kind: str) -> bool:
        return self.kind == kind or (self.kind == "pdf" and kind == "ics")


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(timezone.utc)


def _signature(secret: str, body: str) -> str:
    digest = hmac.new(secret.encode(), _PURPOSE + body.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()[:_SIGNATURE_CHARS]


def _base36(value: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while value:
        value, remainder = divmod(value, 36)
        text = digits[remainder] + text
    return text or "0"


def download_token(
    number: str, kind: str, *, secret: str, hours: int, now: datetime | None = None
) -> str:
    """A token for `/certificates/<token>` that works for `hours` from `now`."""
    canonical = normalise_number(number)
    if canonical is None or kind not in KINDS:
        raise ValueError(f"cannot make a {kind!r} link for {number!r}")
    expires = int((_now(now) + timedelta(hours=hours)).timestamp())
    body = canonical[3:].replace("-", "") + KINDS[kind] + _base36(expires)
    return f"{body}.{_signature(secret, body)}"


def read_download_token(token: str, *, secret: str, now: datetime | None = None) -> DownloadGrant:
    """The grant a token carries; raises LinkInvalid or LinkExpired."""
    body, _, signature = token.partition(".")
    if not hmac.compare_digest(signature.encode(), _signature(secret, body).encode()):
        raise LinkInvalid("bad signature")
    number = normalise_number(body[:_NUMBER_CHARS])
    kind = _KIND_NAMES.get(body[_NUMBER_CHARS : _NUMBER_CHARS + 1])
    if number is None or kind is None:
        raise LinkInvalid("malformed token")
    try:
        expires_at = datetime.fromtimestamp(int(body[_NUMBER_CHARS + 1 :], 36), timezone.utc)
    except (ValueError, OverflowError, OSError) as error:
        raise LinkInvalid("malformed expiry") from error
    if _now(now) >= expires_at:
        raise LinkExpired(f"expired at {expires_at.isoformat()}")
    return DownloadGrant(number, kind, expires_at)


def ics_for_deadline(
    number: str, appeal_deadline: date, tribunal_form: str, *, now: datetime | None = None
) -> bytes:
    """An all-day event on the appeal deadline with a reminder at 9am one week before.

    No names go in the file: calendars are often shared or synced. The UID is the certificate
    number, so adding the file twice updates one event rather than making two.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//MIAS assistant//mediation certificate//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(_deadline_event(number, appeal_deadline, tribunal_form, _now(now)))
    return bytes(calendar.to_ical())


def _deadline_event(number: str, deadline: date, form: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", f"{number}@mias-certificate")
    event.add("dtstamp", now)
    event.add("dtstart", deadline)
    event.add("dtend", deadline + timedelta(days=1))
    event.add("summary", wording.CALENDAR_EVENT)
    event.add("description", wording.calendar_description(number, form))
    event.add("transp", "TRANSPARENT")
    event.add_component(_week_before_alarm(form))
    return event


def _week_before_alarm(form: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", wording.calendar_reminder(form))
    before = REMINDER_BEFORE - timedelta(hours=REMINDER_TIME.hour, minutes=REMINDER_TIME.minute)
    alarm.add("trigger", -before)
    return alarm
