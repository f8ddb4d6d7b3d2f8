"""The one place that reads the environment.

Every process (Rasa, the action server, the console, the `mias` command) builds a `Settings` with
`Settings.from_env()`; nothing else calls `os.environ`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from bot.mias.working_hours import (
    DEFAULT_OPENING_HOURS,
    OpeningHours,
    parse_closed_days,
    parse_opening_hours,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
UK_TIME = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    public_base_url: str
    rasa_url: str
    console_port: int
    console_secret_key: str
    postcodes_api_url: str
    twilio_account_sid: str
    twilio_auth_token: str
    twilio_from_number: str
    frozen_today: date | None
    certificate_mode: str = "auto"
    provider_name: str = "KIDS"
    provider_phone: str = "03330 062 835"
    certificates_dir: Path = PROJECT_ROOT / "certificates"
    download_link_hours: int = 72
    opening_hours: str = DEFAULT_OPENING_HOURS
    closed_days: frozenset[date] = frozenset()
    rasa_token: str = ""
    public_rasa_url: str = ""
    chat_allowed_origins: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("MIAS_DATA_DIR", str(PROJECT_ROOT / "var"))).resolve()
        frozen = env.get("MIAS_TODAY", "").strip()
        public_base_url = env.get("PUBLIC_BASE_URL", "http://localhost:8000").rstrip("/")
        rasa_url = env.get("RASA_URL", "http://localhost:5005").rstrip("/")
        return cls(
            data_dir=data_dir,
            database_url=env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'mias.db'}",
            public_base_url=public_base_url,
            rasa_url=rasa_url,
            console_port=int(env.get("CONSOLE_PORT", "8000")),
            console_secret_key=env.get("CONSOLE_SECRET_KEY", "dev-only-not-secret"),
            postcodes_api_url=env.get("POSTCODES_API_URL", "").strip().rstrip("/"),
            twilio_account_sid=env.get("TWILIO_ACCOUNT_SID", ""),
            twilio_auth_token=env.get("TWILIO_AUTH_TOKEN", ""),
            twilio_from_number=env.get("TWILIO_FROM_NUMBER", ""),
            frozen_today=date.fromisoformat(frozen) if frozen else None,
            certificate_mode=_certificate_mode(env.get("CERTIFICATE_MODE", "auto")),
            provider_name=env.get("PROVIDER_NAME", "").strip() or "KIDS",
            provider_phone=env.get("PROVIDER_PHONE", "").strip() or "03330 062 835",
            certificates_dir=Path(
                env.get("CERTIFICATES_DIR") or str(PROJECT_ROOT / "certificates")
            ).resolve(),
            download_link_hours=_positive_int(env.get("DOWNLOAD_LINK_HOURS", ""), default=72),
            opening_hours=_opening_hours(env.get("OPENING_HOURS", "")),
            closed_days=parse_closed_days(env.get("CLOSED_DAYS", "")),
            rasa_token=env.get("RASA_TOKEN", ""),
            public_rasa_url=(env.get("PUBLIC_RASA_URL", "").strip() or rasa_url).rstrip("/"),
            chat_allowed_origins=_allowed_origins(
                env.get("CHAT_ALLOWED_ORIGINS", ""), public_base_url
            ),
        )

    def hours(self) -> OpeningHours:
        """When caseworkers are at work: OPENING_HOURS, bank holidays and CLOSED_DAYS."""
        return parse_opening_hours(self.opening_hours, self.closed_days)

    @property
    def secure_cookies(self) -> bool:
        """Console cookies are sent over HTTPS only when the console is served over HTTPS."""
        return self.public_base_url.startswith("https://")

    def today(self) -> date:
        """Today's date in the UK, unless MIAS_TODAY freezes it (for tests and training)."""
        return self.frozen_today or datetime.now(UK_TIME).date()


CERTIFICATE_MODES = ("auto", "review")


def _certificate_mode(value: str) -> str:
    """'auto' or 'review'; anything else is a configuration mistake worth stopping for."""
    mode = value.strip().lower() or "auto"
    if mode not in CERTIFICATE_MODES:
        raise ValueError(f"CERTIFICATE_MODE must be one of {CERTIFICATE_MODES}, got {value!r}")
    return mode


def _opening_hours(value: str) -> str:
    """The OPENING_HOURS text, checked now so a mistake stops the process at start."""
    text = value.strip() or DEFAULT_OPENING_HOURS
    parse_opening_hours(text)
    return text


LOOPBACK_TWINS = {"localhost": "127.0.0.1", "127.0.0.1": "localhost"}


DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> str:
    """scheme://host[:port] as browsers send it in the Origin header (lower case, no default
    port); a path, query or missing host is a configuration mistake."""
    parts = urlsplit(url.strip().rstrip("/"))
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or parts.path or parts.query:
        raise ValueError(f"expected an origin such as https://www.example.org, got {url!r}")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    port = f":{parts.port}" if parts.port and parts.port != DEFAULT_PORTS[parts.scheme] else ""
    return f"{parts.scheme}://{host}{port}"


def _allowed_origins(value: str, public_base_url: str) -> tuple[str, ...]:
    """The web pages whose browsers may open the chat's socket.io connection.

    Default: the console's own origin (PUBLIC_BASE_URL), which serves the demo page; on a
    loopback address its twin too, so http://localhost:8000 and http://127.0.0.1:8000 both work.
    `*` allows any page. Never empty: python-engineio reads an empty list as "check nothing".
    """
    if value.strip() == "*":
        return ("*",)
    origins = [_origin(item) for item in value.split(",") if item.strip()]
    if origins:
        return tuple(dict.fromkeys(origins))
    parts = urlsplit(public_base_url)
    own = _origin(f"{parts.scheme}://{parts.netloc}")
    twin = LOOPBACK_TWINS.get(parts.hostname or "")
    if twin is None:
        return (own,)
    return (own, own.replace(f"//{parts.hostname}", f"//{twin}", 1))


def _positive_int(value: str, *, default: int) -> int:
    number = int(value) if value.strip() else default
    if number <= 0:
        raise ValueError(f"expected a positive whole number, got {value!r}")
    return number


def shell_exports(settings: Settings) -> str:
    """`export` lines for the variables Rasa's YAML files read, with our defaults filled in."""
    environ = {
        "MIAS_DATA_DIR": str(settings.data_dir),
        "DATABASE_URL": settings.database_url,
        "ACTION_ENDPOINT_URL": os.environ.get("ACTION_ENDPOINT_URL", "http://localhost:5055/webhook"),
    }
    return "\n".join(f"export {name}='{value}'" for name, value in environ.items())


if __name__ == "__main__":
    print(shell_exports(Settings.from_env()))
