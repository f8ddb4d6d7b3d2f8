"""The one place that reads the environment.

Every process builds one `Settings` at its entry point and passes it to the code it calls: Rasa in
its input channels (`settings_for_start`, with the production check), the action server
(`bot.actions.context.settings`), the console (`python -m bot.console`) and the `mias` command
(`bot.cli.main`). Nothing else reads `os.environ`.
"""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bot import settings_values as values
from bot.mias.message_limits import MessageGuard, RateLimit
from bot.mias.working_hours import (
    DEFAULT_OPENING_HOURS,
    OpeningHours,
    parse_closed_days,
    parse_opening_hours,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
UK_TIME = values.UK_TIME
DEVELOPMENT_SECRET_KEY = values.DEVELOPMENT_SECRET_KEY
DEFAULT_DATA_DIR = PROJECT_ROOT / "var"
# On auto-issued certificates outside production when DUTY_ADVISER_NAME is unset: plainly no one.
DEVELOPMENT_ADVISER_NAME = "Test adviser (development only)"
# Values people leave in place of a secret: .env.example's, ours, and the usual stand-ins.


class UnsafeSettings(RuntimeError):
    """Production mode with a secret missing, left at a default, or a placeholder."""


TWILIO_API_URL = "https://api.twilio.com"
SMS_WEBHOOK_PATH = "/webhooks/sms/webhook"


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
    duty_adviser_name: str = ""
    provider_name: str = "KIDS"
    provider_phone: str = "03330 062 835"
    provider_email: str = "senmediation@kids.org.uk"
    certificates_dir: Path = PROJECT_ROOT / "certificates"
    download_link_hours: int = 72
    opening_hours: str = DEFAULT_OPENING_HOURS
    closed_days: frozenset[date] = frozenset()
    rasa_token: str = ""
    redis_url: str = ""
    console_host: str = "127.0.0.1"
    environment: str = "development"
    message_max_chars: int = 1000
    sender_rate: tuple[int, int] | None = (30, 60)
    action_endpoint_url: str = "http://localhost:5055/webhook"
    action_server_host: str = "127.0.0.1"
    action_server_port: int = 5055
    action_server_token: str = ""
    retention_days: int = 365
    public_rasa_url: str = ""
    chat_allowed_origins: tuple[str, ...] = ()
    twilio_messaging_service_sid: str = ""
    twilio_api_url: str = TWILIO_API_URL
    sms_webhook_url: str = ""
    sms_id_key: str = ""
    admin_password: str = field(default="", repr=False)
    frozen_now: datetime | None = None

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("MIAS_DATA_DIR", str(DEFAULT_DATA_DIR))).resolve()
        frozen = env.get("MIAS_TODAY", "").strip()
        public_base_url = env.get("PUBLIC_BASE_URL", "http://localhost:8000").rstrip("/")
        rasa_url = env.get("RASA_URL", "http://localhost:5005").rstrip("/")
        console_secret_key = env.get("CONSOLE_SECRET_KEY") or DEVELOPMENT_SECRET_KEY
        action_server_port = values.positive_int(env.get("ACTION_SERVER_PORT", ""), default=5055)
        environment = values.environment(env.get("MIAS_ENV", ""))
        return cls(
            data_dir=data_dir,
            database_url=env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'mias.db'}",
            public_base_url=public_base_url,
            rasa_url=rasa_url,
            console_port=int(env.get("CONSOLE_PORT", "8000")),
            console_secret_key=console_secret_key,
            postcodes_api_url=env.get("POSTCODES_API_URL", "").strip().rstrip("/"),
            twilio_account_sid=env.get("TWILIO_ACCOUNT_SID", ""),
            twilio_auth_token=env.get("TWILIO_AUTH_TOKEN", ""),
            twilio_from_number=env.get("TWILIO_FROM_NUMBER", ""),
            frozen_today=date.fromisoformat(frozen) if frozen else None,
            certificate_mode=values.certificate_mode(env.get("CERTIFICATE_MODE", "auto")),
            duty_adviser_name=" ".join(env.get("DUTY_ADVISER_NAME", "").split())
            or (DEVELOPMENT_ADVISER_NAME if environment != "production" else ""),
            provider_name=env.get("PROVIDER_NAME", "").strip() or "KIDS",
            provider_phone=env.get("PROVIDER_PHONE", "").strip() or "03330 062 835",
            provider_email=env.get("PROVIDER_EMAIL", "").strip() or "senmediation@kids.org.uk",
            certificates_dir=Path(
                env.get("CERTIFICATES_DIR") or str(PROJECT_ROOT / "certificates")
            ).resolve(),
            download_link_hours=values.positive_int(env.get("DOWNLOAD_LINK_HOURS", ""), default=72),
            opening_hours=values.opening_hours(env.get("OPENING_HOURS", "")),
            closed_days=parse_closed_days(env.get("CLOSED_DAYS", "")),
            rasa_token=env.get("RASA_TOKEN", ""),
            redis_url=values.redis_url(env.get("REDIS_URL", "")),
            console_host=env.get("CONSOLE_HOST", "").strip() or "127.0.0.1",
            environment=environment,
            message_max_chars=values.positive_int(env.get("MESSAGE_MAX_CHARS", ""), default=1000),
            sender_rate=values.rate_limit(env.get("SENDER_RATE_LIMIT", "")),
            action_endpoint_url=env.get("ACTION_ENDPOINT_URL")
            or f"http://localhost:{action_server_port}/webhook",
            action_server_host=env.get("ACTION_SERVER_HOST", "").strip() or "127.0.0.1",
            action_server_port=action_server_port,
            action_server_token=env.get("ACTION_SERVER_TOKEN", ""),
            retention_days=values.positive_int(env.get("RETENTION_DAYS", ""), default=365),
            public_rasa_url=(env.get("PUBLIC_RASA_URL", "").strip() or rasa_url).rstrip("/"),
            chat_allowed_origins=values.allowed_origins(
                env.get("CHAT_ALLOWED_ORIGINS", ""), public_base_url
            ),
            twilio_messaging_service_sid=env.get("TWILIO_MESSAGING_SERVICE_SID", "").strip(),
            twilio_api_url=(env.get("TWILIO_API_URL", "").strip() or TWILIO_API_URL).rstrip("/"),
            sms_webhook_url=(
                env.get("SMS_WEBHOOK_URL", "").strip() or public_base_url + SMS_WEBHOOK_PATH
            ),
            sms_id_key=env.get("SMS_ID_KEY", "") or console_secret_key,
            admin_password=env.get("MIAS_ADMIN_PASSWORD", ""),
            frozen_now=values.uk_moment(env.get("MIAS_NOW", "")),
        )

    def provider_values(self) -> dict[str, str]:
        """The provider's name, phone and e-mail by the names every response uses for them
        ({provider_name}...): the slots the session start sets, and what render_response fills."""
        return {
            "provider_name": self.provider_name,
            "provider_phone": self.provider_phone,
            "provider_email": self.provider_email,
        }

    def hours(self) -> OpeningHours:
        """When caseworkers are at work: OPENING_HOURS, bank holidays and CLOSED_DAYS."""
        return parse_opening_hours(self.opening_hours, self.closed_days)

    def message_guard(self) -> MessageGuard:
        """MESSAGE_MAX_CHARS and SENDER_RATE_LIMIT, as every channel applies them (a new guard,
        with its own counts, for each channel instance)."""
        rate = RateLimit(*self.sender_rate) if self.sender_rate else None
        return MessageGuard(self.message_max_chars, rate)

    @property
    def secure_cookies(self) -> bool:
        """Console cookies are sent over HTTPS only when the console is served over HTTPS."""
        return self.public_base_url.startswith("https://")

    @property
    def sms_status_url(self) -> str:
        """Where Twilio reports delivery: the status route beside the SMS webhook."""
        return urljoin(self.sms_webhook_url, "status")

    def today(self) -> date:
        """Today's date in the UK, unless MIAS_TODAY (or MIAS_NOW) freezes it (for tests and
        training)."""
        return self.now().date()

    def now(self) -> datetime:
        """The time in the UK (aware), unless MIAS_NOW freezes it; MIAS_TODAY alone freezes
        only the date, for `mias remind` under a frozen day."""
        if self.frozen_now is not None:
            return self.frozen_now
        now = datetime.now(UK_TIME)
        return datetime.combine(self.frozen_today, now.timetz()) if self.frozen_today else now

    @property
    def action_server_exposed(self) -> bool:
        """The action server listens, or is reached, beyond this machine's loopback."""
        called_at = urlsplit(self.action_endpoint_url).hostname or ""
        return not (values.is_loopback(self.action_server_host) and values.is_loopback(called_at))

    def _secrets(self) -> dict[str, tuple[str, bool]]:
        """Each secret by its variable name: (value, needed in production even when unset)."""
        return {
            "CONSOLE_SECRET_KEY": (self.console_secret_key, True),
            "TWILIO_AUTH_TOKEN": (self.twilio_auth_token, True),
            "RASA_TOKEN": (self.rasa_token, True),
            "ACTION_SERVER_TOKEN": (self.action_server_token, self.action_server_exposed),
            "SMS_ID_KEY": (self.sms_id_key, False),
        }

    def production_problems(self) -> list[str]:
        """Why this configuration must not serve real people; empty outside production mode.

        Names the variables, never their values.
        """
        if self.environment != "production":
            return []
        problems = [
            f"{name} {why}"
            for name, (value, needed) in self._secrets().items()
            if (value or needed) and (why := values.weak_secret(value))
        ]
        if self.frozen_today is not None:
            problems.append("MIAS_TODAY must not be set")
        if self.frozen_now is not None:
            problems.append("MIAS_NOW must not be set")
        if not self.public_base_url.startswith("https://"):
            problems.append("PUBLIC_BASE_URL must start with https://")
        if self.certificate_mode == "auto" and not self.duty_adviser_name:
            problems.append("DUTY_ADVISER_NAME must name the adviser when CERTIFICATE_MODE=auto")
        return problems

    def check_safe_to_start(self) -> None:
        """Raise UnsafeSettings in production mode when anything in `production_problems`."""
        problems = self.production_problems()
        if problems:
            raise UnsafeSettings(
                "refusing to start in production mode (MIAS_ENV=production): " + "; ".join(problems)
            )


