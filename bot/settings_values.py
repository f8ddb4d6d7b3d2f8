"""How each setting's text is read: plain functions of one value, with no access to the
environment (bot/settings.py reads it, and only it)."""

from __future__ import annotations

import ipaddress
import re
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from bot.mias.working_hours import DEFAULT_OPENING_HOURS, parse_opening_hours

UK_TIME = ZoneInfo("Europe/London")
ENVIRONMENTS = ("development", "production")
DEVELOPMENT_SECRET_KEY = "dev-only-not-secret"
MIN_SECRET_LENGTH = 32
# Values people leave in place of a secret: .env.example's, ours, and the usual stand-ins.
PLACEHOLDER = re.compile(
    r"change.?me|example|placeholder|dummy|not.?secret|your.?(auth|secret|token)|"
    r"^(x+|secret|password|token|test\w*|dev\w*)$",
    re.IGNORECASE,
)


CERTIFICATE_MODES = ("auto", "review")


def certificate_mode(value: str) -> str:
    """'auto' or 'review'; anything else is a configuration mistake worth stopping for."""
    mode = value.strip().lower() or "auto"
    if mode not in CERTIFICATE_MODES:
        raise ValueError(f"CERTIFICATE_MODE must be one of {CERTIFICATE_MODES}, got {value!r}")
    return mode


def uk_moment(value: str) -> datetime | None:
    """MIAS_NOW ("2027-03-01T10:00"): a UK local time, for tests of timed work only."""
    text = value.strip()
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment.astimezone(UK_TIME) if moment.tzinfo else moment.replace(tzinfo=UK_TIME)


def opening_hours(value: str) -> str:
    """The OPENING_HOURS text, checked now so a mistake stops the process at start."""
    text = value.strip() or DEFAULT_OPENING_HOURS
    parse_opening_hours(text)
    return text


def environment(value: str) -> str:
    environment = value.strip().lower() or "development"
    if environment not in ENVIRONMENTS:
        raise ValueError(f"MIAS_ENV must be one of {ENVIRONMENTS}, got {value!r}")
    return environment


def rate_limit(value: str) -> tuple[int, int] | None:
    """SENDER_RATE_LIMIT: '30/60' is 30 messages in any 60 seconds; 'off' turns the limit off."""
    text = value.strip().lower() or "30/60"
    if text == "off":
        return None
    match = re.fullmatch(r"(\d+)\s*/\s*(\d+)", text)
    if not match or int(match.group(1)) < 1 or int(match.group(2)) < 1:
        raise ValueError(
            f"SENDER_RATE_LIMIT must look like 30/60 (messages/seconds) or off, got {value!r}"
        )
    return int(match.group(1)), int(match.group(2))


def weak_secret(value: str) -> str:
    """Why `value` is no secret ('' when it is fine)."""
    if not value.strip():
        return "is not set"
    if value == DEVELOPMENT_SECRET_KEY or PLACEHOLDER.search(value):
        return "is a default or placeholder value"
    if len(value) < MIN_SECRET_LENGTH:
        return f"is shorter than {MIN_SECRET_LENGTH} characters"
    return ""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


LOOPBACK_TWINS = {"localhost": "127.0.0.1", "127.0.0.1": "localhost"}


DEFAULT_PORTS = {"http": 80, "https": 443}


def origin(url: str) -> str:
    """scheme://host[:port] as browsers send it in the Origin header (lower case, no default
    port); a path, query or missing host is a configuration mistake."""
    parts = urlsplit(url.strip().rstrip("/"))
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or parts.path or parts.query:
        raise ValueError(f"expected an origin such as https://www.example.org, got {url!r}")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    port = f":{parts.port}" if parts.port and parts.port != DEFAULT_PORTS[parts.scheme] else ""
    return f"{parts.scheme}://{host}{port}"


def allowed_origins(value: str, public_base_url: str) -> tuple[str, ...]:
    """The web pages whose browsers may open the chat's socket.io connection.

    Default: the console's own origin (PUBLIC_BASE_URL), which serves the demo page; on a
    loopback address its twin too, so http://localhost:8000 and http://127.0.0.1:8000 both work.
    `*` allows any page. Never empty: python-engineio reads an empty list as "check nothing".
    """
    if value.strip() == "*":
        return ("*",)
    origins = [origin(item) for item in value.split(",") if item.strip()]
    if origins:
        return tuple(dict.fromkeys(origins))
    parts = urlsplit(public_base_url)
    own = origin(f"{parts.scheme}://{parts.netloc}")
    twin = LOOPBACK_TWINS.get(parts.hostname or "")
    if twin is None:
        return (own,)
    return (own, own.replace(f"//{parts.hostname}", f"//{twin}", 1))


def positive_int(value: str, *, default: int) -> int:
    number = int(value) if value.strip() else default
    if number <= 0:
        raise ValueError(f"expected a positive whole number, got {value!r}")
    return number


def redis_url(value: str) -> str:
    """REDIS_URL, checked now: empty means one Rasa server with its lock store in memory."""
    url = value.strip()
    if url and urlsplit(url).scheme != "redis":
        raise ValueError(f"REDIS_URL must look like redis://host:6379/1, got {value!r}")
    return url
