"""Finding the council a person names: bot.mias.coverage."""

from __future__ import annotations

import pytest

from bot.mias.coverage import (
    Council,
    CountyDistrict,
    CoverageData,
    MatchKind,
    is_common_word_name,
    match_council,
    normalise_council_text,
)
from bot.services.coverage import coverage_data

DATA = coverage_data()
COVERED = sorted(DATA.covered.values(), key=lambda council: council.gss_code)


def code_of(text: str, data: CoverageData = DATA) -> str | None:
    match = match_council(text, data)
    return match.council.gss_code if match and match.council else None


# -- normalising


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Royal Borough of Kensington & Chelsea", "kensington and chelsea"),
        ("London Borough of Southwark Council", "southwark"),
        ("Birmingham City Council", "birmingham"),
        ("Hertfordshire County Council", "hertfordshire"),
        ("It's St. Albans!", "st albans"),
        ("Saint Helens", "st helens"),
        ("we're in Stoke-on-Trent", "stoke on trent"),
        ("City of London", "city of london"),
        ("City of Westminster", "westminster"),
        ("Kingston upon Hull, City of", "kingston upon hull"),
        ("Herefordshire, County of", "herefordshire"),
        ("King's Lynn", "kings lynn"),
        ("", ""),
    ],
)
def test_normalise_council_text(text: str, expected: str):
    assert normalise_council_text(text) == expected


# -- covered councils: every name we hold resolves to its own code


@pytest.mark.parametrize("council", COVERED, ids=lambda council: council.official_name)
def test_official_and_spoken_names_resolve(council: Council):
    assert code_of(council.official_name) == council.gss_code
    assert code_of(council.council_name) == council.gss_code


ALIASES = [(council, alias) for council in COVERED for alias in council.aliases]


@pytest.mark.parametrize(("council", "alias"), ALIASES, ids=[alias for _, alias in ALIASES])
def test_each_alias_resolves(council: Council, alias: str):
    match = match_council(alias, DATA)
    assert match is not None
    if match.ambiguous:
        assert council in match.candidates
    else:
        assert match.council == council
        assert match.kind is MatchKind.COVERED


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Birmingam", "E08000025"),
        ("Hertfordshir", "E10000015"),
        ("sothwark", "E09000028"),
        ("Kensington & Chelsea", "E09000020"),
        ("tower hamlet", "E09000030"),
        ("croyden", "E09000008"),
        ("towerhamlets", "E09000030"),
        ("we live in se5 8ub and the council is southwark", "E09000028"),
        ("it was Birmingham City Council", "E08000025"),
        ("we're in Notts", "E10000024"),
        ("Brum", "E08000025"),
        ("RBKC", "E09000020"),
        ("K&C", "E09000020"),
        ("H&F", "E09000013"),
        ("Stoke", "E06000021"),
        ("Kingston", "E09000021"),
        ("Kingston-upon-Thames", "E09000021"),
        ("Richmond", "E09000027"),
        ("Manchester", "E08000003"),
        ("Barnsley", "E08000038"),
        ("Rutland", "E06000017"),
        ("Sandwell", "E08000028"),
        ("North Yorkshire", "E06000065"),
        ("Harrogate", "E06000065"),
        ("Kettering", "E06000061"),
        ("Sutton Coldfield", "E08000025"),
        ("the London Borough of Sutton", "E09000029"),
    ],
)
def test_covered_council_found_in_text(text: str, code: str):
    match = match_council(text, DATA)
    assert match is not None
    assert match.kind is MatchKind.COVERED
    assert match.council is not None and match.council.gss_code == code


def test_fuzzy_match_reports_a_score_below_100():
    match = match_council("Birmingam", DATA)
    assert match is not None and 88 <= match.score < 100


# -- districts of county councils


COVERED_DISTRICTS = [d for d in DATA.county_districts if d.county_gss_code in DATA.covered]


@pytest.mark.parametrize("district", COVERED_DISTRICTS, ids=lambda d: d.district_name)
def test_covered_county_district_resolves_to_its_county(district: CountyDistrict):
    match = match_council(f"we live in {district.district_name}", DATA)
    assert match is not None
    assert match.kind is MatchKind.COVERED_COUNTY_DISTRICT
    assert match.council is not None and match.council.gss_code == district.county_gss_code
    assert match.district_name == district.district_name


def test_st_albans_is_hertfordshire():
    match = match_council("St Albans", DATA)
    assert match is not None and match.council is not None
    assert match.council.council_name == "Hertfordshire County Council"
    assert match.council.office == "national"


def test_district_of_an_uncovered_county_names_that_county():
    match = match_council("Sevenoaks", DATA)
    assert match is not None and match.council is not None
    assert match.kind is MatchKind.UNCOVERED_COUNTY_DISTRICT
    assert match.council.gss_code == "E10000016"
    assert match.district_name == "Sevenoaks"


