import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.steps import ValidateStepsForm
from bot.services.cases import load_case
from tests.helpers.trackers import make_tracker, responses, slot_values

pytestmark = pytest.mark.usefixtures("action_env")


def step_answered(text: str, intent: str = "inform") -> object:
    return make_tracker(
        {"requested_slot": "mias_mediation"},
        just_set={"mias_mediation": text},
        text=text,
        intent=intent,
        active_loop="steps_form",
    )


@pytest.mark.parametrize("said", ["got it", "ok thanks", "next", "yes that makes sense", "/affirm"])
async def test_an_acknowledged_step_is_stored_with_its_time(domain, action_env, said) -> None:
    events = await ValidateStepsForm().run(
        CollectingDispatcher(), step_answered(said, "affirm"), domain
    )
    assert slot_values(events)["mias_mediation"] == "acknowledged"
    case = load_case(action_env, "test-conversation")
    assert case is not None and case.steps == ("mias_mediation",)


async def test_not_understanding_a_step_gets_help_and_the_same_step(domain, action_env) -> None:
    dispatcher = CollectingDispatcher()
    events = await ValidateStepsForm().run(dispatcher, step_answered("i dont get it"), domain)
    assert responses(dispatcher) == ["utter_steps_help"]
    assert slot_values(events)["mias_mediation"] is None
    assert load_case(action_env, "test-conversation") is None
