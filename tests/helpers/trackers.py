"""Real rasa-sdk Trackers and CollectingDispatchers for action tests."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def make_tracker(
    slots: dict[str, Any] | None = None,
    *,
    just_set: dict[str, Any] | None = None,
    intent: str = "inform",
    text: str = "",
    active_loop: str | None = None,
    events: list[dict[str, Any]] | None = None,
    sender_id: str = "test-conversation",
) -> Tracker:
    """A tracker whose last user turn set `just_set` (the slots a form validation must check)."""
    just_set = just_set or {}
    latest = {"intent": {"name": intent, "confidence": 1.0}, "entities": [], "text": text}
    history = list(events or []) + [
        {"event": "user", "text": text, "parse_data": latest, "input_channel": "rest"}
    ]
    history += [{"event": "slot", "name": k, "value": v} for k, v in just_set.items()]
    return Tracker(
        sender_id=sender_id,
        slots={**(slots or {}), **just_set},
        latest_message=latest,
        events=history,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def responses(dispatcher: CollectingDispatcher) -> list[str]:
    return [m.get("response") for m in dispatcher.messages]


def slot_values(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