# -- not covered, other nations, ambiguous, nothing


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kent", "E10000016"),
        ("Sheffield", "E08000039"),
        ("Hackney", "E09000012"),
        ("Bromley council", "E09000006"),
        ("Dudley", "E08000027"),
        ("Cheshire West and Chester", "E06000050"),
        ("Kingston upon Hull", "E06000010"),
        ("Scunthorpe", "E06000013"),
        ("Somerset", "E06000066"),
        ("Cumberland", "E06000063"),
        ("Isles of Scilly", "E06000053"),
        ("reading council", "E06000038"),
        ("Reading", "E06000038"),
    ],
)
def test_english_council_not_covered(text: str, code: str):
    match = match_council(text, DATA)
    assert match is not None
    assert match.kind is MatchKind.NOT_COVERED
    assert match.council is not None and match.council.gss_code == code


@pytest.mark.parametrize(
    ("text", "nation"),
    [
        ("Cardiff", "Wales"),
        ("we live in Glasgow", "Scotland"),
        ("Edinburgh", "Scotland"),
        ("Belfast City Council", "Northern Ireland"),
        ("Isle of Anglesey", "Wales"),
    ],
)
def test_other_nations(text: str, nation: str):
    match = match_council(text, DATA)
    assert match is not None
    assert match.kind is MatchKind.OTHER_NATION
    assert match.council is not None and match.council.nation == nation


@pytest.mark.parametrize("text", ["Northants", "Northamptonshire", "we are in northants"])
def test_northamptonshire_is_ambiguous(text: str):
    match = match_council(text, DATA)
    assert match is not None
    assert match.ambiguous and match.council is None
    assert {council.gss_code for council in match.candidates} == {"E06000061", "E06000062"}


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Newcastle", {"E08000021", "E10000028"}),
        ("Cheshire", {"E06000049", "E06000050"}),
        ("Greater Manchester", {"E08000003", "E08000007", "E08000009", "E08000001"}),
    ],
)
def test_names_of_several_councils_are_ambiguous(text: str, codes: set[str]):
    match = match_council(text, DATA)
    assert match is not None and match.ambiguous
    assert codes <= {council.gss_code for council in match.candidates}


@pytest.mark.parametrize(
    "text",
    [
        "hello",
        "mediation",
        "I want mediation please",
        "we live in London",
        "I was reading the letter",
        "we are dealing with the school",
        "3 working days",
        "the school staff",
        "I am tending to agree",
        "my son is eating well",
        "she plays rugby",
        "fifty bucks",
        "pounds sterling",
        "yes",
        "",
        "   ",
    ],
)
def test_no_council_named(text: str):
    assert match_council(text, DATA) is None


def test_longest_name_wins():
    assert code_of("Kingston upon Hull") == "E06000010"
    assert code_of("Newcastle-under-Lyme") == "E10000028"
    assert code_of("North East Lincolnshire") == "E06000012"


def test_common_word_names():
    assert is_common_word_name("Reading")
    assert is_common_word_name("Bury Council")
    assert not is_common_word_name("Southwark")


# -- the rules work on any data passed in


def small_data() -> CoverageData:
    covered = Council("E10000001", "Testshire", "Testshire County Council", ("Tests",), "national")
    kent = Council("E10000016", "Kent", "Kent County Council")
    north = Council("E06000001", "North Shire", "North Shire Council", ("Shires",), "national")
    south = Council("E06000002", "South Shire", "South Shire Council", ("Shires",), "national")
    return CoverageData(
        covered={c.gss_code: c for c in (covered, north, south)},
        county_districts=(
            CountyDistrict("E10000001", "Testshire", "E07000001", "Little Town"),
            CountyDistrict("E10000016", "Kent", "E07000111", "Sevenoaks"),
        ),
        english={c.gss_code: c for c in (covered, kent, north, south)},
        other_nations=(Council("W06000015", "Cardiff", "Cardiff", nation="Wales"),),
    )


def test_rules_on_hand_made_data():
    data = small_data()
    assert code_of("Testshire CC", data) == "E10000001"
    assert code_of("tests", data) == "E10000001"
    little = match_council("little town", data)
    assert little is not None and little.kind is MatchKind.COVERED_COUNTY_DISTRICT
    seven = match_council("sevenoaks", data)
    assert seven is not None and seven.kind is MatchKind.UNCOVERED_COUNTY_DISTRICT
    assert code_of("Kent", data) == "E10000016"
    shires = match_council("the shires", data)
    assert shires is not None and shires.ambiguous and len(shires.candidates) == 2
    cardiff = match_council("Cardiff", data)
    assert cardiff is not None and cardiff.kind is MatchKind.OTHER_NATION
    assert match_council("Birmingham", data) is None
