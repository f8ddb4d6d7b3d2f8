import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.steps import ValidateStepsForm
from bot.services.cases import load_case
from tests.helpers.trackers import make_tracker, slot_values

pytestmark = pytest.mark.usefixtures("action_env")


async def test_an_acknowledged_step_is_stored_with_its_time(domain, action_env) -> None:
    tracker = make_tracker(
        {}, just_set={"mias_mediation": "acknowledged"}, intent="affirm", active_loop="steps_form"
    )
    events = await ValidateStepsForm().run(CollectingDispatcher(), tracker, domain)
    assert slot_values(events)["mias_mediation"] == "acknowledged"
    case = load_case(action_env, "test-conversation")
    assert case is not None and case.steps == ("mias_mediation",)
