"""'Delete my data' in the chat: ask first, then have it deleted right after this turn.

The action records the request and tells the person what goes and what stays; the console erases
the conversation as soon as Rasa has saved this turn (bot.services.privacy.request_erasure says
why it is not erased during the turn).
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.context import settings
from bot.actions.kind_errors import Events, kind_on_error
from bot.services.privacy import request_erasure


class ActionConfirmErasure(Action):
    """Says what deleting means and asks to be sure; any form is paused until the answer."""

    def name(self) -> str:
        return "action_confirm_erasure"

    @kind_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Events:
        dispatcher.utter_message(response="utter_confirm_erasure")
        if tracker.active_loop_name:
            return [ActiveLoop(None), SlotSet("requested_slot", None)]
        return []


class ActionEraseConversation(Action):
    """The person said yes: record the request (stored before the reply) and say what happens."""

    def name(self) -> str:
        return "action_erase_conversation"

    @kind_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Events:
        request_erasure(settings().database_url, tracker.sender_id, source="chat")
        dispatcher.utter_message(response="utter_erasure_started")
        return []
