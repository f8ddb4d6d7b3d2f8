"""Erasing a conversation while Rasa is in the middle of a turn for it.

A turn reads the tracker, runs, then saves it. These tests erase between the read and the save,
first with Rasa's own SQLTrackerStore (which writes the whole conversation back: the reason for
our store) and then with ours (which does not, and starts afresh on the next message).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import OperationalError

from bot.services.privacy import erase_conversation
from bot.settings import Settings
from bot.store.tracker_store import ErasureSafeSQLTrackerStore


def stored_types(database_url: str, sender: str) -> list[str]:
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
        rows = db.execute(
            "SELECT type_name FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()
    return [type_name for (type_name,) in rows]


async def turn(store: SQLTrackerStore, sender: str, text: str) -> DialogueStateTracker:
    """Read the tracker and add a turn, without saving: Rasa's state in the middle of a turn."""
    tracker = await store.retrieve(sender) or DialogueStateTracker(sender, [])
    if not tracker.events:
        tracker.update(SessionStarted())
        tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered(text, {"name": "inform"}))
    tracker.update(BotUttered("Thank you."))
    tracker.update(ActionExecuted("action_listen"))
    return tracker


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings.from_env({"DATABASE_URL": database_url, "CERTIFICATES_DIR": str(tmp_path)})


async def test_rasas_own_store_writes_an_erased_conversation_back(
    database_url: str, settings: Settings
) -> None:
    store = SQLTrackerStore(host=database_url, domain=Domain.empty())
    await store.save(await turn(store, "c1", "my name is Jane"))
    running = await turn(store, "c1", "my son is Sam")
    erase_conversation(settings, "c1")
    await store.save(running)
    assert len(stored_types(database_url, "c1")) == 8  # everything is back


async def test_our_store_does_not_and_the_next_message_starts_afresh(
    database_url: str, settings: Settings
) -> None:
    store = ErasureSafeSQLTrackerStore(host=database_url, domain=Domain.empty())
    await store.save(await turn(store, "c1", "my name is Jane"))
    running = await turn(store, "c1", "my son is Sam")
    assert erase_conversation(settings, "c1").tracker_events == 5
    await store.save(running)
    await store.save(running)  # a second save of the same turn stays empty too
    assert stored_types(database_url, "c1") == []
    assert await store.retrieve("c1") is None
    fresh = await turn(store, "c1", "hello")
    await store.save(fresh)
    assert stored_types(database_url, "c1") == [
        "session_started",
        "action",
        "user",
        "bot",
        "action",
    ]


async def test_our_store_saves_turns_exactly_as_rasa_does(database_url: str) -> None:
    ours = ErasureSafeSQLTrackerStore(host=database_url, domain=Domain.empty())
    for text in ("one", "two", "three"):
        await ours.save(await turn(ours, "c1", text))
    tracker = await ours.retrieve("c1")
    assert tracker is not None
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == ["one", "two", "three"]
    assert len(stored_types(database_url, "c1")) == 11
    await ours.save(tracker)  # saving again adds nothing
    assert len(stored_types(database_url, "c1")) == 11


async def test_a_saved_turn_is_not_reported_lost_when_the_database_goes_right_after(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database stopping between the save's commit and the store's own bookkeeping: the
    turn is saved, so saving must not fail (the person would be told to send it again)."""
    store = ErasureSafeSQLTrackerStore(host=database_url, domain=Domain.empty())
    await store.save(await turn(store, "c1", "one"))
    running = await turn(store, "c1", "two")

    def database_gone(_: DialogueStateTracker) -> None:
        raise OperationalError(
            "SELECT max(events.id)", {}, Exception("server closed the connection")
        )

    monkeypatch.setattr(store, "_remember_newest", database_gone)
    await store.save(running)
    assert stored_types(database_url, "c1").count("user") == 2
