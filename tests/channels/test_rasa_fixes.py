"""A database error reaches the turn instead of starting the conversation afresh; and Rasa does the
same as before our speed fixes: it refuses an action server's answer that is not in its format,
and reads every kind of stored event back as itself."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import OperationalError

import bot.channels  # noqa: F401  (applies the fix, as loading our channels does in Rasa)

ACTION = RemoteAction("action_check_window", None)


def test_a_well_formed_answer_is_accepted() -> None:
    answer = {
        "events": [{"event": "slot", "name": "window_open", "value": True}],
        "responses": [{"response": "utter_window_open"}],
    }
    assert ACTION._validate_action_result(answer)


@pytest.mark.parametrize(
    "answer",
    [
        {"events": [{"name": "window_open"}]},  # an event without its kind
        {"events": "slot"},
        {"responses": {"response": "utter_window_open"}},
    ],
)
def test_a_malformed_answer_is_refused_with_rasas_advice(answer: dict) -> None:
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        ACTION._validate_action_result(answer)


@pytest.mark.parametrize(
    "event",
    [
        UserUttered(
            "12/11/2026", {"name": "inform", "confidence": 0.98}, metadata={"message_id": "m-1"}
        ),
        BotUttered("Thursday 12 November 2026. Is that right?"),
        SlotSet("decision_date", "2026-11-12"),
        ActiveLoop("intake_form"),
        ActionExecuted("action_listen"),
        SessionStarted(),
    ],
)
def test_every_kind_of_stored_event_is_read_back_as_itself(event: Event) -> None:
    assert Event.from_parameters(event.as_dict()) == event


def test_an_unknown_kind_of_event_is_still_refused_as_rasa_does() -> None:
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet


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
