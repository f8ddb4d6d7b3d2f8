"""The model the end-to-end tests need, trained once per run, alongside the other tests.

`make train` (the README's own way: Rasa retrains only when the data changed) starts with the test
session when its paths may hold an end-to-end test (tests/conftest.py; stopped again if none is
collected), and the end-to-end tests run last, so the minutes of training overlap the collection
and the unit tests instead of adding to them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
from pathlib import Path

from bot.settings import PROJECT_ROOT


class Training:
    """`make train` running in the background, with its output kept for a failure message."""

    def __init__(self) -> None:
        self.log = Path(tempfile.mkstemp(prefix="mias-train-", suffix=".log")[1])
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                ["make", "-s", "train"],
                cwd=PROJECT_ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait(self) -> Path:
        """The models folder, once training has finished; raises if it failed."""
        if self.process.wait() != 0:
            raise RuntimeError(f"make train failed:\n{self.log.read_text()[-4000:]}")
        return PROJECT_ROOT / "bot" / "models"

    def stop(self) -> None:
        """Ends make and the training it started (a run stopped early must not leave it behind)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait()
