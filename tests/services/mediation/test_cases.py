"""Opening a mediation case at the choice, reading it, the queue, and its place in the data's life
(earlier choices migrated, erasure)."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import select

from bot.mias.choice import outcome_of
from bot.mias.mediation import Attention, Outcome
from bot.services.cases import Conversation, record_facts
from bot.services.choice import record_choice
from bot.services.mediation import (
    mediation_case,
    mediation_cases,
    mediation_for_conversation,
    mediation_queue,
    record_progress,
)
from bot.services.privacy import erase_conversation, export_conversation
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.migrate import alembic_config, upgrade
from bot.store.models import AuditEntry, Case, MediationCase
from tests.services.mediation.conftest import (
    CASEWORKER,
    CHOSEN,
    DAY_30,
    DECISION,
    mediation_family,
    mediation_id,
)


def test_choosing_mediation_opens_its_case_once_with_the_mias_date(database_url: str) -> None:
    who = mediation_family(database_url)
    record_choice(database_url, who, outcome_of("mediate", "refuse_plan", DECISION, CHOSEN))

    view = mediation_for_conversation(database_url, "m1", today=CHOSEN)
    assert view is not None and view.council == "Surrey County Council"
    assert view.facts.chosen_on == CHOSEN and view.provisional
    assert view.arrange_by == DAY_30  # from the choice until the council told is recorded
    with transaction(database_url) as session:
        case_id, completed = session.execute(
            select(MediationCase.case_id, Case.mias_completed_at).join(Case)
        ).one()  # one case, however often the choice is recorded
        actions = session.execute(select(AuditEntry.action).where(AuditEntry.case_id == case_id))
        assert list(actions.scalars()) == ["mediation_case_opened"]
    assert completed is not None and completed.date() == CHOSEN  # the MIAS date


def test_declining_opens_no_mediation_case(database_url: str) -> None:
    who = Conversation("d1", "socketio")
    record_facts(database_url, who, decision_type="refuse_plan", decision_date=DECISION)
    record_choice(database_url, who, outcome_of("decline", "refuse_plan", DECISION, CHOSEN))
    assert mediation_for_conversation(database_url, "d1", today=CHOSEN) is None


def test_viewing_a_case_is_audited_and_an_unknown_one_is_none(database_url: str) -> None:
    mediation_family(database_url)
    view = mediation_case(database_url, mediation_id(database_url), CHOSEN, viewer=CASEWORKER)
    assert view is not None and view.conversation_id == "m1"
    assert mediation_case(database_url, 999, CHOSEN, viewer=CASEWORKER) is None
    with transaction(database_url) as session:
        viewed = session.execute(
            select(AuditEntry.actor).where(AuditEntry.action == "mediation_viewed")
        ).scalars()
        assert list(viewed) == [CASEWORKER]


def _record(database_url: str, conversation_id: str, today: date, **changes: object) -> None:
    record_progress(
        database_url,
        mediation_id(database_url, conversation_id),
        changes,  # type: ignore[arg-type]
        actor=CASEWORKER,
        today=today,
    )


def test_the_queue_puts_a_certificate_owed_first_then_day_30_passed_then_the_rest(
    database_url: str,
) -> None:
    today = CHOSEN + timedelta(days=40)
    for name, chosen in [
        ("near", today - timedelta(days=22)),
        ("quiet", today - timedelta(days=5)),
    ]:
        mediation_family(database_url, name, chosen_on=chosen)
    mediation_family(database_url, "passed")  # day 30 was 10 days ago, nothing held
    mediation_family(database_url, "ended")
    _record(database_url, "ended", today, held_on=today - timedelta(days=1))
    mediation_family(database_url, "owed")
    _record(
        database_url, "owed", today, held_on=today - timedelta(days=2), outcome=Outcome.NO_AGREEMENT
    )
    mediation_family(database_url, "settled")
    _record(database_url, "settled", today, held_on=today, outcome=Outcome.AGREEMENT)

    queue = mediation_queue(database_url, today)
    assert [(v.conversation_id, v.queue.attention if v.queue else None) for v in queue] == [
        ("owed", Attention.CERTIFICATE_DUE),
        ("passed", Attention.DAY_30_PASSED),
        ("ended", Attention.OUTCOME_NEEDED),
        ("near", Attention.DAY_30_NEAR),
    ]
    running = {v.conversation_id for v in mediation_cases(database_url, today)}
    assert running == {"near", "quiet", "passed", "ended", "owed"}
    finished = mediation_cases(database_url, today, finished=True)
    assert [v.conversation_id for v in finished] == ["settled"]


def test_export_shows_the_mediation_case_and_erasure_removes_it(database_url: str) -> None:
    mediation_family(database_url)
    settings = Settings.from_env({"DATABASE_URL": database_url})
    exported = export_conversation(settings, "m1")["mediation"]
    assert exported["chosen_at"].startswith(CHOSEN.isoformat())
    assert exported["council_told_on"] is None
    erase_conversation(settings, "m1", reason="asked")
    with transaction(database_url) as session:
        assert session.execute(select(MediationCase)).scalars().all() == []


def test_families_who_chose_mediation_before_0008_get_their_case(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'old.db'}"
    command.upgrade(alembic_config(database_url), "0007")
    with sqlite3.connect(tmp_path / "old.db") as db:
        db.executemany(
            "INSERT INTO cases (id, conversation_id, channel, choice, choice_recorded_at, "
            "created_at, updated_at) VALUES (?, ?, 'rest', ?, '2026-11-02 10:00:00', "
            "'2026-11-02 10:00:00', '2026-11-02 10:00:00')",
            [(1, "chose", "mediate"), (2, "declined", "decline")],
        )
    upgrade(database_url)

    view = mediation_for_conversation(database_url, "chose", today=date(2026, 11, 3))
    assert view is not None and view.facts.chosen_on == date(2026, 11, 2)
    assert mediation_for_conversation(database_url, "declined", today=date(2026, 11, 3)) is None
    with transaction(database_url) as session:
        completed = session.execute(
            select(Case.conversation_id, Case.mias_completed_at).order_by(Case.id)
        ).all()
    assert completed == [("chose", datetime(2026, 11, 2, 10, 0)), ("declined", None)]
