from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT, Settings


def test_certificate_settings_have_safe_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.certificate_mode == "auto"
    assert settings.provider_name == "KIDS"
    assert settings.provider_phone == "03330 062 835"
    assert settings.certificates_dir == PROJECT_ROOT / "certificates"
    assert settings.download_link_hours == 72


def test_certificate_settings_come_from_the_environment(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "CERTIFICATE_MODE": "Review",
            "PROVIDER_NAME": "Example Mediation",
            "PROVIDER_PHONE": "0100 000 000",
            "CERTIFICATES_DIR": str(tmp_path / "c"),
            "DOWNLOAD_LINK_HOURS": "24",
        }
    )
    assert settings.certificate_mode == "review"
    assert settings.provider_name == "Example Mediation"
    assert settings.provider_phone == "0100 000 000"
    assert settings.certificates_dir == tmp_path / "c"
    assert settings.download_link_hours == 24


@pytest.mark.parametrize(
    ("name", "value"), [("CERTIFICATE_MODE", "sometimes"), ("DOWNLOAD_LINK_HOURS", "0")]
)
def test_a_wrong_certificate_setting_stops_the_process(name: str, value: str) -> None:
    with pytest.raises(ValueError):
        Settings.from_env({name: value})


def test_sms_addresses_follow_the_public_address_unless_set() -> None:
    settings = Settings.from_env({"PUBLIC_BASE_URL": "https://mias.example.org/", "CONSOLE_SECRET_KEY": "k"})
    assert settings.sms_webhook_url == "https://mias.example.org/webhooks/sms/webhook"
    assert settings.sms_status_url == "https://mias.example.org/webhooks/sms/status"
    assert settings.twilio_api_url == "https://api.twilio.com"
    assert settings.sms_id_key == "k"
    behind_proxy = Settings.from_env(
        {"SMS_WEBHOOK_URL": "https://proxy.example.org/rasa/webhooks/sms/webhook",
         "TWILIO_API_URL": "http://127.0.0.1:9999/", "SMS_ID_KEY": "sms-key"}
    )
    assert behind_proxy.sms_status_url == "https://proxy.example.org/rasa/webhooks/sms/status"
    assert behind_proxy.twilio_api_url == "http://127.0.0.1:9999"
    assert behind_proxy.sms_id_key == "sms-key"
