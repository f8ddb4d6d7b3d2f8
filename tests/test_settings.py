from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT, Settings, rasa_environment


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


def test_one_rasa_server_keeps_its_locks_in_memory() -> None:
    environment = rasa_environment(Settings.from_env({}), {})
    assert environment["LOCK_STORE_TYPE"] == "in_memory"
    assert environment["ACTION_ENDPOINT_URL"] == "http://localhost:5055/webhook"


def test_redis_url_makes_rasa_servers_share_a_redis_lock_store() -> None:
    settings = Settings.from_env({"REDIS_URL": "redis://cache.internal:6380/2"})
    environment = rasa_environment(settings, {})
    assert (environment["LOCK_STORE_TYPE"], environment["REDIS_HOST"], environment["REDIS_PORT"],
            environment["REDIS_DB"]) == ("redis", "cache.internal", "6380", "2")


def test_a_redis_url_that_is_not_redis_stops_the_process() -> None:
    with pytest.raises(ValueError):
        Settings.from_env({"REDIS_URL": "http://cache.internal"})
