"""The queue order: urgent first, then days left to the nearest deadline, then waiting time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bot.mias.deadlines import nearest_deadline
from bot.services import casework
from bot.services.accounts import create_caseworker
from bot.services.cases import Conversation, record_facts, request_handoff
from bot.services.casework import CaseworkError
from bot.services.queue import handoff_queue
from bot.store.db import transaction
from bot.store.models import Handoff

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 12, 0)


def _handoff(
    database_url: str,
    name: str,
    *,
    urgent: bool = False,
    appeal: date | None = None,
    contact: date | None = None,
    waited_minutes: int = 10,
) -> int:
    who = Conversation(name, "socketio")
    record_facts(database_url, who, appeal_deadline=appeal, mias_contact_deadline=contact)
    handoff_id = request_handoff(
        database_url, who, "safeguarding" if urgent else "user_request", urgent
    )
    with transaction(database_url) as session:
        row = session.get(Handoff, handoff_id)
        assert row is not None
        row.created_at = NOW - timedelta(minutes=waited_minutes)
    return handoff_id


def test_the_nearest_deadline_still_ahead_counts() -> None:
    assert nearest_deadline(date(2027, 1, 5), date(2026, 12, 1), TODAY).kind == "mias_contact"  # type: ignore[union-attr]
    assert nearest_deadline(date(2027, 1, 5), date(2026, 11, 1), TODAY).kind == "appeal"  # type: ignore[union-attr]
    passed = nearest_deadline(None, date(2026, 11, 20), TODAY)
    assert passed is not None and passed.days_left(TODAY) == -5
    assert nearest_deadline(None, None, TODAY) is None


def test_queue_order(database_url: str) -> None:
    _handoff(database_url, "no-deadline", waited_minutes=500)
    _handoff(database_url, "far", appeal=TODAY + timedelta(days=40), waited_minutes=300)
    _handoff(database_url, "near-new", contact=TODAY + timedelta(days=3), waited_minutes=5)
    _handoff(database_url, "near-old", contact=TODAY + timedelta(days=3), waited_minutes=50)
    _handoff(database_url, "urgent", urgent=True, waited_minutes=1)
    _handoff(database_url, "passed", contact=TODAY - timedelta(days=2))
    items = handoff_queue(database_url, today=TODAY, now=NOW)
    order = [item.case_id for item in items]
    names = ["no-deadline", "far", "near-new", "near-old", "urgent", "passed"]
    by_name = dict(zip(names, range(1, 7)))
    expected = ["urgent", "passed", "near-old", "near-new", "far", "no-deadline"]
    assert order == [by_name[n] for n in expected]
    assert items[0].reason == "safeguarding"
    assert items[2].days_left == 3 and items[2].waiting == timedelta(minutes=50)


def test_claim_is_once_only_and_finished_handoffs_leave_the_queue(database_url: str) -> None:
    first = create_caseworker(database_url, "a@x.org", "A", "long enough password", actor="t")
    second = create_caseworker(database_url, "b@x.org", "B", "long enough password", actor="t")
    handoff_id = _handoff(database_url, "c1")
    taken = casework.claim(database_url, handoff_id, first)
    assert taken.status == "claimed" and taken.conversation_id == "c1"
    with pytest.raises(CaseworkError):
        casework.claim(database_url, handoff_id, second)
    with pytest.raises(CaseworkError):
        casework.require_claim(database_url, handoff_id, second)
    assert casework.is_with_caseworker(database_url, "c1")
    (item,) = handoff_queue(database_url, today=TODAY, now=NOW)
    assert item.status == "claimed" and item.claimed_by_name == "A"
    casework.finish(database_url, handoff_id, first, outcome="handed_back")
    assert handoff_queue(database_url, today=TODAY, now=NOW) == []
    assert not casework.is_with_caseworker(database_url, "c1")
    with transaction(database_url) as session:
        row = session.get(Handoff, handoff_id)
        assert row is not None and row.handed_back_at is not None and row.claimed_at is not None


def test_a_case_is_visible_only_while_it_is_part_of_the_job(database_url: str) -> None:
    worker = create_caseworker(database_url, "a@x.org", "A", "long enough password", actor="t")
    handoff_id = _handoff(database_url, "c1")
    card = casework.case_card(database_url, 1, worker)
    assert card is not None and card.handoff is not None and card.handoff.handoff_id == handoff_id
    casework.add_note(database_url, 1, worker, "Called the council")
    casework.claim(database_url, handoff_id, worker)
    casework.finish(database_url, handoff_id, worker, outcome="closed")
    assert casework.case_card(database_url, 1, worker) is None
    actions = [action for _, action, _ in casework.audit_trail(database_url, case_id=1)]
    assert actions == [
        "case_viewed",
        "note_added",
        "handoff_claimed",
        "handoff_closed",
        "case_view_refused",
    ]
