from datetime import date
from pathlib import Path

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.choice import ActionRecordChoice, ValidateChoiceForm
from bot.services.cases import Conversation, load_case, record_facts, record_mias_step
from tests.helpers.trackers import make_tracker, responses, slot_values

pytestmark = pytest.mark.usefixtures("action_env")
CASE = {
    "decision_type": "refuse_plan",
    "decision_date": "2026-11-12",
    "local_authority": "Birmingham City Council",
    "role": "parent",
    "rights_holder": "parent",
}
MIAS_STEPS = [
    "mias_mediation",
    "mias_compare",
    "mias_voluntary",
    "mias_scope",
    "mias_process",
    "mias_attendees",
    "mias_child_views",
    "mias_support",
    "mias_outcomes",
    "mias_certificate",
    "mias_disagreement_resolution",
    "mias_confidentiality",
]


def a_case_ready_for_its_choice(database_url: str) -> None:
    who = Conversation("test-conversation", "rest")
    record_facts(
        database_url,
        who,
        role="parent",
        age_group="under_16",
        rights_holder="parent",
        decision_type="refuse_plan",
        decision_date=date(2026, 11, 12),
        local_authority_code="E08000025",
        local_authority_name="Birmingham City Council",
        covered=True,
        route="mias",
    )
    for step in MIAS_STEPS:
        record_mias_step(database_url, who, step)


@pytest.mark.parametrize(
    ("choice", "role", "asked"),
    [
        ("decline", "parent", ["mediation_choice", "applicant_name", "child_name"]),
        ("decline", "young_person", ["mediation_choice", "applicant_name"]),
        ("mediate", "parent", ["mediation_choice", "applicant_name", "child_name"]),
    ],
)
async def test_each_choice_asks_for_the_names_a_certificate_prints(
    domain, choice, role, asked
) -> None:
    tracker = make_tracker(
        {**CASE, "role": role, "mediation_choice": choice}, active_loop="choice_form"
    )
    slots = await ValidateChoiceForm().required_slots([], CollectingDispatcher(), tracker, domain)
    assert slots == asked


async def test_a_number_is_not_taken_as_a_name(domain) -> None:
    tracker = make_tracker(
        {**CASE, "mediation_choice": "decline", "requested_slot": "applicant_name"},
        just_set={"applicant_name": "12345"},
        active_loop="choice_form",
    )
    dispatcher = CollectingDispatcher()
    events = await ValidateChoiceForm().run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_name_not_understood"]
    assert slot_values(events)["applicant_name"] is None


async def test_declining_gives_every_date_in_words_and_the_certificate(domain, action_env) -> None:
    a_case_ready_for_its_choice(action_env)
    dispatcher = CollectingDispatcher()
    slots = {
        **CASE,
        "mediation_choice": "decline",
        "applicant_name": "Sam Jones",
        "child_name": "Alex Jones",
    }
    await ActionRecordChoice().run(dispatcher, make_tracker(slots), domain)
    summary, certificate = dispatcher.messages
    assert summary["response"] == "utter_summary_decline"
    assert summary["today_words"] == "Wednesday 25 November 2026"
    assert certificate["response"] == "utter_certificate_ready"
    assert certificate["appeal_deadline_words"] == "Tuesday 12 January 2027"
    assert certificate["certificate_number"].startswith("MC-")
    assert "/certificates/" in certificate["pdf_url"]
    case = load_case(action_env, "test-conversation")
    assert case is not None
    assert case.facts["choice"] == "decline" and case.facts["appeal_deadline"] == date(2027, 1, 12)
    pdfs = list((Path(action_env.removeprefix("sqlite:///")).parent / "certificates").glob("*.pdf"))
    assert len(pdfs) == 1


async def test_asking_twice_gives_the_same_certificate(domain, action_env) -> None:
    a_case_ready_for_its_choice(action_env)
    slots = {
        **CASE,
        "mediation_choice": "decline",
        "applicant_name": "Sam Jones",
        "child_name": "Alex Jones",
    }
    numbers = []
    for _ in range(2):
        dispatcher = CollectingDispatcher()
        await ActionRecordChoice().run(dispatcher, make_tracker(slots), domain)
        numbers.append(dispatcher.messages[1]["certificate_number"])
    assert numbers[0] == numbers[1]


