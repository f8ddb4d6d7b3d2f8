"""The tables beside our case tables that hold a conversation: Rasa's `events` and the SMS
channel's. Rasa's table exists only once Rasa has saved a turn, and its timestamps are seconds
since the epoch where ours are naive UTC."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy.orm import Session

from bot.store.models import SmsContact, SmsInbound, SmsOutbound
from bot.store.rasa_events import events_table_exists

# Where the SMS channel keeps a phone's number and its texts, each row by conversation id.
SMS_TABLES = (SmsContact, SmsInbound, SmsOutbound)


def has_events(session: Session) -> bool:
    return events_table_exists(session.connection())


def epoch(moment: datetime) -> float:
    """A stored naive-UTC time as Rasa's event timestamp (seconds since the epoch)."""
    return moment.replace(tzinfo=timezone.utc).timestamp()


def from_epoch(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=timezone.utc).replace(tzinfo=None)
