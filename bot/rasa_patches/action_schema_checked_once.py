"""The action server's answer is checked against Rasa's schema by a validator built once.

Overrides `RemoteAction._validate_action_result` (rasa/core/actions/action.py) in Rasa 3.6.21.
Rasa's calls `jsonschema.validate`, which on every call first checks the schema itself against
JSON Schema's 2020-12 meta-schema, then builds a validator: about 40 ms of CPU per custom action
call on a quiet 2-core machine, a fifth of a whole turn (py-spy on the Rasa server under
`bench/service.py`; README, "Figures"). Here the validator `jsonschema.validate` picks is built,
and the schema checked, once, as the patch is applied. Each answer is still checked against the
same schema, and a malformed one refused with `ValidationError` and Rasa's advice. The error is
the first one jsonschema finds rather than its `best_match`, and the advice has no link to
Rasa's docs: only the log line of a turn that fails either way reads differently.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema.protocols import Validator
    from rasa.core.actions.action import RemoteAction

# sha256 of the source of each Rasa function replaced, checked by
# tests/rasa_patches/test_replaced_rasa_code.py.
REPLACES = {
    "rasa.core.actions.action:RemoteAction._validate_action_result": (
        "24da0f6bdeb2d44f1f85da375a5aca57cd0a9fb2cdd5cfa722914761d759c018"
    ),
}

ADVICE = (
    ". Failed to validate Action server response from API, make sure your response from the "
    "Action endpoint is valid."
)


@cache
def _validator() -> Validator:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator: Validator = validator_class(schema)
    return validator


def _validate_action_result(_: RemoteAction, result: dict[str, Any]) -> bool:
    from jsonschema import ValidationError

    try:
        _validator().validate(result)
    except ValidationError as error:
        error.message += ADVICE
        raise
    return True


def apply() -> None:
    """Called once, by `bot.rasa_patches.apply`."""
    from rasa.core.actions.action import RemoteAction

    _validator()  # built now, while Rasa starts, rather than on someone's turn
    RemoteAction._validate_action_result = _validate_action_result
