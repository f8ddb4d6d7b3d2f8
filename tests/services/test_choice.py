from datetime import date

import pytest

from bot.mias.choice import outcome_of
from bot.mias.reading.interruptions import is_real_question
from bot.services.cases import Conversation, load_case
from bot.services.choice import record_choice


def test_declining_gives_the_certificate_due_date_and_the_deadline_from_today() -> None:
    # domain.md case 12: letter Mon 30 Nov 2026, MIAS Wed 16 Dec 2026
    outcome = outcome_of("decline", "refuse_plan", date(2026, 11, 30), date(2026, 12, 16))
    assert outcome.certificate_due == date(2026, 12, 21)
    assert outcome.appeal_deadline == date(2027, 2, 1)
    assert outcome.tribunal_form == "SEND35"


def test_mediating_gives_the_30_day_date_and_the_two_month_deadline() -> None:
    outcome = outcome_of("mediate", "refuse_assessment", date(2026, 3, 2), date(2026, 3, 10))
    assert outcome.mediation_by == date(2026, 4, 9)
    assert outcome.appeal_deadline == date(2026, 5, 5)
    assert outcome.tribunal_form == "SEND35a"


def test_something_else_has_no_appeal_route() -> None:
    with pytest.raises(ValueError):
        outcome_of("decline", "other", date(2026, 3, 2), date(2026, 3, 10))


def test_the_reg_33_record_is_stored(database_url: str) -> None:
    who = Conversation("c", "rest")
    record_choice(
        database_url,
        who,
        outcome_of("decline", "refuse_plan", date(2026, 11, 2), date(2026, 11, 25)),
    )
    case = load_case(database_url, "c")
    assert case is not None
    assert case.facts["choice"] == "decline"
    assert case.facts["wishes_to_appeal"] is True and case.facts["wants_mediation"] is False
    assert case.facts["choice_recorded_at"] is not None


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("is mediation free?", True),
        ("how long does it take", True),
        ("Who goes", True),
        ("Priyanka Oyelaran-Whitfield", False),
        ("Sam O'Neill-Jones", False),
        ("", False),
    ],
)
def test_a_question_is_told_from_a_name(text: str, question: bool) -> None:
    assert is_real_question(text) is question
