"""Entity values as the rest of the bot wants them: a council's name as we say it, a postcode as
the Royal Mail writes it. Councils misspelt beyond the EntityRuler's exact patterns are found by
the coverage file's fuzzy match."""

from __future__ import annotations

import re
from typing import Any

from bot.mias.coverage import match_council
from bot.mias.postcodes import normalise_postcode
from bot.services.coverage import check_council, coverage_data

Entity = dict[str, Any]
EXTRACTOR = "CouncilAndPostcodeEntities"


def _span(text: str, matched_text: str) -> tuple[int, int]:
    words = re.findall(r"\w+", matched_text)
    found = re.search(r"\W+".join(map(re.escape, words)), text, re.IGNORECASE) if words else None
    return (found.start(), found.end()) if found else (0, len(text))


def _council_named_in(text: str) -> Entity | None:
    match = match_council(text, coverage_data())
    if match is None or match.council is None:
        return None
    start, end = _span(text, match.matched_text)
    return {
        "entity": "local_authority",
        "value": match.council.council_name,
        "start": start,
        "end": end,
        "extractor": EXTRACTOR,
    }


def _normalised(entity: Entity) -> Entity:
    value = str(entity.get("value", ""))
    if entity.get("entity") == "local_authority":
        name = check_council(value).authority_name
        return {**entity, "value": name} if name else entity
    if entity.get("entity") == "postcode":
        postcode = normalise_postcode(value)
        return {**entity, "value": postcode} if postcode else entity
    return entity


def normalise_entities(text: str, entities: list[Entity]) -> list[Entity]:
    """Councils and postcodes with their official forms; a misspelt council is added if found."""
    result = [_normalised(entity) for entity in entities]
    if not any(entity.get("entity") == "local_authority" for entity in result):
        council = _council_named_in(text)
        if council is not None:
            result.append(council)
    return result
