"""The Rasa we run is one without the model-loading advisory (GHSA-cpv4-ggrr-7j9v, CVE-2024-49375).

Rasa before 3.6.21 could be made to load a crafted model over its HTTP API and run code from it.
Checked offline here, whatever `make audit` can reach.
"""

from __future__ import annotations

import re
from importlib.metadata import version

from bot.settings import PROJECT_ROOT

FIXED_IN = (3, 6, 21)


def _release(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def test_the_installed_rasa_has_the_model_loading_fix() -> None:
    assert _release(version("rasa")) >= FIXED_IN


def test_the_project_pins_a_rasa_with_the_fix() -> None:
    pinned = re.search(r'"rasa\[spacy\]==([\d.]+)"', (PROJECT_ROOT / "pyproject.toml").read_text())
    assert pinned and _release(pinned.group(1)) >= FIXED_IN
    locked = re.search(
        r'\[\[package\]\]\nname = "rasa"\nversion = "([\d.]+)"',
        (PROJECT_ROOT / "uv.lock").read_text(),
    )
    assert locked and _release(locked.group(1)) >= FIXED_IN
