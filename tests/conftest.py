"""Shared fixtures: a fresh migrated SQLite database per test, and settings that point at it.

The schema is migrated once per session (`migrated_database`); each test gets a copy of that file.
End-to-end tests run last, and the model they need starts training as the session starts
(tests/helpers/training.py), so training overlaps the collection and the unit tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.database import copy_of, migrated_sqlite
from tests.helpers.servers import given_model
from tests.helpers.training import Training

TRAINING = pytest.StashKey[Training]()


def pytest_sessionstart(session: pytest.Session) -> None:
    """Training starts before collection when this run may hold end-to-end tests (checked again
    once the tests are collected), so the collection overlaps the training too."""
    if _may_run_e2e(session.config) and not given_model():
        session.config.stash[TRAINING] = Training()


@pytest.hookimpl(trylast=True)  # after -k and -m have deselected what they will
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    items.sort(key=_run_order)  # stable: the order is otherwise kept
    wanted = not config.option.collectonly and any(_is_e2e(item) for item in items)
    wanted = wanted and not given_model()
    training = config.stash.get(TRAINING, None)
    if wanted and training is None:
        config.stash[TRAINING] = Training()
    elif not wanted and training is not None:
        training.stop()
        del config.stash[TRAINING]


def _is_e2e(item: pytest.Item) -> bool:
    return item.get_closest_marker("e2e") is not None


def _run_order(item: pytest.Item) -> int:
    """Unit tests first (the model trains meanwhile); then the end-to-end tests, those in a browser
    first; those on the scale-out cluster last, as it starts in the background meanwhile
    (tests/e2e/conftest.py)."""
    if not _is_e2e(item):
        return 0
    if "cluster" in item.fixturenames:
        return 3
    return 1 if "browser" in item.fixturenames else 2


def _may_run_e2e(config: pytest.Config) -> bool:
    """Whether the paths, --ignore and -m of this run leave tests/e2e in: a first guess."""
    e2e = (config.rootpath / "tests" / "e2e").resolve()
    if config.option.collectonly or "not e2e" in (config.option.markexpr or ""):
        return False
    ignored = [Path(path).resolve() for path in config.getoption("ignore") or []]
    if any(e2e == path or path in e2e.parents for path in ignored):
        return False
    paths = [Path(arg.split("::")[0]).resolve() for arg in config.args]
    return any(e2e == path or path in e2e.parents or e2e in path.parents for path in paths)


def pytest_unconfigure(config: pytest.Config) -> None:
    training = config.stash.get(TRAINING, None)
    if training is not None:
        training.stop()


@pytest.fixture(scope="session")
def trained_model(request: pytest.FixtureRequest) -> Path:
    """The models folder, once the training started with the session has finished; or, for a
    developer iterating on end-to-end tests, the folder MIAS_E2E_MODEL_DIR names (no training)."""
    given = given_model()
    if given is not None:
        return given
    training = request.config.stash.get(TRAINING, None) or Training()
    return training.wait()


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at the latest schema, migrated once per session, for tests to copy."""
    return migrated_sqlite(tmp_path_factory.mktemp("migrated"))


@pytest.fixture
def database_url(migrated_database: Path, tmp_path: Path) -> str:
    """A fresh database of this test's own: a copy of the migrated file."""
    return copy_of(migrated_database, tmp_path)


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
