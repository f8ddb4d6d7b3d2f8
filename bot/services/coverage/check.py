"""Is this family's council one the provider covers? The one place the bot and console ask.

The council lists live in ``bot/data/coverage/`` (see its README). They are read on first use and
kept for the life of the process; nothing is read at import.

A postcode is placed by postcodes.io when ``POSTCODES_API_URL`` is set, else (and whenever it
cannot answer) by the offline table built at setup (``bot.services.coverage.postcode_table``). Both give
ONS codes, and codes, never names, decide: the SEND authority is the county council (E10) in a
two-tier area, found from the district (E07) through ``county_districts.csv``, else the unitary,
metropolitan or London council itself.
"""

from __future__ import annotations

import csv
import functools
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.mias.coverage import (
    Council,
    CouncilMatch,
    CountyDistrict,
    CoverageData,
    MatchKind,
    match_council,
)
from bot.mias.postcodes import (
    BFPO,
    find_bfpo,
    find_postcode,
    nation_by_area,
    nation_of_code,
    outward_code,
)
from bot.services.coverage.postcode_table import PostcodeTable, load_table
from bot.services.coverage.postcodes_io import OutcodeAnswer, PostcodeAnswer, PostcodesIoClient
from bot.settings import DEFAULT_DATA_DIR, Settings

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "coverage"

_REASONS = {
    MatchKind.COVERED: "covered",
    MatchKind.COVERED_COUNTY_DISTRICT: "covered_county_district",
    MatchKind.NOT_COVERED: "not_covered",
    MatchKind.UNCOVERED_COUNTY_DISTRICT: "not_covered",
    MatchKind.OTHER_NATION: "not_england",
}
_COVERED_KINDS = frozenset({MatchKind.COVERED, MatchKind.COVERED_COUNTY_DISTRICT})


@dataclass(frozen=True)
class CoverageResult:
    """The answer about one postcode or council name.

    ``covered`` is ``None`` when we cannot tell. ``reason`` is one of "covered",
    "covered_county_district", "not_covered", "not_england", "ambiguous" and "unknown"; a postcode
    can also give "outcode_ambiguous" (an outward code alone that spans councils: ask for the full
    postcode or the council) and "invalid" (nothing shaped like a postcode).
    ``authority_name`` is the council's name as we say it ("Hertfordshire County Council");
    ``candidates`` holds those names for every council an ambiguous name or outward code may mean.
    ``postcode`` is the postcode as we read it back ("B72 1EA"), or the outward code or BFPO
    number that was checked. ``nation`` names the nation of a "not_england" answer ("Wales",
    "Channel Islands", "British Forces Post Office"), or the other nation an ambiguous outward code
    reaches into. ``terminated`` is set when postcodes.io says the postcode is no longer in use:
    any council given is where it used to be.
    """

    postcode: str | None
    authority_code: str | None
    authority_name: str | None
    covered: bool | None
    reason: str
    office: str | None = None
    candidates: tuple[str, ...] = ()
    nation: str | None = None
    terminated: bool = False


@dataclass(frozen=True)
class PostcodeSources:
    """Where postcodes are looked up: postcodes.io when configured, and the offline table."""

    table_dir: Path
    client: PostcodesIoClient | None = None


OFFLINE = PostcodeSources(DEFAULT_DATA_DIR / "postcodes")


@dataclass(frozen=True)
class _Place:
    """Where a postcode or outward code lies: English SEND authorities and other nations."""

    authorities: frozenset[str] = frozenset()
    nations: frozenset[str] = frozenset()
    terminated: bool = False


def check_council(name: str) -> CoverageResult:
    """Coverage for a council, district or town name said in any words ("we're in Herts")."""
    data = coverage_data()
    match = match_council(name, data)
    if match is None:
        return CoverageResult(None, None, None, None, "unknown")
    if match.council is None:
        return _ambiguous_result(match, data)
    covered = match.kind in _COVERED_KINDS
    return CoverageResult(
        postcode=None,
        authority_code=match.council.gss_code,
        authority_name=match.council.council_name,
        covered=covered,
        reason=_REASONS[match.kind],
        office=match.council.office if covered else None,
    )


