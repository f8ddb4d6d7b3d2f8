"""The intake's council questions: which council sent the letter, by name or postcode."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.answers import Reply, answered_a_question, not_read, read
from bot.actions.context import settings
from bot.mias.reading.yes_no import read_yes_no
from bot.services.coverage import CoverageResult, check_council, check_postcode, postcode_sources

Slots = dict[str, Any]
POSTCODE_SUGGESTS_COUNCIL = frozenset({"covered", "covered_county_district", "not_covered"})
POSTCODE_PROBLEM_REPLIES = {
    "unknown": "utter_postcode_unknown",
    "outcode_ambiguous": "utter_postcode_need_full",
}
FORGET_POSTCODE = {
    "council_confirmed": None,
    "local_authority": None,
    "local_authority_code": None,
    "postcode_words": None,
    "postcode_coverage": None,
}


class CouncilQuestions:
    """Validation of `local_authority` and `council_confirmed` for the intake form, whose
    KindFormValidationAction base gives `_asked` (a stub here would come first and hide it)."""

    def _store(self, tracker: Tracker, **facts: Any) -> None:
        raise NotImplementedError

    def validate_local_authority(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        """A council's name decides; a postcode only suggests the council, which the person
        confirms. The name or postcode may be anywhere in what they wrote."""
        asked = self._asked(tracker, "local_authority")
        reply = Reply.of(tracker)
        if asked and answered_a_question(reply, dispatcher):
            return {"local_authority": None}
        said = reply.text if asked else str(value)
        by_name = check_council(said)
        if by_name.reason == "ambiguous":
            dispatcher.utter_message(
                response="utter_council_ambiguous",
                council_candidates=" or ".join(by_name.candidates),
            )
            return {"local_authority": None}
        if by_name.authority_name is not None:
            return self._council_found(tracker, by_name)
        if not asked:
            return {"local_authority": None}  # named in passing and not recognised: ask later
        return self._postcode_given(
            reply, dispatcher, tracker, check_postcode(said, sources=postcode_sources(settings()))
        )

    def _council_found(self, tracker: Tracker, result: CoverageResult) -> Slots:
        self._store(
            tracker,
            local_authority_code=result.authority_code,
            local_authority_name=result.authority_name,
            covered=result.covered,
        )
        return {
            **read("local_authority", result.authority_name),
            "local_authority_code": result.authority_code,
            "council_coverage": result.reason,
        }

    def _postcode_given(
        self,
        reply: Reply,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        result: CoverageResult,
    ) -> Slots:
        if result.reason == "not_england":
            return {**read("local_authority", result.nation), "council_coverage": "not_england"}
        if result.reason in POSTCODE_SUGGESTS_COUNCIL and result.authority_name:
            return {
                **read("local_authority", result.authority_name),
                "local_authority_code": result.authority_code,
                "postcode_words": result.postcode,
                "postcode_coverage": result.reason,
            }
        if result.reason in POSTCODE_PROBLEM_REPLIES:
            dispatcher.utter_message(
                response=POSTCODE_PROBLEM_REPLIES[result.reason],
                postcode_words=result.postcode or "",
            )
            return {"local_authority": None}
        return not_read("local_authority", "utter_council_unknown", reply, dispatcher, tracker)

    def validate_council_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        if not self._asked(tracker, "council_confirmed"):
            return {"council_confirmed": value}  # given earlier; the form is being resumed
        reply = Reply.of(tracker)
        if answered_a_question(reply, dispatcher):
            return {"council_confirmed": None}
        button = reply.button_intent
        confirmed = button == "affirm" if button in ("affirm", "deny") else read_yes_no(reply.text)
        if confirmed is None:
            return not_read(
                "council_confirmed",
                "utter_council_confirm_not_understood",
                reply,
                dispatcher,
                tracker,
            )
        if not confirmed:
            dispatcher.utter_message(response="utter_council_by_name")
            return {**FORGET_POSTCODE, **read("council_confirmed", None)}
        coverage = tracker.get_slot("postcode_coverage")
        self._store(
            tracker,
            local_authority_code=tracker.get_slot("local_authority_code"),
            local_authority_name=tracker.get_slot("local_authority"),
            covered=coverage != "not_covered",
        )
        return {**read("council_confirmed", True), "council_coverage": coverage}
