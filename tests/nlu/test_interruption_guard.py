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
