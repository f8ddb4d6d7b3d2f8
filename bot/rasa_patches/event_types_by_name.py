"""A stored event's class is looked up by its type name in a table built once.

Overrides `Event.resolve_by_type` (rasa/shared/core/events.py) in Rasa 3.6.21. Rasa's walks every
subclass of `Event` (`rasa.shared.utils.common.all_subclasses`, with `inspect.isabstract` on
each) to find the one with the type name. Rasa does that for every event of a conversation it
reads, on every turn, so the cost grew with the conversation: a tenth of turn 200 (py-spy on the
Rasa server under `bench/service.py`; README, "Figures"). Here the classes come from a table built
from the same walk, once, on first use; where two share a name, the one Rasa finds first. A name
not in the table (an event class defined later, Rasa's old "topic", an unknown name) goes to
Rasa's own lookup, which answers as before.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rasa.shared.core.events import Event

# sha256 of the source of each Rasa function replaced, checked by
# tests/rasa_patches/test_replaced_rasa_code.py.
REPLACES = {
    "rasa.shared.core.events:Event.resolve_by_type": (
        "ffabe9999fc8f7f3c65533056a95af7a71f79d3565e5b43f507cc8128246d10f"
    ),
}

ResolveByType = Callable[[str, "type[Event] | None"], "type[Event] | None"]


@cache
def _event_classes() -> dict[str, type[Event]]:
    """Every event class by its type name; where two share a name, the one Rasa finds first."""
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    return {cls.type_name: cls for cls in reversed(all_subclasses(Event))}


def _resolve_by_type(
    rasas: ResolveByType, type_name: str, default: type[Event] | None = None
) -> type[Event] | None:
    found = _event_classes().get(type_name)
    return found if found is not None else rasas(type_name, default)


def apply() -> None:
    """Called once, by `bot.rasa_patches.apply`."""
    from rasa.shared.core.events import Event

    Event.resolve_by_type = staticmethod(partial(_resolve_by_type, Event.resolve_by_type))
