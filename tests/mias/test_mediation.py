"""The 30-day mediation clock (domain.md 2.1 T4-T8, worked cases 7 and 8) and what a family who
changes their mind is owed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.mias.certificate_routes import CertificateRoute
from bot.mias.deadlines import certificate_due
from bot.mias.mediation import (
    DUE_SOON_DAY,
    Attention,
    ChangeOfMind,
    MediationFacts,
    Outcome,
    appeal_date_after_certificate,
    arrange_by,
    certificate_triggers,
    certificates_owed,
    change_of_mind,
    clock_day,
    concluded_trigger,
    facts_problem,
    not_arranged_trigger,
    queue_entry,
)

# Worked case 8: letter Thu 20 Nov 2025; the council told Mon 24 Nov 2025; day 30 Wed 24 Dec.
CASE_8_LETTER = date(2025, 11, 20)
CASE_8 = MediationFacts(chosen_on=date(2025, 11, 24), council_told_on=date(2025, 11, 24))
# Worked case 7: letter Wed 4 Mar 2026; asked for 9 Mar; held Thu 2 Apr, no agreement.
CASE_7_LETTER = date(2026, 3, 4)
CASE_7 = MediationFacts(
    chosen_on=date(2026, 3, 9),
    council_told_on=date(2026, 3, 9),
    meeting_on=date(2026, 4, 2),
    held_on=date(2026, 4, 2),
    outcome=Outcome.NO_AGREEMENT,
)


def test_case_8_the_council_fails_the_30_days_over_christmas() -> None:
    assert arrange_by(CASE_8) == date(2025, 12, 24)
    told_adviser = replace(CASE_8, cannot_arrange_on=date(2025, 12, 24))
    trigger = not_arranged_trigger(told_adviser, today=date(2025, 12, 24))
    assert trigger == date(2025, 12, 24)
    assert certificate_due(trigger) == date(2025, 12, 31)  # 25 and 26 Dec skipped
    assert appeal_date_after_certificate(CASE_8_LETTER, date(2025, 12, 31)) == date(2026, 2, 2)


def test_case_7_mediation_held_just_before_easter() -> None:
    assert arrange_by(CASE_7) == date(2026, 4, 8)
    trigger = concluded_trigger(CASE_7)
    assert trigger == date(2026, 4, 2)
    assert certificate_due(trigger) == date(2026, 4, 9)  # Good Friday and Easter Monday skipped
    assert appeal_date_after_certificate(CASE_7_LETTER, date(2026, 4, 9)) == date(2026, 5, 11)


def test_the_clock_runs_from_the_choice_until_the_council_told_is_recorded() -> None:
    chosen = MediationFacts(chosen_on=date(2026, 11, 25))
    assert arrange_by(chosen) == date(2026, 12, 25)
    assert arrange_by(replace(chosen, council_told_on=date(2026, 11, 30))) == date(2026, 12, 30)
    assert clock_day(chosen, date(2026, 12, 15)) == 20


@pytest.mark.parametrize(
    ("facts", "today", "trigger"),
    [
        (CASE_8, date(2025, 12, 24), None),  # day 30 itself: still time
        (CASE_8, date(2025, 12, 25), date(2025, 12, 24)),  # passed with nothing held: day 30
        (
            replace(CASE_8, cannot_arrange_on=date(2025, 12, 1)),
            date(2025, 12, 1),
            date(2025, 12, 1),
        ),
        (replace(CASE_8, held_on=date(2025, 12, 20)), date(2026, 1, 5), None),
        (replace(CASE_8, meeting_on=date(2026, 1, 8)), date(2025, 12, 29), date(2025, 12, 24)),
    ],
    ids=["day-30", "day-31", "council-says-so", "held", "meeting-after-day-30"],
)
def test_not_arranged_is_owed_from_the_councils_notice_or_once_day_30_passes_unheld(
    facts: MediationFacts, today: date, trigger: date | None
) -> None:
    assert not_arranged_trigger(facts, today) == trigger


@pytest.mark.parametrize(
    ("outcome", "trigger"),
    [
        (None, None),
        (Outcome.AGREEMENT, None),
        (Outcome.SOME_AGREEMENT, date(2026, 4, 2)),
        (Outcome.NO_AGREEMENT, date(2026, 4, 2)),
    ],
)
def test_mediation_concluded_is_owed_when_it_did_not_settle_everything(
    outcome: Outcome | None, trigger: date | None
) -> None:
    assert concluded_trigger(replace(CASE_7, outcome=outcome)) == trigger


DAY_0 = date(2026, 11, 2)
TOLD = MediationFacts(chosen_on=DAY_0, council_told_on=DAY_0)  # day 30 is Wed 2 Dec 2026


@pytest.mark.parametrize(
    ("facts", "today", "attention", "by"),
    [
        (TOLD, DAY_0 + timedelta(days=DUE_SOON_DAY - 1), None, None),
        (TOLD, DAY_0 + timedelta(days=DUE_SOON_DAY), Attention.DAY_30_NEAR, date(2026, 12, 2)),
        (replace(TOLD, meeting_on=date(2026, 11, 30)), date(2026, 11, 25), None, None),
        (
            replace(TOLD, meeting_on=date(2026, 12, 10)),
            date(2026, 11, 25),
            Attention.DAY_30_NEAR,
            date(2026, 12, 2),
        ),
        (TOLD, date(2026, 12, 3), Attention.DAY_30_PASSED, date(2026, 12, 7)),
        (
            replace(TOLD, meeting_on=date(2026, 11, 20)),
            date(2026, 11, 23),
            Attention.OUTCOME_NEEDED,
            date(2026, 11, 20),
        ),
        (
            replace(TOLD, held_on=date(2026, 11, 20)),
            date(2026, 12, 20),
            Attention.OUTCOME_NEEDED,
            date(2026, 11, 20),
        ),
        (
            replace(TOLD, held_on=date(2026, 11, 20), outcome=Outcome.SOME_AGREEMENT),
            date(2026, 11, 21),
            Attention.CERTIFICATE_DUE,
            date(2026, 11, 25),
        ),
        (
            replace(TOLD, cannot_arrange_on=date(2026, 11, 10)),
            date(2026, 11, 10),
            Attention.CERTIFICATE_DUE,
            date(2026, 11, 13),
        ),
        (
            replace(TOLD, held_on=date(2026, 11, 20), outcome=Outcome.AGREEMENT),
            date(2026, 12, 20),
            None,
            None,
        ),
        (replace(TOLD, withdrawn_on=date(2026, 11, 25)), date(2026, 12, 20), None, None),
    ],
    ids=[
        "day-19",
        "day-20",
        "meeting-set-in-time",
        "meeting-set-after-day-30",
        "day-31-nothing-held",
        "meeting-passed",
        "held-no-outcome",
        "held-not-settled",
        "council-cannot",
        "settled",
        "changed-mind",
    ],
)
def test_a_case_comes_up_in_the_queue_when_something_is_owed_or_near(
    facts: MediationFacts, today: date, attention: Attention | None, by: date | None
) -> None:
    entry = queue_entry(facts, today, has_certificate=False)
    assert (entry.attention if entry else None, entry.by if entry else None) == (attention, by)


def test_a_case_with_a_certificate_has_nothing_more_to_queue() -> None:
    assert queue_entry(TOLD, date(2027, 1, 10), has_certificate=True) is None


@pytest.mark.parametrize(
    ("facts", "allowed"),
    [
        (TOLD, ChangeOfMind.DECLINE),
        (replace(TOLD, meeting_on=date(2026, 11, 20)), ChangeOfMind.DECLINE),
        (replace(TOLD, cannot_arrange_on=date(2026, 11, 20)), ChangeOfMind.DECLINE),
        (replace(TOLD, held_on=date(2026, 11, 20)), ChangeOfMind.OUTCOME_UNKNOWN),
        (
            replace(TOLD, held_on=date(2026, 11, 20), outcome=Outcome.NO_AGREEMENT),
            ChangeOfMind.CONCLUDED,
        ),
        (
            replace(TOLD, held_on=date(2026, 11, 20), outcome=Outcome.AGREEMENT),
            ChangeOfMind.AGREED,
        ),
    ],
    ids=["waiting", "date-set", "council-cannot", "held-unknown", "not-settled", "settled"],
)
def test_changing_their_mind_before_mediation_is_declining_after_it_is_the_concluded_route(
    facts: MediationFacts, allowed: ChangeOfMind
) -> None:
    assert change_of_mind(facts) is allowed


def test_every_certificate_owed_is_listed_with_the_day_it_counts_from() -> None:
    withdrew = replace(TOLD, withdrawn_on=date(2026, 12, 5))
    assert certificate_triggers(withdrew, date(2026, 12, 5)) == {
        CertificateRoute.NOT_ARRANGED: date(2026, 12, 2),
        CertificateRoute.DECLINED: date(2026, 12, 5),
    }
    assert certificate_triggers(CASE_7, date(2026, 4, 3)) == {
        CertificateRoute.MEDIATION_CONCLUDED: date(2026, 4, 2)
    }
    assert certificate_triggers(TOLD, date(2026, 11, 10)) == {}


def test_a_family_holding_a_certificate_is_owed_only_the_one_for_mediation_held_later() -> None:
    late = replace(TOLD, held_on=date(2026, 12, 20), outcome=Outcome.NO_AGREEMENT)
    withdrew = replace(TOLD, withdrawn_on=date(2026, 12, 5))
    assert certificates_owed(withdrew, date(2026, 12, 5), held={"declined"}) == {}
    assert certificates_owed(late, date(2026, 12, 21), held={"not_arranged"}) == {
        CertificateRoute.MEDIATION_CONCLUDED: date(2026, 12, 20)
    }
    assert certificates_owed(late, date(2026, 12, 21), held={"mediation_concluded"}) == {}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"council_told_on": date(2026, 11, 26)}, "in_the_future"),
        ({"meeting_on": date(2027, 1, 5)}, None),
        ({"council_told_on": date(2026, 11, 1)}, "before_the_choice"),
        (
            {"held_on": date(2026, 11, 3), "council_told_on": date(2026, 11, 4)},
            "before_council_told",
        ),
        ({"outcome": Outcome.AGREEMENT}, "outcome_without_meeting"),
        ({"held_on": date(2026, 11, 20), "outcome": Outcome.AGREEMENT}, None),
    ],
)
def test_dates_that_cannot_be_right_are_named(
    change: dict[str, object], problem: str | None
) -> None:
    facts = replace(MediationFacts(chosen_on=DAY_0), **change)  # type: ignore[arg-type]
    assert facts_problem(facts, today=date(2026, 11, 25)) == problem


days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))


@given(chosen=days, delay=st.integers(0, 60), today_offset=st.integers(0, 120))
def test_the_provisional_day_30_is_never_later_than_the_real_one(
    chosen: date, delay: int, today_offset: int
) -> None:
    provisional = MediationFacts(chosen_on=chosen)
    real = replace(provisional, council_told_on=chosen + timedelta(days=delay))
    assert arrange_by(provisional) <= arrange_by(real)
    assert arrange_by(real) - real.council_told_on == timedelta(days=30)  # type: ignore[operator]
    today = chosen + timedelta(days=today_offset)
    late = not_arranged_trigger(real, today)
    assert late is None or (late == arrange_by(real) and today > late)


@given(chosen=days, today_offset=st.integers(0, 120))
def test_a_queued_certificate_is_always_due_on_or_after_its_trigger(
    chosen: date, today_offset: int
) -> None:
    facts = MediationFacts(chosen_on=chosen, council_told_on=chosen)
    today = chosen + timedelta(days=today_offset)
    entry = queue_entry(facts, today, has_certificate=False)
    triggers = certificate_triggers(facts, today)
    if entry is not None and entry.attention is Attention.DAY_30_PASSED:
        assert entry.by == certificate_due(triggers[CertificateRoute.NOT_ARRANGED])
    assert (entry is not None and entry.attention is Attention.DAY_30_PASSED) == bool(triggers)
