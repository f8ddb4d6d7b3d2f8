"""Handing a conversation to a caseworker, with the reason it was raised."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions._common import Events, conversation, kind_on_error, settings
from bot.services.cases import request_handoff
from bot.services.handoff import handoff_reason


def offered_after_misunderstanding(tracker: Tracker) -> bool:
    """True when the person is answering our 'would you like a person?' offer."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return event.get("metadata", {}).get("utter_action") == "utter_offer_person"
    return False


class ActionRequestHandoff(Action):
    """Marks the case for a caseworker and pauses any form; 'carry on' resumes it."""

    def name(self) -> str:
        return "action_request_handoff"

    @kind_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Events:
        reason = handoff_reason(
            latest_intent=tracker.latest_message.get("intent", {}).get("name"),
            route=tracker.get_slot("route"),
            after_misunderstanding=offered_after_misunderstanding(tracker),
        )
        request_handoff(settings().database_url, conversation(tracker), reason.code, reason.urgent)
        dispatcher.utter_message(
            response="utter_safeguarding" if reason.urgent else "utter_handoff_requested"
        )
        if tracker.active_loop_name:
            return [ActiveLoop(None), SlotSet("requested_slot", None)]
        return []
