"""Shared fixtures: a fresh migrated SQLite database per test, and settings that point at it."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.store.migrate import upgrade


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'mias.db'}"
    upgrade(url)
    return url


@pytest.fixture
def action_env(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Actions read Settings from the environment: point them at the test database and a fixed day."""
    from bot.actions import _common

    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("MIAS_TODAY", "2026-11-25")
    monkeypatch.setenv("CERTIFICATES_DIR", str(Path(database_url.removeprefix("sqlite:///")).parent / "certificates"))
    _common.settings.cache_clear()
    yield database_url
    _common.settings.cache_clear()
