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


def test_privacy_settings_default_to_a_year_and_the_consoles_own_origin() -> None:
    settings = Settings.from_env({"PUBLIC_BASE_URL": "https://Mias.Example.org/chat/"})
    assert settings.retention_days == 365
    assert settings.chat_allowed_origins == ("https://mias.example.org",)


def test_chat_origins_come_from_the_environment() -> None:
    settings = Settings.from_env(
        {"CHAT_ALLOWED_ORIGINS": "https://www.kids.org.uk, http://localhost:3000/", "RETENTION_DAYS": "90"}
    )
    assert settings.chat_allowed_origins == ("https://www.kids.org.uk", "http://localhost:3000")
    assert settings.retention_days == 90


@pytest.mark.parametrize(
    ("name", "value"), [("CHAT_ALLOWED_ORIGINS", "www.kids.org.uk"), ("RETENTION_DAYS", "0")]
)
def test_a_wrong_privacy_setting_stops_the_process(name: str, value: str) -> None:
    with pytest.raises(ValueError):
        Settings.from_env({name: value})
