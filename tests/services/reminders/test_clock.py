"""MIAS_NOW freezes the clock `mias remind` reads, for tests only: production refuses it."""

from __future__ import annotations

from datetime import date, datetime

from bot.settings import UK_TIME, Settings


def test_mias_now_is_a_uk_time_and_gives_today() -> None:
    settings = Settings.from_env({"MIAS_NOW": "2027-07-01T09:30"})
    assert settings.now() == datetime(2027, 7, 1, 9, 30, tzinfo=UK_TIME)
    assert settings.now().utcoffset() is not None and settings.today() == date(2027, 7, 1)


def test_mias_today_alone_freezes_the_date_but_not_the_time() -> None:
    settings = Settings.from_env({"MIAS_TODAY": "2027-07-01"})
    assert settings.now().date() == settings.today() == date(2027, 7, 1)


def test_production_refuses_a_frozen_clock() -> None:
    settings = Settings.from_env({"MIAS_ENV": "production", "MIAS_NOW": "2027-07-01T09:30"})
    assert "MIAS_NOW must not be set" in settings.production_problems()
