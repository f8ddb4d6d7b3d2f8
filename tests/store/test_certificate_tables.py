from datetime import date, datetime

import pytest
from alembic import command
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from bot.store.db import engine_for, transaction
from bot.store.migrate import alembic_config, upgrade
from bot.store.models import AuditEntry, Case, Certificate


def _certificate(case_id: int, number: str, status: str = "valid") -> Certificate:
    return Certificate(
        number=number,
        case_id=case_id,
        status=status,
        route="declined",
        trigger_date=date(2026, 3, 10),
        due_date=date(2026, 3, 13),
        mias_date=date(2026, 3, 10),
        decision_type="refuse_plan",
        decision_date=date(2026, 3, 2),
        council_name="Surrey",
        applicant_name="A",
        applicant_role="parent",
        created_at=datetime(2026, 3, 10),
        created_by="assistant",
    )


def test_the_certificate_migration_adds_its_tables_and_columns_and_goes_back(
    database_url: str,
) -> None:
    inspector = inspect(engine_for(database_url))
    assert {"certificates", "audit_entries"} <= set(inspector.get_table_names())
    case_columns = {column["name"] for column in inspector.get_columns("cases")}
    assert {"applicant_name", "child_name", "mias_completed_at"} <= case_columns
    config = alembic_config(database_url)
    command.downgrade(config, "0001")
    assert "certificates" not in inspect(engine_for(database_url)).get_table_names()
    upgrade(database_url)
    assert "certificates" in inspect(engine_for(database_url)).get_table_names()


def test_only_one_live_certificate_per_case_and_route(database_url: str) -> None:
    now = datetime(2026, 3, 10)
    with transaction(database_url) as session:
        case = Case(conversation_id="c", channel="rest", created_at=now, updated_at=now)
        session.add(case)
        session.flush()
        session.add(_certificate(case.id, "MC-1", status="void"))
        session.add(_certificate(case.id, "MC-2", status="void"))
        session.add(_certificate(case.id, "MC-3"))
        session.add(
            AuditEntry(at=now, actor="assistant", action="certificate_issued", case_id=case.id)
        )
        case_id = case.id
    with pytest.raises(IntegrityError), transaction(database_url) as session:
        session.add(_certificate(case_id, "MC-4", status="draft"))
