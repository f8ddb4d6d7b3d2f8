"""The caseworkers' queue: who needs a person first, and the certificates waiting for review.

Order of handoffs (waiting and claimed):
1. urgent ones (a safeguarding disclosure) first;
2. then by days left to the person's nearest deadline, fewest first; a case with no deadline yet
   comes after every case that has one;
3. then by how long they have waited, longest first.

The nearest deadline is the earlier of the appeal deadline and the deadline for contacting MIAS
that is still ahead; when both have passed it is the later one, so the days left are negative and
such a case (a window that has passed) rises to the top of the non-urgent ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from bot.mias.deadlines import Deadline, nearest_deadline
from bot.services.certificates import CertificateView, drafts_by_due_date
from bot.store.db import transaction
from bot.store.models import Handoff

OPEN_STATUSES = ("waiting", "claimed")


@dataclass(frozen=True)
class QueueItem:
    handoff_id: int
    case_id: int
    reason: str
    urgent: bool
    status: str
    channel: str
    created_at: datetime
    waiting: timedelta
    deadline: Deadline | None
    days_left: int | None
    claimed_by: int | None
    claimed_by_name: str | None


def queue_order(item: QueueItem) -> tuple[bool, bool, int, datetime, int]:
    """Sort key: urgent first, then fewest days left (none last), then longest waiting."""
    return (
        not item.urgent,
        item.days_left is None,
        item.days_left if item.days_left is not None else 0,
        item.created_at,
        item.handoff_id,
    )


def _item(handoff: Handoff, today: date, now: datetime) -> QueueItem:
    case = handoff.case
    deadline = nearest_deadline(case.appeal_deadline, case.mias_contact_deadline, today)
    return QueueItem(
        handoff_id=handoff.id,
        case_id=case.id,
        reason=handoff.reason,
        urgent=bool(handoff.urgent),
        status=handoff.status,
        channel=case.channel,
        created_at=handoff.created_at,
        waiting=max(now - handoff.created_at, timedelta(0)),
        deadline=deadline,
        days_left=deadline.days_left(today) if deadline else None,
        claimed_by=handoff.claimed_by,
        claimed_by_name=handoff.claimant.display_name if handoff.claimant else None,
    )


def handoff_queue(database_url: str, *, today: date, now: datetime) -> list[QueueItem]:
    """Waiting and claimed handoffs, in the order a caseworker should take them.

    `now` is naive UTC, like the stored times; `today` is the UK date (Settings.today()).
    """
    with transaction(database_url) as session:
        rows = session.execute(
            select(Handoff)
            .where(Handoff.status.in_(OPEN_STATUSES))
            .options(joinedload(Handoff.case), joinedload(Handoff.claimant))
        ).scalars()
        return sorted((_item(row, today, now) for row in rows), key=queue_order)


@dataclass(frozen=True)
class DraftItem:
    certificate: CertificateView
    days_left: int


def certificate_drafts(database_url: str, *, today: date) -> list[DraftItem]:
    """Certificates waiting for a caseworker's review, the one due soonest first."""
    return [
        DraftItem(view, (view.due_date - today).days) for view in drafts_by_due_date(database_url)
    ]
