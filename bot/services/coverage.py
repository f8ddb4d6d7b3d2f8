"""Is this family's council one the provider covers? The one place the bot and console ask.

The council lists live in ``bot/data/coverage/`` (see its README). They are read on first use and
kept for the life of the process; nothing is read at import.
"""
from __future__ import annotations

import csv
import functools
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

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "coverage"

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
    "covered_county_district", "not_covered", "not_england", "ambiguous" and "unknown".
    ``authority_name`` is the council's name as we say it ("Hertfordshire County Council");
    ``candidates`` holds those names for every council an ambiguous name may mean.
    """

    postcode: str | None
    authority_code: str | None
    authority_name: str | None
    covered: bool | None
    reason: str
    office: str | None = None
    candidates: tuple[str, ...] = ()


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
            row["county_gss_code"], row["county_name"], row["district_gss_code"],
            row["district_name"],
        )
        for row in _read(directory / "county_districts.csv")
    ]
    other = [
        _council(row, nation=row["nation"]) for row in _read(directory / "other_nations.csv")
    ]
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
