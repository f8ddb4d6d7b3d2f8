"""Export, erasure and retention on PostgreSQL, the production database, with Rasa's tracker store
writing the conversation through the running servers (the SQLite runs are in tests/services)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import httpx
import pytest
from sqlalchemy import select, update

from bot.services.privacy import erase_conversation, export_conversation, purge_older_than
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import Case
from bot.store.rasa_events import events
from tests.helpers.chat import Chat
from tests.helpers.cluster import SCRIPT, Cluster

pytestmark = pytest.mark.e2e
DAY_S = 86_400


def converse(cluster: Cluster, turns: int = 8) -> Chat:
    chat = Chat(cluster.url(0))
    for text, expected in SCRIPT[:turns]:
        assert expected in chat.say(text)
    return chat


def history(cluster: Cluster, sender: str) -> list[str]:
    tracker = httpx.get(f"{cluster.url(1)}/conversations/{sender}/tracker", timeout=30).json()
    return [e["text"] for e in tracker["events"] if e["event"] == "user"]


def test_export_then_erase_on_postgresql(cluster: Cluster) -> None:
    settings = Settings.from_env({"DATABASE_URL": cluster.database.url})
    chat = converse(cluster)
    held = export_conversation(settings, chat.sender)
    assert [e["text"] for e in held["tracker_events"] if e["event"] == "user"] == [
        text for text, _ in SCRIPT[:8]
    ]
    assert held["case"]["local_authority_name"] == "Birmingham City Council"

    report = erase_conversation(settings, chat.sender, actor="test", source="cli")
    assert report.case_id == held["case"]["id"] and report.tracker_events > 20
    assert history(cluster, chat.sender) == []
    with transaction(settings.database_url) as session:
        assert (
            session.execute(select(Case.id).where(Case.conversation_id == chat.sender)).first()
            is None
        )
    assert "Is that OK?" in Chat(cluster.url(1), chat.sender).say("hello")  # starts afresh


def test_retention_purges_an_old_conversation_on_postgresql(cluster: Cluster) -> None:
    settings = Settings.from_env({"DATABASE_URL": cluster.database.url})
    old, recent = converse(cluster, turns=3), converse(cluster, turns=3)
    with transaction(settings.database_url) as session:
        session.execute(
            update(events)
            .where(events.c.sender_id == old.sender)
            .values(timestamp=events.c.timestamp - 400 * DAY_S)
        )
        session.execute(
            update(Case)
            .where(Case.conversation_id == old.sender)
            .values(
                updated_at=Case.updated_at - timedelta(days=400),
                created_at=Case.created_at - timedelta(days=400),
            )
        )
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    report = purge_older_than(settings, now - timedelta(days=365))
    assert report.conversations == 1
    assert history(cluster, old.sender) == []
    assert history(cluster, recent.sender) == [text for text, _ in SCRIPT[:3]]
