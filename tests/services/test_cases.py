from datetime import date

import pytest

from bot.services.cases import (
    Conversation,
    load_case,
    record_facts,
    record_mias_step,
    request_handoff,
)

WHO = Conversation("conv-1", "rest")


def test_facts_are_stored_and_read_back(database_url: str) -> None:
    record_facts(database_url, WHO, role="parent", decision_date=date(2026, 11, 2))
    record_facts(database_url, WHO, decision_type="refuse_plan")
    case = load_case(database_url, "conv-1")
    assert case is not None
    assert case.facts["role"] == "parent"
    assert case.facts["decision_date"] == date(2026, 11, 2)
    assert case.facts["decision_type"] == "refuse_plan"


def test_an_unknown_fact_is_refused(database_url: str) -> None:
    with pytest.raises(ValueError):
        record_facts(database_url, WHO, favourite_colour="blue")


def test_a_step_is_recorded_once_with_its_time(database_url: str) -> None:
    record_mias_step(database_url, WHO, "mias_mediation")
    record_mias_step(database_url, WHO, "mias_mediation")
    record_mias_step(database_url, WHO, "mias_compare")
    case = load_case(database_url, "conv-1")
    assert case is not None and case.steps == ("mias_mediation", "mias_compare")


def test_a_waiting_handoff_is_not_raised_twice_but_becomes_urgent(database_url: str) -> None:
    first = request_handoff(database_url, WHO, "user_request", urgent=False)
    second = request_handoff(database_url, WHO, "safeguarding", urgent=True)
    assert first == second
    case = load_case(database_url, "conv-1")
    assert case is not None and case.handoffs == (("safeguarding", True, "waiting"),)
