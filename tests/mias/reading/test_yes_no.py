"""Yes and no as people type them, and the replies that are neither."""

from __future__ import annotations

import pytest

from bot.mias.reading.yes_no import read_yes_no

YES = [
    "yes",
    "Yes, that's right",
    "yes thats right",
    "Yes that’s right!",
    "yeah",
    "yh",
    "yep",
    "ye",
    "ok",
    "okay",
    "k",
    "sure",
    "correct",
    "right",
    "thats correct",
    "no problem",
    "of course",
    "they agree",
    "yes they agree",
    "i think so",
    "yes please",
    "👍",
    "Y",
    "aye",
    "go ahead",
]
NO = [
    "no",
    "No.",
    "nope",
    "nah",
    "n",
    "no thats wrong",
    "thats not right",
    "that is not right",
    "not correct",
    "no change it",
    "change it",
    "they dont agree",
    "not sure",
    "im not sure",
    "no its the 4th",
    "wrong date",
    "disagree",
]
NEITHER = [
    "",
    "   ",
    "Precious Adeyemi",
    "Blessing Okafor",
    "Faith Hope",
    "Jordan Morgan",
    "yes but it was the 4th",
    "ok no wait",
    "3rd march",
    "Birmingham",
    "maybe",
]


@pytest.mark.parametrize("text", YES)
def test_yes(text: str) -> None:
    assert read_yes_no(text) is True


@pytest.mark.parametrize("text", NO)
def test_no(text: str) -> None:
    assert read_yes_no(text) is False


@pytest.mark.parametrize("text", NEITHER)
def test_neither_is_asked_again_not_guessed(text: str) -> None:
    assert read_yes_no(text) is None
