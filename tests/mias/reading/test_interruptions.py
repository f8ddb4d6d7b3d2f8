"""Only real interruptions interrupt: names, places and answers are not requests or questions."""

from __future__ import annotations

import pytest

from bot.mias.reading.interruptions import (
    asks_for_a_person,
    discloses_harm,
    is_erasure_request,
    is_real_question,
    looks_like_a_name,
    mentions_risk,
    says_goodbye,
)

NAMES = [
    "Jordan Morgan",
    "Grace Delete",
    "Jay Erase",
    "Faith Hope",
    "Will Smith",
    "Precious Adeyemi",
    "Blessing Okafor",
    "May Rose Jones",
    "Can Ozturk",
    "Hope Forget",
    "Joy Remove",
    "Summer Wipe",
    "Hassan Clear",
    "Keeping Holder",
]


@pytest.mark.parametrize("name", NAMES)
def test_a_name_is_neither_a_request_nor_a_question(name: str) -> None:
    assert not is_erasure_request(name)
    assert not is_real_question(name)
    assert not asks_for_a_person(name)


@pytest.mark.parametrize(
    "text",
    [
        "delete my data",
        "please delete everything",
        "forget me",
        "can you delete this chat",
        "I want my data deleted",
        "erase",
        "please delete",
        "delete it all now",
        "wipe my details",
        "i want all my information removed",
        "right to be forgotten",
        "please destroy all my personal data",
        "i dont want you to keep my details",
        "stop storing my information",
        "remove me from your system",
        "I withdraw my consent",
        "pls delet my detials",
        "i dont want u holding my number",
        "can you bin everything i typed",
        "please dont save any of my info",
        "wipe the whole convo",
        "I'd like the details you hold about me removed",
        "could those be erased please",
        "i dont want this chat stored",
        "delete delete",
    ],
)
def test_explicit_requests_to_delete(text: str) -> None:
    assert is_erasure_request(text)


@pytest.mark.parametrize(
    "text",
    [
        "can i record the meeting, i have adhd and forget everything",
        "I'm scared I'll forget everything I wanted to say",
        "they removed his speech therapy from section F",
        "what data do you hold about me",
        "the council cleared the backlog",
    ],
)
def test_not_a_request_to_delete(text: str) -> None:
    assert not is_erasure_request(text)


@pytest.mark.parametrize(
    "text",
    [
        "hes been saying hed be better off dead",
        "she has bruises on her legs after contact with her dad",
        "my boyfriend hits me if i talk about the appeal",
        "i cant keep myself safe tonight",
        "ds has gone missing again",
        "shes been cutting her arms",
        "he said he wants to kill himself",
        "i dont feel safe at home",
        "my stepdad locks me in my room",
        "theres been violence at home again",
        "im scared of what ill do",
    ],
)
def test_words_that_disclose_harm(text: str) -> None:
    assert discloses_harm(text)


@pytest.mark.parametrize(
    "text",
    [
        "they cut his hours in the amended plan",
        "im scared of tribunal, is mediation easier",
        "if i say no to mediation will it hurt my appeal",
        "they want to end it after he turned 19",
        "the plan is missing his physical needs",
        "they keep threatening me with fines",
        "she cant go on the residential trip",
        "Kit Hurt",
        "Hope Harm",
        "we live in Kensington and Chelsea",
    ],
)
def test_not_a_disclosure(text: str) -> None:
    assert not discloses_harm(text)


@pytest.mark.parametrize(
    "text",
    [
        "will it cost anything",
        "how long",
        "is it free",
        "who will be there",
        "what is mediation",
        "tell me about mediation",
        "can my mum come with me",
        "do i have to go to mediation",
        "wat is mias",
        "Is it confidential?",
        "i dont understand what a certificate is",
    ],
)
def test_real_questions(text: str) -> None:
    assert is_real_question(text)


@pytest.mark.parametrize(
    "text",
    ["i want to talk to a person", "can i speak to someone", "real person please", "call me back"],
)
def test_asking_for_a_person(text: str) -> None:
    assert asks_for_a_person(text)


def test_a_place_is_not_a_risk_and_a_disclosure_is() -> None:
    assert not mentions_risk("We live in Kensington and Chelsea")
    assert not mentions_risk("tower hamlets e14 9yq")
    assert mentions_risk("my son is being hurt at home")
    assert mentions_risk("she talks about self harm")


@pytest.mark.parametrize("name", ["Destiny Person", "Grace Human", "Joy Bye", "Rain Goodbye"])
def test_a_name_made_of_request_words_is_a_name(name: str) -> None:
    assert looks_like_a_name(name)
    assert not asks_for_a_person(name) and not says_goodbye(name)


@pytest.mark.parametrize("text", ["Real Person", "talk to a person", "Human", "a human please"])
def test_asking_for_a_person_is_still_heard(text: str) -> None:
    assert asks_for_a_person(text)


@pytest.mark.parametrize("text", ["bye", "Good Bye", "thanks bye", "See You"])
def test_a_goodbye_is_still_heard(text: str) -> None:
    assert says_goodbye(text)