def settings_for_start() -> Settings:
    """The settings a server starts with; it stops here, naming what is unsafe, in production."""
    settings = Settings.from_env()
    try:
        settings.check_safe_to_start()
    except UnsafeSettings as error:
        raise SystemExit(f"mias: {error}") from None
    return settings


def lock_store_environment(redis_url: str) -> dict[str, str]:
    """The variables endpoints.yml's lock_store reads, from the one REDIS_URL setting.

    Several Rasa servers behind a load balancer must share Rasa's Redis lock store so that two
    messages of one conversation are never handled at once; a single server keeps it in memory.
    """
    if not redis_url:
        return {
            "LOCK_STORE_TYPE": "in_memory",
            "REDIS_HOST": "",
            "REDIS_PORT": "0",
            "REDIS_DB": "0",
        }
    parts = urlsplit(redis_url)
    return {
        "LOCK_STORE_TYPE": "redis",
        "REDIS_HOST": parts.hostname or "localhost",
        "REDIS_PORT": str(parts.port or 6379),
        "REDIS_DB": parts.path.strip("/") or "1",
    }


def rasa_environment(settings: Settings) -> dict[str, str]:
    """The variables Rasa's YAML files (endpoints.yml) read, with our defaults filled in."""
    return {
        "MIAS_DATA_DIR": str(settings.data_dir),
        "DATABASE_URL": settings.database_url,
        "ACTION_ENDPOINT_URL": settings.action_endpoint_url,
        "ACTION_SERVER_TOKEN": settings.action_server_token,
        **lock_store_environment(settings.redis_url),
    }


def shell_exports(settings: Settings) -> str:
    """`export` lines for `make run`: what Rasa's YAML files read."""
    return "\n".join(
        f"export {name}={shlex.quote(value)}" for name, value in rasa_environment(settings).items()
    )


if __name__ == "__main__":
    print(shell_exports(Settings.from_env()))