def check_postcode(text: str, *, sources: PostcodeSources = OFFLINE) -> CoverageResult:
    """Coverage for the postcode in ``text`` ("b721ea", "it's B72 1EA."), or an outward code alone.

    An outward code ("B72") gets an answer only when all of its postcodes fall to one council.
    ``sources`` are the process's (``postcode_sources(settings)``); without them, the offline
    table in its default folder, so the contract's one-argument call needs no settings.
    """
    bfpo = find_bfpo(text)
    if bfpo is not None:
        return _verdict(bfpo, _Place(nations=frozenset({BFPO})))
    postcode = find_postcode(text)
    if postcode is not None:
        return _verdict(postcode, _place_of_postcode(postcode, sources))
    outward = outward_code(text)
    if outward is not None:
        return _verdict(outward, _place_of_outcode(outward, sources))
    return CoverageResult(None, None, None, None, "invalid")


@functools.lru_cache(maxsize=1)
def postcode_sources(settings: Settings) -> PostcodeSources:
    """The sources the process's settings name, made once per process."""
    url = settings.postcodes_api_url
    return PostcodeSources(settings.data_dir / "postcodes", PostcodesIoClient(url) if url else None)


@functools.lru_cache(maxsize=4)
def offline_table(directory: Path) -> PostcodeTable | None:
    """The offline table, loaded on first use (0.1-0.2 s); ``None`` when setup has not built it."""
    try:
        return load_table(directory)
    except FileNotFoundError:
        logger.error("event=postcode_table_missing fix=scripts/bootstrap.sh")
        return None


def council_names() -> list[str]:
    """Every council, district and alias name we know, for the NLU entity rules."""
    data = coverage_data()
    councils = [*data.covered.values(), *data.english.values(), *data.other_nations]
    names = {name for council in councils for name in council.names}
    names.update(district.district_name for district in data.county_districts)
    return sorted(names)


@functools.lru_cache(maxsize=1)
def coverage_data() -> CoverageData:
    """The project's coverage data, read once."""
    return load_coverage_data(DATA_DIR)


def load_coverage_data(directory: Path) -> CoverageData:
    """Read the four coverage CSV files in ``directory``."""
    covered = [
        _council(row, office=row["office"]) for row in _read(directory / "covered_councils.csv")
    ]
    english = [_council(row) for row in _read(directory / "english_councils.csv")]
    districts = [
        CountyDistrict(
            row["county_gss_code"],
            row["county_name"],
            row["district_gss_code"],
            row["district_name"],
        )
        for row in _read(directory / "county_districts.csv")
    ]
    other = [_council(row, nation=row["nation"]) for row in _read(directory / "other_nations.csv")]
    return CoverageData(
        covered={council.gss_code: council for council in covered},
        county_districts=tuple(districts),
        english={council.gss_code: council for council in english},
        other_nations=tuple(other),
    )


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _council(row: dict[str, str], office: str | None = None, nation: str = "England") -> Council:
    aliases = tuple(alias.strip() for alias in row.get("aliases", "").split("|") if alias.strip())
    return Council(
        gss_code=row["gss_code"],
        official_name=row["official_name"],
        council_name=row.get("council_name") or row["official_name"],
        aliases=aliases,
        office=office,
        nation=nation,
    )


def _ambiguous_result(match: CouncilMatch, data: CoverageData) -> CoverageResult:
    """A name that fits several councils: covered only if every one of them is covered."""
    flags = {council.gss_code in data.covered for council in match.candidates}
    covered = flags.pop() if len(flags) == 1 else None
    offices = {council.office for council in match.candidates}
    return CoverageResult(
        postcode=None,
        authority_code=None,
        authority_name=None,
        covered=covered,
        reason="ambiguous",
        office=offices.pop() if covered and len(offices) == 1 else None,
        candidates=tuple(council.council_name for council in match.candidates),
    )


def _place_of_postcode(postcode: str, sources: PostcodeSources) -> _Place:
    nation = nation_by_area(postcode)
    if nation is not None:
        return _Place(nations=frozenset({nation}))
    answer = sources.client.postcode(postcode) if sources.client else None
    if answer is not None:
        place = _place_of_answer(answer)
        if place is not None:
            return place
    table = offline_table(sources.table_dir)
    value = table.lookup(postcode) if table else None
    terminated = answer is not None and answer.terminated
    return _place_of_values(() if value is None else (value,), terminated)


def _place_of_answer(answer: PostcodeAnswer) -> _Place | None:
    """The place postcodes.io gives, or ``None`` to ask the offline table instead.

    The table is asked for a terminated postcode (postcodes.io keeps no council for those) and for
    codes we do not know (a null or pseudo code, or an out-of-date self-hosted copy).
    """
    if not answer.found:
        return None if answer.terminated else _Place()
    nation = nation_of_code(answer.district_code or "") or _nation_of_country(answer.country)
    if nation is not None:
        return _Place(nations=frozenset({nation}))
    authority = _authority(answer.district_code, answer.county_code)
    return _Place(authorities=frozenset({authority})) if authority else None


