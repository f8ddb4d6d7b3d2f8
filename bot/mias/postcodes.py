"""Reading UK postcodes as people type them, and telling which nation a postcode area is in.

Pure rules: no files, no network. The shape check is loose on purpose (like postcodes.io's own
``^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$``): a strict pattern wrongly rejects real postcodes
(the archived BS 7666 one rejects every ``N1P`` postcode), and only a lookup can tell whether a
postcode exists. Outward codes alone are checked a little harder, against the list of postcode
areas, because a short word like "M1" is found in ordinary sentences.
"""

from __future__ import annotations

import re

WALES = "Wales"
SCOTLAND = "Scotland"
NORTHERN_IRELAND = "Northern Ireland"
CHANNEL_ISLANDS = "Channel Islands"
ISLE_OF_MAN = "Isle of Man"
BFPO = "British Forces Post Office"

# Every postcode area of the UK and the Crown dependencies, plus BF (BFPO) and BX (non-geographic).
AREAS = frozenset(
    {
        "AB",
        "AL",
        "B",
        "BA",
        "BB",
        "BD",
        "BF",
        "BH",
        "BL",
        "BN",
        "BR",
        "BS",
        "BT",
        "BX",
        "CA",
        "CB",
        "CF",
        "CH",
        "CM",
        "CO",
        "CR",
        "CT",
        "CV",
        "CW",
        "DA",
        "DD",
        "DE",
        "DG",
        "DH",
        "DL",
        "DN",
        "DT",
        "DY",
        "E",
        "EC",
        "EH",
        "EN",
        "EX",
        "FK",
        "FY",
        "G",
        "GL",
        "GU",
        "GY",
        "HA",
        "HD",
        "HG",
        "HP",
        "HR",
        "HS",
        "HU",
        "HX",
        "IG",
        "IM",
        "IP",
        "IV",
        "JE",
        "KA",
        "KT",
        "KW",
        "KY",
        "L",
        "LA",
        "LD",
        "LE",
        "LL",
        "LN",
        "LS",
        "LU",
        "M",
        "ME",
        "MK",
        "ML",
        "N",
        "NE",
        "NG",
        "NN",
        "NP",
        "NR",
        "NW",
        "OL",
        "OX",
        "PA",
        "PE",
        "PH",
        "PL",
        "PO",
        "PR",
        "RG",
        "RH",
        "RM",
        "S",
        "SA",
        "SE",
        "SG",
        "SK",
        "SL",
        "SM",
        "SN",
        "SO",
        "SP",
        "SR",
        "SS",
        "ST",
        "SW",
        "SY",
        "TA",
        "TD",
        "TF",
        "TN",
        "TQ",
        "TR",
        "TS",
        "TW",
        "UB",
        "W",
        "WA",
        "WC",
        "WD",
        "WF",
        "WN",
        "WR",
        "WS",
        "WV",
        "YO",
        "ZE",
    }
)

# Areas with no English postcode at all (ONSPD Nov 2025). Areas that cross the border (CA, CH,
# DG, GL, HR, LD, LL, NP, SY, TD) are not here: only a lookup can place their postcodes.
_SCOTTISH_AREAS = (
    "AB",
    "DD",
    "EH",
    "FK",
    "G",
    "HS",
    "IV",
    "KA",
    "KW",
    "KY",
    "ML",
    "PA",
    "PH",
    "ZE",
)
_AREA_NATIONS = {
    **dict.fromkeys(_SCOTTISH_AREAS, SCOTLAND),
    **dict.fromkeys(("CF", "SA"), WALES),
    "BT": NORTHERN_IRELAND,
    "GY": CHANNEL_ISLANDS,
    "JE": CHANNEL_ISLANDS,
    "IM": ISLE_OF_MAN,
    "BF": BFPO,
}

