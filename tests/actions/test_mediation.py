"""action_change_to_certificate on a real Tracker and SQLite: a family who chose mediation asks
for the certificate instead. Today is Wed 25 Nov 2026 (action_env); they chose mediation on
Mon 16 Nov 2026 after a letter of Thu 12 Nov 2026."""

from __future__ import annotations

from datetime import date

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.mediation import ActionChangeToCertificate
from bot.mias.mediation import Outcome
from bot.services.cases import Conversation
from bot.services.mediation import mediation_for_conversation, record_progress
from tests.helpers.mediation import a_family_that_chose_mediation
from tests.helpers.trackers import make_tracker, responses

pytestmark = pytest.mark.usefixtures("action_env")
DECISION = date(2026, 11, 12)


def chose_mediation(database_url: str, *, names: bool = True) -> None:
    a_family_that_chose_mediation(
        database_url,
        Conversation("test-conversation", "rest"),
        decision=DECISION,
        chosen_on=date(2026, 11, 16),
        council=("Birmingham City Council", "E08000025"),
        names=("Sam Jones", "Al") if names else None,
    )


async def run(domain: dict[str, object]) -> CollectingDispatcher:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(intent="request_certificate", text="I've changed my mind")
    await ActionChangeToCertificate().run(dispatcher, tracker, domain)  # type: ignore[arg-type]
    return dispatcher


async def test_before_mediation_the_family_gets_the_certificate_with_the_date_in_words(
    domain: dict[str, object], action_env: str
) -> None:
    chose_mediation(action_env)
    dispatcher = await run(domain)
    assert responses(dispatcher) == ["utter_changed_mind_noted", "utter_certificate_ready"]
    noted, ready = dispatcher.messages
    assert noted["today_words"] == "Wednesday 25 November 2026"
    assert ready["appeal_deadline_words"] == "Tuesday 12 January 2027"
    assert ready["certificate_number"].startswith("MC-")

    again = await run(domain)
    assert responses(again) == ["utter_certificate_already_issued", "utter_certificate_ready"]
    assert again.messages[1]["certificate_number"] == ready["certificate_number"]


async def test_without_the_names_a_caseworker_finishes_it_by_the_due_date(
    domain: dict[str, object], action_env: str
) -> None:
    chose_mediation(action_env, names=False)
    dispatcher = await run(domain)
    assert responses(dispatcher) == ["utter_changed_mind_caseworker"]
    assert dispatcher.messages[0]["certificate_due_words"] == "Monday 30 November 2026"


async def test_after_mediation_that_did_not_settle_everything_it_says_when_it_comes(
    domain: dict[str, object], action_env: str
) -> None:
    chose_mediation(action_env)
    view = mediation_for_conversation(action_env, "test-conversation", date(2026, 11, 25))
    assert view is not None
    record_progress(
        action_env,
        view.mediation_id,
        {"held_on": date(2026, 11, 24), "outcome": Outcome.NO_AGREEMENT},
        actor="caseworker:1",
        today=date(2026, 11, 25),
    )
    dispatcher = await run(domain)
    assert responses(dispatcher) == ["utter_changed_mind_after_mediation"]
    assert dispatcher.messages[0]["held_on_words"] == "Tuesday 24 November 2026"
    assert dispatcher.messages[0]["certificate_due_words"] == "Friday 27 November 2026"


async def test_someone_without_a_mediation_case_carries_on_as_asking_for_a_certificate_does(
    domain: dict[str, object], action_env: str
) -> None:
    dispatcher = await run(domain)
    tracker = make_tracker(intent="request_certificate")
    events = await ActionChangeToCertificate().run(dispatcher, tracker, domain)  # type: ignore[arg-type]
    assert events == [
        {"event": "followup", "timestamp": None, "name": "action_resume_conversation"}
    ]
    assert dispatcher.messages == []
