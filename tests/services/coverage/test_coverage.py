"""Coverage by council name (bot.services.coverage) and the coverage data files."""

from __future__ import annotations

import csv
import dataclasses
import re
from pathlib import Path

import pytest

from bot.services import coverage
from bot.services.coverage import CoverageResult, check_council, council_names

REPO = Path(__file__).resolve().parents[3]
SHARED_DATA = REPO.parent / "shared" / "data"
REASONS = {
    "covered",
    "covered_county_district",
    "not_covered",
    "not_england",
    "ambiguous",
    "unknown",
}


def rows(name: str) -> list[dict[str, str]]:
    with (coverage.DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# -- check_council


@pytest.mark.parametrize(
    ("text", "code", "name", "reason", "office"),
    [
        ("Southwark", "E09000028", "London Borough of Southwark", "covered", "london"),
        ("sothwark", "E09000028", "London Borough of Southwark", "covered", "london"),
        (
            "it was Birmingham City Council",
            "E08000025",
            "Birmingham City Council",
            "covered",
            "national",
        ),
        ("RBKC", "E09000020", "Royal Borough of Kensington and Chelsea", "covered", "london"),
        ("Herts", "E10000015", "Hertfordshire County Council", "covered", "national"),
        (
            "St Albans",
            "E10000015",
            "Hertfordshire County Council",
            "covered_county_district",
            "national",
        ),
        (
            "Rugby",
            "E10000031",
            "Warwickshire County Council",
            "covered_county_district",
            "national",
        ),
        ("Barnsley", "E08000038", "Barnsley Council", "covered", "national"),
    ],
)
def test_covered(text: str, code: str, name: str, reason: str, office: str):
    assert check_council(text) == CoverageResult(
        postcode=None,
        authority_code=code,
        authority_name=name,
        covered=True,
        reason=reason,
        office=office,
    )


@pytest.mark.parametrize(
    ("text", "code", "reason"),
    [
        ("Kent", "E10000016", "not_covered"),
        ("Sevenoaks", "E10000016", "not_covered"),
        ("Sheffield", "E08000039", "not_covered"),
        ("Hackney", "E09000012", "not_covered"),
        ("Cardiff", "W06000015", "not_england"),
        ("Glasgow", "S12000049", "not_england"),
        ("Belfast", "N09000003", "not_england"),
    ],
)
def test_not_covered(text: str, code: str, reason: str):
    result = check_council(text)
    assert (result.authority_code, result.covered, result.reason) == (code, False, reason)
    assert result.office is None and result.postcode is None


def test_ambiguous_name_whose_councils_are_all_covered():
    result = check_council("Northants")
    assert result.reason == "ambiguous"
    assert result.authority_code is None and result.authority_name is None
    assert result.covered is True and result.office == "national"
    assert set(result.candidates) == {
        "North Northamptonshire Council",
        "West Northamptonshire Council",
    }


def test_ambiguous_name_with_covered_and_uncovered_councils():
    result = check_council("Cheshire")
    assert result.reason == "ambiguous" and result.covered is None and result.office is None
    assert set(result.candidates) == {"Cheshire East Council", "Cheshire West and Chester Council"}


@pytest.mark.parametrize("text", ["", "hello", "mediation", "we live in London", "Narnia"])
def test_unknown(text: str):
    assert check_council(text) == CoverageResult(None, None, None, None, "unknown")


def test_result_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        check_council("Kent").covered = True  # type: ignore[misc]


def test_reasons_are_the_documented_ones():
    texts = ["Southwark", "St Albans", "Kent", "Cardiff", "Northants", "hello"]
    assert {check_council(text).reason for text in texts} == REASONS


def test_data_is_read_once():
    coverage.coverage_data.cache_clear()
    check_council("Kent")
    check_council("Southwark")
    assert coverage.coverage_data.cache_info().misses == 1


def test_council_names_for_the_nlu():
    names = council_names()
    assert names == sorted(set(names))
    for name in [
        "Southwark",
        "London Borough of Southwark",
        "RBKC",
        "St Albans",
        "Sevenoaks",
        "Kent County Council",
        "Cardiff",
        "Glasgow City",
        "Northants",
    ]:
        assert name in names


# -- the data files


def test_covered_councils_are_english_send_authorities():
    english = {row["gss_code"]: row for row in rows("english_councils.csv")}
    for row in rows("covered_councils.csv"):
        assert row["gss_code"] in english
        assert row["official_name"] == english[row["gss_code"]]["official_name"]
        assert row["council_name"] == english[row["gss_code"]]["council_name"]


def test_covered_councils_file_shape():
    covered = rows("covered_councils.csv")
    assert len(covered) == 65
    assert len({row["gss_code"] for row in covered}) == 65
    assert {row["office"] for row in covered} == {"london", "national"}
    assert {row["reviewed"] for row in covered} == {"2026-11-25"}
    for row in covered:
        assert (row["office"] == "london") == row["gss_code"].startswith("E09")
        assert row["tier"] in {"london", "metropolitan", "unitary", "county"}


def test_covered_codes_match_the_shared_research():
    """The shared list is the source; without it (outside the workspace) the project copy stands."""
    shared = SHARED_DATA / "covered_las.csv"
    if not shared.is_file():
        pytest.skip("shared/data/covered_las.csv is not beside the repository")
    with shared.open(encoding="utf-8", newline="") as handle:
        expected = {row["gss_code"] for row in csv.DictReader(handle)}
    assert {row["gss_code"] for row in rows("covered_councils.csv")} == expected


def test_covered_county_districts_match_the_shared_research():
    shared = SHARED_DATA / "covered_county_districts.csv"
    if not shared.is_file():
        pytest.skip("shared/data/covered_county_districts.csv is not beside the repository")
    with shared.open(encoding="utf-8", newline="") as handle:
        expected = {tuple(row.values()) for row in csv.DictReader(handle)}
    covered = {row["gss_code"] for row in rows("covered_councils.csv")}
    ours = {
        tuple(row.values())
        for row in rows("county_districts.csv")
        if row["county_gss_code"] in covered
    }
    assert ours == expected


def test_english_councils_are_the_153_current_send_authorities():
    english = {row["gss_code"] for row in rows("english_councils.csv")}
    assert len(english) == 153
    assert all(re.fullmatch(r"E(06|08|09|10)\d{6}", code) for code in english)
    assert {code[:3] for code in english} == {"E06", "E08", "E09", "E10"}
    abolished = {
        "E10000021",
        "E10000023",
        "E08000016",
        "E08000019",
        "E10000006",
        "E10000027",
        "E10000002",
        "E10000009",
    }
    assert not english & abolished
    successors = {
        "E06000061",
        "E06000062",
        "E06000063",
        "E06000064",
        "E06000065",
        "E06000066",
        "E08000038",
        "E08000039",
        "E06000053",
        "E09000001",
    }
    assert successors <= english


def test_county_districts_belong_to_current_counties():
    english = {row["gss_code"] for row in rows("english_councils.csv")}
    districts = rows("county_districts.csv")
    assert len(districts) == 164
    assert all(row["district_gss_code"].startswith("E07") for row in districts)
    assert {row["county_gss_code"] for row in districts} <= english


def test_other_nations():
    nations = {row["gss_code"][0]: row["nation"] for row in rows("other_nations.csv")}
    assert nations == {"W": "Wales", "S": "Scotland", "N": "Northern Ireland"}
    assert len(rows("other_nations.csv")) == 22 + 32 + 11
