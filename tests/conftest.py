"""Shared fixtures: a fresh migrated SQLite database per test, and settings that point at it.

End-to-end tests run last, and the model they need starts training as soon as the tests are
collected (tests/training.py), so training overlaps the unit tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.store.migrate import upgrade
from tests.training import Training

TRAINING = pytest.StashKey[Training]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)  # stable: order kept
    if not config.option.collectonly and any(item.get_closest_marker("e2e") for item in items):
        config.stash[TRAINING] = Training()


def pytest_unconfigure(config: pytest.Config) -> None:
    training = config.stash.get(TRAINING, None)
    if training is not None:
        training.stop()


@pytest.fixture(scope="session")
def trained_model(request: pytest.FixtureRequest) -> Path:
    """The models folder, once the training started at collection has finished."""
    training = request.config.stash.get(TRAINING, None) or Training()
    return training.wait()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'mias.db'}"
    upgrade(url)
    return url


@pytest.fixture
def action_env(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Actions read Settings from the environment: point them at the test database and a fixed day."""
    from bot.actions import context

    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("MIAS_TODAY", "2026-11-25")
    monkeypatch.setenv(
        "CERTIFICATES_DIR",
        str(Path(database_url.removeprefix("sqlite:///")).parent / "certificates"),
    )
    context.settings.cache_clear()
    yield database_url
    context.settings.cache_clear()
