"""Domain responses rendered outside Rasa, for messages the console sends on the assistant's behalf.

The wording stays in `bot/domain/*.yml` where non-programmers edit it; this reads it (on first use,
never at import) and fills `{variables}` the way Rasa does. A variant for the person's channel
(`channel: sms`) is preferred to the plain one.

Any response may name the provider: `{provider_name}`, `{provider_phone}` and `{provider_email}` are
filled from the settings here, as the session start sets them as slots inside Rasa.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.settings import PROJECT_ROOT, Settings

DOMAIN_DIR = PROJECT_ROOT / "bot" / "domain"
_VARIABLE = re.compile(r"{([A-Za-z_][A-Za-z0-9_]*)}")


class MissingResponse(LookupError):
    """The domain has no response by that name."""


@cache
def _responses(directory: Path) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(directory.glob("*.yml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        found.update(content.get("responses") or {})
    return found


def render_response(
    name: str,
    values: Mapping[str, str],
    *,
    settings: Settings,
    channel: str | None = None,
    directory: Path = DOMAIN_DIR,
) -> str:
    """The text of response `name` for `channel`, with its variables filled in: the provider's
    from `settings`, the rest from `values`."""
    variants = _responses(directory).get(name)
    if not variants:
        raise MissingResponse(name)
    chosen = next((v for v in variants if channel and v.get("channel") == channel), None)
    chosen = chosen or next(v for v in variants if not v.get("channel"))
    text = str(chosen.get("text", ""))
    filled = {**settings.provider_values(), **values}
    return _VARIABLE.sub(lambda m: str(filled.get(m.group(1), m.group(0))), text)
