"""Rasa's `events` table (its SQL tracker store), as SQLAlchemy Core sees it.

Rasa creates and owns this table (rasa/core/tracker_store.py, SQLTrackerStore.SQLEvent); Alembic
leaves it alone. We read it to export a conversation and delete from it to erase one. It does not
exist until Rasa has run once against the database, so every reader checks first.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, inspect
from sqlalchemy.engine import Connection

events = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


def events_table_exists(connection: Connection) -> bool:
    return bool(inspect(connection).has_table("events"))
