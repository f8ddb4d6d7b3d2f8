import ast
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT, Settings, UnsafeSettings, rasa_environment, shell_exports


def test_certificate_settings_have_safe_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.certificate_mode == "auto"
    assert settings.provider_name == "KIDS"
    assert settings.provider_phone == "03330 062 835"
    assert settings.provider_email == "senmediation@kids.org.uk"
    assert settings.certificates_dir == PROJECT_ROOT / "certificates"
    assert settings.download_link_hours == 72
    assert settings.duty_adviser_name == "Test adviser (development only)"


def test_certificate_settings_come_from_the_environment(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "CERTIFICATE_MODE": "Review",
            "PROVIDER_NAME": "Example Mediation",
            "PROVIDER_PHONE": "0100 000 000",
            "PROVIDER_EMAIL": "help@example.org",
            "CERTIFICATES_DIR": str(tmp_path / "c"),
            "DOWNLOAD_LINK_HOURS": "24",
            "DUTY_ADVISER_NAME": "  Priya   Shah ",
        }
    )
    assert settings.certificate_mode == "review"
    assert settings.duty_adviser_name == "Priya Shah"
    assert settings.provider_name == "Example Mediation"
    assert settings.provider_phone == "0100 000 000"
    assert settings.provider_email == "help@example.org"
    assert settings.provider_values() == {
        "provider_name": "Example Mediation",
        "provider_phone": "0100 000 000",
        "provider_email": "help@example.org",
    }
    assert settings.certificates_dir == tmp_path / "c"
    assert settings.download_link_hours == 24


@pytest.mark.parametrize(
    ("name", "value"), [("CERTIFICATE_MODE", "sometimes"), ("DOWNLOAD_LINK_HOURS", "0")]
)
def test_a_wrong_certificate_setting_stops_the_process(name: str, value: str) -> None:
    with pytest.raises(ValueError):
        Settings.from_env({name: value})


def test_one_rasa_server_keeps_its_locks_in_memory() -> None:
    environment = rasa_environment(Settings.from_env({}))
    assert environment["LOCK_STORE_TYPE"] == "in_memory"
    assert environment["ACTION_ENDPOINT_URL"] == "http://localhost:5055/webhook"


def test_redis_url_makes_rasa_servers_share_a_redis_lock_store() -> None:
    settings = Settings.from_env({"REDIS_URL": "redis://cache.internal:6380/2"})
    environment = rasa_environment(settings)
    assert (
        environment["LOCK_STORE_TYPE"],
        environment["REDIS_HOST"],
        environment["REDIS_PORT"],
        environment["REDIS_DB"],
    ) == ("redis", "cache.internal", "6380", "2")


def test_a_redis_url_that_is_not_redis_stops_the_process() -> None:
    with pytest.raises(ValueError):
        Settings.from_env({"REDIS_URL": "http://cache.internal"})


# ----------------------------------------------------------------------------- production mode

STRONG = "k3Jx9QvY2mT8pL4wZr7bN1cF6hD0sGaE"  # 32 characters, no placeholder words
SAFE_PRODUCTION = {
    "MIAS_ENV": "production",
    "CONSOLE_SECRET_KEY": STRONG + "console",
    "TWILIO_AUTH_TOKEN": STRONG,
    "RASA_TOKEN": STRONG + "rasa",
    "PUBLIC_BASE_URL": "https://mias.example.org",
    "DUTY_ADVISER_NAME": "Priya Shah",
}


def test_development_mode_starts_with_the_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.environment == "development" and settings.production_problems() == []
    settings.check_safe_to_start()


