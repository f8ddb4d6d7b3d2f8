"""The choice after MIAS: mediation, or decline and appeal; then the summary and the certificate."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.answers import Reply, answered_a_question, not_read, read
from bot.actions.context import conversation, settings, slot_date
from bot.actions.kind_errors import Events, KindFormValidationAction, kind_on_error
from bot.mias.calendar import date_in_words
from bot.mias.choice import ChoiceOutcome, names_needed, outcome_of, person_name, read_choice
from bot.services.certificates import CertificateConfig, CertificateOutcome, ready_message_values
from bot.services.choice import certificate_on_decline, record_choice, record_names

CHOICES = ("mediate", "decline")
CHOICE_BUTTONS = {"request_mediation": "mediate", "request_certificate": "decline"}


class ValidateChoiceForm(KindFormValidationAction):
    """Reads the choice, then the names a certificate prints (asked after either choice)."""

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
        needed = names_needed(
            choice if choice in CHOICES else None,
            tracker.get_slot("role"),
            tracker.get_slot("rights_holder"),
        )
        return ["mediation_choice", *needed]

    def validate_mediation_choice(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not self._asked(tracker, "mediation_choice"):
            return {"mediation_choice": value}  # given earlier; the form is being resumed
        reply = Reply.of(tracker)
        if reply.button_intent in CHOICE_BUTTONS:
            return read("mediation_choice", CHOICE_BUTTONS[reply.button_intent])
        if answered_a_question(reply, dispatcher):
            return {"mediation_choice": None}
        choice = read_choice(reply.text)
        if choice is None:
            return not_read(
                "mediation_choice", "utter_choice_not_understood", reply, dispatcher, tracker
            )
        return read("mediation_choice", choice)

    def _name(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        """The name as typed: a name is a name ("Grace Delete", "Will Smith"); only a real
        question is answered instead, and then the name is asked again."""
        if not self._asked(tracker, slot):
            return {slot: value}  # given earlier; the form is being resumed
        reply = Reply.of(tracker)
        if answered_a_question(reply, dispatcher):
            return {slot: None}
        name = person_name(reply.text)
        if name is None:
            return not_read(slot, "utter_name_not_understood", reply, dispatcher, tracker)
        return read(slot, name)

    def validate_applicant_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._name("applicant_name", value, dispatcher, tracker)

    def validate_child_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._name("child_name", value, dispatcher, tracker)

    def validate_helper_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._name("helper_name", value, dispatcher, tracker)


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
        now = settings().now()
        today = now.date()
        outcome = outcome_of(choice, tracker.get_slot("decision_type"), decision_date, today)
        who = conversation(tracker)
        record_names(
            settings().database_url,
            who,
            applicant_name=tracker.get_slot("applicant_name"),
            child_name=tracker.get_slot("child_name"),
            helper_name=tracker.get_slot("helper_name"),
            at=now,
        )
        record_choice(settings().database_url, who, outcome, at=now)
        words = summary_words(outcome)
        dispatcher.utter_message(response=f"utter_summary_{choice}", **words)
        if choice == "decline":
            hand_over(dispatcher, certificate_on_decline(settings(), who, today), words)
        return [SlotSet("chose_mediation", choice == "mediate")]


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
