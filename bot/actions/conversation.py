"""Keeping the conversation on its feet: misunderstandings, and carrying on where we were."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.kind_errors import Events, kind_on_error
from bot.mias.stages import MISUNDERSTANDINGS_BEFORE_OFFER, next_step


def misunderstandings_in_a_row(tracker: Tracker) -> int:
    """How many of the person's latest messages in a row the assistant could not understand."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        if event.get("parse_data", {}).get("intent", {}).get("name") != "nlu_fallback":
            break
        count += 1
    return count


class ActionHandleMisunderstanding(Action):
    def name(self) -> str:
        return "action_handle_misunderstanding"

    @kind_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Events:
        if misunderstandings_in_a_row(tracker) >= MISUNDERSTANDINGS_BEFORE_OFFER:
            dispatcher.utter_message(response="utter_offer_person")
        else:
            dispatcher.utter_message(response="utter_rephrase")
        return []


class ActionResumeConversation(Action):
    """Starts the intake, or picks up the stage the person had reached (rules run its form)."""

    def name(self) -> str:
        return "action_resume_conversation"

    @kind_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Events:
        step = next_step(
            route=tracker.get_slot("route"),
            slots=tracker.current_slot_values(),
            forms=domain.get("forms", {}),
        )
        if step == "done":
            dispatcher.utter_message(response="utter_nothing_to_resume")
        return [SlotSet("next_step", step)]
