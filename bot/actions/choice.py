"""The choice after MIAS: mediation, or decline and appeal; then a summary with every date."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions._common import Events, conversation, kind_on_error, settings, slot_date
from bot.services.choice import outcome_of, record_choice
from bot.services.dates import date_in_words


class ActionRecordChoice(Action):
    def name(self) -> str:
        return "action_record_choice"

    @kind_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Events:
        decision_date = slot_date(tracker, "decision_date")
        choice = tracker.get_slot("mediation_choice")
        if decision_date is None or choice is None:
            dispatcher.utter_message(response="utter_nothing_to_resume")
            return []
        outcome = outcome_of(choice, tracker.get_slot("decision_type"), decision_date, settings().today())
        record_choice(settings().database_url, conversation(tracker), outcome)
        words = {
            "today_words": date_in_words(outcome.today),
            "appeal_deadline_words": date_in_words(outcome.appeal_deadline),
            "appeal_2m_words": date_in_words(outcome.appeal_deadline),
            "tribunal_form": outcome.tribunal_form,
        }
        if outcome.certificate_due:
            words["certificate_due_words"] = date_in_words(outcome.certificate_due)
        if outcome.mediation_by:
            words["mediation_by_words"] = date_in_words(outcome.mediation_by)
        dispatcher.utter_message(response=f"utter_summary_{choice}", **words)
        return []
