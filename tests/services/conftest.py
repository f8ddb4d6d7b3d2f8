"""The offline postcode table, built once per test session (or the one setup built, if current)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.services.coverage.postcode_table import (
    PostcodeTable,
    build_table,
    installed_source,
    is_current,
    load_table,
)
from bot.settings import Settings


@pytest.fixture(scope="session")
def postcode_table_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a current table; it is named ``postcodes`` like the data folder's."""
    source = installed_source()
    built = Settings.from_env().data_dir / "postcodes"
    if is_current(built, source):
        return built
    out = tmp_path_factory.mktemp("data") / "postcodes"
    build_table(out, source)
    return out


@pytest.fixture(scope="session")
def postcode_table(postcode_table_dir: Path) -> PostcodeTable:
    return load_table(postcode_table_dir)
