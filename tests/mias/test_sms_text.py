"""SMS text rules: GSM-7, segments, splitting a long answer, numbered options and keywords."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.mias.sms_text import (
    Block,
    Option,
    choose_option,
    is_gsm7,
    keyword,
    number_in_reply,
    segments,
    split_turn,
    to_gsm7,
)

MORE = "Reply MORE for the rest."
OPTIONS = [
    Option("Try mediation", "/request_mediation"),
    Option("No mediation, I want to appeal", "/request_certificate"),
    Option("Talk to a person first", "/request_human"),
]


# ----------------------------------------------------------------------------- GSM-7


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It\u2019s \u201cfine\u201d", 'It\'s "fine"'),
        ("2\u20133 weeks \u2014 maybe", "2-3 weeks - maybe"),
        ("Wait\u2026", "Wait..."),
        ("Thanks \U0001f60a see you", "Thanks see you"),
        ("Zo\u00eb and Ren\u00e9e in Bront\u00eb", "Zoe and Ren\u00e9e in Bronte"),
        ("caf\u00e9 \u00e0 \u00fcber \u00f1", "caf\u00e9 \u00e0 \u00fcber \u00f1"),  # already GSM-7
        ("non\u00a0breaking\u200bzero", "non breakingzero"),
        ("\u041f\u0440\u0438\u0432\u0435\u0442", "??????"),
        ("\U0001f468\u200d\U0001f469\u200d\U0001f467 family", "family"),
        ("\u2022 one\r\n\u2022 two", "- one\n- two"),
    ],
)
def test_text_is_written_in_gsm7_as_near_as_can_be(text: str, expected: str) -> None:
    assert to_gsm7(text) == expected
    assert is_gsm7(to_gsm7(text))


@given(st.text(max_size=300))
def test_anything_at_all_comes_out_gsm7(text: str) -> None:
    assert is_gsm7(to_gsm7(text))


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 1),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("a" * 459, 3),
        ("a" * 460, 4),
        ("\u20ac" * 80, 1),  # the euro sign takes two septets
        ("\u20ac" * 81, 2),
        ("a" * 152 + "\u20ac" + "a" * 153, 3),  # an escape never straddles two parts
        ("\u00eb" * 70, 1),  # one non-GSM-7 letter: UCS-2 at 70 characters
        ("\u00eb" * 71, 2),
        ("\u00eb" * 134, 2),
        ("\u00eb" * 135, 3),
    ],
)
def test_segments_are_counted_as_phones_count_them(text: str, count: int) -> None:
    assert segments(text) == count


# ----------------------------------------------------------------------------- splitting


def words_of(parts: list[str]) -> list[str]:
    return " ".join(part.replace(MORE, " ") for part in parts).split()


def test_a_short_turn_is_one_text_without_more() -> None:
    parts = split_turn([Block("Hello."), Block("Is that OK?")], more=MORE)
    assert [p.text for p in parts] == ["Hello.\n\nIs that OK?"]


def test_a_long_turn_is_cut_at_paragraphs_and_each_part_says_more_but_the_last() -> None:
    paragraphs = [f"Paragraph {n}. " + "word " * 40 for n in range(6)]
    parts = [p.text for p in split_turn([Block("\n\n".join(paragraphs))], more=MORE)]
    assert len(parts) > 1
    assert all(segments(p) <= 3 for p in parts)
    assert all(p.endswith(MORE) for p in parts[:-1]) and not parts[-1].endswith(MORE)
    assert words_of(parts) == " ".join(paragraphs).split()
    assert all(re.match(r"Paragraph \d\.", p) for p in parts)  # no paragraph was cut


def test_a_thousand_character_message_is_cut_into_parts_the_person_can_ask_for() -> None:
    text = " ".join(
        f"Point {n}: this is part of a long reply from a caseworker." for n in range(18)
    )
    parts = [p.text for p in split_turn([Block(text)], more=MORE)]
    assert len(text) > 1000 and len(parts) == 3
    assert all(segments(p) <= 3 for p in parts)
    assert all(
        re.fullmatch(r"(Point \d+: [^:]+\. ?)+", p.replace("\n\n" + MORE, "")) for p in parts
    )
    assert words_of(parts) == text.split()


def test_a_word_longer_than_a_part_is_still_sent_whole_in_pieces() -> None:
    link = "https://example.org/" + "x" * 600
    parts = [p.text for p in split_turn([Block(link)], more=MORE)]
    assert all(segments(p) <= 3 for p in parts)
    assert "".join(p.replace("\n\n" + MORE, "") for p in parts) == link


def test_what_a_block_carries_follows_it_into_its_parts() -> None:
    parts = split_turn(
        [Block("Thank you. " * 30), Block("Your certificate. " * 10, tag="certificate")],
        more=MORE,
    )
    assert [sorted(p.tags) for p in parts] == [[], ["certificate"]]


@given(st.lists(st.text(alphabet=st.sampled_from("ab cd.\n"), max_size=700), max_size=4))
def test_every_part_fits_and_nothing_is_lost(texts: list[str]) -> None:
    parts = [p.text for p in split_turn([Block(t) for t in texts], more=MORE)]
    assert all(segments(p) <= 3 for p in parts)
    assert words_of(parts) == " ".join(texts).split()


# ----------------------------------------------------------------------------- numbered options


@pytest.mark.parametrize(
    ("reply", "payload"),
    [
        ("1", "/request_mediation"),
        ("2.", "/request_certificate"),
        (" #3 ", "/request_human"),
        ("two", "/request_certificate"),
        ("Option 3", "/request_human"),
        ("Third", "/request_human"),
        ("try mediation", "/request_mediation"),
        ("No mediation, I want to appeal", "/request_certificate"),
        ("appeal", "/request_certificate"),
        ("a person", "/request_human"),
    ],
)
def test_a_reply_picks_an_option_by_number_or_by_its_words(reply: str, payload: str) -> None:
    chosen = choose_option(reply, OPTIONS)
    assert chosen is not None and chosen.payload == payload


@pytest.mark.parametrize(
    "reply", ["4", "0", "mediation", "what is mediation?", "ok", "", "I want to think"]
)
def test_a_reply_that_is_not_clearly_one_option_picks_none(reply: str) -> None:
    assert choose_option(reply, OPTIONS) is None


def test_yes_and_no_pick_the_option_that_says_them() -> None:
    options = [Option("Yes, that's OK", "/affirm"), Option("No thanks", "/deny")]
    assert choose_option("yes", options) == options[0]
    assert choose_option("No", options) == options[1]
    assert choose_option("Yes, that's OK", options) == options[0]


@pytest.mark.parametrize(
    ("reply", "number"), [("3", 3), ("three", 3), ("no. 2", 2), ("12", 12), ("3 please", None)]
)
def test_a_reply_that_is_only_a_number_is_read_as_one(reply: str, number: int | None) -> None:
    assert number_in_reply(reply) == number


# ----------------------------------------------------------------------------- keywords


@pytest.mark.parametrize(
    ("reply", "word"),
    [
        ("STOP", "STOP"),
        (" stop. ", "STOP"),
        ("Stop!", "STOP"),
        ("stop texting me", None),
        ("help?", "HELP"),
        ("12", None),
        ("", None),
    ],
)
def test_keywords_are_one_word_whatever_the_case(reply: str, word: str | None) -> None:
    assert keyword(reply) == word
