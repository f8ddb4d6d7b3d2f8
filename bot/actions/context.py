"""What an action reads beyond the slots' raw values: the process's settings, who is talking, and
the dates the forms have validated."""

from __future__ import annotations

import functools
from datetime import date

from rasa_sdk import Tracker

from bot.services.cases import Conversation
from bot.settings import Settings


@functools.lru_cache(maxsize=1)
def settings() -> Settings:
    """The action server's settings, read from the environment once per process."""
    return Settings.from_env()


def conversation(tracker: Tracker) -> Conversation:
    return Conversation(tracker.sender_id, tracker.get_latest_input_channel() or "rest")


def slot_date(tracker: Tracker, name: str) -> date | None:
    """A date slot once validated (ISO); the raw words of an unvalidated answer count as no date."""
    try:
        return date.fromisoformat(tracker.get_slot(name) or "")
    except ValueError:
        return None
