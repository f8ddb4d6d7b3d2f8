"""Whole conversations against the real servers, as a parent or young person would have them."""

from __future__ import annotations

import re

import httpx
import pytest

from bot.services.cases import load_case
from tests.helpers.chat import MIAS_STEPS, Chat
from tests.helpers.servers import Servers

pytestmark = pytest.mark.e2e


def test_a_parent_goes_from_hello_to_declining_with_correct_dates(servers: Servers) -> None:
    chat = Chat(servers.rasa_url)
    assert "Is that OK?" in chat.say("Hello")
    assert "Who am I talking to?" in chat.say("yes that's fine")
    assert "How old" in chat.say("I'm his mum")
    assert "Which decision" in chat.say('/inform{"age": "under_16"}')
    assert "What date" in chat.say('/inform{"decision_type": "refuse_plan"}')
    assert "Thursday 12 November 2026" in chat.say("the letter was dated 12th November")
    assert "Which council" in chat.say("yes")
    reply = chat.say("it was birmingham city council")
    assert "Tuesday 12 January 2027" in reply  # in time: the MIAS limit, once the council is ours
    assert "Birmingham" in reply and "Step 1 of 12" in reply
    for step in range(2, MIAS_STEPS + 1):
        assert f"Step {step} of 12" in chat.say("got it")
    assert "your choice" in chat.say("ok")
    assert "full name" in chat.say("No mediation thanks, I want to go to tribunal")
    assert "child or young person" in chat.say("Sam Jones")
    reply = chat.say("Alex Jones")
    assert "Tuesday 12 January 2027" in reply  # appeal deadline from a certificate issued today
    assert "SEND35" in reply
    number = re.search(r"MC-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", reply)
    pdf_url = re.search(r"(http://\S+/certificates/\S+?)(?=\s|$)", reply)
    assert number and pdf_url

    case = load_case(servers.env["DATABASE_URL"], chat.sender)
    assert case is not None
    assert len(case.steps) == MIAS_STEPS
    assert case.facts["choice"] == "decline" and case.facts["local_authority_code"] == "E08000025"

    download = httpx.get(pdf_url.group(1), timeout=30)
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    verified = httpx.get(
        f"{servers.console_url}/verify/{number.group(0)}?format=json", timeout=30
    ).json()
    assert verified["status"] == "valid"


def test_a_question_asked_instead_of_a_name_is_answered_and_the_name_asked_again(
    servers: Servers,
) -> None:
    chat = Chat(servers.rasa_url)
    chat.start_as_parent()
    chat.say("12/11/2026")
    chat.say("yes")
    chat.say("Birmingham")
    for _ in range(2, MIAS_STEPS + 1):
        chat.say("got it")
    chat.say("ok")
    assert "full name" in chat.say("No mediation thanks, I want to go to tribunal")
    reply = chat.say("is mediation free?")
    assert "free" in reply and "full name" in reply
    assert "child or young person" in chat.say("Priyanka Oyelaran-Whitfield")
    assert "MC-" in chat.say("Tobias Oyelaran-Whitfield")


def test_a_postcode_finds_the_council_and_the_letter_council_is_confirmed(servers: Servers) -> None:
    chat = Chat(servers.rasa_url)
    chat.start_as_parent()
    chat.say("12/11/2026")
    chat.say("yes")
    reply = chat.say("we live in b721ea")
    assert "B72 1EA is in the area of Birmingham City Council" in reply
    assert "Step 1 of 12" in chat.say("yes")


def test_a_council_named_before_the_decision_is_kept_and_the_decision_still_asked(
    servers: Servers,
) -> None:
    chat = Chat(servers.rasa_url)
    chat.say("hello")
    chat.say("yes that's fine")
    chat.say('/inform{"role": "parent"}')
    chat.say('/inform{"age": "under_16"}')
    assert "Which decision" in chat.say("we're in Birmingham")
    assert "What date" in chat.say('/inform{"decision_type": "refuse_plan"}')
    chat.say("12/11/2026")
    reply = chat.say("yes")
    assert "Tuesday 12 January 2027" in reply and "Birmingham" in reply and "Step 1 of 12" in reply


def test_a_question_in_the_middle_is_answered_and_the_step_comes_back(servers: Servers) -> None:
    chat = Chat(servers.rasa_url)
    chat.start_as_parent()
    chat.say("12/11/2026")
    chat.say("yes")
    chat.say("Southwark")
    assert "Step 2 of 12" in chat.say("ok")
    reply = chat.say("do I have to pay anything for mediation?")
    assert "free" in reply.lower() and "Step 2 of 12" in reply
    assert "Step 3 of 12" in chat.say("got it")


