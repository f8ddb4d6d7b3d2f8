"""Every `{variable}` in a domain response has a value where it is said, and the provider's name,
phone and e-mail come from the settings (PROVIDER_NAME, PROVIDER_PHONE, PROVIDER_EMAIL), never
from words written into the domain."""

from __future__ import annotations

import re

import pytest
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.services.responses import render_response
from bot.settings import PROJECT_ROOT, Settings

DOMAIN = Domain.load(PROJECT_ROOT / "bot" / "domain")
DEFAULTS = Settings.from_env({})
ELSEWHERE = Settings.from_env(
    {
        "PROVIDER_NAME": "Example Mediation",
        "PROVIDER_PHONE": "0100 000 000",
        "PROVIDER_EMAIL": "help@example.org",
    }
)
# One variable in braces; a button payload's JSON is in doubled braces, which Rasa leaves alone.
VARIABLE = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")
PROVIDER = set(DEFAULTS.provider_values())


def _texts(name: str) -> list[str]:
    return [str(variant.get("text", "")) for variant in DOMAIN.responses[name]]


def _variables() -> dict[str, set[str]]:
    """Each variable the domain's responses use, and the responses using it."""
    found: dict[str, set[str]] = {}
    for name in DOMAIN.responses:
        for text in _texts(name):
            for variable in VARIABLE.findall(text):
                found.setdefault(variable, set()).add(name)
    return found


def _passed_by_code() -> set[str]:
    """Names the code gives as response values: `name=...`, `"name": ...` or `["name"] = ...`."""
    code = "\n".join(path.read_text() for path in (PROJECT_ROOT / "bot").rglob("*.py"))
    return {
        variable
        for variable in _variables()
        if re.search(rf'\b{variable}=|"{variable}"\s*:|\["{variable}"\]', code)
    }


@pytest.mark.parametrize(
    "literal",
    [DEFAULTS.provider_phone, DEFAULTS.provider_email, rf"\b{DEFAULTS.provider_name}\b"],
)
def test_no_response_writes_the_provider_in_itself(literal: str) -> None:
    written = [
        name
        for name, variants in DOMAIN.responses.items()
        for variant in variants
        if re.search(literal, str(variant))
    ]
    assert written == []


def test_the_provider_is_named_through_its_variables() -> None:
    used = _variables()
    assert PROVIDER <= set(used)
    assert {"utter_technical_problem", "utter_handoff_requested", "utter_sms_help"} <= (
        used["provider_phone"]
    )


def test_every_variable_is_a_slot_or_given_by_the_code_that_says_it() -> None:
    slots = {slot.name for slot in DOMAIN.slots}
    assert set(_variables()) - slots - _passed_by_code() == set()


def test_the_provider_variables_are_slots_that_never_steer_the_conversation() -> None:
    slots = {slot.name: slot for slot in DOMAIN.slots if slot.name in PROVIDER}
    assert set(slots) == PROVIDER
    for slot in slots.values():
        assert slot.type_name == "text" and not slot.influence_conversation
        assert [mapping["type"] for mapping in slot.mappings] == ["custom"]


async def test_rasa_fills_the_provider_from_the_slots_the_session_start_sets() -> None:
    events = [SlotSet(name, value) for name, value in ELSEWHERE.provider_values().items()]
    tracker = DialogueStateTracker.from_events("provider", events, slots=DOMAIN.slots)
    generator = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    said = await generator.generate("utter_privacy_declined", tracker, output_channel="")
    assert said is not None
    assert "0100 000 000" in said["text"] and "help@example.org" in said["text"]


@pytest.mark.parametrize("name", sorted(_variables()["provider_phone"]))
def test_responses_said_outside_rasa_name_the_provider_from_the_settings(name: str) -> None:
    values = {v: "a value" for v in _variables() if v not in PROVIDER}  # what callers pass
    for channel in (None, "sms"):
        text = render_response(name, values, settings=ELSEWHERE, channel=channel)
        assert "0100 000 000" in text and "{" not in text
