"""Mediation cases: opened when a family chooses mediation, read for the console, the queue and
the chat. The rules of the clock are `bot.mias.mediation`; this reads and stores."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from bot.mias.certificate_routes import CertificateRoute
from bot.mias.mediation import (
    Attention,
    MediationFacts,
    Outcome,
    QueueEntry,
    arrange_by,
    certificates_owed,
    queue_entry,
)
from bot.services.certificates.eligibility import uk_date
from bot.settings import UK_TIME
from bot.store.db import transaction
from bot.store.models import Case, Certificate, MediationCase
from bot.store.queries import audit, case_for, utc_now

logger = logging.getLogger(__name__)

ASSISTANT = "assistant"
_RANK = {attention: rank for rank, attention in enumerate(Attention)}


class MediationError(Exception):
    """A change the case does not allow; `code` names why (bot/console/wording.yml, "mediation")."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class CertificateLine:
    """A certificate of the case as the mediation page lists it."""

    number: str
    route: str
    status: str
    issue_date: date | None
    appeal_deadline: date | None
    told: bool


@dataclass(frozen=True)
class MediationView:
    """One mediation case as the console shows it, worked out for `today`.

    `provisional` is True while the day the council was told is not recorded (the clock then runs
    from the choice). `owed` maps each certificate route that is one click away to its trigger.
    """

    mediation_id: int
    case_id: int
    conversation_id: str
    channel: str
    council: str | None
    decision_type: str | None
    decision_date: date | None
    applicant_name: str | None
    child_name: str | None
    facts: MediationFacts
    arrange_by: date
    provisional: bool
    queue: QueueEntry | None
    owed: dict[CertificateRoute, date]
    certificates: tuple[CertificateLine, ...]

    @property
    def live_certificates(self) -> tuple[CertificateLine, ...]:
        return tuple(line for line in self.certificates if line.status != "void")

    @property
    def finished(self) -> bool:
        """A certificate is live, or mediation settled everything: nothing more is owed."""
        agreed = self.facts.outcome is not None and self.facts.outcome.settles_everything
        return bool(self.live_certificates) or agreed


def facts_of(row: MediationCase) -> MediationFacts:
    chosen_on = uk_date(row.chosen_at)
    assert chosen_on is not None  # the column is NOT NULL
    return MediationFacts(
        chosen_on=chosen_on,
        council_told_on=row.council_told_on,
        cannot_arrange_on=row.cannot_arrange_on,
        meeting_on=row.meeting_on,
        held_on=row.held_on,
        outcome=Outcome(row.outcome) if row.outcome else None,
        withdrawn_on=row.withdrawn_on,
    )


def _lines(certificates: Iterable[Certificate]) -> tuple[CertificateLine, ...]:
    return tuple(
        CertificateLine(
            number=c.number,
            route=c.route,
            status=c.status,
            issue_date=c.issue_date,
            appeal_deadline=c.appeal_deadline,
            told=c.notified_at is not None,
        )
        for c in certificates
    )


def view_of(row: MediationCase, today: date) -> MediationView:
    """The case as the console and the chat see it today."""
    facts, case = facts_of(row), row.case
    lines = _lines(case.certificates)
    live = {line.route for line in lines if line.status != "void"}
    return MediationView(
        mediation_id=row.id,
        case_id=case.id,
        conversation_id=case.conversation_id,
        channel=case.channel,
        council=case.local_authority_name,
        decision_type=case.decision_type,
        decision_date=case.decision_date,
        applicant_name=case.applicant_name,
        child_name=case.child_name,
        facts=facts,
        arrange_by=arrange_by(facts),
        provisional=facts.council_told_on is None,
        queue=queue_entry(facts, today, has_certificate=bool(live)),
        owed=certificates_owed(facts, today, live),
        certificates=lines,
    )


def moment_on(day: date) -> datetime:
    """The time to store for "now" on `day` (naive UTC, as `utc_now`): `day` as the rules saw it
    (Settings.today(), which MIAS_TODAY may freeze) at the present time of day. In service `day`
    is today and this is now; under a frozen day the stored times agree with the dates."""
    moment = datetime.combine(day, datetime.now(UK_TIME).timetz())
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def open_mediation_case(database_url: str, conversation_id: str, chosen_on: date) -> None:
    """Open the case's mediation clock when the family chooses mediation on `chosen_on` (once;
    a second call, or a conversation without a case, changes nothing).

    The choice is the end of the MIAS information, so the case's MIAS date is set to it if it has
    none yet: a certificate issued later (the council could not arrange mediation, mediation did
    not settle everything, the family changed their mind) prints that date and is judged against
    the reg 33 two-month limit by it, not by the later day it is issued.
    """
    now = utc_now()
    with transaction(database_url) as session:
        case = case_for(session, conversation_id)
        if case is None or _row_for_case(session, case.id) is not None:
            return
        chosen_at = moment_on(chosen_on)
        row = MediationCase(case_id=case.id, chosen_at=chosen_at, created_at=now, updated_at=now)
        session.add(row)
        case.mias_completed_at = case.mias_completed_at or chosen_at
        session.flush()
        audit(session, ASSISTANT, "mediation_case_opened", case_id=case.id)
        logger.info("event=mediation_case_opened case_id=%s mediation_id=%s", case.id, row.id)


def _row_for_case(session: Session, case_id: int) -> MediationCase | None:
    row: MediationCase | None = session.execute(
        select(MediationCase).where(MediationCase.case_id == case_id)
    ).scalar_one_or_none()
    return row


def row_for_conversation(session: Session, conversation_id: str) -> MediationCase | None:
    case = case_for(session, conversation_id)
    return _row_for_case(session, case.id) if case is not None else None


def require_row(session: Session, mediation_id: int) -> MediationCase:
    row: MediationCase | None = session.get(MediationCase, mediation_id)
    if row is None:
        raise MediationError("not_found")
    return row


def mediation_case(
    database_url: str, mediation_id: int, today: date, *, viewer: str
) -> MediationView | None:
    """One case for the console; the view is written to the audit trail."""
    with transaction(database_url) as session:
        row = session.get(MediationCase, mediation_id)
        if row is None:
            return None
        audit(session, viewer, "mediation_viewed", case_id=row.case_id)
        return view_of(row, today)


def mediation_for_conversation(
    database_url: str, conversation_id: str, today: date
) -> MediationView | None:
    with transaction(database_url) as session:
        row = row_for_conversation(session, conversation_id)
        return view_of(row, today) if row is not None else None


def _all_rows(session: Session) -> list[MediationCase]:
    return list(
        session.execute(
            select(MediationCase)
            .options(joinedload(MediationCase.case).selectinload(Case.certificates))
            .order_by(MediationCase.chosen_at, MediationCase.id)
        )
        .unique()
        .scalars()
    )


def mediation_cases(
    database_url: str, today: date, *, finished: bool = False
) -> list[MediationView]:
    """Cases still running (or, with `finished`, those that are done), oldest choice first."""
    with transaction(database_url) as session:
        views = [view_of(row, today) for row in _all_rows(session)]
    return [view for view in views if view.finished == finished]


def mediation_queue(database_url: str, today: date) -> list[MediationView]:
    """The cases a caseworker should look at now: a certificate owed first, then day 30 passed,
    then an outcome to record, then day 30 near; within each, the nearest date first."""
    waiting = [(view, view.queue) for view in mediation_cases(database_url, today) if view.queue]
    waiting.sort(key=lambda pair: (_RANK[pair[1].attention], pair[1].by, pair[0].mediation_id))
    return [view for view, _ in waiting]
