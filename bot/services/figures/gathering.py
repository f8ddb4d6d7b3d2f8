"""Reading what happened in a period from the tables, as `Happened` and `Took` (counting.py).

What each measure counts, by the UK day it happened, per council (the council of the case; a
case without one counts under `UNKNOWN_COUNCIL`, as the reminders do):
- conversations started, web and SMS, late arrivals: cases opened (the first answer, which is
  the privacy notice's), by their channel and route (the two-month window had passed: "late",
  or a Section I only appeal past its deadline);
- MIAS completed: cases whose last MIAS step was acknowledged, all of them acknowledged;
- mediation chosen: mediation cases opened; declined: a decline at the choice (a family who
  chose mediation and later changed their mind counts as chosen, then as changed mind);
- certificates, by route: issued (corrected copies are not counted again); the time from the
  person's first message (Rasa's first user event; the case's opening when Rasa's table is not
  there) to the certificate's issue (approval, in review mode);
- handoffs by reason: raised; the wait is from raised to taken by a caseworker;
- reminders sent and delivered: `bot.services.reminders.reminder_figures`.
Erased conversations are gone from all of these but certificates, which keep their council.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import cache

import yaml
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from bot.mias.routes import Route
from bot.services.certificates.eligibility import uk_date
from bot.services.figures.counting import (
    HANDOFFS,
    HOURS_TO_CERTIFICATE,
    MINUTES_WAITED,
    Happened,
    Took,
)
from bot.services.privacy.tables import from_epoch, has_events
from bot.services.reminders import UNKNOWN_COUNCIL, reminder_figures
from bot.services.responses import DOMAIN_DIR
from bot.settings import UK_TIME
from bot.store.models import Case, Certificate, Handoff, MediationCase, MiasStep
from bot.store.rasa_events import events

LATE_ROUTES = (Route.LATE.value, Route.SCHOOL_ONLY_LATE.value)
SMS = "sms"


@dataclass(frozen=True)
class Gathered:
    happened: list[Happened]
    took: list[Took]
    reminders: dict[str, dict[str, int]]


@cache
def mias_step_count() -> int:
    """How many MIAS steps there are: the steps form's questions (bot/domain/steps.yml)."""
    domain = yaml.safe_load((DOMAIN_DIR / "steps.yml").read_text(encoding="utf-8"))
    return len(domain["forms"]["steps_form"]["required_slots"])


def utc_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period's first moment and the moment after its last, as stored: naive UTC."""

    def midnight(day: date) -> datetime:
        local = datetime.combine(day, time.min, tzinfo=UK_TIME)
        return local.astimezone(timezone.utc).replace(tzinfo=None)

    return midnight(start), midnight(end + timedelta(days=1))


def _council(name: str | None) -> str:
    return name or UNKNOWN_COUNCIL


def _day(moment: datetime) -> date:
    day = uk_date(moment)
    assert day is not None
    return day


def gather(session: Session, start: date, end: date) -> Gathered:
    """Everything the figures count from `start` to `end` (UK days, both included)."""
    since, until = utc_bounds(start, end)
    happened = [
        *_cases(session, since, until),
        *_mias_completed(session, since, until),
        *_choices(session, since, until, start, end),
    ]
    certificates, to_certificate = _certificates(session, start, end)
    handoffs, waits = _handoffs(session, since, until)
    return Gathered(
        happened=[*happened, *certificates, *handoffs],
        took=[*to_certificate, *waits],
        reminders=reminder_figures(session, start, end),
    )


def _cases(session: Session, since: datetime, until: datetime) -> Iterable[Happened]:
    rows = session.execute(
        select(Case.local_authority_name, Case.created_at, Case.channel, Case.route).where(
            Case.created_at >= since, Case.created_at < until
        )
    )
    for council, created_at, channel, route in rows:
        where, day = _council(council), _day(created_at)
        yield Happened(where, day, "conversations_started")
        yield Happened(where, day, "sms" if channel == SMS else "web")
        if route in LATE_ROUTES:
            yield Happened(where, day, "late_arrivals")