def test_production_mode_starts_with_real_secrets() -> None:
    settings = Settings.from_env(SAFE_PRODUCTION)
    assert settings.production_problems() == []
    settings.check_safe_to_start()


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"CONSOLE_SECRET_KEY": ""}, "CONSOLE_SECRET_KEY is a default"),  # falls back to ours
        ({"CONSOLE_SECRET_KEY": "dev-only-not-secret"}, "CONSOLE_SECRET_KEY is a default"),
        ({"CONSOLE_SECRET_KEY": "change-me"}, "CONSOLE_SECRET_KEY is a default"),  # .env.example
        ({"CONSOLE_SECRET_KEY": "short-but-random-8h2k"}, "CONSOLE_SECRET_KEY is shorter"),
        ({"TWILIO_AUTH_TOKEN": ""}, "TWILIO_AUTH_TOKEN is not set"),
        (
            {"TWILIO_AUTH_TOKEN": "your_auth_token_xxxxxxxxxxxxxxxxxxx"},
            "TWILIO_AUTH_TOKEN is a default",
        ),
        ({"TWILIO_AUTH_TOKEN": "x" * 32}, "TWILIO_AUTH_TOKEN is a default"),
        ({"RASA_TOKEN": ""}, "RASA_TOKEN is not set"),
        ({"ACTION_SERVER_HOST": "0.0.0.0"}, "ACTION_SERVER_TOKEN is not set"),
        (
            {"ACTION_ENDPOINT_URL": "http://actions.internal:5055/webhook"},
            "ACTION_SERVER_TOKEN is not set",
        ),
        (
            {"ACTION_SERVER_TOKEN": "placeholder-token-for-the-actions"},
            "ACTION_SERVER_TOKEN is a default",
        ),
        ({"MIAS_TODAY": "2026-11-25"}, "MIAS_TODAY must not be set"),
        (
            {"PUBLIC_BASE_URL": "http://mias.example.org"},
            "PUBLIC_BASE_URL must start with https://",
        ),
        ({"DUTY_ADVISER_NAME": ""}, "DUTY_ADVISER_NAME must name the adviser"),
    ],
)
def test_production_mode_refuses_to_start_and_says_why(changes: dict[str, str], named: str) -> None:
    settings = Settings.from_env({**SAFE_PRODUCTION, **changes})
    with pytest.raises(UnsafeSettings) as refused:
        settings.check_safe_to_start()
    assert named in str(refused.value)
    for value in changes.values():  # a secret is never repeated in the message
        assert not value or value not in str(refused.value)


def test_production_in_review_mode_needs_no_duty_adviser() -> None:
    """In review the caseworker who approves a certificate is named on it, so no duty adviser is
    needed; and production never falls back to the development stand-in."""
    settings = Settings.from_env(
        {**SAFE_PRODUCTION, "DUTY_ADVISER_NAME": "", "CERTIFICATE_MODE": "review"}
    )
    assert settings.duty_adviser_name == "" and settings.production_problems() == []


def test_an_exposed_action_server_with_a_real_token_is_fine() -> None:
    exposed = {"ACTION_SERVER_HOST": "0.0.0.0", "ACTION_SERVER_TOKEN": STRONG + "actions"}
    assert Settings.from_env({**SAFE_PRODUCTION, **exposed}).production_problems() == []


def test_the_action_server_listens_on_loopback_unless_told_otherwise() -> None:
    settings = Settings.from_env({})
    assert (settings.action_server_host, settings.action_server_port) == ("127.0.0.1", 5055)
    assert not settings.action_server_exposed


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MIAS_ENV", "prod"),
        ("SENDER_RATE_LIMIT", "lots"),
        ("SENDER_RATE_LIMIT", "0/60"),
        ("MESSAGE_MAX_CHARS", "0"),
    ],
)
def test_a_mistyped_door_setting_stops_the_process(name: str, value: str) -> None:
    with pytest.raises(ValueError):
        Settings.from_env({name: value})


