"""Our patches to Rasa 3.6.21, one module per patch, applied by `apply()`.

Each module says what it overrides, in which Rasa, and why:

- `tracker_store_errors_raise`: a database error reaches the turn instead of starting the
  conversation afresh or keeping the turn in memory only.
- `action_schema_checked_once`: the action server's answer is checked without checking JSON
  Schema's meta-schema first, each time.
- `event_types_by_name`: a stored event's class is found in a table, not by walking every class.
- `model_load_without_tracing`: the one training step that builds a network's weights at load
  runs eagerly, not traced into a graph first.

Importing this package imports no Rasa or TensorFlow, and importing it or any module of ours
patches nothing. `apply()` patches Rasa's classes for the whole process, once however often it is
called. Each place where Rasa loads our code calls it first, so the patches hold whichever of
them Rasa loads first:

- The input channels of credentials.yml: `bot/channels/rest.py` and `sms.py` in
  `from_credentials`, `socketio.py` in its constructor (which Rasa's `from_credentials` calls).
  `rasa run` builds them (rasa/core/run.py, `create_http_input_channels`) before its server
  starts; the tracker store and the model are loaded after, in the server's
  `before_server_start` listener (`load_agent_on_start`). Several Sanic workers (with a Redis lock
  store) are forked from that process, patched.
- The tracker store of endpoints.yml: `ErasureSafeSQLTrackerStore.__init__`
  (`bot/store/tracker_store.py`). `rasa.core.agent.load_agent` builds it before it loads the
  model, and `Agent` then wraps it in `FailSafeTrackerStore`. This alone covers `rasa shell`,
  which loads only the command-line channel.
- The NLU component of config.yml: `CouncilAndPostcodeEntities.create` (`bot/nlu/components.py`).
  Rasa builds a model's components in the pipeline's order (rasa/engine/runner/dask.py,
  `_instantiate_nodes`), so `DIETClassifier`, before ours in config.yml, has already loaded its
  weights by then. Where Rasa loads a model with neither our channels nor our tracker store
  (`rasa test nlu`, `rasa shell nlu`), DIET therefore loads Rasa's slower way, to the same
  weights; the response selector, TED and everything after are patched. `rasa train` does not
  build it (it only imports the module), so training runs unpatched, as it always has.

`apply()` refuses (`UnexpectedRasaVersion`) a Rasa other than `RASA_VERSION`. Each patch replaces
Rasa code as it is in that version, and one is a copy of it: on another Rasa a patch could quietly
undo a fix of Rasa's, or fail in the middle of a conversation. Refusing where `apply()` is called,
while Rasa starts and before it answers anyone, makes an upgrade of Rasa a deliberate step:
re-check each patch (tests/rasa_patches/test_replaced_rasa_code.py shows which of the code they
replace has changed), then change `RASA_VERSION`. The refusal is a RuntimeError on purpose: Rasa
reads an ImportError or AttributeError from a custom tracker store's constructor as "no such
store" and quietly uses an in-memory one (rasa/core/tracker_store.py,
`_load_from_module_name_in_endpoint_config`).
"""

from __future__ import annotations

from importlib.metadata import version

from bot.rasa_patches import (
    action_schema_checked_once,
    event_types_by_name,
    model_load_without_tracing,
    tracker_store_errors_raise,
)

RASA_VERSION = "3.6.21"
PATCHES = (
    tracker_store_errors_raise,
    action_schema_checked_once,
    event_types_by_name,
    model_load_without_tracing,
)

_applied = False


class UnexpectedRasaVersion(RuntimeError):
    """The installed Rasa is not the one the patches were written for."""


def apply() -> None:
    """Patch Rasa, once per process: every later call does nothing."""
    global _applied
    if _applied:
        return
    installed = version("rasa")
    if installed != RASA_VERSION:
        raise UnexpectedRasaVersion(
            f"bot/rasa_patches was written for Rasa {RASA_VERSION}, and Rasa {installed} is "
            "installed: re-check each patch against it, then change RASA_VERSION"
        )
    for patch in PATCHES:
        patch.apply()
    _applied = True
