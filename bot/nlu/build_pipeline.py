"""Build the rule-based spaCy pipeline that finds postcodes, councils and dates.

    python -m bot.nlu.build_pipeline [--out DIR] [--if-missing]

The pipeline is ``spacy.blank("en")`` with two built-in components, so ``spacy.load(path)`` (and
Rasa's ``SpacyNLP``) needs no code of ours:

- ``attribute_ruler`` marks a postcode district ("B72") written after "postcode" or "in" by setting
  its NORM, because an entity ruler can only label a whole match and "postcode B72" is not a
  postcode;
- ``entity_ruler`` labels ``postcode``, ``local_authority`` and ``date``.

Rasa's ``SpacyNLP`` lower-cases text unless ``case_sensitive: true``; the few rules that need
capitals (a bare "SE5", council names that are everyday words such as "Reading") then stay silent
and the rest still work.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from bot.mias import coverage as coverage_rules
from bot.mias.coverage import is_common_word_name
from bot.services.coverage import DATA_DIR, council_names

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import AttributeRuler, EntityRuler
    from spacy.tokenizer import Tokenizer

logger = logging.getLogger(__name__)

DEFAULT_OUT = Path(__file__).resolve().parent / "spacy_rules"
HASH_FILE = "patterns.sha256"
OUTWARD_NORM = "postcode_district"

Pattern = list[dict[str, Any]]

# Postcode areas of the UK, for a district written on its own: "in SE5", "postcode B72".
_AREA = (
    "(?:AB|AL|B|BA|BB|BD|BF|BH|BL|BN|BR|BS|BT|CA|CB|CF|CH|CM|CO|CR|CT|CV|CW|DA|DD|DE|DG|DH|DL|"
    "DN|DT|DY|E|EC|EH|EN|EX|FK|FY|G|GL|GU|GY|HA|HD|HG|HP|HR|HS|HU|HX|IG|IM|IP|IV|JE|KA|KT|KW|KY|"
    "L|LA|LD|LE|LL|LN|LS|LU|M|ME|MK|ML|N|NE|NG|NN|NP|NR|NW|OL|OX|PA|PE|PH|PL|PO|PR|RG|RH|RM|S|"
    "SA|SE|SG|SK|SL|SM|SN|SO|SP|SR|SS|ST|SW|SY|TA|TD|TF|TN|TQ|TR|TS|TW|UB|W|WA|WC|WD|WF|WN|WR|"
    "WS|WV|YO|ZE)"
)
_POSTCODE_ONE_TOKEN = r"^[a-z]{1,2}[0-9][a-z0-9]?[0-9][a-z]{2}$"
_OUTWARD = r"^[a-z]{1,2}[0-9][a-z0-9]?$"
# "M1 2nd" is a road and an ordinal, not a postcode: the inward part is never a lower-case ordinal.
_INWARD = r"^(?![0-9](?:st|nd|rd|th)$)[0-9][a-zA-Z]{2}$"
_DISTRICT = rf"^{_AREA}[0-9][A-Z0-9]?$"

_DAY = r"^(?:0?[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th)?$"
_DAY_NUMBER = r"^(?:0?[1-9]|[12][0-9]|3[01])$"
_MONTH_NUMBER = r"^(?:0?[1-9]|1[0-2])$"
_YEAR = r"^(?:19|20)[0-9]{2}$"
_YEAR_SHORT_OR_LONG = r"^(?:[0-9]{2}|(?:19|20)[0-9]{2})$"
_NUMERIC_DATE = (
    r"^(?:0?[1-9]|[12][0-9]|3[01])([/.-])(?:0?[1-9]|1[0-2])\1(?:[0-9]{2}|(?:19|20)[0-9]{2})$"
)
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
]
_WEEKDAYS = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "tues",
    "weds",
    "thurs",
    "fri",
]
_UNITS = ["day", "days", "week", "weeks", "month", "months", "year", "years"]


def postcode_patterns() -> list[dict[str, Any]]:
    """Full postcodes in any case and spacing, and a district alone where it is clearly one."""
    outward: dict[str, Any] = {"LOWER": {"REGEX": _OUTWARD}}
    inward: dict[str, Any] = {"TEXT": {"REGEX": _INWARD}}
    space: dict[str, Any] = {"IS_SPACE": True, "OP": "?"}
    patterns: list[Pattern] = [
        [{"LOWER": {"REGEX": _POSTCODE_ONE_TOKEN}}],
        [outward, space, inward],
        [{"TEXT": {"REGEX": _DISTRICT}}],
        [{"NORM": OUTWARD_NORM}],
    ]
    return [{"label": "postcode", "pattern": pattern} for pattern in patterns]


def district_marker_patterns() -> list[dict[str, Any]]:
    """Attribute-ruler rules: a district after "postcode", "post code" or "in" gets a marker NORM."""
    district = {"LOWER": {"REGEX": rf"(?i){_DISTRICT}"}}
    lead_ins: list[Pattern] = [
        [{"LOWER": {"IN": ["postcode", "postcodes"]}}],
        [{"LOWER": "post"}, {"LOWER": "code"}],
        [{"LOWER": "in"}],
    ]
    patterns = [[*lead_in, {"LOWER": "is", "OP": "?"}, district] for lead_in in lead_ins]
    return [{"patterns": patterns, "attrs": {"NORM": OUTWARD_NORM}, "index": -1}]


def date_patterns() -> list[dict[str, Any]]:
    """Dates as people write them about a letter: "3rd March", "12/02/2026", "last Friday"."""
    day: dict[str, Any] = {"LOWER": {"REGEX": _DAY}}
    month: dict[str, Any] = {"LOWER": {"IN": _MONTHS}}
    year: dict[str, Any] = {"TEXT": {"REGEX": _YEAR}}
    comma: dict[str, Any] = {"ORTH": ",", "OP": "?"}
    of: dict[str, Any] = {"LOWER": "of", "OP": "?"}
    weekday: dict[str, Any] = {"LOWER": {"IN": _WEEKDAYS}}
    unit: dict[str, Any] = {"LOWER": {"IN": _UNITS}}
    ago: dict[str, Any] = {"LOWER": "ago"}
    patterns: list[Pattern] = [
        [day, of, month],
        [day, of, month, comma, year],
        [month, day],
        [month, day, comma, year],
        [month, year],
        [{"TEXT": {"REGEX": _NUMERIC_DATE}}],
        # The tokenizer splits "12-02-2026" at the hyphens (slashes and dots stay in one token).
        [
            {"TEXT": {"REGEX": _DAY_NUMBER}},
            {"ORTH": "-"},
            {"TEXT": {"REGEX": _MONTH_NUMBER}},
            {"ORTH": "-"},
            {"TEXT": {"REGEX": _YEAR_SHORT_OR_LONG}},
        ],
        [{"LOWER": {"IN": ["today", "yesterday"]}}],
        [{"LOWER": "last"}, {"LOWER": {"IN": [*_WEEKDAYS, "week", "month"]}}],
        [weekday],
        [{"LIKE_NUM": True}, unit, ago],
        [{"LOWER": {"IN": ["a", "an"]}}, unit, ago],
        [{"LOWER": "a"}, {"LOWER": {"IN": ["couple", "few"]}}, of, unit, ago],
    ]
    return [{"label": "date", "pattern": pattern} for pattern in patterns]


def council_patterns(names: Iterable[str], tokenizer: Tokenizer) -> list[dict[str, Any]]:
    """One token pattern per council name, matched without regard to case.

    Hyphens, commas and dots between words are optional ("Stoke on Trent", "Kingston-upon-Thames"),
    "&" and "and" are the same, "St" may have a dot, and an apostrophe may be left out ("Kings
    Lynn"). One-word names that are everyday words ("Reading", "Bury") match only when
    capitalised: "reading the letter" names no council.
    """
    seen: set[str] = set()
    patterns = []
    for name in names:
        for variant in dict.fromkeys((name, name.replace("'", ""))):
            pattern = _council_pattern(variant, tokenizer)
            key = json.dumps(pattern, sort_keys=True)
            if key not in seen:
                seen.add(key)
                patterns.append({"label": "local_authority", "pattern": pattern})
    return patterns


def _council_pattern(name: str, tokenizer: Tokenizer) -> Pattern:
    words = [token.text for token in tokenizer(name) if token.text not in {"-", ","}]
    if len(words) == 1 and is_common_word_name(name):
        return [{"ORTH": {"IN": sorted({name, name.capitalize(), name.upper()})}}]
    pattern: Pattern = []
    for word in words:
        if pattern:
            pattern.append({"ORTH": {"IN": ["-", ",", "."]}, "OP": "?"})
        pattern.append(_word_pattern(word.lower()))
    return pattern


def _word_pattern(lower: str) -> dict[str, Any]:
    for spellings in (["and", "&"], ["st", "st."]):
        if lower in spellings:
            return {"LOWER": {"IN": spellings}}
    return {"LOWER": lower}


def entity_patterns(tokenizer: Tokenizer) -> list[dict[str, Any]]:
    """All entity-ruler patterns, councils from ``bot/data/coverage/``."""
    return [*postcode_patterns(), *date_patterns(), *council_patterns(council_names(), tokenizer)]


def build_nlp() -> Language:
    """A blank English pipeline with the attribute and entity rulers filled in."""
    import spacy  # slow (it loads TensorFlow here), so only when a build is due

    nlp = spacy.blank("en")
    marker = cast("AttributeRuler", nlp.add_pipe("attribute_ruler"))
    marker.add_patterns(district_marker_patterns())
    ruler = cast("EntityRuler", nlp.add_pipe("entity_ruler", config={"validate": True}))
    ruler.add_patterns(entity_patterns(nlp.tokenizer))
    return nlp


def rules_hash() -> str:
    """A fingerprint of everything the rules are made from: this code, the council data and spaCy.

    It is taken from the sources rather than the built patterns so that checking it needs no
    spaCy import.
    """
    digest = hashlib.sha256(importlib.metadata.version("spacy").encode())
    sources = [Path(__file__), Path(coverage_rules.__file__), *sorted(DATA_DIR.glob("*.csv"))]
    for path in sources:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build(out: Path = DEFAULT_OUT, if_missing: bool = False) -> bool:
    """Write the pipeline to ``out``; with ``if_missing``, only when it is absent or stale."""
    digest = rules_hash()
    if if_missing and _is_current(out, digest):
        logger.info("event=spacy_rules_current path=%s", out)
        return False
    build_nlp().to_disk(out)
    (out / HASH_FILE).write_text(digest + "\n", encoding="utf-8")
    logger.info("event=spacy_rules_built path=%s", out)
    return True


def _is_current(out: Path, digest: str) -> bool:
    hash_path = out / HASH_FILE
    if not (out / "config.cfg").is_file() or not hash_path.is_file():
        return False
    return hash_path.read_text(encoding="utf-8").strip() == digest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the spaCy entity rules for the NLU.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write")
    parser.add_argument(
        "--if-missing", action="store_true", help="do nothing when the folder is up to date"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
    build(args.out, args.if_missing)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
