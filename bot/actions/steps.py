"""The MIAS information steps: each reply is read, and each acknowledgement stored with its time.

Every step takes the whole reply (slot mappings `from_text`). "Got it", "ok thanks", "next" or a
yes acknowledges it; a real question is answered and the same step is given again; a "no" or
"I don't get it" is met with help and the same step again; anything else gets a kind "sorry".
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.answers import Reply, answered_a_question, not_read, read
from bot.actions.context import conversation, settings
from bot.actions.kind_errors import Events, KindFormValidationAction
from bot.mias.reading.steps import read_acknowledgement
from bot.services.cases import record_mias_step

ACKNOWLEDGED = "acknowledged"
STEP_PREFIX = "mias_"


class ValidateStepsForm(KindFormValidationAction):
    """Reads the reply to the step just given; records it, before the next step is sent."""

    def name(self) -> str:
        return "validate_steps_form"

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Events:
        asked = tracker.get_slot("requested_slot")
        events: Events = []
        for step in tracker.slots_to_validate():
            if step == asked and step.startswith(STEP_PREFIX):
                values = self._read_step(step, dispatcher, tracker)
                events += [SlotSet(name, value) for name, value in values.items()]
        return events

    def _read_step(
        self, step: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        reply = Reply.of(tracker)
        if reply.button_intent == "affirm":
            return self._acknowledged(step, tracker)
        if answered_a_question(reply, dispatcher):
            return {step: None}
        understood = read_acknowledgement(reply.text)
        if understood is None:
            return not_read(step, "utter_steps_not_understood", reply, dispatcher, tracker)
        if not understood:
            dispatcher.utter_message(response="utter_steps_help")
            return {step: None}
        return self._acknowledged(step, tracker)

    def _acknowledged(self, step: str, tracker: Tracker) -> dict[str, Any]:
        record_mias_step(settings().database_url, conversation(tracker), step)
        return read(step, ACKNOWLEDGED)