async def test_mediating_gives_the_date_the_council_must_arrange_it_by(domain) -> None:
    dispatcher = CollectingDispatcher()
    await ActionRecordChoice().run(
        dispatcher, make_tracker({**CASE, "mediation_choice": "mediate"}), domain
    )
    assert responses(dispatcher) == ["utter_summary_mediate"]
    assert dispatcher.messages[0]["mediation_by_words"] == "Friday 25 December 2026"


def asked_for_name(text: str, intent: str, faq_answer: str | None = None) -> object:
    tracker = make_tracker(
        {**CASE, "mediation_choice": "decline", "requested_slot": "applicant_name"},
        just_set={"applicant_name": text},
        intent=intent,
        text=text,
        active_loop="choice_form",
    )
    if faq_answer:
        tracker.latest_message["response_selector"] = {
            "faq": {"response": {"utter_action": faq_answer}}
        }
    return tracker


async def test_a_name_the_model_took_for_a_question_is_still_taken_as_the_name(domain) -> None:
    tracker = asked_for_name("Priyanka Oyelaran-Whitfield", "faq", "utter_faq/who_attends")
    dispatcher = CollectingDispatcher()
    events = await ValidateChoiceForm().run(dispatcher, tracker, domain)
    assert responses(dispatcher) == []
    assert slot_values(events)["applicant_name"] == "Priyanka Oyelaran-Whitfield"


async def test_a_question_at_the_name_is_answered_and_the_name_asked_again(domain) -> None:
    tracker = asked_for_name("is mediation free", "faq", "utter_faq/cost")
    dispatcher = CollectingDispatcher()
    events = await ValidateChoiceForm().run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_faq/cost", "utter_faq_back_to_steps"]
    assert slot_values(events)["applicant_name"] is None


@pytest.mark.parametrize(
    "name",
    [
        "Jordan Morgan",
        "Grace Delete",
        "Faith Hope",
        "Will Smith",
        "Precious Adeyemi",
        "Blessing Okafor",
    ],
)
async def test_a_name_is_a_name_whatever_the_model_read(domain, name: str) -> None:
    for intent in ("request_erasure", "faq", "affirm", "greet"):
        tracker = asked_for_name(name, intent, "utter_faq/who_attends")
        dispatcher = CollectingDispatcher()
        events = await ValidateChoiceForm().run(dispatcher, tracker, domain)
        assert responses(dispatcher) == [] and slot_values(events)["applicant_name"] == name


@pytest.mark.parametrize(
    ("said", "choice"),
    [
        ("try mediation please", "mediate"),
        ("no mediation i want to appeal", "decline"),
        ("appeal", "decline"),
    ],
)
async def test_the_choice_in_words(domain, said: str, choice: str) -> None:
    tracker = make_tracker(
        {**CASE, "requested_slot": "mediation_choice"},
        just_set={"mediation_choice": said},
        text=said,
        active_loop="choice_form",
    )
    events = await ValidateChoiceForm().run(CollectingDispatcher(), tracker, domain)
    assert slot_values(events)["mediation_choice"] == choice


async def test_resuming_the_form_keeps_the_choice_and_the_names_given(domain) -> None:
    """After "plz delet my info" and "no keep it" at the child's name, the form starts again and
    Rasa validates the answers already given with "no keep it" as the latest message: the
    choice stands, and "no keep it" is never printed as the parent's name."""
    tracker = make_tracker(
        {**CASE, "requested_slot": "child_name"},
        just_set={"mediation_choice": "decline", "applicant_name": "Grace Delete"},
        text="no keep it",
        intent="deny",
        active_loop="choice_form",
    )
    dispatcher = CollectingDispatcher()
    events = await ValidateChoiceForm().run(dispatcher, tracker, domain)
    slots = slot_values(events)
    assert responses(dispatcher) == []
    assert slots["mediation_choice"] == "decline" and slots["applicant_name"] == "Grace Delete"
