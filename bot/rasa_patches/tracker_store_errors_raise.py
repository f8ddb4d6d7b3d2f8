"""A database error reaches the turn: Rasa's fail-safe tracker store no longer hides it.

Overrides `FailSafeTrackerStore.retrieve`, `retrieve_full_tracker` and `save`
(rasa/core/tracker_store.py) in Rasa 3.6.21. Rasa wraps every tracker store in
`FailSafeTrackerStore` (rasa/core/agent.py, `Agent._create_tracker_store`). Its `retrieve`
answers a conversation it cannot read with None, so the turn runs as if the person had just
arrived: with PostgreSQL stopped under load, a button press mid-form got "Sorry, I didn't follow
that". Its `save` keeps a turn it cannot save in an in-memory store, where no other server and no
restart will find it. Ours passes the error on: the turn stops whole, nothing half-done is kept,
and `bot.channels.always_answered` tells the person to send the message again (README, "When
something fails"). Its other methods (`keys` among them) are Rasa's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rasa.core.tracker_store import FailSafeTrackerStore
    from rasa.shared.core.trackers import DialogueStateTracker

# sha256 of the source of each Rasa function replaced, checked by
# tests/rasa_patches/test_replaced_rasa_code.py.
REPLACES = {
    "rasa.core.tracker_store:FailSafeTrackerStore.retrieve": (
        "3a893008fbafc668264c8694f5c551cb06097d991a7c4c552dfbf721e9d725c3"
    ),
    "rasa.core.tracker_store:FailSafeTrackerStore.retrieve_full_tracker": (
        "c28129b7554aa28b12b8d6bde7f54a6715ea94e5a8b0a7d8071a859ac395b9e4"
    ),
    "rasa.core.tracker_store:FailSafeTrackerStore.save": (
        "d181047ec2fddedc7421735545a1e5dc6a5816d85fe2e0814dac5dde43c852e4"
    ),
}


async def _retrieve(self: FailSafeTrackerStore, sender_id: str) -> DialogueStateTracker | None:
    tracker: DialogueStateTracker | None = await self._tracker_store.retrieve(sender_id)
    return tracker


async def _retrieve_full_tracker(
    self: FailSafeTrackerStore, sender_id: str
) -> DialogueStateTracker | None:
    tracker: DialogueStateTracker | None = await self._tracker_store.retrieve_full_tracker(
        sender_id
    )
    return tracker


async def _save(self: FailSafeTrackerStore, tracker: DialogueStateTracker) -> None:
    await self._tracker_store.save(tracker)


def apply() -> None:
    """Called once, by `bot.rasa_patches.apply`."""
    from rasa.core.tracker_store import FailSafeTrackerStore

    FailSafeTrackerStore.retrieve = _retrieve
    FailSafeTrackerStore.retrieve_full_tracker = _retrieve_full_tracker
    FailSafeTrackerStore.save = _save
