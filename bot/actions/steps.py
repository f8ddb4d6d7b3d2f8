"""The MIAS information steps: each acknowledgement is stored with its time."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.context import conversation, settings
from bot.actions.kind_errors import Events, KindFormValidationAction, kind_on_error
from bot.services.cases import record_mias_step

ACKNOWLEDGED = "acknowledged"


class ValidateStepsForm(KindFormValidationAction):
    """Records every step the person has just acknowledged, before the next step is sent."""

    def name(self) -> str:
        return "validate_steps_form"

    @kind_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Events:
        for step, value in tracker.slots_to_validate().items():
            if step.startswith("mias_") and value == ACKNOWLEDGED:
                record_mias_step(settings().database_url, conversation(tracker), step)
        return await super().run(dispatcher, tracker, domain)
