"""Rasa's SQL tracker store, made safe against erasing a conversation in the middle of a turn.

Why (checked against Rasa 3.6.21, rasa/core/tracker_store.py): `SQLTrackerStore.save` does not
know which events it wrote before. `_additional_events` counts the rows stored for the sender
since the latest session start and inserts the tracker's events after that count. A turn reads
the tracker at its start and saves it at its end (rasa/core/processor.py, `handle_message`). If
the conversation is erased in between (by the console, the `mias` command or retention), the
count is 0 and Rasa writes the whole conversation back: the erasure is undone.

This store remembers, on the tracker it hands out, the id of the newest stored event. When the
tracker is saved and that row has gone, the conversation was erased during the turn: nothing is
written, then or later for that tracker object, and the person's next message starts a fresh
conversation. Otherwise it saves exactly as Rasa does. Rasa's lock store runs one turn per
conversation at a time, so no other save can move the rows in between.

Used from endpoints.yml: `tracker_store: type: bot.store.tracker_store.ErasureSafeSQLTrackerStore`.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import func
from sqlalchemy.exc import SQLAlchemyError

logger = logging.getLogger(__name__)

# Attributes set on a DialogueStateTracker by this store.
NEWEST_STORED = "_mias_newest_stored_event_id"
ERASED = "_mias_erased_during_turn"


class ErasureSafeSQLTrackerStore(SQLTrackerStore):  # type: ignore[misc]
    """SQLTrackerStore that never writes back a conversation erased while a turn was running."""

    def _newest_event_id(self, session: Any, sender_id: str) -> int | None:
        newest = (
            session.query(func.max(self.SQLEvent.id))
            .filter(self.SQLEvent.sender_id == sender_id)
            .scalar()
        )
        return int(newest) if newest is not None else None

    def _remember_newest(self, tracker: DialogueStateTracker) -> None:
        with self.session_scope() as session:
            setattr(tracker, NEWEST_STORED, self._newest_event_id(session, tracker.sender_id))

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        tracker = await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        if tracker is not None:
            self._remember_newest(tracker)
        return tracker

    def _erased_since_read(self, session: Any, tracker: DialogueStateTracker) -> bool:
        if getattr(tracker, ERASED, False):
            return True
        newest = getattr(tracker, NEWEST_STORED, None)
        if newest is None or session.get(self.SQLEvent, newest) is not None:
            return False
        setattr(tracker, ERASED, True)
        logger.info("event=erased_conversation_not_saved")
        return True

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Any]:
        if self._erased_since_read(session, tracker):
            return iter(())
        events: Iterator[Any] = super()._additional_events(session, tracker)
        return events

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        if getattr(tracker, ERASED, False):
            return
        try:
            self._remember_newest(tracker)
        except SQLAlchemyError:
            # The turn is saved: raising now would tell the person it was not. The id we still
            # hold is of a row saved earlier, which an erasure deletes too, so the check stays
            # right for a later save of this tracker.
            logger.warning("event=newest_event_not_refreshed sender_id=%s", tracker.sender_id)
