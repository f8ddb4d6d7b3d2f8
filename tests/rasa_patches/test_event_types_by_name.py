"""Rasa still reads every kind of stored event back as itself, and no longer walks every event
class to do it (bot/rasa_patches/event_types_by_name.py)."""

from __future__ import annotations

from typing import Any

import pytest
import rasa.shared.utils.common
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)

pytestmark = pytest.mark.usefixtures("patched_rasa")

EVENTS = [
    UserUttered(
        "12/11/2026", {"name": "inform", "confidence": 0.98}, metadata={"message_id": "m-1"}
    ),
    BotUttered("Thursday 12 November 2026. Is that right?"),
    SlotSet("decision_date", "2026-11-12"),
    ActiveLoop("intake_form"),
    ActionExecuted("action_listen"),
    SessionStarted(),
]


@pytest.mark.parametrize("event", EVENTS)
def test_every_kind_of_stored_event_is_read_back_as_itself(event: Event) -> None:
    assert Event.from_parameters(event.as_dict()) == event


def test_an_unknown_kind_of_event_is_still_refused_as_rasa_does() -> None:
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet


def test_an_event_class_defined_later_is_still_found() -> None:
    Event.resolve_by_type("slot")  # the table is built by now

    class Later(SlotSet):
        type_name = "rasa_patches_test_later"

    assert Event.resolve_by_type("rasa_patches_test_later") is Later


def test_reading_events_does_not_walk_every_event_class(monkeypatch: pytest.MonkeyPatch) -> None:
    Event.resolve_by_type("slot")  # the first lookup may build the table
    walks: list[Any] = []
    all_subclasses = rasa.shared.utils.common.all_subclasses

    def counted(cls: Any) -> list[Any]:
        walks.append(cls)
        return all_subclasses(cls)

    monkeypatch.setattr(rasa.shared.utils.common, "all_subclasses", counted)
    for event in EVENTS:
        Event.from_parameters(event.as_dict())
    assert walks == []
