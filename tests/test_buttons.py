"""Every button the assistant shows sends a payload Rasa can read, and showing it logs no error."""

from __future__ import annotations

import json
import re

import pytest
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from structlog.testing import capture_logs

from bot.settings import PROJECT_ROOT

DOMAIN = Domain.load(PROJECT_ROOT / "bot" / "domain")
WITH_BUTTONS = sorted(
    name for name, variants in DOMAIN.responses.items() if any(v.get("buttons") for v in variants)
)
VARIABLE = re.compile(r"\{(\w+)\}")
PAYLOAD = re.compile(r"/(?P<intent>[a-z_]+)(?P<entities>\{.*\})?")


@pytest.mark.parametrize("response", WITH_BUTTONS)
async def test_each_button_payload_reaches_the_person_as_an_intent_rasa_reads(
    response: str,
) -> None:
    tracker = DialogueStateTracker.from_events("buttons", [], slots=DOMAIN.slots)
    generator = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    texts = " ".join(str(v.get("text", "")) for v in DOMAIN.responses[response])
    variables = {name: "a value" for name in VARIABLE.findall(texts)}  # what actions pass
    with capture_logs() as logged:  # Rasa's interpolator logs through structlog
        shown = await generator.generate(response, tracker, output_channel="", **variables)
    assert shown is not None
    for button in shown["buttons"]:
        found = PAYLOAD.fullmatch(button["payload"])
        assert found, button
        assert found["intent"] in DOMAIN.intents
        entities = json.loads(found["entities"] or "{}")
        assert set(entities) <= set(DOMAIN.entities)
    assert [e for e in logged if e["log_level"] in ("error", "critical")] == []
