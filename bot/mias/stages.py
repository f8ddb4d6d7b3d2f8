"""Where a conversation stands: which stage comes next, and when to offer a person."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MISUNDERSTANDINGS_BEFORE_OFFER = 2
STAGES_AFTER_INTAKE = (("steps", "steps_form"), ("choice", "choice_form"))


def _complete(form: str, slots: Mapping[str, Any], forms: Mapping[str, Any]) -> bool:
    required = forms.get(form, {}).get("required_slots", [])
    return all(slots.get(slot) is not None for slot in required)


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
    for stage, form in STAGES_AFTER_INTAKE:
        if not _complete(form, slots, forms):
            return stage
    return "done"
