"""Which council a person names, and whether the provider covers it.

Pure rules: the council lists come in as plain dataclasses (``bot.services.coverage`` reads the CSV
files) and nothing here reads files, the clock or the network.

Matching works on whole words of the normalised sentence. A window of words is looked up exactly
first (official names, the names we use and the aliases people use), then fuzzily with
``rapidfuzz.fuzz.ratio`` on the window with its spaces removed. ``partial_ratio`` and ``WRatio``
are not used on purpose: they score a name hidden inside a longer word as a perfect match, so
"Derby" would win inside "Derbyshire" and "Kent" inside "Kentish".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from rapidfuzz import fuzz, process

# Names that are also everyday words. They match only when written like a name (capitalised),
# followed by "council", or given as the whole answer: "I was reading the letter" names no council.
COMMON_WORD_NAMES = frozenset(
    {
        "barking",
        "bucks",
        "bury",
        "fife",
        "harrow",
        "hart",
        "highland",
        "hull",
        "reading",
        "rugby",
        "slough",
        "swale",
    }
)

# Fuzzy matching catches typing slips ("Birmingam", "sothwark") but not other words. Names under
# seven letters ("York", "Brent", "Woking") must be spelt exactly: one slip turns them into everyday
# words ("working", "staff", "dealing"). Seven-letter names allow one wrong or swapped letter but
# no missing one; longer names allow one of either ("sterling", 87.5, is still not "Stirling").
_FUZZY_MIN_CHARS = 7
_FUZZY_LONG_CHARS = 8
_FUZZY_SCORE_SHORT = 85.0
_FUZZY_SCORE_LONG = 88.0
# Everyday words within one slip of a longer name, found by running ordinary text through the
# matcher: "tending" is not Tendring, "finland" is not Fenland.
_NOT_NAMES = frozenset({"crawled", "finland", "gelding", "tending"})

_FILLER = re.compile(
    r"\b(?:london borough of|royal borough of|borough of|county of"
    r"|city of(?! london\b)|city(?! of london\b)|councils?|county|borough|metropolitan|the"
    r"|its|it is|were in|we are in)\b"
)

_COUNCIL_AFTER = re.compile(r"\s+(?:borough\s+)?council\b", re.IGNORECASE)


class MatchKind(str, Enum):
    """What the named place turned out to be."""

    COVERED = "covered"
    COVERED_COUNTY_DISTRICT = "covered_county_district"
    NOT_COVERED = "not_covered"
    UNCOVERED_COUNTY_DISTRICT = "uncovered_county_district"
    OTHER_NATION = "other_nation"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True)
class Council:
    """A council with its ONS code. ``office`` is set for covered councils only."""

    gss_code: str
    official_name: str
    council_name: str
    aliases: tuple[str, ...] = ()
    office: str | None = None
    nation: str = "England"

    @property
    def names(self) -> tuple[str, ...]:
        """Every way of writing this council we know, official first."""
        return (self.official_name, self.council_name, *self.aliases)


@dataclass(frozen=True)
class CountyDistrict:
    """A district (E07) inside a county council (E10), which is its SEND authority."""

    county_gss_code: str
    county_name: str
    district_gss_code: str
    district_name: str


@dataclass(frozen=True)
class CouncilMatch:
    """The council found in a sentence.

    ``council`` is the SEND authority (for a district, its county council); it is ``None`` when the
    name is ambiguous, and ``candidates`` then lists every council it may mean.
    """

    kind: MatchKind
    council: Council | None
    candidates: tuple[Council, ...]
    matched_text: str
    score: float
    district_name: str | None = None

    @property
    def ambiguous(self) -> bool:
        return self.kind is MatchKind.AMBIGUOUS


@dataclass(frozen=True)
class _Target:
    kind: MatchKind
    council: Council
    district_name: str | None = None


@dataclass(frozen=True)
class _NameIndex:
    exact: Mapping[str, tuple[_Target, ...]]
    fuzzy: Mapping[str, str]  # name without spaces -> normalised name
    fuzzy_keys: tuple[str, ...]
    max_words: int


@dataclass(frozen=True, eq=False)
class CoverageData:
    """Every council the matcher knows. The name index is built once, when the data is made."""

    covered: Mapping[str, Council]
    county_districts: tuple[CountyDistrict, ...]
    english: Mapping[str, Council]
    other_nations: tuple[Council, ...]
    _index: _NameIndex = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", _build_index(self))


def normalise_council_text(text: str) -> str:
    """Lower-case words only, without the parts people add or leave out of council names.

    "The Royal Borough of Kensington & Chelsea" -> "kensington and chelsea", "St. Albans City &
    District Council" -> "st albans and district", "City of London" stays "city of london" (plain
    "london" is every borough, not the City).
    """
    lowered = text.lower().replace("&", " and ")
    lowered = re.sub(r"['\u2019`]", "", lowered)
    lowered = re.sub(r"[^a-z0-9]+", " ", lowered)
    lowered = re.sub(r"\bsaint\b", "st", lowered)
    return " ".join(_FILLER.sub(" ", lowered).split())


def match_council(text: str, data: CoverageData) -> CouncilMatch | None:
    """Find the council named anywhere in ``text``, or ``None`` when no council is named.

    The longest exact name wins (so "Kingston upon Hull" is not "Kingston"), then the earliest.
    """
    normalised = normalise_council_text(text)
    words = normalised.split()
    if not words:
        return None
    index = data._index
    exact = _exact_hit(words, index, text, normalised)
    if exact is not None:
        return _to_match(index.exact[exact], exact, 100.0)
    return _fuzzy_hit(words, index)


def is_common_word_name(name: str) -> bool:
    """True for council names that are also everyday words ("Reading", "Bury")."""
    return normalise_council_text(name) in COMMON_WORD_NAMES


def _build_index(data: CoverageData) -> _NameIndex:
    by_name: dict[str, dict[str, _Target]] = {}

    def add(names: Sequence[str], target: _Target) -> None:
        for name in names:
            key = normalise_council_text(name)
            if key:
                by_name.setdefault(key, {}).setdefault(target.council.gss_code, target)

    for council in data.covered.values():
        add(council.names, _Target(MatchKind.COVERED, council))
    for district in data.county_districts:
        target = _district_target(district, data)
        if target is not None:
            add((district.district_name,), target)
    for council in data.english.values():
        if council.gss_code not in data.covered:
            add(council.names, _Target(MatchKind.NOT_COVERED, council))
    for council in data.other_nations:
        add(council.names, _Target(MatchKind.OTHER_NATION, council))
    exact = {key: tuple(targets.values()) for key, targets in by_name.items()}
    fuzzy = {
        key.replace(" ", ""): key
        for key in exact
        if len(key.replace(" ", "")) >= _FUZZY_MIN_CHARS and key not in COMMON_WORD_NAMES
    }
    return _NameIndex(exact, fuzzy, tuple(fuzzy), max(len(key.split()) for key in exact))


def _district_target(district: CountyDistrict, data: CoverageData) -> _Target | None:
    county = data.covered.get(district.county_gss_code)
    if county is not None:
        return _Target(MatchKind.COVERED_COUNTY_DISTRICT, county, district.district_name)
    county = data.english.get(district.county_gss_code)
    if county is not None:
        return _Target(MatchKind.UNCOVERED_COUNTY_DISTRICT, county, district.district_name)
    return None


def _windows(words: Sequence[str], size: int) -> list[str]:
    return [" ".join(words[start : start + size]) for start in range(len(words) - size + 1)]


def _exact_hit(words: Sequence[str], index: _NameIndex, text: str, normalised: str) -> str | None:
    for size in range(min(index.max_words, len(words)), 0, -1):
        for window in _windows(words, size):
            if window in index.exact and _said_as_name(window, text, normalised):
                return window
    return None


def _said_as_name(name: str, text: str, normalised: str) -> bool:
    """Whether an everyday-word name is meant as a place (see ``COMMON_WORD_NAMES``)."""
    if name not in COMMON_WORD_NAMES or normalised == name:
        return True
    for found in re.finditer(rf"\b{re.escape(name)}\b", text, flags=re.IGNORECASE):
        if found.group(0)[0].isupper() or _COUNCIL_AFTER.match(text, found.end()):
            return True
    return False


def _fuzzy_hit(words: Sequence[str], index: _NameIndex) -> CouncilMatch | None:
    best_score = 0.0
    best: dict[str, str] = {}  # normalised name -> the words that matched it
    for size in range(1, min(index.max_words + 1, len(words)) + 1):
        for window in _windows(words, size):
            for name, score in _fuzzy_candidates(window.replace(" ", ""), index):
                if score > best_score:
                    best_score, best = score, {}
                if score == best_score:
                    best.setdefault(name, window)
    if not best:
        return None
    targets = tuple(target for name in best for target in index.exact[name])
    return _to_match(targets, next(iter(best.values())), best_score)


def _fuzzy_candidates(compact: str, index: _NameIndex) -> list[tuple[str, float]]:
    if len(compact) < _FUZZY_MIN_CHARS or not compact.isalpha() or compact in _NOT_NAMES:
        return []
    found = process.extract(
        compact, index.fuzzy_keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_SCORE_SHORT, limit=5
    )
    return [(index.fuzzy[key], score) for key, score, _ in found if _close(compact, key, score)]


def _close(compact: str, key: str, score: float) -> bool:
    """Typing slips keep the first letter: "dealing" is not "Ealing", nor "button" "Sutton"."""
    if compact[0] != key[0]:
        return False
    if len(key) < _FUZZY_LONG_CHARS:
        return len(compact) == len(key) and score >= _FUZZY_SCORE_SHORT
    return score >= _FUZZY_SCORE_LONG


def _to_match(targets: Sequence[_Target], matched_text: str, score: float) -> CouncilMatch:
    authorities: dict[str, _Target] = {}
    for target in targets:
        authorities.setdefault(target.council.gss_code, target)
    if len(authorities) > 1:
        candidates = tuple(target.council for target in authorities.values())
        return CouncilMatch(MatchKind.AMBIGUOUS, None, candidates, matched_text, score)
    only = next(iter(authorities.values()))
    return CouncilMatch(
        only.kind, only.council, (only.council,), matched_text, score, only.district_name
    )
