"""The intake form's validation: each reply read as the answer to the question asked."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.intake import ActionAssessCase, ValidateIntakeForm
from bot.services.cases import load_case
from tests.helpers.trackers import make_tracker, responses, slot_values

pytestmark = pytest.mark.usefixtures("action_env")

ANSWERED = {
    "privacy_consent": True,
    "role": "parent",
    "age": "9",
    "rights_holder": "parent",
    "decision_type": "refuse_plan",
}
CONFIRMED = {**ANSWERED, "decision_date": "2026-11-12", "decision_date_confirmed": True}


async def answer(
    domain: dict[str, Any],
    slots: dict[str, Any],
    asked: str,
    text: str,
    *,
    intent: str = "inform",
    entities: list[dict[str, Any]] | None = None,
    **latest: Any,
) -> tuple[CollectingDispatcher, dict[str, Any]]:
    """The person types `text` when the form asked `asked` (slot mappings take the whole reply)."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        {**slots, "requested_slot": asked},
        just_set={asked: text},
        text=text,
        intent=intent,
        active_loop="intake_form",
    )
    tracker.latest_message["entities"] = entities or []
    tracker.latest_message.update(latest)
    events = await ValidateIntakeForm().run(dispatcher, tracker, domain)
    return dispatcher, slot_values(events)


async def test_a_typed_yes_is_consent_and_it_is_stored(domain, action_env) -> None:
    _, slots = await answer(domain, {}, "privacy_consent", "yes thats fine")
    assert slots["privacy_consent"] is True and slots["requested_slot"] == "role"
    case = load_case(action_env, "test-conversation")
    assert case is not None and case.facts["privacy_consent_at"] is not None


async def test_a_reply_that_is_not_a_clear_yes_is_not_consent(domain, action_env) -> None:
    dispatcher, slots = await answer(domain, {}, "privacy_consent", "hmm what", intent="affirm")
    assert responses(dispatcher) == ["utter_consent_unclear"]
    assert slots["requested_slot"] == "privacy_consent"
    case = load_case(action_env, "test-conversation")
    assert case is None or case.facts["privacy_consent_at"] is None


@pytest.mark.parametrize(
    ("said", "role"),
    [
        ("I'm his mum", "parent"),
        ("me, its about my plan", "young_person"),
        ("im her senco", "professional"),
    ],
)
async def test_who_is_talking_in_their_own_words(domain, said: str, role: str) -> None:
    _, slots = await answer(domain, {"privacy_consent": True}, "role", said)
    assert slots["role"] == role and slots["requested_slot"] == "age"


async def test_everyone_is_asked_an_age_a_young_person_too(domain) -> None:
    _, slots = await answer(
        domain,
        {"privacy_consent": True},
        "role",
        "/inform",
        entities=[{"entity": "role", "value": "young_person"}],
    )
    assert slots["requested_slot"] == "age"


@pytest.mark.parametrize(
    ("said", "role", "holder", "next_question"),
    [
        ("its about my own plan, im 19", "young_person", "young_person", "decision_type"),
        ("I'm his mum, he's 15", "parent", "parent", "decision_type"),
        ("im her dad, shes 16", "parent", "needs_school_year", "school_year"),
        ("my plan, im at college", "young_person", "young_person", "decision_type"),
    ],
)
async def test_an_age_said_with_who_they_are_is_not_asked_again(
    domain, said, role, holder, next_question
) -> None:
    _, slots = await answer(domain, {"privacy_consent": True}, "role", said)
    assert slots["role"] == role and slots["rights_holder"] == holder
    assert slots["requested_slot"] == next_question


@pytest.mark.parametrize("said", ["I'm his mum, I'm 42", "mum of 2", "hes nearly 16, im his dad"])
async def test_a_parents_own_age_or_a_guess_is_not_the_childs_age(domain, said) -> None:
    _, slots = await answer(domain, {"privacy_consent": True}, "role", said)
    assert slots["role"] == "parent" and slots["requested_slot"] == "age"


@pytest.mark.parametrize(
    ("said", "holder", "next_question"),
    [
        ("Under 16", "parent", "decision_type"),
        ("my son is 15", "parent", "decision_type"),
        ("she's 16 and in year 11", "parent", "decision_type"),
        ("16", "needs_school_year", "school_year"),
        ("he's in year 12", "young_person", "agreement"),
        ("23", "young_person", "agreement"),
    ],
)
async def test_ages_and_school_years_in_words(domain, said, holder, next_question) -> None:
    before = {"privacy_consent": True, "role": "parent"}
    _, slots = await answer(domain, before, "age", said)
    assert slots["rights_holder"] == holder and slots["requested_slot"] == next_question


