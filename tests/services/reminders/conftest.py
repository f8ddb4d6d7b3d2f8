"""A Twilio stand-in for each test, and settings that text through it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import Settings
from tests.helpers.reminders import settings_for
from tests.helpers.twilio_standin import TwilioStandIn, twilio_standin


@pytest.fixture
def twilio() -> Iterator[TwilioStandIn]:
    with twilio_standin() as standin:
        yield standin


@pytest.fixture
def settings(database_url: str, twilio: TwilioStandIn, tmp_path: Path) -> Settings:
    return settings_for(database_url, twilio.url, tmp_path / "certificates")
