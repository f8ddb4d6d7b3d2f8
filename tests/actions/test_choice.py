from datetime import date

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.choice import ActionRecordChoice
from bot.services.cases import load_case
from tests.actions.conftest import make_tracker

pytestmark = pytest.mark.usefixtures("action_env")
CASE = {"decision_type": "refuse_plan", "decision_date": "2026-11-12", "local_authority": "Birmingham"}


async def test_declining_records_the_choice_and_gives_every_date_in_words(domain, action_env) -> None:
    dispatcher = CollectingDispatcher()
    await ActionRecordChoice().run(dispatcher, make_tracker({**CASE, "mediation_choice": "decline"}), domain)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_summary_decline"
    assert message["today_words"] == "Wednesday 25 November 2026"
    assert message["certificate_due_words"] == "Monday 30 November 2026"
    assert message["appeal_deadline_words"] == "Tuesday 12 January 2027"
    case = load_case(action_env, "test-conversation")
    assert case is not None
    assert case.facts["choice"] == "decline" and case.facts["appeal_deadline"] == date(2027, 1, 12)


async def test_mediating_gives_the_date_the_council_must_arrange_it_by(domain) -> None:
    dispatcher = CollectingDispatcher()
    await ActionRecordChoice().run(dispatcher, make_tracker({**CASE, "mediation_choice": "mediate"}), domain)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_summary_mediate"
    assert message["mediation_by_words"] == "Friday 25 December 2026"
