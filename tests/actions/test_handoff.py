import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.conversation import ActionHandleMisunderstanding, ActionResumeConversation
from bot.actions.handoff import ActionRequestHandoff
from bot.services.cases import load_case
from tests.actions.conftest import make_tracker, responses, slot_values

pytestmark = pytest.mark.usefixtures("action_env")


async def test_asking_for_a_person_pauses_the_form_and_is_recorded(domain, action_env) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker({"requested_slot": "mias_scope"}, intent="request_human", active_loop="mias_form")
    events = await ActionRequestHandoff().run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_handoff_requested"]
    assert {"event": "active_loop", "name": None} in [
        {"event": e["event"], "name": e.get("name")} for e in events
    ]
    case = load_case(action_env, "test-conversation")
    assert case is not None and case.handoffs == (("user_request", False, "waiting"),)


async def test_a_safeguarding_disclosure_gets_the_numbers_and_is_urgent(domain, action_env) -> None:
    dispatcher = CollectingDispatcher()
    await ActionRequestHandoff().run(dispatcher, make_tracker(intent="safeguarding_concern"), domain)
    assert responses(dispatcher) == ["utter_safeguarding"]
    case = load_case(action_env, "test-conversation")
    assert case is not None and case.handoffs == (("safeguarding", True, "waiting"),)


def _fallback_turn() -> list[dict]:
    parse = {"intent": {"name": "nlu_fallback"}}
    return [{"event": "user", "text": "asdf", "parse_data": parse}, {"event": "bot", "text": "Sorry"}]


async def test_the_first_misunderstanding_asks_to_rephrase_the_second_offers_a_person(domain) -> None:
    first = CollectingDispatcher()
    await ActionHandleMisunderstanding().run(first, make_tracker(intent="nlu_fallback"), domain)
    second = CollectingDispatcher()
    tracker = make_tracker(intent="nlu_fallback", events=_fallback_turn())
    tracker.events[-1]["parse_data"] = {"intent": {"name": "nlu_fallback"}}
    await ActionHandleMisunderstanding().run(second, tracker, domain)
    assert responses(first) == ["utter_rephrase"]
    assert responses(second) == ["utter_offer_person"]


async def test_carry_on_picks_up_the_next_unfinished_stage(domain) -> None:
    events = await ActionResumeConversation().run(
        CollectingDispatcher(), make_tracker({"route": "mias", "mias_mediation": "acknowledged"}), domain
    )
    assert slot_values(events) == {"next_step": "mias"}
