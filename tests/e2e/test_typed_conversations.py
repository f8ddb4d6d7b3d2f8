"""Whole conversations by people who never tap a button (issue #15, "Done when").

Each one types every answer in its own words, the way parents and young people write on a phone,
and must reach the same outcome as with the buttons. `Chat` and `Phone` also check that no bot
turn asks two questions. Today is frozen at Wednesday 25 November 2026 (tests/helpers/servers.py).
"""

from __future__ import annotations

import io
import re

import httpx
import pytest
from pypdf import PdfReader

from bot.services.cases import load_case
from tests.helpers.chat import MIAS_STEPS, Chat
from tests.helpers.phone import Phone
from tests.helpers.servers import Servers

pytestmark = pytest.mark.e2e

CERTIFICATE_NUMBER = re.compile(r"MC-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")
PDF_LINK = re.compile(r"(http://\S+/certificates/\S+?)(?=\s|$)")
ACKNOWLEDGEMENTS = ["got it", "ok thanks", "next", "yep", "ok", "got it thanks", "right", "next pls",
                    "understood", "ok", "cool", "got it"]  # fmt: skip


def through_the_steps(chat: Chat, first_reply: str) -> str:
    """Acknowledge the twelve MIAS steps in words; the reply after the last one."""
    assert "Step 1 of 12" in first_reply
    reply = ""
    for number, said in enumerate(ACKNOWLEDGEMENTS[:MIAS_STEPS], start=2):
        reply = chat.say(said)
        if number <= MIAS_STEPS:
            assert f"Step {number} of 12" in reply
    return reply


def verified(servers: Servers, number: str) -> dict[str, str]:
    answer = httpx.get(f"{servers.console_url}/verify/{number}?format=json", timeout=30)
    return dict(answer.json())


def pdf_text(url: str) -> str:
    download = httpx.get(url, timeout=30)
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    return " ".join(PdfReader(io.BytesIO(download.content)).pages[0].extract_text().split())


def typed_intake_to_the_council(chat: Chat, decision: str) -> None:
    assert "Is that OK?" in chat.say("hiya")
    assert "Who am I talking to?" in chat.say("yes thats fine")
    assert "How old" in chat.say("im his mum")
    assert "Which decision" in chat.say("hes 11, in year 6")
    assert "What date" in chat.say(decision)
    assert "Thursday 12 November 2026" in chat.say("the letter came dated 12th of november")
    assert "Which council" in chat.say("yes thats right")


def typed_intake_to_the_steps(chat: Chat, decision: str) -> str:
    typed_intake_to_the_council(chat, decision)
    return chat.say("we live in birmingham")


def test_a_parent_who_types_everything_declines_and_gets_the_certificate(servers: Servers) -> None:
    chat = Chat(servers.rasa_url)
    reply = typed_intake_to_the_steps(chat, "they said they won't do an assessment")
    assert "your choice" in through_the_steps(chat, reply)
    assert "full name" in chat.say("no mediation i want to appeal")
    assert "full name of the child" in chat.say("Grace Delete")
    reply = chat.say("Will Smith")
    number = CERTIFICATE_NUMBER.search(reply)
    link = PDF_LINK.search(reply)
    assert number and link
    assert "Tuesday 12 January 2027" in reply and "SEND35a" in reply  # refusal to assess
    assert verified(servers, number.group(0))["status"] == "valid"
    printed = pdf_text(link.group(1))
    assert "Grace Delete" in printed and "Will Smith" in printed
    case = load_case(servers.env["DATABASE_URL"], chat.sender)
    assert case is not None and case.facts["decision_type"] == "refuse_assessment"
    assert len(case.steps) == MIAS_STEPS


def test_a_parent_who_types_everything_chooses_mediation(servers: Servers) -> None:
    chat = Chat(servers.rasa_url)
    reply = typed_intake_to_the_steps(chat, "they wont do a plan")
    through_the_steps(chat, reply)
    assert "full name" in chat.say("i'd like to try mediation please")
    assert "full name of the child" in chat.say("Faith Hope")
    reply = chat.say("Joy Bye")
    assert "you'd like mediation" in reply
    assert "Friday 25 December 2026" in reply  # 30 days from today (T4)
    case = load_case(servers.env["DATABASE_URL"], chat.sender)
    assert case is not None
    assert case.facts["choice"] == "mediate" and case.facts["decision_type"] == "refuse_plan"


def test_a_late_letter_typed_in_words_goes_to_a_caseworker_with_no_promise(
    servers: Servers,
) -> None:
    chat = Chat(servers.rasa_url)
    chat.say("hello")
    chat.say("ok")
    chat.say("parent")
    chat.say("shes 9")
    chat.say("they are stopping the plan")
    assert "Tuesday 1 September 2026" in chat.say("1st sept")
    reply = chat.say("yes correct")
    assert "ended on Sunday 1 November 2026" in reply
    assert "certificate here" in reply and "get your certificate" not in reply
    assert "Did the letter" in reply
    reply = chat.say("no it didnt say anything about that")
    assert "more time" in reply and "caseworker" in reply
    assert "carry on" not in reply  # nothing left to do with the assistant
    case = load_case(servers.env["DATABASE_URL"], chat.sender)
    assert case is not None and case.facts["route"] == "late"
    assert case.facts["letter_told_rights"] is False
    assert ("window_passed", False, "waiting") in case.handoffs
    assert "anything else" in chat.say("ok")  # no dead end
    assert "welcome" in chat.say("thanks")


