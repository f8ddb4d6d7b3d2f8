"""Fixes to Rasa 3.6, applied when Rasa loads our channels (credentials.yml).

A database error is an error. Rasa wraps every tracker store in `FailSafeTrackerStore`, which
answers a conversation it cannot read with None, so the turn runs as if the person had just
arrived (the test with PostgreSQL stopped under load got "Sorry, I didn't follow that" to a
button press mid-form), and keeps a turn it cannot save in memory, where no other server and no
restart will find it. Ours passes the error on: the turn stops whole, nothing half-done is kept,
and `bot.channels.always_answered` tells the person to send the message again.

Two fixes to Rasa's speed, found by profiling the Rasa server (py-spy) under `bench/service.py`;
neither changes what Rasa does:

- Rasa checks each answer from the action server with `jsonschema.validate`, which first checks
  the schema itself against JSON Schema's 2020-12 meta-schema, every time: about 40 ms of CPU per
  custom action call on a quiet 2-core machine, a fifth of a whole turn. The answer is still
  checked against the same schema, with the same error, by a validator built once.
- Rasa reads each stored event by walking every subclass of `Event` (with `inspect.isabstract`
  on each) to find the one with the event's type name. That is done for every event of the
  conversation on every turn, so it grew with the conversation: a tenth of turn 200. The classes
  are now looked up by name in a table built once; a name not in it goes to Rasa's own lookup.

And one to its start-up: to give each network (DIET, the response selector, TED) weights of the
right shapes before loading the trained ones, Rasa trains it for one step on one example, and
TensorFlow first traces that training step into a graph: most of the two minutes a Rasa server
took to start. The step now runs eagerly, without a graph; then the trained weights are loaded
and prediction runs as a graph, as before.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel

_SCHEMA = RemoteAction.action_response_format_spec()
_ACTION_RESPONSE = validator_for(_SCHEMA)(_SCHEMA)  # the validator `jsonschema.validate` picks
_ADVICE = (
    ". Failed to validate Action server response from API, make sure your response from the "
    "Action endpoint is valid."
)


def _validate_action_result(_: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        _ACTION_RESPONSE.validate(result)
    except ValidationError as error:
        error.message += _ADVICE
        raise
    return True


_rasas_resolve_by_type = Event.resolve_by_type


@cache
def _event_classes() -> dict[str, type[Event]]:
    """Every event class by its type name; where two share a name, the one Rasa finds first."""
    return {cls.type_name: cls for cls in reversed(all_subclasses(Event))}


def _resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    found = _event_classes().get(type_name)
    return found if found is not None else _rasas_resolve_by_type(type_name, default)


_rasas_load = RasaModel.load.__func__  # type: ignore[attr-defined]


def _load(
    cls: type[RasaModel],
    model_file_name: str,
    model_data_example: RasaModelData,
    predict_data_example: RasaModelData | None = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> RasaModel:
    """Rasa's `RasaModel.load`, with the one training step that builds the weights run eagerly."""
    if finetune_mode:
        model: RasaModel = _rasas_load(
            cls,
            model_file_name,
            model_data_example,
            predict_data_example,
            finetune_mode,
            *args,
            **kwargs,
        )
        return model
    import tensorflow as tf

    model = cls(*args, **kwargs)
    config = kwargs.get("config", {})
    model.compile(
        optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)), run_eagerly=True
    )
    model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
    model.load_weights(model_file_name)
    model.run_eagerly = config.get(RUN_EAGERLY)
    if predict_data_example:
        model.run_inference(predict_data_example)  # traces the prediction graph now, not on a turn
    return model


async def _retrieve(self: FailSafeTrackerStore, sender_id: str) -> DialogueStateTracker | None:
    tracker: DialogueStateTracker | None = await self._tracker_store.retrieve(sender_id)
    return tracker


async def _retrieve_full_tracker(
    self: FailSafeTrackerStore, sender_id: str
) -> DialogueStateTracker | None:
    tracker: DialogueStateTracker | None = await self._tracker_store.retrieve_full_tracker(
        sender_id
    )
    return tracker


async def _save(self: FailSafeTrackerStore, tracker: DialogueStateTracker) -> None:
    await self._tracker_store.save(tracker)


def apply() -> None:
    FailSafeTrackerStore.retrieve = _retrieve  # type: ignore[method-assign]
    FailSafeTrackerStore.retrieve_full_tracker = _retrieve_full_tracker  # type: ignore[method-assign]
    FailSafeTrackerStore.save = _save  # type: ignore[method-assign]
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(_resolve_by_type)  # type: ignore[method-assign]
    RasaModel.load = classmethod(_load)  # type: ignore[method-assign, assignment]
