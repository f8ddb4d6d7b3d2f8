"""The domain, once per session, for action tests (their trackers: tests/helpers/trackers.py)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    from rasa.shared.core.domain import Domain

    return Domain.load("bot/domain").as_dict()