async def test_a_young_person_is_told_the_right_is_theirs(domain) -> None:
    before = {"privacy_consent": True, "role": "young_person"}
    dispatcher, slots = await answer(domain, before, "age", "im 17")
    assert responses(dispatcher) == ["utter_young_person_holds_rights"]
    assert slots["requested_slot"] == "decision_type"


@pytest.mark.parametrize(
    ("said", "holder"), [("yes", "parent"), ("no hes at college", "young_person")]
)
async def test_sixteen_in_year_11_is_a_child_and_the_parent_holds_the_right(
    domain, said, holder
) -> None:
    before = {
        "privacy_consent": True,
        "role": "parent",
        "age": "16",
        "rights_holder": "needs_school_year",
    }
    _, slots = await answer(domain, before, "school_year", said)
    assert slots["rights_holder"] == holder


@pytest.mark.parametrize(
    ("said", "agreement"),
    [
        ("yes they agree", "agrees"),
        ("not yet", None),
        ("no", "not_agreed"),
        ("he lacks capacity, I'm his deputy", "cannot_decide"),
    ],
)
async def test_the_young_persons_agreement_in_words(domain, action_env, said, agreement) -> None:
    before = {
        "privacy_consent": True,
        "role": "parent",
        "age": "19",
        "rights_holder": "young_person",
    }
    _, slots = await answer(domain, before, "agreement", said)
    assert slots["agreement"] == agreement


@pytest.mark.parametrize(
    ("said", "decision"),
    [
        ("they said they won't do an assessment", "refuse_assessment"),
        ("they won't issue a plan", "refuse_plan"),
        ("they are stopping the plan", "cease_plan"),
        ("they won't change my plan", "refuse_amend"),
        (
            "the school discriminated against my son because of his autism",
            "disability_discrimination",
        ),
    ],
)
async def test_decisions_in_words(domain, action_env, said: str, decision: str) -> None:
    _, slots = await answer(domain, ANSWERED | {"decision_type": None}, "decision_type", said)
    assert slots["decision_type"] == decision
    case = load_case(action_env, "test-conversation")
    assert case is not None and case.facts["decision_type"] == decision


def _selector(*ranking: tuple[str, float]) -> dict[str, Any]:
    """The describe_decision response selector's ranking, as Rasa sends it."""
    keys = [{"intent_response_key": f"describe_decision/{k}", "confidence": c} for k, c in ranking]
    return {"describe_decision": {"ranking": keys}}


async def test_a_decision_told_with_the_age_is_not_asked_again(domain, action_env) -> None:
    before = {"privacy_consent": True, "role": "parent"}
    said = "hes 15 and they refused to assess him"
    selector = _selector(("refuse_assessment", 0.9), ("refuse_plan", 0.05))
    _, slots = await answer(domain, before, "age", said, response_selector=selector)
    assert slots["rights_holder"] == "parent" and slots["decision_type"] == "refuse_assessment"
    assert slots["requested_slot"] == "decision_date"
    case = load_case(action_env, "test-conversation")
    assert case is not None and case.facts["decision_type"] == "refuse_assessment"


@pytest.mark.parametrize(
    ("said", "selector"),
    [
        ("hes 15 and they refused to assess him", _selector(("refuse_plan", 0.6))),
        ("hes 15", _selector(("refuse_assessment", 0.9))),
    ],
)
async def test_a_decision_in_passing_in_any_doubt_is_asked(domain, said, selector) -> None:
    before = {"privacy_consent": True, "role": "parent"}
    _, slots = await answer(domain, before, "age", said, response_selector=selector)
    assert slots["requested_slot"] == "decision_type"


async def test_two_close_readings_are_asked_about_with_both_as_buttons(domain) -> None:
    ranking = {
        "describe_decision": {
            "ranking": [
                {"intent_response_key": "describe_decision/refuse_assessment", "confidence": 0.48},
                {"intent_response_key": "describe_decision/refuse_plan", "confidence": 0.42},
            ]
        }
    }
    _dispatcher, slots = await answer(
        domain,
        ANSWERED | {"decision_type": None},
        "decision_type",
        "they said no to all of it",
        response_selector=ranking,
    )
    assert slots["decision_candidates"] == "refuse_assessment refuse_plan"
    assert slots["requested_slot"] == "decision_between"


async def test_a_place_at_the_decision_question_is_not_read_as_a_decision(domain) -> None:
    """The model reads every message as some decision; "we're in Birmingham" is not one."""
    ranking = {
        "describe_decision": {
            "ranking": [{"intent_response_key": "describe_decision/other", "confidence": 0.97}]
        }
    }
    dispatcher, slots = await answer(
        domain,
        ANSWERED | {"decision_type": None},
        "decision_type",
        "we're in Birmingham",
        entities=[{"entity": "local_authority", "value": "Birmingham"}],
        response_selector=ranking,
    )
    assert responses(dispatcher) == ["utter_decision_not_understood"]
    assert slots["decision_type"] is None and slots["requested_slot"] == "decision_type"


