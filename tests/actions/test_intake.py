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
    "age_group": "under_16",
    "decision_type": "refuse_plan",
}


async def validate(
    domain: dict[str, Any], slots: dict[str, Any], just_set: dict[str, Any], **kw: Any
):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(slots, just_set=just_set, active_loop="intake_form", **kw)
    events = await ValidateIntakeForm().run(dispatcher, tracker, domain)
    return dispatcher, slot_values(events)


async def test_consent_is_stored_and_we_ask_who_is_talking(domain, action_env) -> None:
    _, slots = await validate(
        domain, {"requested_slot": "privacy_consent"}, {"privacy_consent": True}, intent="affirm"
    )
    assert slots["requested_slot"] == "role"
    case = load_case(action_env, "test-conversation")
    assert case is not None and case.facts["privacy_consent_at"] is not None


async def test_a_young_person_is_told_the_rights_are_theirs_and_not_asked_an_age(domain) -> None:
    dispatcher, slots = await validate(
        domain, {"privacy_consent": True, "requested_slot": "role"}, {"role": "young_person"}
    )
    assert responses(dispatcher) == ["utter_young_person_holds_rights"]
    assert slots["requested_slot"] == "decision_type"


async def test_a_date_is_read_back_in_words(domain) -> None:
    _, slots = await validate(domain, ANSWERED, {"decision_date": "12/11/2026"})
    assert slots["decision_date"] == "2026-11-12"
    assert slots["decision_date_words"] == "Thursday 12 November 2026"
    assert slots["requested_slot"] == "decision_date_confirmed"


@pytest.mark.parametrize(
    ("said", "reply"),
    [("the blue one", "utter_date_not_understood"), ("3 March 2027", "utter_date_in_future")],
)
async def test_a_date_we_cannot_use_is_asked_again_kindly(domain, said: str, reply: str) -> None:
    dispatcher, slots = await validate(domain, ANSWERED, {"decision_date": said})
    assert responses(dispatcher) == [reply]
    assert slots["decision_date"] is None and slots["requested_slot"] == "decision_date"


async def test_saying_the_date_is_wrong_asks_for_it_again(domain) -> None:
    slots_before = {
        **ANSWERED,
        "decision_date": "2026-11-12",
        "decision_date_words": "Thursday 12 November 2026",
    }
    _, slots = await validate(domain, slots_before, {"decision_date_confirmed": False})
    assert slots["decision_date"] is None and slots["requested_slot"] == "decision_date"


async def test_a_confirmed_date_in_time_gives_the_mias_deadline(domain, action_env) -> None:
    slots_before = {**ANSWERED, "decision_date": "2026-11-12"}
    dispatcher, slots = await validate(domain, slots_before, {"decision_date_confirmed": True})
    assert dispatcher.messages[0]["response"] == "utter_window_open"
    assert dispatcher.messages[0]["mias_deadline_words"] == "Tuesday 12 January 2027"
    assert slots["requested_slot"] == "local_authority"
    case = load_case(action_env, "test-conversation")
    assert case is not None and case.facts["mias_contact_deadline"] == date(2027, 1, 12)


async def test_a_late_letter_ends_the_questions_without_the_in_time_message(
    domain, action_env
) -> None:
    slots_before = {**ANSWERED, "decision_date": "2026-09-01"}
    dispatcher, slots = await validate(domain, slots_before, {"decision_date_confirmed": True})
    assert responses(dispatcher) == []
    assert slots["requested_slot"] is None
    assert slots["mias_deadline_words"] == "Sunday 1 November 2026"
    case = load_case(action_env, "test-conversation")
    assert case is not None and case.facts["decision_date"] == date(2026, 9, 1)


CONFIRMED = {**ANSWERED, "decision_date": "2026-11-12", "decision_date_confirmed": True}


async def test_a_misspelt_covered_council_is_recognised(domain, action_env) -> None:
    _, slots = await validate(domain, CONFIRMED, {"local_authority": "birmingam"})
    assert slots["local_authority_code"] == "E08000025"
    assert slots["council_coverage"] == "covered"
    assert slots["requested_slot"] is None
    case = load_case(action_env, "test-conversation")
    assert case is not None and case.facts["covered"] is True


async def test_an_uncovered_council_ends_the_questions(domain) -> None:
    _, slots = await validate(domain, CONFIRMED, {"local_authority": "Kent County Council"})
    assert slots["council_coverage"] == "not_covered" and slots["requested_slot"] is None


async def test_something_that_is_not_a_council_is_asked_again(domain) -> None:
    dispatcher, slots = await validate(domain, CONFIRMED, {"local_authority": "no idea sorry"})
    assert responses(dispatcher) == ["utter_council_unknown"]
    assert slots["requested_slot"] == "local_authority"


