"""A family who chose mediation asks for the certificate instead ("I've changed my mind").

What the law allows at that point is `bot.mias.mediation.change_of_mind`; the service records it
and issues what is owed (`bot.services.mediation.change_to_certificate`); this says so.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.context import conversation, settings
from bot.actions.kind_errors import Events, kind_on_error
from bot.mias.calendar import date_in_words
from bot.mias.mediation import ChangeOfMind
from bot.services.certificates import CertificateConfig, CertificateView, ready_message_values
from bot.services.mediation import ChangeResult, change_to_certificate

# What to say when no certificate can be given now, by what the law allowed.
WITHOUT_CERTIFICATE = {
    ChangeOfMind.DECLINE: "utter_changed_mind_caseworker",
    ChangeOfMind.CONCLUDED: "utter_changed_mind_after_mediation",
    ChangeOfMind.AGREED: "utter_changed_mind_agreed",
    ChangeOfMind.OUTCOME_UNKNOWN: "utter_changed_mind_outcome_unknown",
}


class ActionChangeToCertificate(Action):
    """Runs when someone who asked for mediation asks for the certificate (the chose_mediation
    slot); one with no mediation case after all (they asked before the choice, then declined)
    carries on as anyone asking for a certificate does."""

    def name(self) -> str:
        return "action_change_to_certificate"

    @kind_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Events:
        today = settings().today()
        result = change_to_certificate(settings(), conversation(tracker), today)
        if result.allowed is None:
            return [FollowupAction("action_resume_conversation")]
        if result.certificate is None:
            response = WITHOUT_CERTIFICATE[result.allowed]
            dispatcher.utter_message(response=response, **_dates(result))
            return []
        if not result.existing:
            dispatcher.utter_message(
                response="utter_changed_mind_noted", today_words=date_in_words(today)
            )
        _hand_over(dispatcher, result.certificate, existing=result.existing)
        return []


def _dates(result: ChangeResult) -> dict[str, str]:
    days = {"certificate_due_words": result.due, "held_on_words": result.held_on}
    return {name: date_in_words(day) for name, day in days.items() if day is not None}


def _hand_over(
    dispatcher: CollectingDispatcher, certificate: CertificateView, *, existing: bool
) -> None:
    """The certificate's links when it is valid; otherwise when it will come."""
    if certificate.status != "valid":
        dispatcher.utter_message(
            response="utter_certificate_being_checked",
            certificate_due_words=date_in_words(certificate.due_date),
        )
        return
    if existing:
        dispatcher.utter_message(response="utter_certificate_already_issued")
    config = CertificateConfig.from_settings(settings())
    values = ready_message_values(settings().database_url, certificate.number, config=config)
    dispatcher.utter_message(response="utter_certificate_ready", **values)
