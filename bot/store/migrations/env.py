"""Alembic environment: runs our migrations against the URL the caller configured."""

from __future__ import annotations

from alembic import context

from bot.store.db import engine_for
from bot.store.models import Base

RASA_TABLES = {"events"}


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    """Leave Rasa's tracker store table alone."""
    return not (type_ == "table" and name in RASA_TABLES)


def _sqlite_foreign_keys(connection, on: bool) -> None:  # type: ignore[no-untyped-def]
    """SQLite rebuilds a table to alter it (batch mode); with foreign keys on, dropping the old
    table would fire ON DELETE actions in the tables that point at it. The pragma only works
    outside a transaction, so it is committed on its own."""
    connection.exec_driver_sql("PRAGMA foreign_keys=ON" if on else "PRAGMA foreign_keys=OFF")
    connection.commit()


def run_migrations_online() -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    with engine_for(url).connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            include_object=include_object,
            render_as_batch=sqlite,
        )
        if sqlite:
            _sqlite_foreign_keys(connection, on=False)
        try:
            with context.begin_transaction():
                context.run_migrations()
        finally:
            if sqlite:
                _sqlite_foreign_keys(connection, on=True)


run_migrations_online()