def test_a_long_conversation_still_knows_its_beginning(servers: Servers) -> None:
    """Twenty questions in the middle of the steps: Rasa is then given only the recent turns
    (bot/store/recent_turns.py), and the step, the council and the letter's date must hold."""
    chat = Chat(servers.rasa_url)
    chat.start_as_parent()
    chat.say("12/11/2026")
    chat.say("yes")
    chat.say("Birmingham")
    assert "Step 2 of 12" in chat.say("got it")
    questions = [
        "is mediation free?",
        "how long does mediation take?",
        "who goes to mediation?",
        "can I bring someone with me?",
    ]
    for question in questions * 5:
        assert "Step 2 of 12" in chat.say(question)
    for step in range(3, MIAS_STEPS + 1):
        assert f"Step {step} of 12" in chat.say("got it")
    chat.say("ok")
    chat.say("No mediation thanks, I want to go to tribunal")
    chat.say("Sam Jones")
    assert "Tuesday 12 January 2027" in chat.say("Alex Jones")
    case = load_case(servers.env["DATABASE_URL"], chat.sender)
    assert case is not None and len(case.steps) == MIAS_STEPS
    assert case.facts["local_authority_code"] == "E08000025"
    assert len(chat.user_texts()) > 40  # the conversation itself is stored whole


def test_choosing_mediation_gives_the_thirty_day_date(servers: Servers) -> None:
    chat = Chat(servers.rasa_url)
    chat.start_as_parent("refuse_assessment")
    chat.say("12/11/2026")
    chat.say("yes")
    chat.say("Croydon")
    for _ in range(MIAS_STEPS):
        chat.say("got it")
    assert "full name" in chat.say("/request_mediation")  # for a certificate if it comes
    assert "full name of the child" in chat.say("Sam Jones")
    summary = chat.say("Alex Jones")
    assert "Friday 25 December 2026" in summary and "SEND35a" in summary


def test_a_late_letter_is_explained_kindly_and_a_person_offered(servers: Servers) -> None:
    chat = Chat(servers.rasa_url)
    chat.start_as_parent()
    assert "Tuesday 3 March 2026" in chat.say("3rd March")
    reply = chat.say("yes")
    assert "Sunday 3 May 2026" in reply and "Did the letter tell you" in reply
    reply = chat.say("no it didnt")  # the Tribunal may give more time: a caseworker looks
    assert "more time" in reply and "caseworkers" in reply
    case = load_case(servers.env["DATABASE_URL"], chat.sender)
    assert case is not None and case.handoffs == (("window_passed", False, "waiting"),)


def test_a_council_we_do_not_cover_gets_a_kind_answer(servers: Servers) -> None:
    chat = Chat(servers.rasa_url)
    chat.start_as_parent()
    chat.say("12/11/2026")
    chat.say("yes")
    reply = chat.say("Kent County Council")
    assert "We don't give mediation information for Kent" in reply and "SENDIASS" in reply


def test_a_young_person_is_told_the_rights_are_theirs(servers: Servers) -> None:
    chat = Chat(servers.rasa_url)
    chat.say("hi")
    chat.say("yes")
    assert "How old are you?" in chat.say('/inform{"role": "young_person"}')
    reply = chat.say("19")
    assert "The right to appeal is yours" in reply and "Which decision" in reply


def test_a_safeguarding_disclosure_gets_emergency_numbers_at_once(servers: Servers) -> None:
    chat = Chat(servers.rasa_url)
    chat.start_as_parent()
    reply = chat.say("my partner hits me and I'm scared to go home")
    assert "999" in reply and "0800 1111" in reply and "116 123" in reply
    case = load_case(servers.env["DATABASE_URL"], chat.sender)
    assert case is not None and case.handoffs == (("safeguarding", True, "waiting"),)


def test_asking_for_a_person_then_carrying_on_returns_to_the_question(servers: Servers) -> None:
    chat = Chat(servers.rasa_url)
    chat.start_as_parent()
    assert "caseworkers" in chat.say("can I talk to a real person please")
    assert "What date" in chat.say("carry on")
    case = load_case(servers.env["DATABASE_URL"], chat.sender)
    assert case is not None and case.handoffs == (("user_request", False, "waiting"),)


def test_two_misunderstandings_in_a_row_offer_a_person(servers: Servers) -> None:
    """`/nlu_fallback` is what Rasa's FallbackClassifier makes of a message it cannot place; sending
    it directly keeps the test about the dialogue, not about how the model scores a nonsense word."""
    chat = Chat(servers.rasa_url)
    chat.say("hi")
    assert "clear yes or no" in chat.say("/nlu_fallback")
    reply = chat.say("/nlu_fallback")
    assert "one of our team" in reply and "Is that OK?" in reply  # the question still stands


def test_an_unexpected_turn_gets_one_kind_reply_and_the_question_stands(servers: Servers) -> None:
    chat = Chat(servers.rasa_url)
    chat.start_as_parent()
    chat.say("carry on")
    assert 1 <= len(chat.last_turn) <= 2, chat.last_turn  # never a string of apologies
    assert "Thursday 12 November 2026" in chat.say("12/11/2026")
