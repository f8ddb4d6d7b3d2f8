"""The route table: who may appeal, whether a certificate is needed, which time limit applies,
then the council (bot/mias/routes.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.mias.deadlines import appeal_deadline
from bot.mias.rights import Holder
from bot.mias.routes import ROUTES, Agreement, Facts, Route, decide_route

READY = Facts(
    consent=True,
    speaker="parent",
    holder=Holder.PARENT,
    decision="refuse_assessment",
    decision_date=date(2026, 11, 2),
    date_confirmed=True,
    coverage="covered",
)
TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("facts", "today", "route"),
    [
        (READY, TODAY, Route.MIAS),
        (replace(READY, coverage="covered_county_district"), TODAY, Route.MIAS),
        (replace(READY, coverage="not_covered"), TODAY, Route.NOT_COVERED),
        (replace(READY, coverage="not_england"), TODAY, Route.NOT_ENGLAND),
        (replace(READY, consent=False), TODAY, Route.NO_CONSENT),
        (replace(READY, holder=Holder.RIGHTS_ENDED), TODAY, Route.RIGHTS_ENDED),
        (replace(READY, speaker="young_person"), TODAY, Route.PARENT_HOLDS_RIGHT),
        (replace(READY, speaker="young_person", holder=Holder.YOUNG_PERSON), TODAY, Route.MIAS),
        (replace(READY, holder=Holder.YOUNG_PERSON, agreement=Agreement.AGREES), TODAY, Route.MIAS),
        (
            replace(READY, holder=Holder.YOUNG_PERSON, agreement=Agreement.NOT_AGREED),
            TODAY,
            Route.YOUNG_PERSON_DECLINED,
        ),
        (
            replace(READY, holder=Holder.YOUNG_PERSON, agreement=Agreement.CANNOT_DECIDE),
            TODAY,
            Route.REPRESENTATIVE,
        ),
        (replace(READY, decision="other"), TODAY, Route.NOT_APPEALABLE),
        (
            replace(READY, decision="disability_discrimination"),
            TODAY,
            Route.DISABILITY_DISCRIMINATION,
        ),
        (replace(READY, decision="health_social_care_only"), TODAY, Route.HEALTH_SOCIAL_CARE_ONLY),
        (replace(READY, decision="school_only"), TODAY, Route.SCHOOL_ONLY),
        (replace(READY, decision="plan_contents", school_only=True), TODAY, Route.SCHOOL_ONLY),
        (replace(READY, decision="plan_contents", school_only=False), TODAY, Route.MIAS),
        (replace(READY, decision_date=date(2026, 10, 2)), TODAY, Route.LATE),
        (replace(READY, decision_date=date(2026, 10, 3)), TODAY, Route.MIAS),
    ],
)
def test_route(facts: Facts, today: date, route: Route) -> None:
    assert decide_route(facts, today) is route


def test_a_section_i_appeal_is_checked_before_the_mias_window() -> None:
    """Issue #16, finding 1: letter Thu 11 Jun 2026 read on Fri 14 Aug 2026. The two-month MIAS
    date (Tue 11 Aug) has passed, but a Section I only appeal needs no certificate and is in time
    until Tue 1 Sep 2026 (the August rule)."""
    facts = replace(READY, decision="school_only", decision_date=date(2026, 6, 11))
    assert appeal_deadline(date(2026, 6, 11)) == date(2026, 9, 1)
    assert decide_route(facts, date(2026, 8, 14)) is Route.SCHOOL_ONLY
    assert decide_route(facts, date(2026, 9, 1)) is Route.SCHOOL_ONLY
    assert decide_route(facts, date(2026, 9, 2)) is Route.SCHOOL_ONLY_LATE


def test_a_certificate_appeal_is_late_after_the_mias_window_even_before_the_appeal_deadline() -> (
    None
):
    facts = replace(READY, decision_date=date(2026, 6, 11))
    assert decide_route(facts, date(2026, 8, 11)) is Route.MIAS
    assert decide_route(facts, date(2026, 8, 12)) is Route.LATE


@pytest.mark.parametrize(
    "missing",
    [
        {"consent": None},
        {"speaker": None},
        {"holder": None},
        {"holder": Holder.NEEDS_SCHOOL_YEAR},
        {"holder": Holder.YOUNG_PERSON},  # a parent acting for a young person: agreement unknown
        {"decision": None},
        {"decision": "plan_contents"},  # Section I only or not: not yet answered
        {"decision_date": None},
        {"date_confirmed": False},
        {"coverage": None},
    ],
)
def test_a_council_named_early_waits_for_every_earlier_answer(missing: dict[str, object]) -> None:
    assert decide_route(replace(READY, **missing), TODAY) is None  # type: ignore[arg-type]


def test_every_route_has_a_row() -> None:
    assert {row.route for row in ROUTES} == set(Route)
