"""The choice after MIAS: mediation, or decline and appeal; then the summary and the certificate."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.context import conversation, settings, slot_date
from bot.actions.kind_errors import Events, KindFormValidationAction, kind_on_error
from bot.mias.calendar import date_in_words
from bot.mias.choice import ChoiceOutcome, names_needed, outcome_of, person_name, reads_as_question
from bot.services.certificates import CertificateConfig, CertificateOutcome, ready_message_values
from bot.services.choice import certificate_on_decline, record_choice


class ValidateChoiceForm(KindFormValidationAction):
    """Asks for the names the certificate prints, only when the person declines mediation."""

    def name(self) -> str:
        return "validate_choice_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        choice = tracker.get_slot("mediation_choice")
        return ["mediation_choice", *names_needed(choice, tracker.get_slot("role"))]

    def _name(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        """The name as typed; a question asked instead is answered, then the name asked again."""
        answer = _faq_answer(tracker)
        if answer and reads_as_question(str(value)):
            dispatcher.utter_message(response=answer)
            return {slot: None}
        name = person_name(str(value))
        if name is None:
            dispatcher.utter_message(response="utter_name_not_understood")
        return {slot: name}

    def validate_applicant_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._name("applicant_name", value, dispatcher, tracker)

    def validate_child_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._name("child_name", value, dispatcher, tracker)


def _faq_answer(tracker: Tracker) -> str | None:
    """The FAQ response Rasa's response selector chose for the last message, if it read a question
    (the name slots take every message, so the form is not interrupted by a name read as one)."""
    latest = tracker.latest_message or {}
    if (latest.get("intent") or {}).get("name") != "faq":
        return None
    chosen = ((latest.get("response_selector") or {}).get("faq") or {}).get("response") or {}
    utter_action = chosen.get("utter_action")
    return str(utter_action) if utter_action else None


class ActionRecordChoice(Action):
    """Stores the reg 33 record, sums up the dates, and on a decline hands over the certificate."""

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
        today = settings().today()
        outcome = outcome_of(choice, tracker.get_slot("decision_type"), decision_date, today)
        who = conversation(tracker)
        record_choice(settings().database_url, who, outcome)
        words = summary_words(outcome)
        dispatcher.utter_message(response=f"utter_summary_{choice}", **words)
        if choice == "decline":
            certificate = certificate_on_decline(
                settings(),
                who,
                tracker.get_slot("applicant_name"),
                tracker.get_slot("child_name"),
                today,
            )
            hand_over(dispatcher, certificate, words)
        return []


def summary_words(outcome: ChoiceOutcome) -> dict[str, str]:
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
    return words


def hand_over(
    dispatcher: CollectingDispatcher, outcome: CertificateOutcome, words: dict[str, str]
) -> None:
    """The certificate's links when it is issued; otherwise when it will come, and from whom."""
    certificate = outcome.certificate
    if certificate is None:
        dispatcher.utter_message(response="utter_certificate_needs_caseworker", **words)
        return
    if certificate.status != "valid":
        dispatcher.utter_message(response="utter_certificate_in_review", **words)
        return
    config = CertificateConfig.from_settings(settings())
    values = ready_message_values(settings().database_url, certificate.number, config=config)
    dispatcher.utter_message(response="utter_certificate_ready", **values)