def _mias_completed(session: Session, since: datetime, until: datetime) -> Iterable[Happened]:
    last = func.max(MiasStep.acknowledged_at)
    per_case = (
        select(MiasStep.case_id, last.label("finished_at"))
        .group_by(MiasStep.case_id)
        .having(
            and_(
                func.count(func.distinct(MiasStep.step)) >= mias_step_count(),
                last >= since,
                last < until,
            )
        )
        .subquery()
    )
    finished = select(Case.local_authority_name, per_case.c.finished_at).join(
        per_case, per_case.c.case_id == Case.id
    )
    for council, finished_at in session.execute(finished):
        yield Happened(_council(council), _day(finished_at), "mias_completed")


def _choices(
    session: Session, since: datetime, until: datetime, start: date, end: date
) -> Iterable[Happened]:
    council = Case.local_authority_name
    chosen = session.execute(
        select(council, MediationCase.chosen_at, MediationCase.withdrawn_on)
        .join(Case, Case.id == MediationCase.case_id)
        .where(
            or_(
                MediationCase.chosen_at.between(since, until),
                MediationCase.withdrawn_on.between(start, end),
            )
        )
    )
    for name, chosen_at, withdrawn_on in chosen:
        if since <= chosen_at < until:
            yield Happened(_council(name), _day(chosen_at), "mediation_chosen")
        if withdrawn_on is not None and start <= withdrawn_on <= end:
            yield Happened(_council(name), withdrawn_on, "changed_mind")
    declined = session.execute(
        select(council, Case.choice_recorded_at)
        .outerjoin(MediationCase, MediationCase.case_id == Case.id)
        .where(
            Case.choice == "decline",
            MediationCase.id.is_(None),
            Case.choice_recorded_at >= since,
            Case.choice_recorded_at < until,
        )
    )
    for name, recorded_at in declined:
        yield Happened(_council(name), _day(recorded_at), "declined")


def _certificates(session: Session, start: date, end: date) -> tuple[list[Happened], list[Took]]:
    rows = session.execute(
        select(
            Certificate.council_name,
            Certificate.issue_date,
            Certificate.route,
            func.coalesce(Certificate.approved_at, Certificate.created_at),
            Case.conversation_id,
            Case.created_at,
        )
        .outerjoin(Case, Case.id == Certificate.case_id)
        .where(
            Certificate.issue_date >= start,
            Certificate.issue_date <= end,
            Certificate.replaces_id.is_(None),
        )
    ).all()
    first = _first_messages(session, [row[4] for row in rows if row[4] is not None])
    happened, took = [], []
    for council, issued_on, route, issued_at, conversation_id, opened_at in rows:
        happened.append(Happened(_council(council), issued_on, f"certificates_{route}"))
        began = first.get(conversation_id, opened_at) if conversation_id else None
        if began is not None:
            hours = (issued_at - began).total_seconds() / 3600
            took.append(Took(_council(council), HOURS_TO_CERTIFICATE, max(hours, 0.0)))
    return happened, took


def _first_messages(session: Session, conversation_ids: list[str]) -> dict[str, datetime]:
    """Each conversation's first message, from Rasa's events (none before Rasa has run)."""
    if not conversation_ids or not has_events(session):
        return {}
    rows = session.execute(
        select(events.c.sender_id, func.min(events.c.timestamp))
        .where(events.c.sender_id.in_(conversation_ids), events.c.type_name == "user")
        .group_by(events.c.sender_id)
    )
    return {sender: from_epoch(seconds) for sender, seconds in rows if seconds is not None}


def _handoffs(
    session: Session, since: datetime, until: datetime
) -> tuple[list[Happened], list[Took]]:
    rows = session.execute(
        select(Case.local_authority_name, Handoff.reason, Handoff.created_at, Handoff.claimed_at)
        .join(Case, Case.id == Handoff.case_id)
        .where(Handoff.created_at >= since, Handoff.created_at < until)
    )
    happened, took = [], []
    for council, reason, created_at, claimed_at in rows:
        happened.append(Happened(_council(council), _day(created_at), HANDOFFS + reason))
        if claimed_at is not None:
            minutes = max((claimed_at - created_at).total_seconds() / 60, 0.0)
            took.append(Took(_council(council), MINUTES_WAITED, minutes))
    return happened, took
