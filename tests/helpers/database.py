"""The schema is migrated once per test session; each test gets a copy of that file
(fixtures `migrated_database` and `database_url` in tests/conftest.py)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from bot.store.db import engine_for
from bot.store.migrate import upgrade


def migrated_sqlite(folder: Path) -> Path:
    """A SQLite file in `folder` that Alembic brought to the latest schema, standing alone.

    Our engines open SQLite in WAL mode, so committed pages may still sit in `mias.db-wal`: the
    migration's pooled connection is closed and the log checkpointed into the file (SQLite removes
    the log when its last connection closes), so copying the one file copies the database."""
    path = folder / "mias.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    engine_for(url).dispose()
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, f"{wal} still holds pages"
    return path


def copy_of(migrated: Path, folder: Path) -> str:
    """A fresh database in `folder`, copied from the migrated file; its URL."""
    path = folder / "mias.db"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(migrated, path)
    return f"sqlite:///{path}"