async def test_a_decision_not_understood_is_said_kindly_and_asked_again(domain) -> None:
    dispatcher, slots = await answer(
        domain, ANSWERED | {"decision_type": None}, "decision_type", "wo"
    )
    assert responses(dispatcher) == ["utter_decision_not_understood"]
    assert slots["decision_type"] is None and slots["requested_slot"] == "decision_type"


async def test_the_school_question_is_one_yes_or_no(domain) -> None:
    before = ANSWERED | {"decision_type": "plan_contents"}
    _, slots = await answer(domain, before, "school_only", "no, the support too")
    assert slots["school_only"] is False and slots["requested_slot"] == "decision_date"


async def test_a_date_is_read_back_in_words(domain) -> None:
    _, slots = await answer(domain, ANSWERED, "decision_date", "the letter says 12/11/2026")
    assert slots["decision_date"] == "2026-11-12"
    assert slots["decision_date_words"] == "Thursday 12 November 2026"
    assert slots["requested_slot"] == "decision_date_confirmed"


@pytest.mark.parametrize(
    ("said", "reply"),
    [("the blue one", "utter_date_not_understood"), ("3 March 2027", "utter_date_in_future")],
)
async def test_a_date_we_cannot_use_is_asked_again_kindly(domain, said: str, reply: str) -> None:
    dispatcher, slots = await answer(domain, ANSWERED, "decision_date", said)
    assert responses(dispatcher) == [reply]
    assert slots["decision_date"] is None and slots["requested_slot"] == "decision_date"


async def test_yes_thats_right_confirms_only_the_date(domain, action_env) -> None:
    before = {
        **ANSWERED,
        "decision_type": "plan_contents",
        "school_only": None,
        "decision_date": "2026-11-12",
    }
    _dispatcher, slots = await answer(
        domain, before, "decision_date_confirmed", "Yes, that's right"
    )
    assert slots["decision_date_confirmed"] is True
    assert "school_only" not in slots or slots["school_only"] is None


async def test_no_with_a_new_date_changes_the_date(domain) -> None:
    before = {**ANSWERED, "decision_date": "2026-11-12"}
    _, slots = await answer(
        domain, before, "decision_date_confirmed", "no it was the 4th of november"
    )
    assert slots["decision_date"] == "2026-11-04"
    assert slots["requested_slot"] == "decision_date_confirmed"


async def test_a_confirmed_date_is_stored_and_the_council_asked_before_any_time_limit(
    domain, action_env
) -> None:
    """ "You are in time" waits for the council: a family in Wales or in a council we do not
    cover must not be told England's limit or "we'll do it together now"."""
    before = {**ANSWERED, "decision_date": "2026-11-12"}
    dispatcher, slots = await answer(domain, before, "decision_date_confirmed", "yep")
    assert responses(dispatcher) == []
    assert slots["mias_deadline_words"] == "Tuesday 12 January 2027"
    assert slots["requested_slot"] == "local_authority"
    case = load_case(action_env, "test-conversation")
    assert case is not None and case.facts["mias_contact_deadline"] == date(2027, 1, 12)


async def test_a_late_letter_ends_the_questions_without_the_in_time_message(domain) -> None:
    before = {**ANSWERED, "decision_date": "2026-09-01"}
    dispatcher, slots = await answer(domain, before, "decision_date_confirmed", "yes")
    assert responses(dispatcher) == []
    assert slots["requested_slot"] is None


@pytest.mark.parametrize(
    ("said", "code"),
    [
        ("We live in Kensington and Chelsea", "E09000020"),
        ("Haringey", "E09000014"),
        ("stoke council", "E06000021"),
        ("tower hamlets e14 9yq", "E09000030"),
        ("Post code EC1V 9HX, that's Islington", "E09000019"),
        ("birmingam", "E08000025"),
    ],
)
async def test_a_council_anywhere_in_a_sentence(domain, action_env, said: str, code: str) -> None:
    _, slots = await answer(domain, CONFIRMED, "local_authority", said)
    assert slots["local_authority_code"] == code
    assert slots["requested_slot"] is None


async def test_something_that_is_not_a_council_is_asked_again(domain) -> None:
    dispatcher, slots = await answer(domain, CONFIRMED, "local_authority", "no idea sorry")
    assert responses(dispatcher) == ["utter_council_unknown"]
    assert slots["requested_slot"] == "local_authority"


async def test_a_postcode_suggests_the_council_and_asks_if_it_sent_the_letter(domain) -> None:
    _, slots = await answer(domain, CONFIRMED, "local_authority", "we live in b721ea")
    assert slots["local_authority"] == "Birmingham City Council"
    assert slots["postcode_words"] == "B72 1EA"
    assert slots["requested_slot"] == "council_confirmed"


