"""Reading postcodes as people type them: bot.mias.postcodes."""

from __future__ import annotations

import pytest

from bot.mias.postcodes import (
    AREAS,
    BFPO,
    CHANNEL_ISLANDS,
    ISLE_OF_MAN,
    NORTHERN_IRELAND,
    SCOTLAND,
    WALES,
    find_bfpo,
    find_postcode,
    nation_by_area,
    nation_of_code,
    normalise_outward_code,
    normalise_postcode,
    outward_code,
    postcode_area,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("b721ea", "B72 1EA"),
        ("B72  1EA", "B72 1EA"),
        ("b72 1ea.", "B72 1EA"),
        (" B72\t1EA ", "B72 1EA"),
        ("b72-1ea", "B72 1EA"),
        ("sw1a1aa", "SW1A 1AA"),
        ("SE1P 5ZZ", "SE1P 5ZZ"),
        ("m11ad", "M1 1AD"),
        ("N1P 1AD", "N1P 1AD"),  # rejected by the archived BS 7666 pattern, yet real
        ("EC1A 1BB", "EC1A 1BB"),
        ("w1a 0ax", "W1A 0AX"),
        ("gir 0aa", "GIR 0AA"),
        ("ZZ99 9ZZ", "ZZ99 9ZZ"),  # the right shape: only a lookup can say it is no real postcode
        ("B72", None),
        ("B72 1E", None),
        ("B72 1EAA", None),
        ("BFPO 123", None),
        ("123 456", None),
        ("my postcode is B72 1EA", None),  # a sentence: see find_postcode
        ("", None),
    ],
)
def test_normalise_postcode(text: str, expected: str | None):
    assert normalise_postcode(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my postcode is b72 1ea thanks", "B72 1EA"),
        ("It's SE1P5ZZ.", "SE1P 5ZZ"),
        ("al3 5ra", "AL3 5RA"),
        ("we moved from CR0 4AA to B72  1EA", "CR0 4AA"),
        ("take the m1 2nd exit", None),  # a road and a date, not a postcode
        ("M1 2ND", "M1 2ND"),
        ("flat 2b, 14 high street", None),
        ("B72", None),
        ("hello", None),
    ],
)
def test_find_postcode(text: str, expected: str | None):
    assert find_postcode(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("B72", "B72"),
        ("b72", "B72"),
        ("we're in se5", "SE5"),
        ("postcode SW1A", "SW1A"),
        ("B72 1EA", "B72"),
        ("near the A380", None),  # area A does not exist
        ("year 9", None),
        ("Y9", None),
        ("hello", None),
    ],
)
def test_outward_code(text: str, expected: str | None):
    assert outward_code(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("B72", "B72"), (" cr0 ", "CR0"), ("SW1A", "SW1A"), ("B72 1EA", None), ("Q1", None)],
)
def test_normalise_outward_code(text: str, expected: str | None):
    assert normalise_outward_code(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BFPO 123", "BFPO 123"),
        ("it's bfpo123", "BFPO 123"),
        ("BFPO 0061", "BFPO 61"),
        ("BF1 2AY", None),
        ("B72 1EA", None),
    ],
)
def test_find_bfpo(text: str, expected: str | None):
    assert find_bfpo(text) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [("SW1A 1AA", "SW"), ("B72", "B"), ("b72 1ea", "B"), ("GIR 0AA", "GIR"), ("", "")],
)
def test_postcode_area(code: str, expected: str):
    assert postcode_area(code) == expected


@pytest.mark.parametrize(
    ("code", "nation"),
    [
        ("CF10 1AA", WALES),
        ("SA1", WALES),
        ("EH1 1AA", SCOTLAND),
        ("G1 1AA", SCOTLAND),
        ("ZE1", SCOTLAND),
        ("BT1 1AA", NORTHERN_IRELAND),
        ("JE2 4WD", CHANNEL_ISLANDS),
        ("GY1 1AA", CHANNEL_ISLANDS),
        ("IM1 1AA", ISLE_OF_MAN),
        ("BF1 2AY", BFPO),
        # Areas crossing a border are left to the lookup.
        ("TD15 1AA", None),
        ("DG16 5HT", None),
        ("SY10 7AA", None),
        ("LL14 5BU", None),
        ("NP16 7AA", None),
        ("CH1 4QL", None),
        ("CA6 5AA", None),
        # England, including areas that start like Scottish ones.
        ("GL1 1AA", None),
        ("GU1 1AA", None),
        ("B72 1EA", None),
    ],
)
def test_nation_by_area(code: str, nation: str | None):
    assert nation_by_area(code) == nation


@pytest.mark.parametrize(
    ("code", "nation"),
    [
        ("W06000015", WALES),
        ("S12000036", SCOTLAND),
        ("N09000003", NORTHERN_IRELAND),
        ("L99999999", CHANNEL_ISLANDS),
        ("M99999999", ISLE_OF_MAN),
        ("W", WALES),
        ("E09000028", None),
        ("E99999999", None),
        ("", None),
    ],
)
def test_nation_of_code(code: str, nation: str | None):
    assert nation_of_code(code) == nation


def test_areas():
    # 121 areas of the UK, the Channel Islands and the Isle of Man, BF (BFPO) and BX.
    assert len(AREAS) == 126
    assert all(area.isalpha() and area.isupper() and len(area) <= 2 for area in AREAS)
