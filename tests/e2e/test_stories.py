"""The test stories of tests/stories, checked against the trained dialogue policies."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT
from tests.e2e.conftest import VENV_BIN

pytestmark = pytest.mark.e2e


def test_every_test_story_is_predicted_exactly(trained_model: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(VENV_BIN / "rasa"), "test", "core", "--stories", "tests/stories", "--model", str(trained_model),
         "--out", str(tmp_path), "--fail-on-prediction-errors", "--no-plot"],
        check=False, cwd=PROJECT_ROOT, capture_output=True, text=True,
    )
    failed = (tmp_path / "failed_test_stories.yml")
    details = failed.read_text() if failed.exists() else result.stdout[-4000:] + result.stderr[-4000:]
    assert result.returncode == 0, details
    assert "none of the test stories failed" in failed.read_text().lower(), details
