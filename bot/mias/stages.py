"""Where a conversation stands: which stage comes next, and when to offer a person."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.mias.choice import names_needed

MISUNDERSTANDINGS_BEFORE_OFFER = 2


def _steps_done(slots: Mapping[str, Any], forms: Mapping[str, Any]) -> bool:
    required = forms.get("steps_form", {}).get("required_slots", [])
    return all(slots.get(slot) is not None for slot in required)


def _choice_done(slots: Mapping[str, Any]) -> bool:
    """The choice is made, with the names its certificate needs (none for mediation)."""
    choice = slots.get("mediation_choice")
    if choice not in ("mediate", "decline"):
        return False
    needed = names_needed(choice, slots.get("role"), slots.get("rights_holder"))
    return all(slots.get(name) is not None for name in needed)


def next_step(*, route: str | None, slots: Mapping[str, Any], forms: Mapping[str, Any]) -> str:
    """The stage to run next ("intake", "steps", "choice" or "done").

    Intake runs until a route is known; on the MIAS route the steps and then the choice follow.
    Intake ends early on routes that need no MIAS (late, not covered...), so its completeness is
    judged by the route, not by its slots.
    """
    if route is None:
        return "intake"
    if route != "mias":
        return "done"
    if not _steps_done(slots, forms):
        return "steps"
    return "done" if _choice_done(slots) else "choice"
