"""The offer of reminders and its form, on real Trackers, SQLite and a Twilio stand-in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import context
from bot.actions.reminders import (
    ActionAskRemindersFormRemindersWanted,
    ActionFinishReminders,
    ActionOfferReminders,
    ValidateRemindersForm,
)
from bot.mias.sms_text import Part
from bot.services.cases import Conversation, record_facts
from bot.services.reminders import confirmed_mobile
from bot.services.sms import Turn, conversation_id_for, remember_sender, save_turn
from tests.helpers.trackers import make_tracker, responses, slot_values
from tests.helpers.twilio_standin import TwilioStandIn, twilio_standin

pytestmark = pytest.mark.usefixtures("action_env")
APPEAL_BY = date(2027, 1, 12)
NUMBER = "+447400123456"
FORM = "reminders_form"


@pytest.fixture
def twilio(monkeypatch: pytest.MonkeyPatch) -> Iterator[TwilioStandIn]:
    with twilio_standin() as standin:
        monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC" + "0" * 32)
        monkeypatch.setenv("TWILIO_AUTH_TOKEN", "stand-in-token")
        monkeypatch.setenv("TWILIO_FROM_NUMBER", "+447400000001")
        monkeypatch.setenv("TWILIO_API_URL", standin.url)
        context.settings.cache_clear()
        yield standin
        context.settings.cache_clear()


def a_family_that_chose(database_url: str, conversation_id: str, channel: str = "rest") -> None:
    record_facts(
        database_url,
        Conversation(conversation_id, channel),
        decision_date=date(2026, 11, 12),
        local_authority_name="Birmingham City Council",
        choice="decline",
        appeal_deadline=APPEAL_BY,
    )


def on_sms(tracker: Tracker) -> Tracker:
    for event in tracker.events:
        if event.get("event") == "user":
            event["input_channel"] = "sms"
    return tracker


def answer(slot: str, text: str, slots: dict[str, Any] | None = None, **kwargs: Any) -> Tracker:
    """The person's reply to the form's question for `slot` (mapped from the text)."""
    return make_tracker(
        {"reminders_offer": "appeal", **(slots or {}), "requested_slot": slot},
        just_set={slot: text},
        text=text,
        active_loop=FORM,
        **kwargs,
    )


async def validate(tracker: Tracker, domain: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = await ValidateRemindersForm().run(dispatcher, tracker, domain)
    return responses(dispatcher), slot_values(events)


async def test_the_offer_names_the_deadline(action_env: str, domain: dict[str, Any]) -> None:
    a_family_that_chose(action_env, "test-conversation")
    dispatcher = CollectingDispatcher()
    events = await ActionOfferReminders().run(dispatcher, make_tracker(), domain)
    assert slot_values(events) == {
        "requested_slot": None,
        "reminders_offer": "appeal",
        "reminders_deadline_words": "Tuesday 12 January 2027",
    }
    assert dispatcher.messages == []
    tracker = make_tracker(slot_values(events), active_loop=FORM)
    await ActionAskRemindersFormRemindersWanted().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_reminders_offer_appeal"
    assert dispatcher.messages[0]["deadline_words"] == "Tuesday 12 January 2027"


async def test_nothing_to_offer_is_silent_unless_asked(domain: dict[str, Any]) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionOfferReminders().run(dispatcher, make_tracker(), domain)
    assert slot_values(events) == {"reminders_offer": "nothing", "requested_slot": None}
    assert dispatcher.messages == []
    asked = make_tracker(intent="request_reminders", text="text me reminders")
    await ActionOfferReminders().run(dispatcher, asked, domain)
    assert responses(dispatcher) == ["utter_reminders_nothing_to_remind"]


@pytest.mark.parametrize(("text", "wanted"), [("yes please", True), ("/affirm", True)])
async def test_yes_on_the_web_asks_for_the_number_then_the_code(
    text: str, wanted: bool, domain: dict[str, Any]
) -> None:
    intent = "affirm" if text.startswith("/") else "inform"
    said, slots = await validate(answer("reminders_wanted", text, intent=intent), domain)
    assert said == [] and slots["reminders_wanted"] is wanted
    form = ValidateRemindersForm()
    asked = await form.required_slots([], CollectingDispatcher(), make_tracker(slots), domain)
    assert asked == ["reminders_wanted", "reminders_mobile", "reminders_code"]


async def test_no_is_remembered_and_said_kindly(action_env: str, domain: dict[str, Any]) -> None:
    a_family_that_chose(action_env, "test-conversation")
    said, slots = await validate(answer("reminders_wanted", "no thanks"), domain)
    assert said == [] and slots["reminders_wanted"] is False
    dispatcher = CollectingDispatcher()
    await ActionFinishReminders().run(dispatcher, make_tracker(slots), domain)
    assert responses(dispatcher) == ["utter_reminders_declined"]
    offered = await ActionOfferReminders().run(CollectingDispatcher(), make_tracker(), domain)
    assert slot_values(offered) == {"reminders_offer": "nothing", "requested_slot": None}


async def test_an_unclear_answer_is_asked_again(domain: dict[str, Any]) -> None:
    said, slots = await validate(answer("reminders_wanted", "what do you mean"), domain)
    assert said == ["utter_reminders_not_yes_no"] and slots["reminders_wanted"] is None


async def test_the_whole_web_consent(
    action_env: str, twilio: TwilioStandIn, domain: dict[str, Any]
) -> None:
    a_family_that_chose(action_env, "test-conversation")
    wanted = {"reminders_wanted": True}
    said, slots = await validate(answer("reminders_mobile", "it's 0740012345", wanted), domain)
    assert said == ["utter_reminders_mobile_not_understood"] and twilio.texts == []
    said, slots = await validate(answer("reminders_mobile", "07400 123456", wanted), domain)
    assert said == [] and slots["reminders_mobile"] == "+44*******456"
    (text,) = twilio.texts_to(NUMBER)
    code = re.search(r"\b\d{6}\b", text.body)
    assert code is not None
    given = {**wanted, **slots}
    said, slots = await validate(answer("reminders_code", "send it again", given), domain)
    assert said == ["utter_reminders_new_code"] and len(twilio.texts) == 2
    code = re.search(r"\b\d{6}\b", twilio.texts[-1].body)
    assert code is not None
    wrong = f"{(int(code.group(0)) + 1) % 10**6:06d}"
    said, slots = await validate(answer("reminders_code", wrong, given), domain)
    assert said == ["utter_reminders_code_wrong"] and slots["reminders_code"] is None
    said, slots = await validate(answer("reminders_code", code.group(0), given), domain)
    assert slots["reminders_code"] == "confirmed"
    assert confirmed_mobile(action_env, "test-conversation") == NUMBER
    dispatcher = CollectingDispatcher()
    events = await ActionFinishReminders().run(dispatcher, make_tracker({**given, **slots}), domain)
    assert dispatcher.messages[0]["response"] == "utter_reminders_set"
    assert dispatcher.messages[0]["deadline_words"] == "Tuesday 12 January 2027"
    assert set(slot_values(events).values()) == {None}


async def test_a_number_that_cannot_be_texted_ends_the_form(
    action_env: str, twilio: TwilioStandIn, domain: dict[str, Any]
) -> None:
    twilio.fail_next(400, 21211)
    tracker = answer("reminders_mobile", "07400 123456", {"reminders_wanted": True})
    said, slots = await validate(tracker, domain)
    assert said == ["utter_reminders_not_sent"]
    assert slots["reminders_wanted"] == "not_set_up"
    form = ValidateRemindersForm()
    asked = await form.required_slots([], CollectingDispatcher(), make_tracker(slots), domain)
    assert asked == ["reminders_wanted"]
    dispatcher = CollectingDispatcher()
    await ActionFinishReminders().run(dispatcher, make_tracker(slots), domain)
    assert dispatcher.messages == []  # the reason was said already


async def test_yes_by_text_is_all_it_takes(action_env: str, domain: dict[str, Any]) -> None:
    sender = conversation_id_for(NUMBER, context.settings().sms_id_key)
    remember_sender(action_env, sender, NUMBER)
    a_family_that_chose(action_env, sender, channel="sms")
    tracker = on_sms(answer("reminders_wanted", "YES", sender_id=sender))
    said, slots = await validate(tracker, domain)
    assert said == [] and slots["reminders_wanted"] is True
    form = ValidateRemindersForm()
    asked = await form.required_slots(
        [], CollectingDispatcher(), on_sms(make_tracker(slots)), domain
    )
    assert asked == ["reminders_wanted"]
    assert confirmed_mobile(action_env, sender) == NUMBER


async def test_a_yes_to_an_offer_not_yet_read_by_text_is_not_taken(
    action_env: str, domain: dict[str, Any]
) -> None:
    """The offer is in the part of a long answer waiting for MORE: it is asked again instead."""
    sender = conversation_id_for(NUMBER, context.settings().sms_id_key)
    remember_sender(action_env, sender, NUMBER)
    a_family_that_chose(action_env, sender, channel="sms")
    turn = Turn((Part("the certificate..."), Part("Would you like a free text...?")))
    save_turn(action_env, sender, turn)
    tracker = on_sms(answer("reminders_wanted", "yes", sender_id=sender))
    said, slots = await validate(tracker, domain)
    assert said == [] and slots["reminders_wanted"] is None
    assert confirmed_mobile(action_env, sender) is None


async def test_asking_for_reminders_at_the_offer_is_a_yes(domain: dict[str, Any]) -> None:
    tracker = answer("reminders_wanted", "text me reminders", intent="request_reminders")
    said, slots = await validate(tracker, domain)
    assert said == [] and slots["reminders_wanted"] is True


async def test_resuming_the_form_keeps_the_yes_given(domain) -> None:
    """A "no" to something else (keeping their data) is not a no to reminders already agreed."""
    tracker = make_tracker(
        {"reminders_offer": "appeal", "requested_slot": "reminders_mobile"},
        just_set={"reminders_wanted": True},
        text="no keep it",
        intent="deny",
        active_loop=FORM,
    )
    said, slots = await validate(tracker, domain)
    assert said == [] and slots["reminders_wanted"] is True
