"""When a caseworker will reply, told honestly, and checked against the person's own deadline.

The rule (opening hours, bank holidays, closed days) is pure and lives in bot.mias.working_hours;
this adds the person's case: their nearest deadline (see bot.services.queue.nearest_deadline) and
whether a reply at that time would come too late to help. "Too late" means the reply would come
on or after the deadline day: a reply on the last day leaves no safe time to act on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from bot.mias.calendar import date_in_words
from bot.mias.working_hours import OpeningHours, is_open, time_in_words
from bot.mias.working_hours import next_reply_time as _next_reply_time
from bot.services.queue import Deadline, nearest_deadline
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import Case


def next_reply_time(now: datetime, settings: Settings | None = None) -> datetime:
    """When a caseworker can next reply (UK time): `now` itself during opening hours."""
    return _next_reply_time((settings or Settings.from_env()).hours(), now)


@dataclass(frozen=True)
class ReplyEstimate:
    open_now: bool
    reply_at: datetime
    reply_words: str
    deadline: Deadline | None
    deadline_words: str | None
    too_late: bool


def reply_estimate(hours: OpeningHours, now: datetime, deadline: Deadline | None) -> ReplyEstimate:
    """When a person will reply, in words ('Monday 30 November 2026 at 9am'), and whether that
    is too late for `deadline`."""
    reply_at = _next_reply_time(hours, now)
    return ReplyEstimate(
        open_now=is_open(hours, now),
        reply_at=reply_at,
        reply_words=f"{date_in_words(reply_at.date())} at {time_in_words(reply_at)}",
        deadline=deadline,
        deadline_words=date_in_words(deadline.day) if deadline else None,
        too_late=deadline is not None and reply_at.date() >= deadline.day,
    )


def _case_deadline(database_url: str, conversation_id: str, today: date) -> Deadline | None:
    with transaction(database_url) as session:
        case = session.execute(
            select(Case).where(Case.conversation_id == conversation_id)
        ).scalar_one_or_none()
        if case is None:
            return None
        return nearest_deadline(case.appeal_deadline, case.mias_contact_deadline, today)


def reply_estimate_for(settings: Settings, conversation_id: str, now: datetime) -> ReplyEstimate:
    """The estimate for one person's case (for the handoff action's message)."""
    deadline = _case_deadline(settings.database_url, conversation_id, settings.today())
    return reply_estimate(settings.hours(), now, deadline)
