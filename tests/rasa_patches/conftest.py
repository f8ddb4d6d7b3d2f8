"""The patches applied, as the first of our components Rasa loads applies them."""

from __future__ import annotations

import pytest

from bot import rasa_patches


@pytest.fixture(scope="session")
def patched_rasa() -> None:
    rasa_patches.apply()
