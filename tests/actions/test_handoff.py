from datetime import date, datetime, timezone

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import handoff
from bot.actions.conversation import ActionHandleMisunderstanding, ActionResumeConversation
from bot.actions.handoff import ActionRequestHandoff, ActionSessionStart
from bot.services.cases import Conversation, load_case, record_facts
from tests.helpers.trackers import make_tracker, responses, slot_values

pytestmark = pytest.mark.usefixtures("action_env")
WEDNESDAY_11AM = datetime(2026, 11, 25, 11, 0, tzinfo=timezone.utc)
FRIDAY_6PM = datetime(2026, 11, 27, 18, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def office_hours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(handoff, "now", lambda: WEDNESDAY_11AM)


async def test_asking_for_a_person_pauses_the_form_and_is_recorded(domain, action_env) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        {"requested_slot": "mias_scope"}, intent="request_human", active_loop="steps_form"
    )
    events = await ActionRequestHandoff().run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_handoff_requested"]
    assert {"event": "active_loop", "name": None} in [
        {"event": e["event"], "name": e.get("name")} for e in events
    ]
    case = load_case(action_env, "test-conversation")
    assert case is not None and case.handoffs == (("user_request", False, "waiting"),)


async def test_a_safeguarding_disclosure_gets_the_numbers_and_is_urgent(domain, action_env) -> None:
    dispatcher = CollectingDispatcher()
    await ActionRequestHandoff().run(
        dispatcher, make_tracker(intent="safeguarding_concern"), domain
    )
    assert responses(dispatcher) == ["utter_safeguarding"]
    case = load_case(action_env, "test-conversation")
    assert case is not None and case.handoffs == (("safeguarding", True, "waiting"),)


def _fallback_turn() -> list[dict]:
    parse = {"intent": {"name": "nlu_fallback"}}
    return [
        {"event": "user", "text": "asdf", "parse_data": parse},
        {"event": "bot", "text": "Sorry"},
    ]


async def test_the_first_misunderstanding_asks_to_rephrase_the_second_offers_a_person(
    domain,
) -> None:
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
        CollectingDispatcher(),
        make_tracker({"route": "mias", "mias_mediation": "acknowledged"}),
        domain,
    )
    assert slot_values(events) == {"next_step": "steps"}


async def test_out_of_hours_the_person_is_told_when_someone_will_reply(domain, monkeypatch) -> None:
    monkeypatch.setattr(handoff, "now", lambda: FRIDAY_6PM)
    dispatcher = CollectingDispatcher()
    await ActionRequestHandoff().run(dispatcher, make_tracker(intent="request_human"), domain)
    assert responses(dispatcher) == ["utter_handoff_out_of_hours"]
    assert dispatcher.messages[0]["reply_words"].startswith("Monday 30 November 2026")


async def test_a_reply_after_the_deadline_says_so_and_what_to_do_now(
    domain, action_env, monkeypatch
) -> None:
    monkeypatch.setattr(handoff, "now", lambda: FRIDAY_6PM)
    record_facts(
        action_env,
        Conversation("test-conversation", "rest"),
        mias_contact_deadline=date(2026, 11, 28),
    )
    dispatcher = CollectingDispatcher()
    await ActionRequestHandoff().run(dispatcher, make_tracker(intent="request_human"), domain)
    assert responses(dispatcher) == ["utter_handoff_too_late"]
    assert "28 November 2026" in dispatcher.messages[0]["deadline_words"]


async def test_a_new_session_keeps_what_was_said_and_is_not_paused_without_a_caseworker(
    domain,
) -> None:
    events = await ActionSessionStart().run(
        CollectingDispatcher(), make_tracker({"route": "mias"}), domain
    )
    kinds = [e["event"] for e in events]
    assert kinds[0] == "session_started" and kinds[-1] == "action" and "pause" not in kinds
    assert {"event": "slot", "timestamp": None, "name": "route", "value": "mias"} in events


async def test_every_session_names_the_provider_from_the_settings(
    domain, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first session too: Rasa runs action_session_start before a conversation's first
    message, so every response can say {provider_name}, {provider_phone} and {provider_email}."""
    monkeypatch.setenv("PROVIDER_PHONE", "0100 000 000")
    handoff.settings.cache_clear()
    stale = make_tracker({"provider_phone": "03330 062 835", "route": "mias"})
    events = await ActionSessionStart().run(CollectingDispatcher(), stale, domain)
    provider = [(e["name"], e["value"]) for e in events if e.get("name", "").startswith("provider")]
    assert provider == [
        ("provider_name", "KIDS"),
        ("provider_phone", "0100 000 000"),
        ("provider_email", "senmediation@kids.org.uk"),
    ]
    for name, _ in provider:
        assert domain["slots"][name]["influence_conversation"] is False
