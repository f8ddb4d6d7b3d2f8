from dataclasses import replace
from datetime import date

import pytest

from bot.mias.intake import IntakeFacts, age_group_from_text, decided_route, questions

TODAY = date(2026, 11, 25)
READY = IntakeFacts(
    privacy_consent=True,
    role="parent",
    age_group="under_16",
    decision_type="refuse_plan",
    decision_date=date(2026, 11, 2),
    decision_date_confirmed=True,
)


def test_a_parent_of_a_child_is_asked_the_age_but_not_for_agreement() -> None:
    asked = questions(IntakeFacts(role="parent", age_group="under_16"))
    assert "age_group" in asked and "young_person_agrees" not in asked


def test_a_parent_of_a_young_person_is_asked_whether_they_agree() -> None:
    assert "young_person_agrees" in questions(IntakeFacts(role="parent", age_group="16_to_25"))


def test_a_young_person_is_not_asked_their_own_age_group_or_agreement() -> None:
    asked = questions(IntakeFacts(role="young_person"))
    assert "age_group" not in asked and "young_person_agrees" not in asked


def test_only_plan_contents_asks_whether_it_is_only_the_school() -> None:
    assert "school_only" in questions(IntakeFacts(decision_type="plan_contents"))
    assert "school_only" not in questions(IntakeFacts(decision_type="cease_plan"))


@pytest.mark.parametrize(
    ("facts", "route"),
    [
        (IntakeFacts(privacy_consent=False), "no_consent"),
        (IntakeFacts(privacy_consent=True, role="parent", age_group="25_or_over"), "over_25"),
        (IntakeFacts(privacy_consent=True, young_person_agrees=False), "young_person_declined"),
        (IntakeFacts(privacy_consent=True, decision_type="other"), "not_appealable"),
        (replace(READY, decision_date=date(2026, 9, 24)), "late"),
        (replace(READY, decision_type="plan_contents", school_only=True), "school_only"),
        (replace(READY, council_coverage="covered"), "mias"),
        (replace(READY, council_coverage="covered_county_district"), "mias"),
        (replace(READY, council_coverage="not_covered"), "not_covered"),
        (replace(READY, council_coverage="not_england"), "not_england"),
        (READY, None),
    ],
)
def test_the_route_is_decided_as_soon_as_the_answers_settle_it(
    facts: IntakeFacts, route: str | None
) -> None:
    assert decided_route(facts, TODAY) == route


@pytest.mark.parametrize(
    "raw",
    [
        {"age_group": '/inform{"role": "parent"}'},  # the "Parent" button pressed again
        {"age_group": "he is twelve"},
        {"role": "grandad"},
        {"decision_type": "they said no"},
    ],
)
def test_an_answer_not_yet_checked_settles_nothing_and_breaks_nothing(raw: dict[str, str]) -> None:
    """The form asks for the route before it validates the latest answer, so raw text can be there."""
    assert decided_route(replace(READY, **raw), TODAY) is None


@pytest.mark.parametrize(
    "unanswered",
    [
        {"decision_type": None},
        {"decision_type": "wo"},  # a bit of "won't" the model took for the decision
        {"decision_date": None, "decision_date_confirmed": None},
        {"decision_date_confirmed": None},
        {"decision_type": "plan_contents", "school_only": None},
        {"age_group": "16_to_25", "young_person_agrees": None},
        {"role": None},
    ],
)
def test_a_covered_council_named_early_does_not_end_the_questions(
    unanswered: dict[str, object],
) -> None:
    """Found talking to the bot: "we're in Birmingham" at the decision question went straight to
    the MIAS steps, with no decision and no date."""
    assert decided_route(replace(READY, council_coverage="covered", **unanswered), TODAY) is None


def test_the_last_day_of_the_window_is_still_in_time() -> None:
    on_the_day = replace(READY, decision_date=date(2026, 9, 25), council_coverage="covered")
    assert decided_route(on_the_day, TODAY) == "mias"


def test_a_late_school_only_appeal_goes_to_a_person_not_to_no_certificate() -> None:
    late = replace(
        READY, decision_type="plan_contents", school_only=True, decision_date=date(2026, 1, 5)
    )
    assert decided_route(late, TODAY) == "late"


@pytest.mark.parametrize(
    ("said", "group"),
    [
        ("he's 17", "16_to_25"),
        ("14", "under_16"),
        ("she is 25 now", "25_or_over"),
        ("not sure", None),
    ],
)
def test_ages_typed_as_words_and_numbers(said: str, group: str | None) -> None:
    assert age_group_from_text(said) == group
