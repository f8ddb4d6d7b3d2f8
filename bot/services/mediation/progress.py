"""What a caseworker records on a mediation case: the council told, the council unable to arrange
mediation in time, the meeting's date, the day mediation was held and its outcome, and the names
a certificate prints. Every change is checked against the others (`facts_problem`) and written to
the audit trail with its old and new value (dates and codes; names are never put in the trail)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from bot.mias.mediation import Outcome, facts_problem
from bot.services.certificates.eligibility import clean_name
from bot.services.mediation.cases import MediationError, facts_of, require_row
from bot.store.db import transaction
from bot.store.queries import audit, utc_now

logger = logging.getLogger(__name__)

# What a caseworker may record, by the name of its column (and of its MediationFacts field).
DATES = ("council_told_on", "cannot_arrange_on", "meeting_on", "held_on")
RECORDABLE = frozenset({*DATES, "outcome"})

Change = date | Outcome | None


def _as_text(value: Change) -> str:
    if value is None:
        return "cleared"
    return value.value if isinstance(value, Outcome) else value.isoformat()


def record_progress(
    database_url: str,
    mediation_id: int,
    changes: Mapping[str, Change],
    *,
    actor: str,
    today: date,
) -> None:
    """Store the caseworker's changes (None clears a value); MediationError when the dates
    would not hang together ("in_the_future", "before_the_choice", ...), storing nothing."""
    unknown = set(changes) - RECORDABLE
    if unknown:
        raise ValueError(f"not recordable: {sorted(unknown)}")
    with transaction(database_url) as session:
        row = require_row(session, mediation_id)
        facts = facts_of(row)
        changed: dict[str, Any] = {
            name: value for name, value in changes.items() if getattr(facts, name) != value
        }
        problem = facts_problem(replace(facts, **changed), today)
        if problem is not None:
            raise MediationError(problem)
        for name, value in changed.items():
            setattr(row, name, value.value if isinstance(value, Outcome) else value)
            audit(
                session,
                actor,
                "mediation_recorded",
                case_id=row.case_id,
                detail=f"{name}={_as_text(value)} was={_as_text(getattr(facts, name))}",
            )
        row.updated_at = row.case.updated_at = utc_now()
    logger.info("event=mediation_recorded mediation_id=%s fields=%s", mediation_id, len(changed))


def record_names(
    database_url: str,
    mediation_id: int,
    *,
    applicant_name: str | None,
    child_name: str | None,
    actor: str,
) -> None:
    """The names a certificate prints, given by the family to a caseworker (the choice of
    mediation did not ask for them). An empty name leaves the stored one as it is."""
    names = {"applicant_name": clean_name(applicant_name), "child_name": clean_name(child_name)}
    with transaction(database_url) as session:
        row = require_row(session, mediation_id)
        given = sorted(name for name, value in names.items() if value)
        for name in given:
            setattr(row.case, name, names[name])
        if given:
            row.case.updated_at = utc_now()
            audit(
                session,
                actor,
                "certificate_names_recorded",
                case_id=row.case_id,
                detail=f"fields={','.join(given)}",
            )
