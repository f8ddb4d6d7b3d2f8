"""Which intake questions are asked, one at a time, given the answers so far (bot/mias/intake.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.mias.intake import Asked, questions
from bot.mias.rights import Holder
from bot.mias.routes import Agreement, Facts

START = ["privacy_consent", "role", "age"]
END = ["decision_type", "decision_date", "decision_date_confirmed", "local_authority"]
PARENT_OF_CHILD = Facts(consent=True, speaker="parent", holder=Holder.PARENT)


def test_a_parent_of_a_child_is_asked_the_age_but_not_for_agreement() -> None:
    assert questions(PARENT_OF_CHILD, Asked()) == START + END


def test_everyone_is_asked_the_age_young_people_too() -> None:
    young = Facts(consent=True, speaker="young_person", holder=Holder.YOUNG_PERSON)
    assert questions(young, Asked()) == START + END


def test_sixteen_asks_the_school_year_and_keeps_it_once_answered() -> None:
    sixteen = replace(PARENT_OF_CHILD, holder=Holder.NEEDS_SCHOOL_YEAR)
    assert questions(sixteen, Asked()) == [*START, "school_year", *END]
    assert questions(PARENT_OF_CHILD, Asked(school_year_answered=True)) == [
        *START,
        "school_year",
        *END,
    ]


def test_someone_helping_a_young_person_is_asked_whether_they_agree() -> None:
    helping = replace(PARENT_OF_CHILD, holder=Holder.YOUNG_PERSON)
    assert questions(helping, Asked()) == [*START, "agreement", *END]
    agreed = replace(helping, agreement=Agreement.AGREES)
    assert "agreement" in questions(agreed, Asked())


def test_two_close_readings_of_the_decision_are_asked_about_first() -> None:
    assert questions(PARENT_OF_CHILD, Asked(decision_candidates=True)) == [
        *START,
        "decision_between",
        *END,
    ]


def test_only_plan_contents_asks_whether_it_is_only_the_school() -> None:
    contents = replace(PARENT_OF_CHILD, decision="plan_contents")
    assert questions(contents, Asked()) == [*START, "decision_type", "school_only", *END[1:]]
    for other in ["refuse_plan", "school_only", "other"]:
        assert "school_only" not in questions(replace(PARENT_OF_CHILD, decision=other), Asked())


def test_a_council_from_a_postcode_is_confirmed() -> None:
    assert questions(PARENT_OF_CHILD, Asked(council_from_postcode=True))[-1] == "council_confirmed"


def test_the_facts_the_route_needs_are_the_questions_asked() -> None:
    ready = replace(
        PARENT_OF_CHILD,
        decision="refuse_plan",
        decision_date=date(2026, 11, 2),
        date_confirmed=True,
    )
    assert ready.answered_before_council
