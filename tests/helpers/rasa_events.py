"""Rasa's `events` table in tests: a turn saved as Rasa's own tracker store saves it, and how
many events a sender has left."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

from rasa.shared.core.events import ActionExecuted, BotUttered, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.store.tracker_store import ErasureSafeSQLTrackerStore

# When the tests' conversations take place, unless a test says otherwise (naive UTC).
NOW = datetime(2026, 11, 25, 12, 0)


async def talk(
    store: ErasureSafeSQLTrackerStore,
    sender: str,
    text: str,
    *,
    at: datetime = NOW,
    channel: str = "rest",
) -> None:
    """One turn as Rasa stores it: the person's message and the assistant's answer."""
    stamp = at.replace(tzinfo=timezone.utc).timestamp()
    tracker = await store.retrieve(sender) or DialogueStateTracker(sender, [])
    turn: list[Event] = [
        UserUttered(text, {"name": "inform"}, input_channel=channel, timestamp=stamp),
        BotUttered("Thank you.", timestamp=stamp + 0.1),
        ActionExecuted("action_listen", timestamp=stamp + 0.2),
    ]
    for event in turn:
        tracker.update(event)
    await store.save(tracker)


def event_count(database_url: str, sender: str) -> int:
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
        return int(
            db.execute("SELECT count(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]
        )