@pytest.mark.parametrize("module", ["bot.console", "bot.actions.server"])
def test_the_servers_refuse_to_start_in_production_with_default_secrets(module: str) -> None:
    environ = {
        "PATH": os.environ["PATH"],
        "MIAS_ENV": "production",
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-m", module],
        env=environ,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "refusing to start in production mode" in result.stderr
    assert "CONSOLE_SECRET_KEY is a default" in result.stderr


def test_privacy_settings_default_to_a_year_and_the_consoles_own_origin() -> None:
    settings = Settings.from_env({"PUBLIC_BASE_URL": "https://Mias.Example.org/chat/"})
    assert settings.retention_days == 365
    assert settings.chat_allowed_origins == ("https://mias.example.org",)


def test_chat_origins_come_from_the_environment() -> None:
    settings = Settings.from_env(
        {
            "CHAT_ALLOWED_ORIGINS": "https://www.kids.org.uk, http://localhost:3000/",
            "RETENTION_DAYS": "90",
        }
    )
    assert settings.chat_allowed_origins == ("https://www.kids.org.uk", "http://localhost:3000")
    assert settings.retention_days == 90


@pytest.mark.parametrize(
    ("name", "value"), [("CHAT_ALLOWED_ORIGINS", "www.kids.org.uk"), ("RETENTION_DAYS", "0")]
)
def test_a_wrong_privacy_setting_stops_the_process(name: str, value: str) -> None:
    with pytest.raises(ValueError):
        Settings.from_env({name: value})


def test_the_chat_is_open_to_the_consoles_own_pages_by_default() -> None:
    settings = Settings.from_env({"PUBLIC_BASE_URL": "https://help.example.org/mias/"})
    assert settings.chat_allowed_origins == ("https://help.example.org",)
    local = Settings.from_env({})
    assert local.chat_allowed_origins == ("http://localhost:8000", "http://127.0.0.1:8000")


def test_chat_origins_and_the_browsers_rasa_address_come_from_the_environment() -> None:
    settings = Settings.from_env(
        {
            "CHAT_ALLOWED_ORIGINS": "https://www.example.org:443/, https://Example.org:8443",
            "RASA_URL": "http://rasa:5005",
            "PUBLIC_RASA_URL": "https://chat.example.org/",
        }
    )
    assert settings.chat_allowed_origins == ("https://www.example.org", "https://example.org:8443")
    assert settings.rasa_url == "http://rasa:5005"
    assert settings.public_rasa_url == "https://chat.example.org"
    assert Settings.from_env({"RASA_URL": "http://rasa:5005"}).public_rasa_url == "http://rasa:5005"
    assert Settings.from_env({"CHAT_ALLOWED_ORIGINS": "*"}).chat_allowed_origins == ("*",)


@pytest.mark.parametrize("value", ["https://example.org/chat", "example.org", "ftp://example.org"])
def test_a_chat_origin_that_is_not_an_origin_stops_the_process(value: str) -> None:
    with pytest.raises(ValueError, match="origin"):
        Settings.from_env({"CHAT_ALLOWED_ORIGINS": value})


def test_sms_addresses_follow_the_public_address_unless_set() -> None:
    settings = Settings.from_env(
        {"PUBLIC_BASE_URL": "https://mias.example.org/", "CONSOLE_SECRET_KEY": "k"}
    )
    assert settings.sms_webhook_url == "https://mias.example.org/webhooks/sms/webhook"
    assert settings.sms_status_url == "https://mias.example.org/webhooks/sms/status"
    assert settings.twilio_api_url == "https://api.twilio.com"
    assert settings.sms_id_key == "k"
    behind_proxy = Settings.from_env(
        {
            "SMS_WEBHOOK_URL": "https://proxy.example.org/rasa/webhooks/sms/webhook",
            "TWILIO_API_URL": "http://127.0.0.1:9999/",
            "SMS_ID_KEY": "sms-key",
        }
    )
    assert behind_proxy.sms_status_url == "https://proxy.example.org/rasa/webhooks/sms/status"
    assert behind_proxy.twilio_api_url == "http://127.0.0.1:9999"
    assert behind_proxy.sms_id_key == "sms-key"


def test_rasa_calls_the_action_server_on_its_own_port_unless_told_otherwise() -> None:
    assert Settings.from_env({"ACTION_SERVER_PORT": "6055"}).action_endpoint_url == (
        "http://localhost:6055/webhook"
    )
    assert "export ACTION_SERVER_TOKEN=''" in shell_exports(Settings.from_env({}))


def test_a_placeholder_sms_key_stops_production_mode() -> None:
    settings = Settings.from_env({**SAFE_PRODUCTION, "SMS_ID_KEY": "change-me"})
    assert any("SMS_ID_KEY" in problem for problem in settings.production_problems())


# ----------------------------------------------------------------------------- one way in


def _reads_the_environment(tree: ast.AST) -> bool:
    """`os.environ`, `os.environb`, `os.getenv`, or the same names imported from os."""
    names = {"environ", "environb", "getenv", "getenvb"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in names:
            return True
        imported = node.names if isinstance(node, ast.ImportFrom) and node.module == "os" else []
        if any(alias.name in names for alias in imported):
            return True
    return False


def test_only_the_settings_module_reads_the_environment() -> None:
    readers = [
        str(path.relative_to(PROJECT_ROOT))
        for path in sorted((PROJECT_ROOT / "bot").rglob("*.py"))
        if _reads_the_environment(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert readers == ["bot/settings.py"]


def test_the_admin_password_is_read_here_and_never_shown() -> None:
    settings = Settings.from_env({"MIAS_ADMIN_PASSWORD": "a long admin password"})
    assert settings.admin_password == "a long admin password"
    assert "a long admin password" not in repr(settings)


@pytest.mark.parametrize(
    ("module", "channel", "credentials"),
    [
        ("bot.channels.rest", "GuardedRestInput", None),
        ("bot.channels.socketio", "OriginCheckedSocketIOInput", {}),
        ("bot.channels.sms", "SmsInput", None),
    ],
)
def test_rasa_refuses_to_start_any_of_our_channels_in_production_with_default_secrets(
    module: str, channel: str, credentials: dict[str, str] | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MIAS_ENV", "production")
    monkeypatch.delenv("CONSOLE_SECRET_KEY", raising=False)
    # Imported here: Rasa's channels take seconds to import, which the other tests need not wait.
    input_channel = getattr(importlib.import_module(module), channel)
    with pytest.raises(SystemExit, match="CONSOLE_SECRET_KEY is a default"):
        input_channel.from_credentials(credentials)