def _place_of_outcode(outward: str, sources: PostcodeSources) -> _Place:
    nation = nation_by_area(outward)
    if nation is not None:
        return _Place(nations=frozenset({nation}))
    answer = sources.client.outcode(outward) if sources.client else None
    if answer is not None:
        place = _place_of_outcode_answer(answer)
        if place is not None:
            return place
    table = offline_table(sources.table_dir)
    return _place_of_values(table.outcode(outward) if table else ())


def _place_of_outcode_answer(answer: OutcodeAnswer) -> _Place | None:
    """postcodes.io's outcodes carry names only: ``None`` (ask the table) for a name we lack."""
    if not answer.found:
        return _Place()
    names = _names_to_places()
    nations = {nation for nation in map(_nation_of_country, answer.countries) if nation}
    authorities: set[str] = set()
    for name in answer.district_names:
        found = names.get(name or "")
        if found is None:
            return None
        (nations if found in _other_nations() else authorities).add(found)
    return _Place(frozenset(authorities), frozenset(nations))


def _place_of_values(values: Iterable[str], terminated: bool = False) -> _Place:
    """The place of offline table values (LAD codes and nation letters); unknown if any is not."""
    authorities: set[str] = set()
    nations: set[str] = set()
    for value in values:
        nation = nation_of_code(value)
        authority = None if nation else _authority(value, None)
        if nation is not None:
            nations.add(nation)
        elif authority is not None:
            authorities.add(authority)
        else:
            return _Place(terminated=terminated)
    return _Place(frozenset(authorities), frozenset(nations), terminated)


def _authority(district_code: str | None, county_code: str | None) -> str | None:
    """The SEND authority of a district: its county council in a two-tier area, else itself."""
    data = coverage_data()
    if county_code in data.english:
        return county_code
    county = _county_of_district().get(district_code or "")
    if county is not None:
        return county
    return district_code if district_code in data.english else None


def _verdict(key: str, place: _Place) -> CoverageResult:
    data = coverage_data()
    if len(place.authorities) == 1 and not place.nations:
        council = data.english[next(iter(place.authorities))]
        covered = council.gss_code in data.covered
        if not covered:
            reason = "not_covered"
        else:
            reason = "covered_county_district" if council.gss_code.startswith("E10") else "covered"
        return CoverageResult(
            key,
            council.gss_code,
            council.council_name,
            covered,
            reason,
            office=data.covered[council.gss_code].office if covered else None,
            terminated=place.terminated,
        )
    nation = next(iter(place.nations)) if len(place.nations) == 1 else None
    if not place.authorities:
        reason = "not_england" if nation else "unknown"
        return CoverageResult(
            key,
            None,
            None,
            False if nation else None,
            reason,
            nation=nation,
            terminated=place.terminated,
        )
    return _ambiguous_place(key, place, nation, data)


def _ambiguous_place(
    key: str, place: _Place, nation: str | None, data: CoverageData
) -> CoverageResult:
    """An outward code spanning councils: covered only if every part of it is covered."""
    councils = sorted(
        (data.english[code] for code in place.authorities), key=lambda council: council.council_name
    )
    flags = {council.gss_code in data.covered for council in councils}
    if place.nations:
        flags.add(False)
    covered = flags.pop() if len(flags) == 1 else None
    offices = {data.covered[council.gss_code].office for council in councils} if covered else set()
    return CoverageResult(
        key,
        None,
        None,
        covered,
        "outcode_ambiguous",
        office=offices.pop() if len(offices) == 1 else None,
        candidates=tuple(council.council_name for council in councils),
        nation=nation,
    )


def _nation_of_country(country: str | None) -> str | None:
    """postcodes.io's ``country`` uses our nation names; England is no other nation."""
    return None if country in (None, "England") else country


@functools.lru_cache(maxsize=1)
def _county_of_district() -> Mapping[str, str]:
    return {d.district_gss_code: d.county_gss_code for d in coverage_data().county_districts}


@functools.lru_cache(maxsize=1)
def _other_nations() -> frozenset[str]:
    return frozenset(council.nation for council in coverage_data().other_nations)


@functools.lru_cache(maxsize=1)
def _names_to_places() -> Mapping[str, str]:
    """ONS names (as postcodes.io gives them) to SEND authority codes, or to nation names."""
    data = coverage_data()
    names = {council.official_name: council.nation for council in data.other_nations}
    names.update({council.official_name: code for code, council in data.english.items()})
    names.update({d.district_name: d.county_gss_code for d in data.county_districts})
    return names
