"""The intake's decision question: the council's decision, from a button or in the person's words.

The words are read by rules first, then by the model trained on descriptions in many voices
(bot.mias.reading.decisions). When two readings are about as likely, the person is asked which
one, with the two as buttons, rather than told "I couldn't tell": the reading decides whether a
certificate is needed at all.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.answers import Reply, answered_a_question, not_read, read
from bot.actions.kind_errors import Events, kind_on_error
from bot.mias.reading.decisions import (
    LABELS,
    OTHER,
    PLAN_CONTENTS,
    SCHOOL_ONLY,
    DecisionReading,
    read_decision,
    read_decision_with_model,
)

Slots = dict[str, Any]


def _decision_ranking(tracker: Tracker) -> list[tuple[str, float]]:
    """The trained selector's reading of a decision described in words, most likely first."""
    selector = (tracker.latest_message.get("response_selector") or {}).get("describe_decision")
    ranking = (selector or {}).get("ranking") or []
    return [
        (str(item.get("intent_response_key", "")).split("/")[-1], float(item.get("confidence", 0)))
        for item in ranking
    ]


def _asked_as(decision: str | None) -> str | None:
    """A Section I only reading is asked about as the plan's contents: the Section I question
    that always follows the plan's contents tells the two apart."""
    return PLAN_CONTENTS if decision == SCHOOL_ONLY else decision


class DecisionQuestions:
    """Validation of `decision_type` and `decision_between` for the intake form, whose
    KindFormValidationAction base gives `_asked` (a stub here would come first and hide it)."""

    def _store(self, tracker: Tracker, **facts: Any) -> None:
        raise NotImplementedError

    def validate_decision_type(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        if not self._asked(tracker, "decision_type"):
            return {"decision_type": value if value in LABELS else None}
        reply = Reply.of(tracker)
        chosen = reply.entity("decision_type")
        if chosen in LABELS:
            return self._decision(tracker, chosen)
        if answered_a_question(reply, dispatcher):
            return {"decision_type": None}
        # "We're in Birmingham" names a place, not a decision: the model, which reads every
        # message as some decision, is not asked; only the rules' words can find one there.
        names_a_place = any(reply.entity(place) for place in ("local_authority", "postcode"))
        ranking = [] if names_a_place else _decision_ranking(tracker)
        reading = read_decision_with_model(reply.text, ranking)
        if reading.needs_asking:
            pair = {_asked_as(reading.decision), _asked_as(reading.or_else)}
            if len(pair) == 2:
                return {"decision_type": None, "decision_candidates": " ".join(sorted(pair))}
            reading = DecisionReading(pair.pop())
        if reading.decision is None:
            return not_read(
                "decision_type", "utter_decision_not_understood", reply, dispatcher, tracker
            )
        return self._decision(tracker, reading.decision)

    def _decision_in_passing(self, reply: Reply, tracker: Tracker) -> Slots:
        """A decision described alongside another answer ("hes 15, they refused to assess him")
        is kept when the rules and the model read the same one, so the decision question is not
        asked; on any doubt it is asked as usual."""
        if tracker.get_slot("decision_type") is not None:
            return {}
        by_rules = read_decision(reply.text)
        ranking = _decision_ranking(tracker)
        agreed = bool(ranking) and ranking[0][0] == by_rules.decision and not by_rules.needs_asking
        if not agreed or by_rules.decision in (None, OTHER):
            return {}
        return self._decision(tracker, str(by_rules.decision))

    def validate_decision_between(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        candidates = str(tracker.get_slot("decision_candidates") or "").split()
        reply = Reply.of(tracker)
        chosen = reply.entity("decision_type")
        if chosen not in candidates:
            reading = read_decision_with_model(reply.text, _decision_ranking(tracker))
            chosen = (
                reading.decision
                if reading.decision in candidates and not reading.needs_asking
                else None
            )
        if chosen is None:
            return {
                **not_read(
                    "decision_between",
                    "utter_decision_between_not_understood",
                    reply,
                    dispatcher,
                    tracker,
                ),
                "decision_candidates": None,
            }
        return {**self._decision(tracker, chosen), "decision_between": chosen}

    def _decision(self, tracker: Tracker, decision: str) -> Slots:
        self._store(tracker, decision_type=decision)
        return {**read("decision_type", decision), "decision_candidates": None}


class ActionAskDecisionBetween(Action):
    """Asks which of two close readings of a decision described in words is right, with the two
    as buttons (their words are the decision question's own buttons, from the domain)."""

    def name(self) -> str:
        return "action_ask_intake_form_decision_between"

    @kind_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Events:
        titles = _decision_button_titles(domain)
        first, second = str(tracker.get_slot("decision_candidates") or "").split()
        dispatcher.utter_message(
            response="utter_ask_decision_between",
            first_choice=titles[first],
            second_choice=titles[second],
            buttons=[
                {"title": titles[label], "payload": f'/inform{{"decision_type": "{label}"}}'}
                for label in (first, second)
            ],
        )
        return []


def _decision_button_titles(domain: DomainDict) -> dict[str, str]:
    """Each decision's words, as the decision question's buttons say them."""
    question = domain["responses"]["utter_ask_intake_form_decision_type"][0]
    titles = {}
    for button in question.get("buttons", []):
        label = str(button["payload"]).split('"decision_type": "')[-1].split('"')[0]
        titles[label] = str(button["title"])
    return titles
