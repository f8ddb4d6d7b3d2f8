import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect

from bot.store.db import engine_for
from bot.store.migrate import alembic_config, upgrade


def test_migrations_create_our_tables_and_run_twice(database_url: str) -> None:
    upgrade(database_url)
    tables = set(inspect(engine_for(database_url)).get_table_names())
    assert {"cases", "mias_steps", "handoffs", "alembic_version"} <= tables


CASE = (
    "INSERT INTO cases (id, conversation_id, channel, created_at, updated_at) "
    "VALUES (1, 'c1', 'rest', '2026-03-10', '2026-03-10')"
)
CERTIFICATE = (
    "INSERT INTO certificates (id, number, case_id, status, route, trigger_date, due_date, "
    "mias_date, decision_type, decision_date, council_name, applicant_name, applicant_role, "
    "created_at, created_by, replaces_id) VALUES (?, ?, 1, ?, 'declined', '2026-03-10', "
    "'2026-03-13', '2026-03-10', 'refuse_plan', '2026-03-02', 'Surrey County Council', "
    "'Jane Smith', 'parent', '2026-03-10', 'assistant', ?)"
)
AUDIT = (
    "INSERT INTO audit_entries (at, actor, action, case_id, certificate_id) "
    "VALUES ('2026-03-10', 'assistant', 'certificate_issued', 1, ?)"
)


def _sqlite(database_url: str) -> sqlite3.Connection:
    db = sqlite3.connect(database_url.removeprefix("sqlite:///"))
    db.execute("PRAGMA foreign_keys=ON")
    return db


def test_0005_keeps_every_link_and_lets_certificates_outlive_their_case(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'old.db'}"
    command.upgrade(alembic_config(database_url), "0004")
    with _sqlite(database_url) as db:
        db.execute(CASE)
        db.execute(CERTIFICATE, (1, "MC-AAAA-AAAA-AAAA", "void", None))
        db.execute(CERTIFICATE, (2, "MC-BBBB-BBBB-BBBB", "valid", 1))
        db.executemany(AUDIT, [(1,), (2,)])
    upgrade(database_url)
    with _sqlite(database_url) as db:
        assert db.execute("SELECT certificate_id FROM audit_entries ORDER BY id").fetchall() == [
            (1,),
            (2,),
        ]
        assert db.execute(
            "SELECT case_id, replaces_id FROM certificates WHERE id = 2"
        ).fetchone() == (1, 1)
        with pytest.raises(sqlite3.IntegrityError):  # still one live certificate per case and route
            db.execute(CERTIFICATE, (3, "MC-CCCC-CCCC-CCCC", "valid", None))
        db.execute("DELETE FROM cases WHERE id = 1")
        assert db.execute("SELECT id, case_id FROM certificates ORDER BY id").fetchall() == [
            (1, None),
            (2, None),
        ]
        assert db.execute("SELECT count(*) FROM audit_entries").fetchone() == (2,)


def test_0005_goes_down_and_up_again(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'twice.db'}"
    upgrade(database_url)
    command.downgrade(alembic_config(database_url), "0004")
    assert "erasure_requests" not in inspect(engine_for(database_url)).get_table_names()
    upgrade(database_url)
    assert "erasure_requests" in inspect(engine_for(database_url)).get_table_names()


OLD_CASES = (
    "INSERT INTO cases (id, conversation_id, channel, role, age_group, created_at, updated_at) "
    "VALUES (?, ?, 'rest', 'parent', ?, '2026-03-10', '2026-03-10')"
)
PARENT_OF_YOUNG_PERSON = (
    "UPDATE certificates SET applicant_role = 'parent_of_young_person', "
    "child_name = 'Robin Smith' WHERE id = 2"
)
PEOPLE = "SELECT applicant_name, applicant_role, child_name{} FROM certificates ORDER BY id"


def test_0006_knows_who_holds_the_right_and_names_a_young_persons_helper(tmp_path: Path) -> None:
    """A parent of a child under 16 holds the right; a parent of someone 16 or over might not
    (Year 11), so that case is left for the conversation or a caseworker to settle. An old
    "parent_of_young_person" certificate names the young person as appellant, the parent as
    helper, and goes back on downgrade."""
    database_url = f"sqlite:///{tmp_path / 'rights.db'}"
    command.upgrade(alembic_config(database_url), "0005")
    with _sqlite(database_url) as db:
        db.executemany(OLD_CASES, [(1, "c1", "under_16"), (2, "c2", "16_to_25")])
        db.executemany(
            CERTIFICATE,
            [(1, "MC-AAAA-AAAA-AAAA", "void", None), (2, "MC-BBBB-BBBB-BBBB", "valid", 1)],
        )
        db.execute(PARENT_OF_YOUNG_PERSON)
    upgrade(database_url)
    with _sqlite(database_url) as db:
        assert db.execute("SELECT rights_holder FROM cases ORDER BY id").fetchall() == [
            ("parent",),
            (None,),
        ]
        assert db.execute(PEOPLE.format(", helper_name, helper_role")).fetchall() == [
            ("Jane Smith", "parent", None, None, None),
            ("Robin Smith", "young_person", None, "Jane Smith", "parent"),
        ]
    command.downgrade(alembic_config(database_url), "0005")
    with _sqlite(database_url) as db:
        assert db.execute(PEOPLE.format("")).fetchall() == [
            ("Jane Smith", "parent", None),
            ("Jane Smith", "parent_of_young_person", "Robin Smith"),
        ]


def test_0006_goes_down_and_up_again_keeping_the_certificates_constraints(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'twice.db'}"
    upgrade(database_url)
    command.downgrade(alembic_config(database_url), "0005")
    columns = {column["name"] for column in inspect(engine_for(database_url)).get_columns("cases")}
    assert "rights_holder" not in columns and "letter_told_rights" not in columns
    upgrade(database_url)
    with _sqlite(database_url) as db:
        db.execute(CASE)
        db.execute(CERTIFICATE, (1, "MC-AAAA-AAAA-AAAA", "valid", None))
        db.execute("UPDATE certificates SET helper_name = 'Jane', helper_role = 'parent'")
        with pytest.raises(sqlite3.IntegrityError):  # still one live certificate per case and route
            db.execute(CERTIFICATE, (2, "MC-BBBB-BBBB-BBBB", "valid", None))
        db.execute("DELETE FROM cases WHERE id = 1")
        assert db.execute("SELECT case_id FROM certificates").fetchall() == [(None,)]
