"""The guard that keeps an interruption only when the words back it (bot/nlu/interruption_guard.py):
a name, a place or an answer about capacity is an answer, and a real request or disclosure still
interrupts."""

from __future__ import annotations

import pytest

from bot.nlu.interruption_guard import backed_by_words

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
