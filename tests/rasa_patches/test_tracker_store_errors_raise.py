"""A database error reaches the turn instead of starting the conversation afresh or keeping the
turn in memory only (bot/rasa_patches/tracker_store_errors_raise.py)."""

from __future__ import annotations

import pytest
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import OperationalError

pytestmark = pytest.mark.usefixtures("patched_rasa")


class DatabaseGone(InMemoryTrackerStore):
    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    retrieve_full_tracker = retrieve

    async def save(self, tracker: DialogueStateTracker) -> None:
        raise OperationalError("INSERT", {}, Exception("server closed the connection"))


async def test_a_conversation_that_cannot_be_read_is_an_error_not_a_new_conversation() -> None:
    store = FailSafeTrackerStore(DatabaseGone(Domain.empty()))
    with pytest.raises(OperationalError):
        await store.retrieve("web-1")
    with pytest.raises(OperationalError):
        await store.retrieve_full_tracker("web-1")


async def test_a_turn_that_cannot_be_saved_is_an_error_not_kept_in_memory() -> None:
    store = FailSafeTrackerStore(DatabaseGone(Domain.empty()))
    with pytest.raises(OperationalError):
        await store.save(DialogueStateTracker("web-1", []))
    assert await store.fallback_tracker_store.retrieve("web-1") is None


async def test_a_store_that_works_is_read_and_written_through() -> None:
    store = FailSafeTrackerStore(InMemoryTrackerStore(Domain.empty()))
    await store.save(DialogueStateTracker("web-1", []))
    assert (await store.retrieve("web-1")).sender_id == "web-1"
    assert (await store.retrieve_full_tracker("web-1")).sender_id == "web-1"
    assert await store.retrieve("web-2") is None
