"""Rasa still refuses an action server's answer that is not in its format, and no longer checks
JSON Schema's meta-schema to do it, each time (bot/rasa_patches/action_schema_checked_once.py)."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction

pytestmark = pytest.mark.usefixtures("patched_rasa")

ACTION = RemoteAction("action_check_window", None)
WELL_FORMED = {
    "events": [{"event": "slot", "name": "window_open", "value": True}],
    "responses": [{"response": "utter_council_covered"}],
}


def test_a_well_formed_answer_is_accepted() -> None:
    assert ACTION._validate_action_result(WELL_FORMED)


@pytest.mark.parametrize(
    "answer",
    [
        {"events": [{"name": "window_open"}]},  # an event without its kind
        {"events": "slot"},
        {"responses": {"response": "utter_council_covered"}},
    ],
)
def test_a_malformed_answer_is_refused_with_rasas_advice(answer: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        ACTION._validate_action_result(answer)


def test_the_schema_itself_is_not_checked_again_for_each_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ACTION._validate_action_result(WELL_FORMED)  # the first answer may build the validator
    validator_class = validator_for(RemoteAction.action_response_format_spec())
    checks: list[object] = []
    check_schema = validator_class.check_schema

    def counted(schema: dict[str, Any], **kwargs: Any) -> None:
        checks.append(schema)
        check_schema(schema, **kwargs)

    monkeypatch.setattr(validator_class, "check_schema", counted)
    for _ in range(3):
        ACTION._validate_action_result(WELL_FORMED)
    with pytest.raises(ValidationError):
        ACTION._validate_action_result({"events": "slot"})
    assert checks == []
