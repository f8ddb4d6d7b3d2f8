"""Migration 0007 makes exactly the reminder tables the models describe, and goes down again."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from bot.store.db import engine_for
from bot.store.migrate import alembic_config, upgrade
from bot.store.models import Base

TABLES = {"reminder_consents", "reminders"}


def test_the_migrated_tables_match_the_models(database_url: str) -> None:
    with engine_for(database_url).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in differences if "reminder" in repr(d)] == []


def test_0007_goes_down_and_up_again(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'twice.db'}"
    upgrade(database_url)
    command.downgrade(alembic_config(database_url), "0006")
    assert not TABLES & set(inspect(engine_for(database_url)).get_table_names())
    upgrade(database_url)
    assert TABLES <= set(inspect(engine_for(database_url)).get_table_names())
