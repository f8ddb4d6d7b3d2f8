"""When a caseworker will reply, told honestly, and checked against the person's own deadline.

The rule (opening hours, bank holidays, closed days) is pure and lives in bot.mias.working_hours;
this adds the person's case: their nearest deadline (bot.mias.deadlines.nearest_deadline) and
whether a reply at that time would come too late to help. "Too late" means the reply would come
on or after the deadline day: a reply on the last day leaves no safe time to act on it.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.mias.deadlines import Deadline, nearest_deadline
from bot.mias.working_hours import ReplyEstimate, reply_estimate
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.queries import case_for


def _case_deadline(database_url: str, conversation_id: str, today: date) -> Deadline | None:
    with transaction(database_url) as session:
        case = case_for(session, conversation_id)
        if case is None:
            return None
        return nearest_deadline(case.appeal_deadline, case.mias_contact_deadline, today)


def reply_estimate_for(settings: Settings, conversation_id: str, now: datetime) -> ReplyEstimate:
    """The estimate for one person's case (for the handoff action's message)."""
    deadline = _case_deadline(settings.database_url, conversation_id, settings.today())
    return reply_estimate(settings.hours(), now, deadline)