# ONS codes begin with their nation's letter; L99999999 and M99999999 are the pseudo codes of the
# Channel Islands and the Isle of Man.
_CODE_NATIONS = {
    "W": WALES,
    "S": SCOTLAND,
    "N": NORTHERN_IRELAND,
    "L": CHANNEL_ISLANDS,
    "M": ISLE_OF_MAN,
}

_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_INWARD = r"[0-9][A-Z]{2}"
_WHOLE_POSTCODE = re.compile(rf"(?:{_OUTWARD}|GIR){_INWARD}")
_WHOLE_OUTWARD = re.compile(_OUTWARD)
_POSTCODE_IN_TEXT = re.compile(
    rf"(?<![A-Z0-9])({_OUTWARD}|GIR)[\s.\-]*({_INWARD})(?![A-Z0-9])", re.IGNORECASE
)
_OUTWARD_IN_TEXT = re.compile(rf"(?<![A-Z0-9])({_OUTWARD})(?![A-Z0-9])", re.IGNORECASE)
_BFPO_IN_TEXT = re.compile(r"(?<![A-Z0-9])BFPO[\s.\-]*([0-9]{1,4})(?![A-Z0-9])", re.IGNORECASE)
# "M1 2nd" is a road and a date, not a postcode: an inward code typed as a lower-case ordinal.
_ORDINAL = re.compile(r"1st|2nd|3rd|[04-9]th")


def normalise_postcode(text: str) -> str | None:
    """The full postcode that ``text`` is, written the standard way, or ``None``.

    Case, spaces and punctuation do not matter: "b721ea", "B72  1EA" and "b72 1ea." all give
    "B72 1EA".
    """
    compact = re.sub(r"[^A-Z0-9]", "", text.upper())
    if not _WHOLE_POSTCODE.fullmatch(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def normalise_outward_code(text: str) -> str | None:
    """The outward code (postcode district) that ``text`` is, like "B72" or "SW1A", or ``None``."""
    compact = re.sub(r"[^A-Z0-9]", "", text.upper())
    if _WHOLE_OUTWARD.fullmatch(compact) and postcode_area(compact) in AREAS:
        return compact
    return None


def find_postcode(text: str) -> str | None:
    """The first full postcode in a sentence ("it's b72 1ea thanks"), normalised."""
    for found in _POSTCODE_IN_TEXT.finditer(text):
        inward = found.group(2)
        if inward.islower() and _ORDINAL.fullmatch(inward):
            continue
        return normalise_postcode(found.group(1) + inward)
    return None


def outward_code(text: str) -> str | None:
    """The outward code in a sentence: that of the first full postcode, else the first one alone.

    "we're in se5" gives "SE5"; words that are not in a postcode area ("Y9", "A380") give nothing.
    """
    postcode = find_postcode(text)
    if postcode is not None:
        return postcode.split()[0]
    for found in _OUTWARD_IN_TEXT.finditer(text):
        code = normalise_outward_code(found.group(1))
        if code is not None:
            return code
    return None


def find_bfpo(text: str) -> str | None:
    """A British Forces Post Office number ("bfpo 123" gives "BFPO 123"), which is no postcode."""
    found = _BFPO_IN_TEXT.search(text)
    return f"BFPO {int(found.group(1))}" if found else None


def postcode_area(code: str) -> str:
    """The letters a postcode or outward code starts with: "SW1A 1AA" -> "SW", "B72" -> "B"."""
    return re.sub(r"[^A-Z].*", "", code.upper(), flags=re.DOTALL)


def nation_by_area(code: str) -> str | None:
    """The nation (or BFPO) of a postcode or outward code whose whole area lies outside England.

    ``None`` means England or an area that crosses a border; ask a lookup then.
    """
    return _AREA_NATIONS.get(postcode_area(code))


def nation_of_code(code: str) -> str | None:
    """The nation of an ONS area code ("W06000015", "L99999999"); ``None`` for England."""
    return _CODE_NATIONS.get(code[:1])
