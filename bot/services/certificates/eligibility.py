"""When a certificate may be issued, and what a new one copies from the case.

Refusal codes: only NO_CERTIFICATE_NEEDED is answered with an explanation (a Section I only appeal
needs no certificate); every other code sends the case to a caseworker, never to a certificate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.mias.certificate_routes import CertificateRoute
from bot.mias.deadlines import mias_contact_deadline
from bot.mias.decisions import certificate_requirement, parse_decision_type
from bot.settings import UK_TIME
from bot.store.models import Case, Handoff

MAX_NAME_LENGTH = 120

NO_CASE = "no_case"
INCOMPLETE = "incomplete"
NO_CERTIFICATE_NEEDED = "no_certificate_needed"
LATE = "late"
NOT_COVERED = "not_covered"
COVERAGE_UNCLEAR = "coverage_unclear"
NOT_APPEALABLE = "not_appealable"
NOT_DECLINED = "not_declined"
FLAGGED = "flagged"
UNUSUAL_CASE = "unusual_case"

_INTAKE_ROUTE_REFUSALS = {
    "school_only": NO_CERTIFICATE_NEEDED,
    "late": LATE,
    "not_covered": NOT_COVERED,
    "not_england": NOT_COVERED,
    "not_appealable": NOT_APPEALABLE,
}
_FLAGGING_HANDOFF_REASONS = frozenset({"unusual_case", "safeguarding"})
# Who may talk to us for a young person who holds the right, by their answer to "who am I
# talking to?", and the helper role that names them on the certificate.
_HELPER_ROLES = {"parent": "parent", "professional": "supporter"}


def uk_date(moment: datetime | None) -> date | None:
    """The UK calendar date of a naive UTC timestamp as stored by `utc_now`."""
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc).astimezone(UK_TIME).date()


def clean_name(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = " ".join(value.split())
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValueError(f"a name longer than {MAX_NAME_LENGTH} characters")
    return cleaned or None


@dataclass(frozen=True)
class CertificateFacts:
    """Everything a new certificate copies from the case."""

    applicant_name: str
    applicant_role: str
    child_name: str | None
    helper_name: str | None
    helper_role: str | None
    council_name: str
    decision_type: str
    decision_date: date
    mias_date: date
    trigger_date: date


def _case_refusal(case: Case) -> str | None:
    """Refusals that follow from the intake facts, whatever the route."""
    if case.route in _INTAKE_ROUTE_REFUSALS:
        return _INTAKE_ROUTE_REFUSALS[case.route]
    if case.route is None:
        return INCOMPLETE
    if case.route != "mias":
        return UNUSUAL_CASE
    decision = parse_decision_type(case.decision_type or "")
    if decision is None:
        return NOT_APPEALABLE
    if not certificate_requirement(decision, school_only=bool(case.school_only)).needed:
        return NO_CERTIFICATE_NEEDED
    if case.covered is None:
        return COVERAGE_UNCLEAR
    if not case.covered:
        return NOT_COVERED
    return None


def _mias_date(case: Case) -> date | None:
    return uk_date(case.mias_completed_at) or uk_date(case.choice_recorded_at)


def _timing_refusal(case: Case) -> str | None:
    """Late: the MIAS contact came after the reg 33 limit (T1), or we cannot tell when it came."""
    mias_date = _mias_date(case)
    if case.decision_date is None or mias_date is None:
        return INCOMPLETE
    if mias_date > mias_contact_deadline(case.decision_date):
        return LATE
    return None


def _flagged(session: Session, case: Case) -> bool:
    waiting = (
        session.execute(
            select(Handoff).where(Handoff.case_id == case.id, Handoff.status == "waiting")
        )
        .scalars()
        .all()
    )
    return any(h.urgent or h.reason in _FLAGGING_HANDOFF_REASONS for h in waiting)


def _declined_refusal(session: Session, case: Case) -> str | None:
    if case.choice != "decline":
        return NOT_DECLINED
    if _flagged(session, case):
        return FLAGGED
    return None


def _helper_role(case: Case) -> str | None:
    """The certificate's helper role of the person talking for a young person, if they are not
    the young person themselves."""
    if case.rights_holder != "young_person":
        return None
    return _HELPER_ROLES.get(case.role)


def _speaker_refusal(case: Case) -> str | None:
    """Who holds the right (domain.md section 5), and whether the person talking may act for them:
    the parent of a child; a young person; or a parent or supporter with the young person's
    agreement. Anything else (no agreement, a young person who cannot decide) is a caseworker's."""
    if case.role is None or case.rights_holder is None:
        return INCOMPLETE
    if case.rights_holder == "parent":
        return None if case.role == "parent" else UNUSUAL_CASE
    if case.rights_holder != "young_person":
        return UNUSUAL_CASE
    if case.role == "young_person":
        return None
    if _helper_role(case) is None or case.agreement not in (None, "agrees"):
        return UNUSUAL_CASE
    return INCOMPLETE if case.agreement is None else None


def _people_refusal(case: Case) -> str | None:
    refusal = _speaker_refusal(case)
    if refusal is not None:
        return refusal
    if not case.applicant_name or not case.local_authority_name:
        return INCOMPLETE
    if case.rights_holder == "parent" and not case.child_name:
        return INCOMPLETE
    if _helper_role(case) is not None and not case.helper_name:
        return INCOMPLETE
    return None


def _trigger_date(case: Case, route: str, given: date | None, today: date) -> date:
    if route == CertificateRoute.DECLINED:
        return uk_date(case.choice_recorded_at) or today
    if given is None:
        raise ValueError(
            f"route {route!r} needs the trigger date (mediation end or council notice)"
        )
    if given > today:
        raise ValueError(f"trigger date {given} is after today {today}")
    mias_date = _mias_date(case)
    if mias_date is not None and given < mias_date:
        raise ValueError(f"trigger date {given} is before the mediation information {mias_date}")
    return given


def eligibility(
    session: Session, case: Case, route: str, today: date, trigger_date: date | None
) -> CertificateFacts | str:
    """The facts to print, or the refusal code that stops the certificate."""
    refusal = _case_refusal(case) or _timing_refusal(case)
    if refusal is None and route == CertificateRoute.DECLINED:
        refusal = _declined_refusal(session, case)
    refusal = refusal or _people_refusal(case)
    if refusal is not None:
        return refusal
    mias_date = _mias_date(case)
    assert mias_date is not None  # checked above
    helper_role = _helper_role(case)
    return CertificateFacts(
        applicant_name=case.applicant_name,
        applicant_role=case.rights_holder,
        child_name=case.child_name if case.rights_holder == "parent" else None,
        helper_name=case.helper_name if helper_role else None,
        helper_role=helper_role,
        council_name=case.local_authority_name,
        decision_type=case.decision_type,
        decision_date=case.decision_date,
        mias_date=mias_date,
        trigger_date=_trigger_date(case, route, trigger_date, today),
    )
