import re

import pytest

from bot.mias.certificate_numbers import ALPHABET, new_number, normalise_number

SHAPE = re.compile(r"^MC-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def test_numbers_are_short_readable_and_do_not_repeat() -> None:
    numbers = {new_number() for _ in range(5000)}
    assert len(numbers) == 5000
    assert all(SHAPE.match(number) for number in numbers)
    assert all(normalise_number(number) == number for number in numbers)


@pytest.mark.parametrize(
    "typed",
    ["mc-{a}-{b}-{c}", "MC {a} {b} {c}", "{a}{b}{c}", " mc{a}{b}{c} ", "{a}.{b}.{c}"],
)
def test_what_people_type_is_read_back(typed: str) -> None:
    number = new_number()
    _, a, b, c = number.split("-")
    assert normalise_number(typed.format(a=a.lower(), b=b, c=c)) == number


def test_look_alike_letters_are_read_as_digits() -> None:
    number = new_number()
    body = number[3:]
    lookalike = body.replace("0", "O").replace("1", "l")
    assert normalise_number(lookalike) == number


def test_every_single_mistyped_symbol_is_caught() -> None:
    number = new_number()
    body = number[3:].replace("-", "")
    for position in range(len(body)):
        for symbol in ALPHABET:
            if symbol != body[position]:
                typo = body[:position] + symbol + body[position + 1 :]
                assert normalise_number(typo) is None


@pytest.mark.parametrize(
    "text", ["", "MC", "MC-1234", "hello world", "MC-AAAA-AAAA-AAAU", "MC-" + "9" * 20]
)
def test_malformed_text_is_not_a_number(text: str) -> None:
    assert normalise_number(text) is None
