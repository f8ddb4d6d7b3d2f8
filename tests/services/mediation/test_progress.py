"""What a caseworker records on a mediation case: checked, stored and audited."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot.mias.mediation import Outcome
from bot.services.cases import load_case
from bot.services.mediation import (
    MediationError,
    mediation_for_conversation,
    record_names,
    record_progress,
)
from bot.store.db import transaction
from bot.store.models import AuditEntry
from tests.services.mediation.conftest import CASEWORKER, CHOSEN, mediation_family, mediation_id

TODAY = date(2025, 12, 10)


def audit_details(database_url: str, action: str) -> list[str | None]:
    with transaction(database_url) as session:
        rows = session.execute(
            select(AuditEntry.detail).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
        return list(rows.scalars())


def test_the_day_the_council_was_told_starts_the_30_days_and_is_audited(
    database_url: str,
) -> None:
    mediation_family(database_url)
    told = date(2025, 11, 27)
    record_progress(
        database_url,
        mediation_id(database_url),
        {"council_told_on": told},
        actor=CASEWORKER,
        today=TODAY,
    )
    view = mediation_for_conversation(database_url, "m1", TODAY)
    assert view is not None and not view.provisional
    assert view.arrange_by == date(2025, 12, 27)
    assert audit_details(database_url, "mediation_recorded") == [
        "council_told_on=2025-11-27 was=cleared"
    ]


def test_mediation_held_with_its_outcome_and_cleared_together(database_url: str) -> None:
    mediation_family(database_url)
    held = {"held_on": date(2025, 12, 8), "outcome": Outcome.SOME_AGREEMENT}
    record_progress(database_url, mediation_id(database_url), held, actor=CASEWORKER, today=TODAY)
    view = mediation_for_conversation(database_url, "m1", TODAY)
    assert view is not None and view.facts.outcome is Outcome.SOME_AGREEMENT
    assert view.owed and view.queue is not None

    cleared = {"held_on": None, "outcome": None}
    record_progress(
        database_url, mediation_id(database_url), cleared, actor=CASEWORKER, today=TODAY
    )
    view = mediation_for_conversation(database_url, "m1", TODAY)
    assert view is not None and view.facts.held_on is None and view.facts.outcome is None
    assert audit_details(database_url, "mediation_recorded") == [
        "held_on=2025-12-08 was=cleared",
        "outcome=some_agreement was=cleared",
        "held_on=cleared was=2025-12-08",
        "outcome=cleared was=some_agreement",
    ]


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"council_told_on": date(2025, 12, 11)}, "in_the_future"),
        ({"council_told_on": date(2025, 11, 1)}, "before_the_choice"),
        ({"outcome": Outcome.AGREEMENT}, "outcome_without_meeting"),
    ],
)
def test_dates_that_cannot_be_right_are_refused_and_nothing_is_stored(
    database_url: str, changes: dict[str, object], problem: str
) -> None:
    mediation_family(database_url)
    with pytest.raises(MediationError) as refused:
        record_progress(
            database_url,
            mediation_id(database_url),
            changes,  # type: ignore[arg-type]
            actor=CASEWORKER,
            today=TODAY,
        )
    assert refused.value.code == problem
    view = mediation_for_conversation(database_url, "m1", TODAY)
    assert view is not None and view.facts.council_told_on is None and view.facts.outcome is None
    assert audit_details(database_url, "mediation_recorded") == []


def test_a_meeting_date_may_be_ahead_and_unknown_fields_are_a_programming_error(
    database_url: str,
) -> None:
    mediation_family(database_url)
    ahead = {"meeting_on": date(2026, 1, 5)}
    record_progress(database_url, mediation_id(database_url), ahead, actor=CASEWORKER, today=TODAY)
    with pytest.raises(ValueError):
        record_progress(
            database_url,
            mediation_id(database_url),
            {"chosen_at": CHOSEN},  # type: ignore[dict-item]
            actor=CASEWORKER,
            today=TODAY,
        )


def test_the_names_a_certificate_prints_are_stored_but_never_written_to_the_audit(
    database_url: str,
) -> None:
    mediation_family(database_url, names=False)
    record_names(
        database_url,
        mediation_id(database_url),
        applicant_name="  Amira   Khan ",
        child_name=None,
        actor=CASEWORKER,
    )
    case = load_case(database_url, "m1")
    view = mediation_for_conversation(database_url, "m1", TODAY)
    assert case is not None and view is not None
    assert (view.applicant_name, view.child_name) == ("Amira Khan", None)
    assert audit_details(database_url, "certificate_names_recorded") == ["fields=applicant_name"]


def test_an_unknown_case_is_refused(database_url: str) -> None:
    with pytest.raises(MediationError) as refused:
        record_names(database_url, 42, applicant_name="A B", child_name=None, actor=CASEWORKER)
    assert refused.value.code == "not_found"
