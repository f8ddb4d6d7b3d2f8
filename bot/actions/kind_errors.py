"""A kind reply when an action breaks: the error is logged once, the person is never left in silence."""

from __future__ import annotations

import functools
import logging
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from bot.actions.context import settings

logger = logging.getLogger(__name__)
Events = list[dict[str, Any]]


def kind_on_error(
    run: Callable[..., Awaitable[Events]],
) -> Callable[..., Awaitable[Events]]:
    """Log an unexpected error once (no personal data) and still answer the person."""

    @functools.wraps(run)
    async def wrapper(
        self: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> Events:
        try:
            return await run(self, dispatcher, tracker, domain)
        except Exception:
            logger.exception("event=action_failed action=%s", self.name())
            # The provider's phone from the settings, as the session start may not have run.
            dispatcher.utter_message(
                response="utter_technical_problem", **settings().provider_values()
            )
            return []

    return wrapper


class KindFormValidationAction(FormValidationAction, ABC):
    """A form validation that answers kindly instead of failing silently on an unexpected error."""

    @abstractmethod
    def name(self) -> str:
        """validate_<form>"""

    @kind_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Events:
        return await super().run(dispatcher, tracker, domain)

    def _asked(self, tracker: Tracker, slot: str) -> bool:
        """Whether the latest reply answers `slot`. When a form starts again after an
        interruption, Rasa validates every slot already filled, with the interruption's reply
        ("no keep it") as the latest message: only the question asked may read it, and an
        answer given earlier stands."""
        return bool(tracker.get_slot("requested_slot") == slot)
