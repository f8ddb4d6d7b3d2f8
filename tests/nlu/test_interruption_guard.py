"""The guard that keeps an interruption only when the words back it (bot/nlu/interruption_guard.py):
a name, a place or an answer about capacity is an answer, and a real request or disclosure still
interrupts."""

from __future__ import annotations

import pytest

from bot.nlu.interruption_guard import backed_by_words, intent_from_words

PLACE = [{"entity": "local_authority", "value": "Kensington and Chelsea"}]


@pytest.mark.parametrize(
    ("intent", "text", "entities"),
    [
        ("request_erasure", "Jordan Morgan", []),
        ("request_erasure", "Grace Delete", []),
        ("request_human", "Grace Human", []),
        ("goodbye", "Rain Goodbye", []),
        ("safeguarding_concern", "We live in Kensington and Chelsea", PLACE),
        ("safeguarding_concern", "He can't make this decision himself", []),
        ("safeguarding_concern", "she lacks capacity, I have power of attorney", []),
    ],
)
def test_an_answer_is_not_an_interruption(intent: str, text: str, entities: list) -> None:
    assert not backed_by_words(intent, text, entities)


@pytest.mark.parametrize(
    ("intent", "text", "entities"),
    [
        ("request_erasure", "please delete my data", []),
        ("request_human", "can I talk to a real person", []),
        ("goodbye", "ok bye", []),
        ("safeguarding_concern", "someone at home is hurting him", []),
        ("safeguarding_concern", "he can't decide for himself and his carer hits him", []),
        ("safeguarding_concern", "we live in Haringey and I'm scared he will hurt himself", PLACE),
    ],
)
def test_a_real_interruption_gets_through(intent: str, text: str, entities: list) -> None:
    assert backed_by_words(intent, text, entities)


@pytest.mark.parametrize(
    ("intent", "text"),
    [
        ("inform", "please delete my data"),
        ("faq", "can you erase all my details"),
        ("inform", "I want my right to erasure"),
        ("out_of_scope", "forget everything i said"),
    ],
)
def test_a_plain_request_to_delete_is_read_whatever_the_classifier_said(
    intent: str, text: str
) -> None:
    assert intent_from_words(intent, text, []) == "request_erasure"


@pytest.mark.parametrize(
    ("intent", "text", "read"),
    [
        ("inform", "Grace Delete", "inform"),
        ("inform", "Dawn Forget", "inform"),
        ("request_erasure", "Jordan Morgan", "inform"),
        ("safeguarding_concern", "he hurts me, delete my data", "safeguarding_concern"),
    ],
)
def test_names_stay_names_and_a_disclosure_comes_first(intent: str, text: str, read: str) -> None:
    assert intent_from_words(intent, text, []) == read


@pytest.mark.parametrize(
    ("intent", "text"),
    [
        ("faq", "my partner hits me when i bring up the school stuff"),
        ("describe_decision", "somone at respite hurt my son, he came home with bruses"),
        ("inform", "shes got marks on her arms again"),
        ("request_erasure", "i want to die, delete everything"),
    ],
)
def test_words_that_disclose_harm_are_a_disclosure_whatever_the_classifier_said(
    intent: str, text: str
) -> None:
    assert intent_from_words(intent, text, []) == "safeguarding_concern"


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("i want mediation but how long will it all take", "request_mediation"),
        ("I don't want mediation but when will the certificate come?", "request_certificate"),
        ("i need the cert for my appeal, when will it come", "request_certificate"),
        ("can i just have my certificate, how long does it take", "request_certificate"),
        ("we would like to try mediation, who will be there?", "request_mediation"),
        ("can i have a mediation meeting about my plan, im 17", "request_mediation"),
        ("I want to appeal, what do I do", "start_mias"),
        ("no mediation, I just want to appeal. how long does it take?", "request_certificate"),
    ],
)
def test_a_request_stated_before_a_question_is_acted_on_first(text: str, read: str) -> None:
    assert intent_from_words("faq", text, []) == read


@pytest.mark.parametrize(
    "text",
    [
        "what if i dont want mediation",
        "do i need a certificate to appeal",
        "i dont want to mediate, is that allowed",
        "I told the adviser we don't want mediation and they said a certificate would come",
        "i need the mediation info before i appeal, what is it",
        "can i get the cert by email",
        "can i get a certificate if it's only the school",
        "I don't need a certificate, do I?",
        "i just want to appeal, do i need to mediate first",
        "can i do mediation and still go to tribunal after",
        "i want to appeal the exclusion, can you help",
    ],
)
def test_a_question_about_a_wish_stays_a_question(text: str) -> None:
    assert intent_from_words("faq", text, []) == "faq"


@pytest.mark.parametrize(
    ("intent", "text", "ranking", "read"),
    [
        (
            "request_erasure",
            "please can someone just ring me, I keep deleting what I type",
            ["request_human", "faq"],
            "request_human",
        ),
        ("request_erasure", "Jordan Morgan", ["request_human", "greet"], "inform"),
        ("request_human", "Grace Human", ["request_erasure", "greet"], "inform"),
    ],
)
def test_a_request_the_words_back_is_taken_when_the_classifier_ranked_it_next(
    intent: str, text: str, ranking: list[str], read: str
) -> None:
    assert intent_from_words(intent, text, [], ranking) == read


@pytest.mark.parametrize(
    "text",
    [
        "please you must delete my son name and date of birth",
        "can u forget evrything i sed",
        "I no longer consent to you keeping my data",
        "take my details off ur system",
        "i dont want this saved anywhere",
        "i regret giving my details, can u remove them",
        "subject access and erasure request",
    ],
)
def test_a_request_to_delete_in_other_words_is_read(text: str) -> None:
    assert intent_from_words("inform", text, []) == "request_erasure"


@pytest.mark.parametrize(
    ("intent", "text", "read"),
    [
        ("faq", "thank u so much thats really cleared up what mediation is", "thank"),
        ("inform", "ok thanks, that's a weight off", "thank"),
        ("faq", "thanks, how long does it take", "faq"),
        ("inform", "thanks bye", "inform"),
        ("faq", "thanks but what if they say no", "faq"),
    ],
)
def test_thanks_said_on_its_own_is_thanks(intent: str, text: str, read: str) -> None:
    assert intent_from_words(intent, text, []) == read


@pytest.mark.parametrize(
    ("text", "ranking", "read"),
    [
        (
            "please can someone just ring me, I keep deleting what I type",
            ["request_human", "request_erasure"],
            "request_human",
        ),
        ("can i bring someone with me", ["faq", "request_human"], "nlu_fallback"),
        ("Grace Human", ["request_human", "inform"], "nlu_fallback"),
    ],
)
def test_when_the_classifier_is_unsure_only_a_request_the_words_back_is_taken(
    text: str, ranking: list[str], read: str
) -> None:
    assert intent_from_words("nlu_fallback", text, [], ranking) == read
