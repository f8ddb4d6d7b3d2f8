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

It also hands a long conversation to Rasa as its recent turns after a head that stands for the
rest (bot/store/recent_turns.py), so a turn costs the same at turn 200 as at turn 20. The head is
kept in memory per conversation, for at most `HEADS_KEPT` conversations and `HEAD_KEPT_S` after
its last use (it holds slot values, so an erased conversation's head does not stay long either),
and is checked against the database on each read: after an erasure, or on another Rasa server,
the conversation is read whole once.
Because the tracker then holds fewer events than the database, the events to save are those
after the ones it was read with, not Rasa's count of stored rows.

Used from endpoints.yml: `tracker_store: type: bot.store.tracker_store.ErasureSafeSQLTrackerStore`.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections import OrderedDict
from collections.abc import Iterator
from time import monotonic
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import func
from sqlalchemy.exc import SQLAlchemyError

from bot import rasa_patches
from bot.store.recent_turns import KEEP_TURNS, Head, fold

logger = logging.getLogger(__name__)

# Attributes set on a DialogueStateTracker by this store.
NEWEST_STORED = "_mias_newest_stored_event_id"
ERASED = "_mias_erased_during_turn"
READ_WITH = "_mias_events_read_with"

HEADS_KEPT = 2_000
HEAD_KEPT_S = 3_600.0


class ErasureSafeSQLTrackerStore(SQLTrackerStore):  # type: ignore[misc]
    """SQLTrackerStore that never writes back a conversation erased while a turn was running,
    and hands Rasa the recent turns of a long conversation."""

    def __init__(self, *args: Any, keep_turns: int = KEEP_TURNS, **kwargs: Any) -> None:
        rasa_patches.apply()  # Rasa builds its tracker store before it loads the model
        super().__init__(*args, **kwargs)
        self.keep_turns = keep_turns
        self._heads: OrderedDict[str, tuple[float, Head]] = OrderedDict()

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
        if fetch_events_from_all_sessions:
            tracker = await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        else:
            tracker = self._recent_turns(sender_id)
        if tracker is not None:
            self._remember_newest(tracker)
            setattr(tracker, READ_WITH, len(tracker.events))
        return tracker

    def _stored_head(self, session: Any, sender_id: str) -> Head | None:
        """The head kept for this conversation, if its last event is still stored."""
        if sender_id not in self._heads:
            return None
        _, head = self._heads.pop(sender_id)
        row = session.get(self.SQLEvent, head.last_event_id)
        return head if row is not None and row.sender_id == sender_id else None

    def _keep_head(self, sender_id: str, head: Head) -> None:
        now = monotonic()
        self._heads[sender_id] = (now, head)
        while (
            len(self._heads) > HEADS_KEPT or next(iter(self._heads.values()))[0] < now - HEAD_KEPT_S
        ):
            self._heads.popitem(last=False)

    def _recent_turns(self, sender_id: str) -> DialogueStateTracker | None:
        """The current session: its head and the events after it, moving the head on once the
        events after it hold more than twice `keep_turns` messages from the person."""
        with self.session_scope() as session:
            head = self._stored_head(session, sender_id)
            query = self._event_query(session, sender_id, fetch_events_from_all_sessions=False)
            if head is not None:
                query = query.filter(self.SQLEvent.id > head.last_event_id)
            rows = query.all()
        if not rows or not self.domain:
            return None
        before = head.events if head else []
        events = before + deserialise_events([json.loads(row.data) for row in rows])
        folded = fold(sender_id, events, self.domain.slots, self.keep_turns, after=len(before))
        if folded is not None:
            start, head_now = folded
            head = Head(rows[start - len(before) - 1].id, head_now)
            events = head.events + events[start:]
        if head is not None:
            self._keep_head(sender_id, head)
        return DialogueStateTracker.from_events(sender_id, events, self.domain.slots)

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
        read_with = getattr(tracker, READ_WITH, None)
        if read_with is None:
            events: Iterator[Any] = super()._additional_events(session, tracker)
            return events
        return itertools.islice(tracker.events, read_with, None)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        if getattr(tracker, ERASED, False):
            return
        setattr(tracker, READ_WITH, len(tracker.events))
        try:
            self._remember_newest(tracker)
        except SQLAlchemyError:
            # The turn is saved: raising now would tell the person it was not. The id we still
            # hold is of a row saved earlier, which an erasure deletes too, so the check stays
            # right for a later save of this tracker.
            logger.warning("event=newest_event_not_refreshed sender_id=%s", tracker.sender_id)
