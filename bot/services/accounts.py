"""Caseworker accounts: create, sign in (argon2 hashes, lock-out), list and deactivate.

Every sign-in, successful or not, is written to the audit trail in the same transaction that
counts it. An account is locked for 15 minutes after 5 failed attempts in a row; while locked even
the right password is refused, so guessing gains nothing. Unknown e-mail addresses take the same
time as wrong passwords (a hash is still checked) so the answer does not tell them apart.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.db import transaction
from bot.store.models import Caseworker
from bot.store.queries import audit, utc_now

logger = logging.getLogger(__name__)

ROLES = ("caseworker", "admin")
MAX_FAILURES = 5
LOCK_TIME = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 12


class AccountError(Exception):
    """A request the accounts cannot allow; the message is fit to show an admin."""


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    display_name: str
    role: str
    active: bool
    locked_until: datetime | None

    @property
    def actor(self) -> str:
        """How this account is named in the audit trail."""
        return f"caseworker:{self.id}"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class SignIn:
    """The result of a sign-in: `outcome` is "ok", "wrong" (unknown, wrong or inactive) or
    "locked"; `account` is set only for "ok"."""

    outcome: str
    account: Account | None = None
    locked_until: datetime | None = None


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    return _hasher().hash("not a real password, only for equal timing")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _account(row: Caseworker) -> Account:
    return Account(
        id=row.id,
        email=row.email,
        display_name=row.display_name,
        role=row.role,
        active=row.active,
        locked_until=row.locked_until,
    )


def _check_new_account(email: str, display_name: str, password: str, role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"The role must be one of: {', '.join(ROLES)}.")
    if "@" not in email or len(email) > 254:
        raise AccountError("Enter an e-mail address, like name@example.org.")
    if not display_name.strip():
        raise AccountError("Enter the name other caseworkers will see.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")


def create_caseworker(
    database_url: str,
    email: str,
    display_name: str,
    password: str,
    *,
    role: str = "caseworker",
    actor: str,
) -> Account:
    """Add an account with an argon2 hash of its password. The e-mail address must be new."""
    email = normalise_email(email)
    _check_new_account(email, display_name, password, role)
    with transaction(database_url) as session:
        taken = session.execute(select(Caseworker.id).where(Caseworker.email == email)).first()
        if taken is not None:
            raise AccountError("There is already an account with this e-mail address.")
        row = Caseworker(
            email=email,
            display_name=display_name.strip()[:200],
            role=role,
            password_hash=_hasher().hash(password),
            failed_attempts=0,
            active=True,
            created_at=utc_now(),
        )
        session.add(row)
        session.flush()
        audit(session, actor, "account_created", detail=f"account={row.id} role={role}")
        logger.info("event=account_created account_id=%s role=%s", row.id, role)
        return _account(row)


def _email_tag(email: str) -> str:
    """A short hash of a typed address: enough to spot repeated guesses, not to read it back."""
    return hashlib.sha256(email.encode()).hexdigest()[:12]


def _failed(session: Session, row: Caseworker, now: datetime) -> SignIn:
    row.failed_attempts = (row.failed_attempts or 0) + 1
    if row.failed_attempts >= MAX_FAILURES:
        row.locked_until, row.failed_attempts = now + LOCK_TIME, 0
        audit(session, f"caseworker:{row.id}", "sign_in_locked_out")
        logger.warning("event=account_locked account_id=%s", row.id)
        return SignIn("locked", locked_until=row.locked_until)
    audit(session, f"caseworker:{row.id}", "sign_in_failed", detail="reason=wrong_password")
    return SignIn("wrong")


def _password_matches(row: Caseworker, password: str) -> bool:
    try:
        return bool(_hasher().verify(row.password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def _succeeded(session: Session, row: Caseworker, password: str) -> SignIn:
    row.failed_attempts, row.locked_until = 0, None
    if _hasher().check_needs_rehash(row.password_hash):
        row.password_hash = _hasher().hash(password)
    audit(session, f"caseworker:{row.id}", "sign_in")
    return SignIn("ok", account=_account(row))


def authenticate(
    database_url: str, email: str, password: str, *, now: datetime | None = None
) -> SignIn:
    """Check an e-mail address and password, counting failures and locking the account."""
    now = now or utc_now()
    email = normalise_email(email)
    with transaction(database_url) as session:
        row = session.execute(
            select(Caseworker).where(Caseworker.email == email)
        ).scalar_one_or_none()
        if row is None or not row.active:
            _password_matches(Caseworker(password_hash=_dummy_hash()), password)
            reason = "unknown_account" if row is None else "inactive_account"
            actor = "unknown" if row is None else f"caseworker:{row.id}"
            audit(
                session,
                actor,
                "sign_in_failed",
                detail=f"reason={reason} email={_email_tag(email)}",
            )
            return SignIn("wrong")
        if row.locked_until is not None and row.locked_until > now:
            audit(session, f"caseworker:{row.id}", "sign_in_failed", detail="reason=locked")
            return SignIn("locked", locked_until=row.locked_until)
        if not _password_matches(row, password):
            return _failed(session, row, now)
        return _succeeded(session, row, password)


def record_sign_out(database_url: str, account: Account) -> None:
    with transaction(database_url) as session:
        audit(session, account.actor, "sign_out")


def get_account(database_url: str, account_id: int) -> Account | None:
    """The account behind a console session, or None if it is gone or deactivated."""
    with transaction(database_url) as session:
        row = session.get(Caseworker, account_id)
        return _account(row) if row is not None and row.active else None


def list_accounts(database_url: str) -> list[Account]:
    """Every account, active ones first, then by name (for the admin page)."""
    with transaction(database_url) as session:
        rows = session.execute(
            select(Caseworker).order_by(
                Caseworker.active.desc(), Caseworker.display_name, Caseworker.id
            )
        ).scalars()
        return [_account(row) for row in rows]


def deactivate(database_url: str, account_id: int, *, by: Account) -> Account:
    """An admin turns an account off; its sessions stop working at their next request."""
    if not by.is_admin:
        raise AccountError("Only an admin can change accounts.")
    if account_id == by.id:
        raise AccountError("You cannot turn off your own account.")
    with transaction(database_url) as session:
        row = session.get(Caseworker, account_id)
        if row is None:
            raise AccountError("There is no such account.")
        row.active = False
        audit(session, by.actor, "account_deactivated", detail=f"account={row.id}")
        logger.info("event=account_deactivated account_id=%s", row.id)
        return _account(row)


def any_admin(database_url: str) -> bool:
    with transaction(database_url) as session:
        found = session.execute(
            select(Caseworker.id).where(Caseworker.role == "admin", Caseworker.active.is_(True))
        ).first()
        return found is not None
