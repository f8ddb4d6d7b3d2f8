"""`apply()` patches Rasa once, only on a Rasa it was written for, and only when called: importing
our code patches nothing, and every place where Rasa loads our code calls it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SlotSet
from rasa.utils.tensorflow.models import RasaModel

from bot import rasa_patches
from bot.settings import PROJECT_ROOT

PATCHED = [
    (FailSafeTrackerStore, "retrieve"),
    (FailSafeTrackerStore, "retrieve_full_tracker"),
    (FailSafeTrackerStore, "save"),
    (RemoteAction, "_validate_action_result"),
    (Event, "resolve_by_type"),
    (RasaModel, "load"),
]

# Run in a fresh process: importing `bot.channels` (which once patched Rasa on import) or the
# patches themselves imports no Rasa, so patches none of it, and no TensorFlow.
IMPORT_ONLY = """
import sys
import bot.channels, bot.rasa_patches
loaded = [name for name in sys.modules if name.split(".")[0] in ("rasa", "tensorflow")]
assert not loaded, loaded
"""


def patched_attributes() -> list[Any]:
    return [vars(cls)[name] for cls, name in PATCHED]


def test_applying_again_changes_nothing() -> None:
    rasa_patches.apply()
    first = patched_attributes()
    rasa_patches.apply()
    assert all(now is then for now, then in zip(patched_attributes(), first, strict=True))
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet


def test_another_rasa_is_refused_and_left_unpatched(monkeypatch: pytest.MonkeyPatch) -> None:
    applied: list[str] = []
    for patch in rasa_patches.PATCHES:
        monkeypatch.setattr(patch, "apply", lambda name=patch.__name__: applied.append(name))
    monkeypatch.setattr(rasa_patches, "_applied", False)
    monkeypatch.setattr(rasa_patches, "version", lambda _: "3.7.0")
    with pytest.raises(rasa_patches.UnexpectedRasaVersion, match="Rasa 3.7.0 is installed"):
        rasa_patches.apply()
    assert applied == []


def test_importing_our_code_patches_nothing() -> None:
    subprocess.run([sys.executable, "-c", IMPORT_ONLY], cwd=PROJECT_ROOT, check=True)


def _rest() -> None:
    from bot.channels.rest import GuardedRestInput

    GuardedRestInput.from_credentials(None)


def _socketio() -> None:
    from bot.channels.socketio import OriginCheckedSocketIOInput

    OriginCheckedSocketIOInput.from_credentials({"session_persistence": True})


def _sms() -> None:
    from bot.channels.sms import SmsInput

    SmsInput.from_credentials(None)


def _tracker_store() -> None:
    from bot.store.tracker_store import ErasureSafeSQLTrackerStore

    ErasureSafeSQLTrackerStore(host="sqlite://", domain=Domain.empty())


def _nlu_component() -> None:
    from bot.nlu.components import CouncilAndPostcodeEntities

    CouncilAndPostcodeEntities.create({}, None, None, None)


def _interruption_guard() -> None:
    from bot.nlu.interruption_guard import InterruptionGuard

    InterruptionGuard.create({}, None, None, None)


@pytest.mark.parametrize(
    "build",
    [_rest, _socketio, _sms, _tracker_store, _nlu_component, _interruption_guard],
    ids=lambda b: b.__name__,
)
def test_every_place_rasa_loads_our_code_applies_the_patches(
    build: Callable[[], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[None] = []
    monkeypatch.setattr(rasa_patches, "apply", lambda: calls.append(None))
    monkeypatch.setenv("CHAT_ALLOWED_ORIGINS", "https://example.org")
    build()
    assert calls == [None]
