"""The test stories of tests/stories, checked against the trained dialogue policies.

Through the running Rasa server's own `POST /model/test/stories` (the evaluation `rasa test core`
runs), so the model is not loaded a second time: every action of every story must be the one
the policies predict.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from bot.settings import PROJECT_ROOT
from tests.helpers.servers import Servers

pytestmark = pytest.mark.e2e
STORY_FILES = sorted((PROJECT_ROOT / "tests" / "stories").glob("*.yml"))


@pytest.mark.parametrize("stories", STORY_FILES, ids=lambda path: path.stem)
def test_every_test_story_is_predicted_exactly(servers: Servers, stories: Path) -> None:
    answer = httpx.post(
        f"{servers.rasa_url}/model/test/stories",
        content=stories.read_bytes(),
        headers={"Content-Type": "text/yml"},
        timeout=600,
    )
    assert answer.status_code == 200, answer.text[:2000]
    actions = answer.json()["actions"]
    wrong = [a for a in actions if a["action"] != a["predicted"]]
    assert actions and wrong == []
