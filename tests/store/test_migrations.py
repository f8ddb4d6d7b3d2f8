from sqlalchemy import inspect

from bot.store.db import engine_for
from bot.store.migrate import upgrade


def test_migrations_create_our_tables_and_run_twice(database_url: str) -> None:
    upgrade(database_url)
    tables = set(inspect(engine_for(database_url)).get_table_names())
    assert {"cases", "mias_steps", "handoffs", "alembic_version"} <= tables