@pytest.mark.parametrize(
    ("extra", "reply"),
    [
        ({"council_coverage": "covered", "local_authority": "Birmingham"}, "utter_council_covered"),
        (
            {"council_coverage": "not_covered", "local_authority": "Kent"},
            "utter_council_not_covered",
        ),
        ({"decision_date": "2026-09-01"}, "utter_window_passed"),
        ({"decision_type": "other"}, "utter_decision_not_appealable"),
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


async def test_an_unsure_yes_is_not_taken_as_consent(domain, action_env) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        {"requested_slot": "privacy_consent"},
        just_set={"privacy_consent": True},
        intent="affirm",
        active_loop="intake_form",
    )
    tracker.latest_message["intent"]["confidence"] = 0.73
    events = await ValidateIntakeForm().run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_consent_unclear"]
    assert slot_values(events)["requested_slot"] == "privacy_consent"
    case = load_case(action_env, "test-conversation")
    assert case is None or case.facts["privacy_consent_at"] is None


async def test_a_postcode_suggests_the_council_and_asks_if_it_sent_the_letter(domain) -> None:
    _, slots = await validate(domain, CONFIRMED, {"local_authority": "we live in b721ea"})
    assert slots["local_authority"] == "Birmingham City Council"
    assert slots["postcode_words"] == "B72 1EA"
    assert slots["requested_slot"] == "council_confirmed"


async def test_confirming_the_postcode_council_settles_coverage(domain, action_env) -> None:
    suggested = {
        **CONFIRMED,
        "local_authority": "Birmingham City Council",
        "local_authority_code": "E08000025",
        "postcode_words": "B72 1EA",
        "postcode_coverage": "covered",
    }
    _, slots = await validate(domain, suggested, {"council_confirmed": True}, intent="affirm")
    assert slots["council_coverage"] == "covered" and slots["requested_slot"] is None
    case = load_case(action_env, "test-conversation")
    assert case is not None and case.facts["local_authority_code"] == "E08000025"


async def test_a_different_council_than_the_postcode_is_asked_by_name(domain) -> None:
    suggested = {
        **CONFIRMED,
        "local_authority": "Birmingham City Council",
        "postcode_words": "B72 1EA",
        "postcode_coverage": "covered",
    }
    dispatcher, slots = await validate(
        domain, suggested, {"council_confirmed": False}, intent="deny"
    )
    assert responses(dispatcher) == ["utter_council_by_name"]
    assert slots["requested_slot"] == "local_authority" and slots["local_authority"] is None


async def test_a_welsh_postcode_is_outside_england(domain) -> None:
    _, slots = await validate(domain, CONFIRMED, {"local_authority": "CF10 1AA"})
    assert slots["council_coverage"] == "not_england" and slots["requested_slot"] is None


@pytest.mark.parametrize(
    ("said", "reply"), [("ZZ99 9ZZ", "utter_postcode_unknown"), ("BR8", "utter_postcode_need_full")]
)
async def test_a_postcode_we_cannot_place_asks_for_the_council_name(
    domain, said: str, reply: str
) -> None:
    dispatcher, slots = await validate(domain, CONFIRMED, {"local_authority": said})
    assert responses(dispatcher) == [reply]
    assert slots["requested_slot"] == "local_authority"


async def test_consent_given_earlier_stands_when_the_form_is_resumed(domain) -> None:
    dispatcher, slots = await validate(
        domain, {}, {"privacy_consent": True, "role": "parent"}, intent="start_mias"
    )
    assert responses(dispatcher) == []
    assert slots["privacy_consent"] is True and slots["requested_slot"] == "age_group"


async def test_the_parent_button_pressed_again_at_the_age_question_asks_the_age_again(
    domain,
) -> None:
    """Rasa fills the age from the message text; the button's payload is not an age."""
    dispatcher, slots = await validate(
        domain,
        {"privacy_consent": True, "role": "parent", "requested_slot": "age_group"},
        {"age_group": '/inform{"role": "parent"}'},
        intent="inform",
    )
    assert responses(dispatcher) == ["utter_age_not_understood"]
    assert slots["age_group"] is None and slots["requested_slot"] == "age_group"


@pytest.mark.parametrize("said", ["wo", "in"])  # what the model took from "they won't issue a plan"
async def test_a_decision_not_understood_is_said_kindly_and_asked_again(domain, said: str) -> None:
    dispatcher, slots = await validate(
        domain,
        {
            "privacy_consent": True,
            "role": "parent",
            "age_group": "under_16",
            "requested_slot": "decision_type",
        },
        {"decision_type": said},
        intent="inform",
    )
    assert responses(dispatcher) == ["utter_decision_not_understood"]
    assert slots["decision_type"] is None and slots["requested_slot"] == "decision_type"
