"""The bot asks one question at a time. Each response in the domain asks at most one; the running
conversations check every bot turn (tests/helpers/chat.py and phone.py assert it on each reply)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.settings import PROJECT_ROOT
from tests.helpers.questions import questions_asked

DOMAIN = PROJECT_ROOT / "bot" / "domain"


def variants() -> list[tuple[str, str]]:
    found = []
    for path in sorted(DOMAIN.glob("*.yml")):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        for name, texts in responses.items():
            found += [(name, str(variant.get("text", ""))) for variant in texts]
    return found


@pytest.mark.parametrize(("name", "text"), variants(), ids=lambda value: str(value)[:40])
def test_no_response_asks_two_questions(name: str, text: str) -> None:
    assert len(questions_asked([text])) <= 1, name


# Said just before a form asks its question again: they must ask nothing themselves.
BEFORE_A_QUESTION = ("utter_faq/", "_not_understood", "utter_consent_unclear", "utter_person_is_there",
                     "utter_steps_help", "utter_faq_back_to_steps", "utter_date_in_future",
                     "utter_council_by_name", "utter_postcode_", "utter_council_unknown",
                     "utter_young_person_holds_rights")  # fmt: skip


@pytest.mark.parametrize(("name", "text"), variants(), ids=lambda value: str(value)[:40])
def test_what_comes_before_a_question_asks_none(name: str, text: str) -> None:
    if any(part in name for part in BEFORE_A_QUESTION):
        assert questions_asked([text]) == [], name


def test_the_counting_itself() -> None:
    assert questions_asked(["Is that OK?"]) == ["Is that OK?"]
    assert len(questions_asked(["Is it only the school? Or the needs too?"])) == 2
    assert questions_asked(['Type "talk to a person" at any time.']) == []
    assert len(questions_asked(["So the letter is dated 3 March.", "Is that right?"])) == 1


def test_helpers_check_every_turn() -> None:
    """Every e2e conversation goes through these helpers, which check each turn."""
    for helper in ("chat.py", "phone.py"):
        assert "assert_one_question" in (Path(__file__).parent / "helpers" / helper).read_text()