def test_a_council_we_do_not_cover_typed_in_a_sentence(servers: Servers) -> None:
    chat = Chat(servers.rasa_url)
    chat.say("hi")
    chat.say("yeah")
    chat.say("i am the dad")
    chat.say("under 16")
    chat.say("the council refused to assess my son")
    chat.say("12/11/2026")
    chat.say("yes")
    reply = chat.say("its kent county council")
    assert "Kent" in reply and "Tuesday 12 January 2027" in reply  # contact their own adviser by
    assert "Would you like" in reply
    assert "change your mind" in chat.say("no thanks")
    case = load_case(servers.env["DATABASE_URL"], chat.sender)
    assert case is not None and case.facts["route"] == "not_covered"


def test_a_young_person_texts_everything_in_words(servers: Servers) -> None:
    phone = Phone(servers)
    assert "Is that OK?" in phone.text("hi")
    assert "Who am I talking to?" in phone.text("ye thats ok")
    assert "How old are you" in phone.text("me its about my plan")
    reply = phone.text("im 17")
    assert "right to appeal is yours" in reply and "Which decision" in reply
    assert "What date" in phone.text("they want to stop my ehcp cos im at college")
    assert "Thursday 12 November 2026" in phone.text("12 nov")
    assert "Which council" in phone.text("yh")
    reply = phone.text("birmingham")
    assert "We cover Birmingham" in reply and "Step 1 of 12" in reply
    for step in range(2, MIAS_STEPS + 1):
        assert f"Step {step} of 12" in phone.text("ok")
    assert "your choice" in phone.text("got it")
    assert "full name" in phone.text("no mediation, straight to tribunal")
    reply = phone.text("Jordan Morgan")
    number = CERTIFICATE_NUMBER.search(reply)
    assert number and "Tuesday 12 January 2027" in reply and "SEND35" in reply
    assert verified(servers, number.group(0))["status"] == "valid"
    case = load_case(servers.env["DATABASE_URL"], phone.conversation_id)
    assert case is not None and case.facts["decision_type"] == "cease_plan"
    assert case.facts["rights_holder"] == "young_person"


def test_an_age_said_with_who_is_writing_is_not_asked_again(servers: Servers) -> None:
    chat = Chat(servers.rasa_url)
    chat.say("hi")
    chat.say("yes ok")
    reply = chat.say("its about my own plan, im 19")
    assert "right to appeal is yours" in reply and "Which decision" in reply
    assert "How old" not in reply


def test_a_decision_told_with_the_age_is_not_asked_again(servers: Servers) -> None:
    chat = Chat(servers.rasa_url)
    chat.say("hello")
    chat.say("yes thats fine")
    assert "How old" in chat.say("im his dad")
    reply = chat.say("hes 15 and they refused to assess him")
    assert "What date" in reply and "Which decision" not in reply
    case = load_case(servers.env["DATABASE_URL"], chat.sender)
    assert case is not None and case.facts["decision_type"] == "refuse_assessment"


def test_keeping_the_data_after_all_goes_on_from_the_same_question(servers: Servers) -> None:
    """The answers before the interruption stand: "no keep it" is not read as the date."""
    chat = Chat(servers.rasa_url)
    typed_intake_to_the_council(chat, "they refused to assess him")
    assert "delete" in chat.say("plz delet my info")
    reply = chat.say("no keep it")
    assert "nothing has been deleted" in reply and "Which council" in reply
    assert "date" not in reply
    assert "We cover Birmingham" in chat.say("birmingham")


# Names that are also ordinary words: each must be printed on a certificate as typed.
NAMES = [
    ("Jordan Morgan", "Grace Delete"), ("Faith Hope", "Will Smith"), ("Precious Adeyemi", "Blessing Okafor"),
    ("Jay Erase", "Joy Remove"), ("May Jones", "Summer Wipe"), ("Rose Forget", "Bill Stop"),
    ("Mark Help", "Sunny Yes"), ("Destiny Person", "Hope No"), ("Grace Human", "Will Cancel"),
    ("Faith Thanks", "Hope Hello"), ("Joy Bye", "Autumn Appeal"), ("Sky Mediation", "Bliss Certificate"),
    ("Patience Talk", "Charity Question"), ("Dawn Help", "Rain Goodbye"), ("Chance Delete", "Victory Ok"),
]  # fmt: skip


@pytest.mark.parametrize(("applicant", "child"), NAMES, ids=[a for a, _ in NAMES])
def test_names_that_are_ordinary_words_are_printed_as_typed(
    servers: Servers, applicant: str, child: str
) -> None:
    chat = Chat(servers.rasa_url)
    chat.start_as_parent()
    chat.say("12/11/2026")
    chat.say("yes")
    chat.say("Birmingham")
    for _ in range(2, MIAS_STEPS + 1):
        chat.say("got it")
    chat.say("got it")
    assert "full name" in chat.say("/request_certificate")
    assert "full name of the child" in chat.say(applicant)
    reply = chat.say(child)
    link = PDF_LINK.search(reply)
    assert link, reply
    printed = pdf_text(link.group(1))
    assert applicant in printed and child in printed
