"""Every response the actions and services name is in the domain: Rasa checks the responses of
rules and stories when it trains, but not the names our Python passes to `utter_message`, so a
response deleted from the domain would leave the person with no reply at all (the safeguarding
reply was once lost this way)."""

from __future__ import annotations

import re

import pytest
import yaml

from bot.settings import PROJECT_ROOT

NAMED = re.compile(r"\"(utter_[a-z0-9_]+/?)\"")
# Prefixes put together in code (f"utter_summary_{choice}"): each must begin some response.
BUILT = re.compile(r"f\"(utter_[a-z0-9_]+)\{")
# Rasa's own event field, not a response.
NOT_A_RESPONSE = frozenset({"utter_action"})


def _domain_responses() -> set[str]:
    names: set[str] = set()
    for path in sorted((PROJECT_ROOT / "bot" / "domain").glob("*.yml")):
        names |= set(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {})
    return names


def _named_in_code() -> list[tuple[str, str]]:
    found = []
    for path in sorted((PROJECT_ROOT / "bot").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        where = str(path.relative_to(PROJECT_ROOT))
        found += [(where, name) for name in NAMED.findall(text) if name not in NOT_A_RESPONSE]
        found += [(where, prefix + "*") for prefix in BUILT.findall(text)]
    return found


RESPONSES = _domain_responses()


@pytest.mark.parametrize(("where", "name"), _named_in_code(), ids=lambda v: str(v))
def test_a_response_named_in_code_is_in_the_domain(where: str, name: str) -> None:
    if name.endswith(("*", "/")):
        assert any(r.startswith(name.rstrip("*")) for r in RESPONSES), f"{where}: {name}"
    else:
        assert name in RESPONSES, f"{where} names {name}, which the domain does not have"
