"""Which reminders a conversation has: its case's dates turned into reminder rows, and the rows
kept in step when the dates change (a choice made after the MIAS steps, a certificate approved,
voided or reissued, a mediation certificate issued).

The case is the one truth. The appeal deadline is the newest valid certificate's, else the one
recorded with the choice; before the choice, the MIAS contact date. Planning adds the rows that
are missing and removes unsent ones the dates no longer give; a text already sent stays on
record. Rows are unique by conversation, kind and due date, so planning twice changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.mias.deadlines import mias_contact_deadline
from bot.mias.reminders import PlannedReminder, reminders_for
from bot.store.models import Case, Certificate, Reminder, ReminderConsent
from bot.store.queries import utc_now

PENDING = "pending"


def appeal_deadline_of(session: Session, case: Case) -> date | None:
    """The appeal deadline the family must meet: their newest valid certificate's, else the
    date recorded with their choice."""
    certified: date | None = session.execute(
        select(Certificate.appeal_deadline)
        .where(
            Certificate.case_id == case.id,
            Certificate.status == "valid",
            Certificate.appeal_deadline.is_not(None),
        )
        .order_by(Certificate.issue_date.desc(), Certificate.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return certified or case.appeal_deadline


def holds_certificate(session: Session, case: Case) -> bool:
    found = session.execute(
        select(Certificate.id)
        .where(Certificate.case_id == case.id, Certificate.status == "valid")
        .limit(1)
    ).first()
    return found is not None


def planned_for(session: Session, case: Case, first_day: date) -> list[PlannedReminder]:
    """The reminders the case's dates give today, none due before `first_day`."""
    contact_by = case.mias_contact_deadline or (
        mias_contact_deadline(case.decision_date) if case.decision_date else None
    )
    return reminders_for(
        choice_made=case.choice is not None,
        appeal_deadline=appeal_deadline_of(session, case),
        mias_contact_deadline=contact_by,
        first_day=first_day,
    )


def is_planned(session: Session, reminder: Reminder, case: Case, first_day: date) -> bool:
    """The case's dates still give this reminder (they may have changed since it was planned)."""
    wanted = PlannedReminder(reminder.due_date, reminder.kind, reminder.deadline)
    return wanted in planned_for(session, case, first_day)


def plan_reminders(session: Session, consent: ReminderConsent, case: Case | None) -> None:
    """Bring a confirmed consent's reminder rows in step with its case's dates."""
    if consent.confirmed_at is None or consent.remind_from is None:
        return
    wanted = planned_for(session, case, consent.remind_from) if case is not None else []
    rows = (
        session.execute(select(Reminder).where(Reminder.consent_id == consent.id)).scalars().all()
    )
    unwanted = {
        row.id
        for row in rows
        if row.status == PENDING
        and row.claimed_at is None
        and PlannedReminder(row.due_date, row.kind, row.deadline) not in wanted
    }
    if unwanted:
        session.execute(delete(Reminder).where(Reminder.id.in_(unwanted)))
    held = {(row.kind, row.due_date) for row in rows if row.id not in unwanted}
    now = utc_now()
    for planned in wanted:
        if (planned.kind, planned.due) not in held:
            session.add(_row(consent, planned, now))
    session.flush()


def _row(consent: ReminderConsent, planned: PlannedReminder, now: datetime) -> Reminder:
    return Reminder(
        consent_id=consent.id,
        conversation_id=consent.conversation_id,
        kind=planned.kind,
        deadline=planned.deadline,
        due_date=planned.due,
        status=PENDING,
        attempts=0,
        created_at=now,
        updated_at=now,
    )


def consent_for(session: Session, conversation_id: str) -> ReminderConsent | None:
    consent: ReminderConsent | None = session.execute(
        select(ReminderConsent).where(ReminderConsent.conversation_id == conversation_id)
    ).scalar_one_or_none()
    return consent


def move_reminders(session: Session, case_id: int | None) -> None:
    """Keep a case's reminders in step after its dates changed: call it in the transaction that
    approves, voids or reissues a certificate, or issues one after mediation (the reminders
    move to the new appeal deadline; nothing happens for a family without reminders, or for a
    certificate whose case was erased)."""
    if case_id is None:
        return
    session.flush()
    case = session.get(Case, case_id)
    consent = consent_for(session, case.conversation_id) if case is not None else None
    if consent is not None:
        plan_reminders(session, consent, case)
