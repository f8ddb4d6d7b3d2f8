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
