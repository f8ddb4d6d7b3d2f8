"""Alembic environment: runs our migrations against the URL the caller configured."""
from __future__ import annotations

from alembic import context

from bot.store.db import engine_for
from bot.store.models import Base

RASA_TABLES = {"events"}


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    """Leave Rasa's tracker store table alone."""
    return not (type_ == "table" and name in RASA_TABLES)


def run_migrations_online() -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    with engine_for(url).connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            include_object=include_object,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