SUGGESTED = {
    **CONFIRMED,
    "local_authority": "Birmingham City Council",
    "local_authority_code": "E08000025",
    "postcode_words": "B72 1EA",
    "postcode_coverage": "covered",
}


async def test_confirming_the_postcode_council_settles_coverage(domain, action_env) -> None:
    _, slots = await answer(domain, SUGGESTED, "council_confirmed", "yes it did")
    assert slots["council_coverage"] == "covered" and slots["requested_slot"] is None
    case = load_case(action_env, "test-conversation")
    assert case is not None and case.facts["local_authority_code"] == "E08000025"


async def test_a_different_council_than_the_postcode_is_asked_by_name(domain) -> None:
    dispatcher, slots = await answer(domain, SUGGESTED, "council_confirmed", "no")
    assert responses(dispatcher) == ["utter_council_by_name"]
    assert slots["requested_slot"] == "local_authority" and slots["local_authority"] is None


async def test_a_welsh_postcode_is_outside_england(domain) -> None:
    _, slots = await answer(domain, CONFIRMED, "local_authority", "CF10 1AA")
    assert slots["council_coverage"] == "not_england" and slots["requested_slot"] is None


@pytest.mark.parametrize(
    ("said", "reply"), [("ZZ99 9ZZ", "utter_postcode_unknown"), ("BR8", "utter_postcode_need_full")]
)
async def test_a_postcode_we_cannot_place_asks_for_the_council_name(domain, said, reply) -> None:
    dispatcher, slots = await answer(domain, CONFIRMED, "local_authority", said)
    assert responses(dispatcher) == [reply]
    assert slots["requested_slot"] == "local_authority"


async def test_a_real_question_is_answered_and_the_question_asked_again(domain) -> None:
    selector = {"faq": {"response": {"utter_action": "utter_faq/cost"}}}
    dispatcher, slots = await answer(
        domain, ANSWERED, "decision_date", "is it free?", intent="faq", response_selector=selector
    )
    assert responses(dispatcher) == ["utter_faq/cost", "utter_faq_back_to_steps"]
    assert slots["requested_slot"] == "decision_date"


async def test_two_misreadings_in_a_row_offer_a_person(domain) -> None:
    before = {**ANSWERED, "answers_not_read": 1.0}
    dispatcher, _ = await answer(domain, before, "decision_date", "the blue one")
    assert responses(dispatcher) == ["utter_date_not_understood", "utter_person_is_there"]


async def test_a_greeting_where_an_answer_was_expected_asks_again_without_a_sorry(domain) -> None:
    dispatcher, slots = await answer(domain, ANSWERED, "decision_date", "hello", intent="greet")
    assert responses(dispatcher) == [] and slots["requested_slot"] == "decision_date"


@pytest.mark.parametrize(
    ("extra", "reply"),
    [
        ({"council_coverage": "covered", "local_authority": "Birmingham"}, "utter_council_covered"),
        (
            {"council_coverage": "not_covered", "local_authority": "Kent"},
            "utter_council_not_covered",
        ),
        ({"council_coverage": "covered", "decision_date": "2026-09-01"}, "utter_window_passed"),
        ({"decision_type": "other"}, "utter_decision_not_appealable"),
        ({"decision_type": "disability_discrimination"}, "utter_disability_discrimination"),
        ({"decision_type": "health_social_care_only"}, "utter_health_social_care_only"),
    ],
)
async def test_the_assessment_tells_the_person_where_they_stand(domain, extra, reply) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionAssessCase().run(dispatcher, make_tracker({**CONFIRMED, **extra}), domain)
    assert responses(dispatcher) == [reply]
    assert "route" in slot_values(events)


async def test_a_school_only_appeal_is_told_no_certificate_is_needed_and_its_deadline(
    domain,
) -> None:
    dispatcher = CollectingDispatcher()
    slots = {**CONFIRMED, "decision_type": "plan_contents", "school_only": True}
    await ActionAssessCase().run(dispatcher, make_tracker(slots), domain)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_no_certificate_school_only"
    assert message["appeal_deadline_words"] == "Tuesday 12 January 2027"


async def test_resuming_the_form_keeps_every_answer_given(domain) -> None:
    """After an interruption ("plz delet my info", then "no keep it") the form is activated
    again and Rasa validates every slot already filled, with the interruption's reply as the
    latest message: none of them may read that reply as its answer."""
    filled = {**CONFIRMED, "council_confirmed": None}
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        {"requested_slot": "local_authority"},
        just_set=filled,
        text="no keep it",
        intent="deny",
        active_loop="intake_form",
    )
    events = await ValidateIntakeForm().run(dispatcher, tracker, domain)
    slots = slot_values(events)
    assert responses(dispatcher) == []
    assert slots["decision_date"] == "2026-11-12" and slots["decision_date_confirmed"] is True
    assert slots["requested_slot"] == "local_authority"
