"""Caseworker accounts: argon2 hashes, sign-in outcomes, lock-out, and admin actions."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.services import accounts
from bot.services.accounts import AccountError
from bot.store.db import transaction
from bot.store.models import AuditEntry, Caseworker

PASSWORD = "correct horse battery"


def _audit(database_url: str) -> list[tuple[str, str]]:
    with transaction(database_url) as session:
        return [(e.actor, e.action) for e in session.execute(select(AuditEntry)).scalars()]


def _make(
    database_url: str, email: str = "Sam@Example.org", role: str = "caseworker"
) -> accounts.Account:
    return accounts.create_caseworker(database_url, email, "Sam", PASSWORD, role=role, actor="cli")


def test_the_password_is_stored_as_an_argon2_hash(database_url: str) -> None:
    account = _make(database_url)
    assert account.email == "sam@example.org" and account.role == "caseworker"
    with transaction(database_url) as session:
        stored = session.execute(select(Caseworker.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_sign_in_works_with_any_case_of_address_and_is_audited(database_url: str) -> None:
    account = _make(database_url)
    result = accounts.authenticate(database_url, " SAM@example.org ", PASSWORD)
    assert result.outcome == "ok" and result.account == account
    assert (account.actor, "sign_in") in _audit(database_url)


def test_wrong_and_unknown_get_the_same_answer_and_are_audited(database_url: str) -> None:
    account = _make(database_url)
    assert accounts.authenticate(database_url, "sam@example.org", "wrong").outcome == "wrong"
    assert accounts.authenticate(database_url, "nobody@example.org", PASSWORD).outcome == "wrong"
    trail = _audit(database_url)
    assert (account.actor, "sign_in_failed") in trail and ("unknown", "sign_in_failed") in trail


def test_five_failures_lock_the_account_for_fifteen_minutes(database_url: str) -> None:
    _make(database_url)
    now = datetime(2026, 11, 25, 10, 0)
    outcomes = [
        accounts.authenticate(database_url, "sam@example.org", "wrong", now=now).outcome
        for _ in range(5)
    ]
    assert outcomes == ["wrong"] * 4 + ["locked"]
    locked = accounts.authenticate(database_url, "sam@example.org", PASSWORD, now=now)
    assert locked.outcome == "locked" and locked.locked_until == now + timedelta(minutes=15)
    later = now + timedelta(minutes=15, seconds=1)
    assert (
        accounts.authenticate(database_url, "sam@example.org", PASSWORD, now=later).outcome == "ok"
    )


def test_a_success_resets_the_failure_count(database_url: str) -> None:
    _make(database_url)
    for _ in range(4):
        accounts.authenticate(database_url, "sam@example.org", "wrong")
    assert accounts.authenticate(database_url, "sam@example.org", PASSWORD).outcome == "ok"
    for _ in range(4):
        assert accounts.authenticate(database_url, "sam@example.org", "wrong").outcome == "wrong"


@pytest.mark.parametrize(
    ("email", "name", "password", "role"),
    [
        ("no-at-sign", "Sam", PASSWORD, "caseworker"),
        ("a@b.org", " ", PASSWORD, "caseworker"),
        ("a@b.org", "Sam", "short", "caseworker"),
        ("a@b.org", "Sam", PASSWORD, "superuser"),
    ],
)
def test_bad_new_accounts_are_refused(
    database_url: str, email: str, name: str, password: str, role: str
) -> None:
    with pytest.raises(AccountError):
        accounts.create_caseworker(database_url, email, name, password, role=role, actor="cli")


def test_an_address_can_have_only_one_account(database_url: str) -> None:
    _make(database_url)
    with pytest.raises(AccountError):
        _make(database_url, "SAM@example.org")


def test_an_admin_lists_and_deactivates_accounts(database_url: str) -> None:
    admin = _make(database_url, "admin@example.org", role="admin")
    worker = _make(database_url, "worker@example.org")
    assert {a.email for a in accounts.list_accounts(database_url)} == {
        "admin@example.org",
        "worker@example.org",
    }
    with pytest.raises(AccountError):
        accounts.deactivate(database_url, admin.id, by=worker)  # not an admin
    with pytest.raises(AccountError):
        accounts.deactivate(database_url, admin.id, by=admin)  # not yourself
    assert accounts.deactivate(database_url, worker.id, by=admin).active is False
    assert accounts.get_account(database_url, worker.id) is None
    assert accounts.authenticate(database_url, "worker@example.org", PASSWORD).outcome == "wrong"
    assert (admin.actor, "account_deactivated") in _audit(database_url)
    assert accounts.any_admin(database_url)
