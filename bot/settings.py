"""The one place that reads the environment.

Every process (Rasa, the action server, the console, the `mias` command) builds a `Settings` with
`Settings.from_env()`; nothing else calls `os.environ`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

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

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("MIAS_DATA_DIR", str(PROJECT_ROOT / "var"))).resolve()
        frozen = env.get("MIAS_TODAY", "").strip()
        return cls(
            data_dir=data_dir,
            database_url=env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'mias.db'}",
            public_base_url=env.get("PUBLIC_BASE_URL", "http://localhost:8000").rstrip("/"),
            rasa_url=env.get("RASA_URL", "http://localhost:5005").rstrip("/"),
            console_port=int(env.get("CONSOLE_PORT", "8000")),
            console_secret_key=env.get("CONSOLE_SECRET_KEY", "dev-only-not-secret"),
            postcodes_api_url=env.get("POSTCODES_API_URL", "https://api.postcodes.io"),
            twilio_account_sid=env.get("TWILIO_ACCOUNT_SID", ""),
            twilio_auth_token=env.get("TWILIO_AUTH_TOKEN", ""),
            twilio_from_number=env.get("TWILIO_FROM_NUMBER", ""),
            frozen_today=date.fromisoformat(frozen) if frozen else None,
        )

    def today(self) -> date:
        """Today's date in the UK, unless MIAS_TODAY freezes it (for tests and training)."""
        return self.frozen_today or datetime.now(UK_TIME).date()


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
